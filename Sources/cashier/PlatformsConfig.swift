import CashierCore
import Foundation
import TOMLKit

/// One platform per kind of payment in config.toml:
///     [platform.alipay]   # or the old [platform] table: the same keys (PlatformConfig)
///     [platform.wechat]   # WeChatConfig
///     [platform.unionpay] # only kind = "sandbox": UnionPay codes to the embedded sandbox
/// A kind whose table is left out goes to the embedded sandbox (UnionPay: refused).
extension Config {
    mutating func readPlatforms(_ table: TOMLTable?, file: String) throws(Refusal) {
        guard let table else { throw Refusal(message: "\(file): platform must be a table ([platform]).") }
        platform = try PlatformConfig(table: table, file: file)
        if let alipay = table["alipay"] {
            let oldKeys = table.keys.filter { PlatformKind(rawValue: $0) == nil }
            guard oldKeys.isEmpty else {
                throw Refusal(message: "\(file): [platform] and [platform.alipay] both set Alipay's platform: move \(oldKeys.sorted().joined(separator: ", ")) into [platform.alipay].")
            }
            platform = try PlatformConfig(table: alipay.table, file: file, name: "platform.alipay")
        }
        if let w = table["wechat"] { wechat = try WeChatConfig(table: w.table, file: file) }
        if let u = table["unionpay"] {
            guard let t = u.table, t.keys.sorted() == ["kind"], t["kind"]?.string == "sandbox" else {
                throw Refusal(message: "\(file): platform.unionpay takes only kind = \"sandbox\" (there is no UnionPay platform over HTTP yet).")
            }
            unionpaySandbox = true
        }
    }
}

/// `[platform.wechat]`, with environment overrides:
///     kind = "http"                       # or "sandbox" (the default: embedded)
///     url = "http://127.0.0.1:8480"       # WeChat Pay's API base (the sandbox server's address)
///     appid = "wx…"  mch_id = "19…"  api_key = "32 characters"   # default: keys/wechat.toml beside the store
///     notify_url = "http://127.0.0.1:8481/notify/wechat"
///     timeout_seconds = 10
/// CASHIER_WECHAT_URL (setting it selects http), CASHIER_WECHAT_KEYS (a folder holding
/// wechat.toml), CASHIER_WECHAT_APPID, CASHIER_WECHAT_MCH_ID, CASHIER_WECHAT_API_KEY,
/// CASHIER_WECHAT_NOTIFY_URL, CASHIER_WECHAT_TIMEOUT.
struct WeChatConfig {
    var kind = "sandbox"
    var url: String?
    var appID: String?
    var mchID: String?
    var apiKey: String?
    /// The folder of wechat.toml when the three are not given (default: keys/ beside the store).
    var keysDirectory: String?
    var notifyURL: String?
    var timeoutSeconds = 10.0

    init() {}

    init(table: TOMLTable?, file: String) throws(Refusal) {
        let name = "platform.wechat"
        guard let table else { throw Refusal(message: "\(file): \(name) must be a table ([\(name)]).") }
        for key in table.keys {
            let value = table[key]
            switch key {
            case "kind": kind = try PlatformValue.kind(value, "\(file): \(name)")
            case "url", "appid", "mch_id", "api_key", "notify_url":
                let v = try PlatformValue.text(value, "\(file): \(name).\(key)")
                switch key {
                case "url": url = v
                case "appid": appID = v
                case "mch_id": mchID = v
                case "api_key":
                    guard v.count == 32 else { throw Refusal(message: "\(file): \(name).api_key must be 32 characters, as WeChat Pay's API keys are.") }
                    apiKey = v
                default: notifyURL = v
                }
            case "timeout_seconds": timeoutSeconds = try PlatformValue.seconds(value, "\(file): \(name)")
            default:
                throw Refusal(message: "\(file): unknown key \(name).\(key): remove it (known: kind, url, appid, mch_id, api_key, notify_url, timeout_seconds).")
            }
        }
        if kind == "http" && url == nil { throw Refusal(message: "\(file): \(name).kind is http but \(name).url is missing: add WeChat Pay's API address.") }
        let given = [appID, mchID, apiKey].compactMap { $0 }.count
        guard given == 0 || given == 3 else {
            throw Refusal(message: "\(file): \(name) needs appid, mch_id and api_key together (or none of them: keys/wechat.toml beside the store).")
        }
    }

    /// The environment wins over the file, so tests can point one store at a server of their own.
    func overridden(by env: [String: String] = ProcessInfo.processInfo.environment) -> WeChatConfig {
        var c = self
        func value(_ name: String) -> String? { env[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let url = value("CASHIER_WECHAT_URL") { c.kind = "http"; c.url = url }
        if let dir = value("CASHIER_WECHAT_KEYS") { c.keysDirectory = dir; c.appID = nil; c.mchID = nil; c.apiKey = nil }
        if let v = value("CASHIER_WECHAT_APPID") { c.appID = v }
        if let v = value("CASHIER_WECHAT_MCH_ID") { c.mchID = v }
        if let v = value("CASHIER_WECHAT_API_KEY") { c.apiKey = v }
        if let v = value("CASHIER_WECHAT_NOTIFY_URL") { c.notifyURL = v }
        if let t = value("CASHIER_WECHAT_TIMEOUT").flatMap(Double.init), t > 0, t <= 120 { c.timeoutSeconds = t }
        return c
    }
}

/// The values every `[platform.*]` table shares, checked once; `at` names the table or key.
enum PlatformValue {
    static func kind(_ value: (any TOMLValueConvertible)?, _ at: String) throws(Refusal) -> String {
        guard let v = value?.string, v == "http" || v == "sandbox" else { throw Refusal(message: "\(at).kind must be \"http\" or \"sandbox\".") }
        return v
    }

    static func text(_ value: (any TOMLValueConvertible)?, _ at: String) throws(Refusal) -> String {
        guard let v = value?.string, !v.isEmpty else { throw Refusal(message: "\(at) must be a non-empty string.") }
        return v
    }

    static func seconds(_ value: (any TOMLValueConvertible)?, _ at: String) throws(Refusal) -> Double {
        guard let v = value?.double ?? value?.int.map(Double.init), v > 0, v <= 120 else {
            throw Refusal(message: "\(at).timeout_seconds must be a number of seconds between 0 and 120.")
        }
        return v
    }
}
