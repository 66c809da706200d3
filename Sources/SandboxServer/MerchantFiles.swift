import Foundation
import TOMLKit
import WeChatPayProtocol

/// Why a merchant file was refused, in one sentence.
public struct MerchantFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The WeChat Pay merchant the sandbox gateway accepts: `keys/wechat.toml` beside the store,
/// created on first start with mode 0600 and exactly `appid`, `mch_id` and `api_key` (32
/// characters). Never commit it (`.gitignore` leaves out keys/).
extension WeChatMerchant {
    public static func path(inKeys directory: String) -> String { directory + "/wechat.toml" }

    /// A fresh merchant: an 18-character appid, a 10-digit mch_id and a random 32-character key.
    public static func generate() -> WeChatMerchant {
        var rng = SystemRandomNumberGenerator()
        let hex = (0..<16).map { _ in String(rng.next(upperBound: UInt8(16)), radix: 16) }.joined()
        let digits = (0..<8).map { _ in String(rng.next(upperBound: UInt8(10))) }.joined()
        return WeChatMerchant(appID: "wx" + hex, mchID: "19" + digits, apiKey: WeChatNonce.make(length: 32))
    }

    /// Reads the file, creating it first when it is missing. Returns the merchant and whether
    /// this call created it.
    public static func ensure(path: String) throws(MerchantFileError) -> (WeChatMerchant, created: Bool) {
        let fresh = generate()
        let created = try MerchantFile.createIfAbsent(path: path, text: """
            # WeChat Pay merchant of the sandbox gateway (cashier sandbox serve). Secret: never commit it.
            appid = "\(fresh.appID)"
            mch_id = "\(fresh.mchID)"
            api_key = "\(fresh.apiKey)"

            """)
        return (try load(path: path), created)
    }

    public static func load(path: String) throws(MerchantFileError) -> WeChatMerchant {
        let values = try MerchantFile.read(path: path, keys: ["appid", "mch_id", "api_key"])
        guard values["api_key"]!.count == 32 else {
            throw MerchantFileError(message: "\(path): api_key must be 32 characters, as WeChat Pay's API keys are.")
        }
        return WeChatMerchant(appID: values["appid"]!, mchID: values["mch_id"]!, apiKey: values["api_key"]!)
    }
}

/// The Alipay app the sandbox gateway accepts: `keys/alipay.toml`, created on first start with
/// the `app_id` a store's `[platform]` uses unless told otherwise, so existing setups keep working;
/// edit it (and `[platform] app_id`) to use another.
public enum AlipayApp {
    public static let defaultAppID = "2021000000000001"

    public static func path(inKeys directory: String) -> String { directory + "/alipay.toml" }

    public static func ensure(path: String) throws(MerchantFileError) -> String {
        _ = try MerchantFile.createIfAbsent(path: path, text: """
            # Alipay app of the sandbox gateway (cashier sandbox serve): requests with another app_id are refused.
            app_id = "\(defaultAppID)"

            """)
        return try MerchantFile.read(path: path, keys: ["app_id"])["app_id"]!
    }
}

enum MerchantFile {
    /// Exactly `keys`, each a non-empty string.
    static func read(path: String, keys: Set<String>) throws(MerchantFileError) -> [String: String] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw MerchantFileError(message: "Cannot read \(path): start `cashier sandbox serve` once to create it, or fix the path.")
        }
        let table: TOMLTable
        do { table = try TOMLTable(string: text) } catch {
            throw MerchantFileError(message: "\(path) is not valid TOML (\(error)): fix it or remove it to have a new one made.")
        }
        let known = keys.sorted().joined(separator: ", ")
        guard Set(table.keys) == keys else {
            throw MerchantFileError(message: "\(path) must hold exactly \(known), and holds \(table.keys.sorted().joined(separator: ", ")).")
        }
        var values: [String: String] = [:]
        for key in keys {
            guard let v = table[key]?.string, !v.isEmpty else { throw MerchantFileError(message: "\(path): \(key) must be a non-empty string.") }
            values[key] = v
        }
        return values
    }

    /// Writes beside, then links into place only if no file is there yet: two servers starting
    /// together never replace each other's file. Mode 0600 before any byte is written.
    static func createIfAbsent(path: String, text: String) throws(MerchantFileError) -> Bool {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) { return false }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let temp = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard fm.createFile(atPath: temp, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: temp) else {
            throw MerchantFileError(message: "Cannot create \(temp): check the folder's permissions.")
        }
        defer { unlink(temp) }
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.close()
        } catch {
            throw MerchantFileError(message: "Cannot write \(temp) (\(error)): check the disk.")
        }
        if link(temp, path) == 0 { return true }
        if errno == EEXIST { return false }
        throw MerchantFileError(message: "Cannot create \(path) (errno \(errno)): check the folder's permissions.")
    }
}
