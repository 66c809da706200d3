import AlipayProtocol
import AsyncHTTPClient
import Foundation
import NIOCore

/// The sandbox server's customer simulator, reached beside its gateway (`/sandbox/scan`), so
/// `cashier sandbox scan` works whichever file the server keeps its state in.
extension HTTPPlatform {
    /// `/gateway.do` replaced by `/sandbox/<path>`.
    public var sandboxAdminBase: String {
        let url = configuration.gatewayURL
        let base = url.hasSuffix("/gateway.do") ? String(url.dropLast("/gateway.do".count)) : url
        return base + "/sandbox/"
    }

    /// The customer scans a QR code: `outcome` success, fail or abandon. Returns the server's
    /// sentence; throws with it when the server refused (unknown trade, not a QR trade).
    public func sandboxScan(tradeNo: String, outcome: String) async throws -> String {
        try await PlatformHTTP.sandboxScan(adminBase: sandboxAdminBase, tradeNo: tradeNo, outcome: outcome,
                                           timeoutSeconds: configuration.timeoutSeconds)
    }
}

extension PlatformHTTP {
    /// POST `<adminBase>scan?trade_no=…&outcome=…` of a sandbox server (either protocol's adapter).
    public static func sandboxScan(adminBase: String, tradeNo: String, outcome: String, timeoutSeconds: Double) async throws -> String {
        let query = "trade_no=" + FormEncoding.escape(tradeNo) + "&outcome=" + FormEncoding.escape(outcome)
        var request = HTTPClientRequest(url: adminBase + "scan?" + query)
        request.method = .POST
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(Int64(max(1, timeoutSeconds))))
        } catch {
            throw SandboxAdminError(message: "The sandbox server at \(adminBase) did not answer (\(describe(error))): start `cashier sandbox serve`.")
        }
        let text = String(buffer: try await response.body.collect(upTo: 64 * 1024)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard response.status.code == 200 else { throw SandboxAdminError(message: text) }
        return text
    }
}

public struct SandboxAdminError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
