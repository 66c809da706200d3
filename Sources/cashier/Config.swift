import CashierCore
import CashierEngine
import Foundation
import TOMLKit

/// `~/.config/cashier/config.toml` (or $CASHIER_CONFIG): settings a store's engineer sets once.
struct Config {
    var theme: String?
    /// `[platform]` or `[platform.alipay]`: Alipay's platform (default: the embedded sandbox).
    var platform = PlatformConfig()
    /// `[platform.wechat]`: WeChat Pay's platform (default: the embedded sandbox).
    var wechat = WeChatConfig()
    /// `[platform.unionpay] kind = "sandbox"`: UnionPay codes to the embedded sandbox (none by default).
    var unionpaySandbox = false
    /// A bad `[platform]` table: the commands that need the platform refuse with it.
    var platformError: String?
    var receipts = ReceiptSettings()
    /// A bad `[receipts]` or `[store]` value: commands refuse to run until it is fixed.
    var receiptsError: String?
    /// `[store] location`: the store when neither --store nor $CASHIER_STORE names one.
    var storeLocation: String?

    static var path: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["CASHIER_CONFIG"], !p.isEmpty { return p }
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (homeDirectory + "/.config")
        return base + "/cashier/config.toml"
    }

    /// A missing file is no error; a bad one is named with what to fix.
    static func load() -> (Config, String?) {
        let file = path
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return (Config(), nil) }
        do {
            let table = try TOMLTable(string: text)
            var config = Config()
            for key in table.keys {
                switch key {
                case "theme":
                    guard let name = table["theme"]?.string else { return (Config(), "\(file): theme must be a string such as \"dark\".") }
                    config.theme = name
                case "platform":
                    do throws(Refusal) { try config.readPlatforms(table["platform"]?.table, file: file) } catch {
                        config.platformError = error.message
                    }
                case "receipts", "store":
                    if let problem = ReceiptConfig.apply(key: key, table[key]!, file: file, to: &config.receipts) {
                        config.receiptsError = problem
                        return (config, problem)
                    }
                    if key == "store" { config.storeLocation = table["store"]?.table?["location"]?.string }
                default:
                    return (config, "\(file): unknown key \"\(key)\": remove it (known keys: theme, platform, receipts, store).")
                }
            }
            return (config, nil)
        } catch {
            return (Config(), "\(file) is not valid TOML (\(error)): fix or remove it.")
        }
    }

    /// Where theme files are looked up: beside the package (swift run), then the user's folder.
    static var themeSearchPaths: [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["CASHIER_THEMES"], !env.isEmpty { paths.append(env) }
        let source = URL(fileURLWithPath: #filePath)  // …/Sources/cashier/Config.swift
        paths.append(source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes").path)
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<5 {
            paths.append(dir.appendingPathComponent("themes").path)
            dir = dir.deletingLastPathComponent()
        }
        paths.append((path as NSString).deletingLastPathComponent + "/themes")
        return paths
    }
}

/// $HOME as the user set it (Foundation's NSHomeDirectory reads the password database instead).
var homeDirectory: String {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
    return home.isEmpty ? NSHomeDirectory() : home
}

/// `[platform]` in config.toml, with environment overrides (tests and demos):
///     kind = "http"                      # or "sandbox" (the default: embedded, no server)
///     url = "http://127.0.0.1:8480/gateway.do"
///     app_id = "2021000000000001"
///     merchant_private_key = "/path/keys/merchant_private.pem"
///     platform_public_key = "/path/keys/platform_public.pem"
///     notify_url = "http://127.0.0.1:8481/notify/alipay"
///     timeout_seconds = 10
/// CASHIER_PLATFORM_URL (setting it selects http), CASHIER_PLATFORM_APP_ID, CASHIER_PLATFORM_KEYS
/// (a folder holding both key files), CASHIER_NOTIFY_URL, CASHIER_PLATFORM_TIMEOUT.
struct PlatformConfig {
    var kind = "sandbox"
    var url: String?
    var appID = "2021000000000001"
    var merchantPrivateKey: String?
    var platformPublicKey: String?
    var notifyURL: String?
    var timeoutSeconds = 10.0

    init() {}

    /// `name` is how messages call the table: `platform` (the old form, Alipay's) or `platform.alipay`.
    init(table: TOMLTable?, file: String, name: String = "platform") throws(Refusal) {
        guard let table else { throw Refusal(message: "\(file): \(name) must be a table ([\(name)]).") }
        for key in table.keys {
            let value = table[key]
            switch key {
            case _ where name == "platform" && PlatformKind(rawValue: key) != nil:
                continue  // [platform.alipay], [platform.wechat]: read by Config.readPlatforms
            case "kind": kind = try PlatformValue.kind(value, "\(file): \(name)")
            case "url", "app_id", "merchant_private_key", "platform_public_key", "notify_url":
                let v = try PlatformValue.text(value, "\(file): \(name).\(key)")
                switch key {
                case "url": url = v
                case "app_id": appID = v
                case "merchant_private_key": merchantPrivateKey = v
                case "platform_public_key": platformPublicKey = v
                default: notifyURL = v
                }
            case "timeout_seconds": timeoutSeconds = try PlatformValue.seconds(value, "\(file): \(name)")
            default:
                throw Refusal(message: "\(file): unknown key \(name).\(key): remove it (known: kind, url, app_id, merchant_private_key, platform_public_key, notify_url, timeout_seconds).")
            }
        }
        if kind == "http" && url == nil { throw Refusal(message: "\(file): \(name).kind is http but \(name).url is missing: add the gateway URL.") }
    }

    /// The environment wins over the file, so tests can point one store at a server of their own.
    func overridden(by env: [String: String] = ProcessInfo.processInfo.environment) -> PlatformConfig {
        var c = self
        if let url = env["CASHIER_PLATFORM_URL"], !url.isEmpty { c.kind = "http"; c.url = url }
        if let id = env["CASHIER_PLATFORM_APP_ID"], !id.isEmpty { c.appID = id }
        if let dir = env["CASHIER_PLATFORM_KEYS"], !dir.isEmpty {
            c.merchantPrivateKey = dir + "/merchant_private.pem"
            c.platformPublicKey = dir + "/platform_public.pem"
        }
        if let notify = env["CASHIER_NOTIFY_URL"], !notify.isEmpty { c.notifyURL = notify }
        if let t = env["CASHIER_PLATFORM_TIMEOUT"].flatMap(Double.init), t > 0, t <= 120 { c.timeoutSeconds = t }
        return c
    }
}
