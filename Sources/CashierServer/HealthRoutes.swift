import CashierEngine
import CashierStore
import Foundation
import Hummingbird
import PaymentPlatform

/// `/health`: the process answers. `/ready`: the store opens, its migrations are current and the
/// platform answers a query (the embedded sandbox reads its file; an HTTP platform is called).
struct HealthRoutes: Sendable {
    let engine: Engine

    struct Report: Encodable {
        var status: String
        var store: String
        var migrations: String
        var platform: String
    }

    func live(_ request: Request, _ context: APIContext) async -> Response {
        JSONOut.response(["status": "ok"])
    }

    func ready(_ request: Request, _ context: APIContext) async -> Response {
        var report = Report(status: "ready", store: "ok", migrations: "current", platform: "ok")
        if (try? engine.store.holdsData()) == nil { report.store = "cannot be read" }
        if !engine.store.migrationsCurrent() { report.migrations = "not current" }
        // A trade number no checkout ever gets: any definite answer means the platform is there.
        if case .unknown(let reason) = await engine.platform.query(tradeNo: "CSH0000000000") {
            report.platform = "unreachable (\(reason))"
        }
        let ok = report.store == "ok" && report.migrations == "current" && report.platform == "ok"
        if !ok { report.status = "not ready" }
        return JSONOut.response(report, status: ok ? .ok : .serviceUnavailable)
    }
}

/// `POST /notify/alipay`: the form is read, checked and applied; the answer is the plain
/// `success` Alipay expects only once the result is stored, else `failure`.
struct NotifyRoute: Sendable {
    let receiver: NotifyReceiver

    func handle(_ request: Request, _ context: APIContext) async -> Response {
        var request = request
        do {
            let body = try await request.smallBody(context)
            // Alipay's gateway accepts parameters from the query too; its notifies are form posts.
            var form = FormDecoding.parse(request.uri.query ?? "")
            for (k, v) in FormDecoding.parse(String(decoding: body, as: UTF8.self)) { form[k] = v }
            switch try await receiver.receive(form) {
            case .accepted: return JSONOut.text("success")
            case .refused: return JSONOut.text("failure", status: .badRequest)
            }
        } catch let e as APIError {
            return JSONOut.text("failure", status: e.status)
        } catch {
            context.logger.error("notify could not be stored: \(error)")
            return JSONOut.text("failure", status: .serviceUnavailable)
        }
    }
}

/// application/x-www-form-urlencoded: `+` is a space, `%XX` a byte; a repeated key keeps the last.
enum FormDecoding {
    static func parse(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(parts[0]), !key.isEmpty else { continue }
            out[key] = parts.count > 1 ? decode(parts[1]) ?? "" : ""
        }
        return out
    }

    static func decode(_ s: Substring) -> String? {
        String(s.replacingOccurrences(of: "+", with: " ")).removingPercentEncoding
    }
}
