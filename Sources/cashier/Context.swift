import ArgumentParser
import CashierCore
import CashierEngine
import AlipayProtocol
import CashierServer
import Foundation
import Localization
import HTTPPlatform
import PaymentPlatform
import SandboxServer
import WeChatPayProtocol
import WeChatPlatform

struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(CLI.lang.t("cli.help.store_option")))
    var store: String?

    var path: String { StoreLocation.resolve(store) }
    /// Where this host keeps the files that live "beside the store" (StoreLocation.files).
    var filesPath: String { StoreLocation.files(for: path) }

    /// A bad postgres:// URL is refused here, before anything (a log file, the sandbox's file) is made.
    func validate() throws {
        if let refusal = Engine.refusal(forStoreAt: path) { throw fail(refusal) }
    }
}

enum StoreLocation {
    static func resolve(_ explicit: String?) -> String {
        let env = ProcessInfo.processInfo.environment
        if let explicit, !explicit.isEmpty { return absolute(explicit) }
        if let fromEnv = env["CASHIER_STORE"], !fromEnv.isEmpty { return absolute(fromEnv) }
        if let fromConfig = Config.load().0.storeLocation { return absolute(fromConfig) }
        let data = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (homeDirectory + "/.local/share")
        return data + "/cashier/store.sqlite"
    }

    /// A path made absolute; a postgres:// URL as it is.
    static func absolute(_ path: String) -> String {
        if Engine.isStoreURL(path) { return path }
        let expanded = (path as NSString).expandingTildeInPath
        return expanded.hasPrefix("/") ? expanded : FileManager.default.currentDirectoryPath + "/" + expanded
    }

    /// The files a store keeps beside it on this host (the log, receipts, keys, the embedded
    /// sandbox's ledger) are found from this path's folder. For an SQLite store it is the store
    /// itself; a PostgreSQL store has no folder, so each host keeps them in
    /// `$CASHIER_FILES`, else `<data>/cashier/postgres/<host>-<port>-<database>/`.
    static func files(for store: String) -> String {
        guard Engine.isStoreURL(store) else { return store }
        let env = ProcessInfo.processInfo.environment
        if let chosen = env["CASHIER_FILES"], !chosen.isEmpty { return absolute(chosen) + "/store" }
        let data = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (homeDirectory + "/.local/share")
        var name = String((Engine.storeURLParts(store) ?? ["store"]).joined(separator: "-")
            .map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" })
        // A folder name has at most 255 bytes; a long host name with a long database would not
        // fit, so such a name keeps its start and a hash of the whole (still one folder per store).
        if name.utf8.count > 200 {
            var head = ""
            for c in name {
                guard head.utf8.count + c.utf8.count <= 150 else { break }
                head.append(c)
            }
            name = head + "-" + String(fnv1a(name), radix: 16)
        }
        return data + "/cashier/postgres/" + name + "/store"
    }

    /// FNV-1a, 64 bits: a stable short digest for a folder name (not a security measure).
    static func fnv1a(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01b3 }
    }

    /// The sandbox platform's own file, beside the store: it stands for the outside world.
    static func sandbox(for store: String) -> String {
        let base = store.hasSuffix(".sqlite") ? String(store.dropLast(".sqlite".count)) : store
        return base + ".sandbox.sqlite"
    }
}

/// Everything a command needs, opened once.
struct Context {
    let sandbox: SandboxPlatform
    let engine: Engine

    init(path: String, create: Bool = false) throws {
        let files = StoreLocation.files(for: path)
        // A PostgreSQL store's files folder (log, receipts, keys) is this host's own, made here; an
        // SQLite store's is its own folder, made only by opening the store with `create` (a
        // mistyped path must not leave folders behind).
        let hostFolder = files != path ? (files as NSString).deletingLastPathComponent : nil
        if let hostFolder { try FileManager.default.createDirectory(atPath: hostFolder, withIntermediateDirectories: true) }
        LogSetup.bootstrap(storePath: files)
        let timeScale = TimeScale.fromEnvironment()
        var config = EngineConfig(timeScale: timeScale)
        let loaded = Config.load().0
        if let problem = loaded.receiptsError { throw Refusal(message: problem) }
        config.receipts = loaded.receipts
        if config.receipts.language == nil { config.receipts.language = CLI.lang == .zh ? .zh : .en }
        // A new store is a demo being seeded: its made-up history is saved as files, never printed.
        if create { config.receipts.printerCommand = nil }
        config.pinRounds = DemoStore.pinRounds()
        // The store first: a wrong path is refused before the sandbox's file is made beside it.
        var sandbox: SandboxPlatform?
        func embedded() throws -> SandboxPlatform {
            if let sandbox { return sandbox }
            let made = try SandboxPlatform(path: StoreLocation.sandbox(for: files), timeScale: timeScale)
            sandbox = made
            return made
        }
        engine = try Engine(storeAt: path, create: create, config: config, filesFolder: hostFolder) {
            try Self.platforms(storePath: files, schedule: config.poll) { kind in
                // A store shared by hosts never routes to a sandbox only this process can query;
                // refused before the sandbox's file is made.
                if hostFolder != nil {
                    // UnionPay has no platform over HTTP: the only remedy is to take it out of the config.
                    let key = kind == .unionpay ? "cli.serve.sandbox_not_shared_unionpay" : "cli.serve.sandbox_not_shared"
                    throw Refusal(message: CLI.lang.t(key, ["store": Engine.storeName(path), "platform": CLI.lang.platform(kind)]))
                }
                return try embedded()
            }
        }
        self.sandbox = try embedded()
    }
}

/// One clear line on stderr and a non-zero exit: how every refusal ends.
struct Refusal: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    return ExitCode(1)
}

/// Runs a command body, turning domain and store errors into one line on stderr and exit 1.
func guarded(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let e as CashierError {
        throw fail(Wording.sentence(e))
    } catch let e as StoreError {
        throw fail(Wording.sentence(e))
    } catch let e as Refusal {
        throw fail(e.message)
    } catch let e as OrderFileRefusal {
        throw fail(e.message)
    } catch let e as ExitCode {
        throw e
    } catch let e as MoneyParseError {
        throw fail(e.description)
    } catch {
        throw fail(Wording.sentence(error))
    }
}

func parseAmount(_ text: String, _ currency: Currency, what: String) throws -> Int64 {
    do { return try Money.parse(text, currency: currency).minor } catch {
        throw Refusal(message: "\(what): \(error.description)")
    }
}

func printJSON<T: Encodable>(_ value: T) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(value)) ?? Data("null".utf8)
    print(String(decoding: data, as: UTF8.self))
}

/// Who acts and from where: the same two options on every command that writes money.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.actor_operator"))) var operatorName: String = "cashier"
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.actor_channel"))) var channel: String = "counter"

    func parsedChannel() throws -> Channel { try parseChannel(channel) }
}

func parseChannel(_ text: String) throws -> Channel {
    guard let channel = Channel(rawValue: text) else {
        throw Refusal(message: "Unknown channel \"\(text)\": use counter, web, mini-program or app.")
    }
    return channel
}

extension Context {
    func order(number: String) throws -> OrderRecord {
        guard let o = try engine.order(number: number) else {
            throw Refusal(message: "There is no order \(number): check the number with `cashier orders --search \(number.prefix(4))`.")
        }
        return o
    }
}

extension Context {
    /// One platform per kind, as config.toml (and the environment) name them: Alipay's
    /// (`[platform]`/`[platform.alipay]`, CASHIER_PLATFORM_*), WeChat Pay's (`[platform.wechat]`,
    /// CASHIER_WECHAT_*), each the embedded sandbox unless set to HTTP; UnionPay only when
    /// `[platform.unionpay]` asks for the embedded sandbox. The engine routes every payment here.
    /// `embedded(kind)` gives the in-process sandbox for a platform the config leaves unset.
    static func platforms(storePath: String, schedule: PollSchedule,
                          embedded: (PlatformKind) throws -> SandboxPlatform) throws -> PlatformRoutes {
        let (config, _) = Config.load()
        if let problem = config.platformError { throw Refusal(message: problem) }
        var routes: [PlatformKind: any PaymentPlatform] = [:]
        routes[.alipay] = try alipay(config.platform.overridden(), storePath: storePath) ?? embedded(.alipay)
        routes[.wechat] = try wechat(config.wechat.overridden(), storePath: storePath, schedule: schedule) ?? embedded(.wechat)
        if config.unionpaySandbox { routes[.unionpay] = try embedded(.unionpay) }
        return PlatformRoutes(routes)
    }

    /// Alipay over HTTP when `kind = "http"` (or CASHIER_PLATFORM_URL) says so; nil for the
    /// embedded sandbox. Keys default to `keys/` beside the store, where `cashier sandbox serve`
    /// creates them.
    static func alipay(_ p: PlatformConfig, storePath: String) throws -> (any PaymentPlatform)? {
        guard p.kind == "http", let url = p.url else { return nil }
        let keys = AlipayKeyFiles(directory: AlipayKeyFiles.directory(besideStore: storePath))
        do {
            let merchant = try AlipaySigner(pem: AlipayKeyFiles.read(p.merchantPrivateKey ?? keys.merchantPrivate))
            let platformKey = try AlipayVerifier(pem: AlipayKeyFiles.read(p.platformPublicKey ?? keys.platformPublic))
            let configuration = HTTPPlatform.Configuration(gatewayURL: url, appID: p.appID, notifyURL: p.notifyURL,
                                                           timeoutSeconds: p.timeoutSeconds)
            return HTTPPlatform(configuration: configuration, merchantKey: merchant, platformKey: platformKey)
        } catch let e as AlipaySignatureError {
            throw Refusal(message: e.description)
        }
    }

    /// WeChat Pay over HTTP when `[platform.wechat] kind = "http"` (or CASHIER_WECHAT_URL); nil
    /// for the embedded sandbox. reverse's recall=Y repeats follow the engine's `PollSchedule`.
    static func wechat(_ w: WeChatConfig, storePath: String, schedule: PollSchedule) throws -> (any PaymentPlatform)? {
        guard w.kind == "http", let url = w.url else { return nil }
        let merchant = try wechatMerchant(w, storePath: storePath)
        return WeChatPlatform(configuration: .init(
            baseURL: url, appID: merchant.appID, mchID: merchant.mchID, apiKey: merchant.apiKey, notifyURL: w.notifyURL,
            timeoutSeconds: w.timeoutSeconds, recallDelaySeconds: schedule.scaled(schedule.wechatRecallDelay),
            recallAttempts: schedule.wechatRecallAttempts))
    }

    /// appid, mch_id and api_key from `[platform.wechat]`, else `keys/wechat.toml` (the sandbox
    /// server writes it beside the store on first start).
    static func wechatMerchant(_ w: WeChatConfig, storePath: String) throws -> WeChatMerchant {
        if let appID = w.appID, let mchID = w.mchID, let apiKey = w.apiKey {
            return WeChatMerchant(appID: appID, mchID: mchID, apiKey: apiKey)
        }
        let directory = w.keysDirectory ?? AlipayKeyFiles.directory(besideStore: storePath)
        do throws(MerchantFileError) { return try WeChatMerchant.load(path: WeChatMerchant.path(inKeys: directory)) } catch {
            throw Refusal(message: error.message)
        }
    }
}
