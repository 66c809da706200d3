import AlipayProtocol
import ArgumentParser
import CashierCore
import Foundation
import Localization
import HTTPPlatform
import PaymentPlatform
import SandboxServer
import WeChatPlatform

struct Sandbox: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.sandbox"),
                                                    subcommands: [Scan.self, Serve.self])

    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.sandbox_scan"))
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.sandbox_scan_trade"))) var tradeNo: String
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.sandbox_scan_outcome"))) var outcome: String = "success"

        /// English keeps the outcome's key (success); Chinese words it.
        static func word(_ o: SandboxPlatform.ScanOutcome, _ l: Language) -> String {
            switch o {
            case .success: return l.t("cli.sandbox.outcome_success")
            case .fail: return l.t("cli.sandbox.outcome_fail")
            case .abandon: return l.t("cli.sandbox.outcome_abandon")
            }
        }

        func run() async throws {
            try await guarded {
                guard let o = SandboxPlatform.ScanOutcome(rawValue: outcome) else {
                    throw Refusal(message: CLI.lang.t("cli.sandbox.unknown_outcome", ["outcome": outcome]))
                }
                let ctx = try Context(path: storeOptions.path)
                // A store paying this trade's platform over HTTP: the customer scans at that sandbox server.
                let platform = ctx.engine.platform.platform(tradeNo: tradeNo)
                // The sentence is this command's own, in its language (the server's answer is English).
                do {
                    if let http = platform as? HTTPPlatform {
                        _ = try await http.sandboxScan(tradeNo: tradeNo, outcome: o.rawValue)
                    } else if let wx = platform as? WeChatPlatform {
                        _ = try await wx.sandboxScan(tradeNo: tradeNo, outcome: o.rawValue)
                    } else {
                        try ctx.sandbox.scan(tradeNo: tradeNo, outcome: o)
                    }
                } catch let e as SandboxAdminError {
                    throw Refusal(message: e.message)
                }
                print(CLI.lang.t("cli.sandbox.scanned", ["trade": tradeNo, "outcome": Self.word(o, CLI.lang)]))
            }
        }
    }

    /// The sandbox platform as its own HTTP server speaking the Alipay-shaped open API.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: CLI.lang.t("cli.help.sandbox_serve"),
            discussion: CLI.lang.t("cli.help.sandbox_serve_discussion"))
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.sandbox_port"))) var port: Int = 8480
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.sandbox_host"))) var host: String = "127.0.0.1"
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.sandbox_file"))) var file: String?
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.sandbox_keys"))) var keys: String?
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.sandbox_notify_mode"))) var notifyMode: String = "normal"
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.sandbox_notify_delay"))) var notifyDelay: Double = 15

        func run() async throws {
            try await guarded {
                guard (0...65535).contains(port) else { throw Refusal(message: CLI.lang.t("cli.sandbox.port", ["port": port])) }
                guard let mode = NotifyMode(rawValue: notifyMode) else {
                    throw Refusal(message: CLI.lang.t("cli.sandbox.unknown_notify_mode", ["mode": notifyMode, "modes": NotifyMode.allCases.map(\.rawValue).joined(separator: ", ")]))
                }
                guard notifyDelay >= 0, notifyDelay.isFinite else { throw Refusal(message: CLI.lang.t("cli.sandbox.notify_delay")) }
                let store = storeOptions.filesPath
                LogSetup.bootstrap(storePath: store)
                let keyDir = keys.map(StoreLocation.absolute) ?? AlipayKeyFiles.directory(besideStore: store)
                var options = SandboxHTTPServer.Options(sandboxPath: file.map(StoreLocation.absolute) ?? StoreLocation.sandbox(for: store),
                                                        keys: AlipayKeyFiles(directory: keyDir))
                options.host = host
                options.port = port
                options.timeScale = TimeScale.fromEnvironment()
                options.notifyMode = mode
                options.notifyDelaySeconds = notifyDelay
                let server: SandboxHTTPServer
                do { server = try SandboxHTTPServer(options: options) } catch let e as AlipaySignatureError {
                    throw Refusal(message: e.description)
                } catch let e as MerchantFileError {
                    throw Refusal(message: e.message)
                }
                do {
                    try await serve(server, options: options, mode: mode)
                } catch {
                    throw Refusal(message: CLI.lang.t("cli.sandbox.cannot_serve", ["host": host, "port": port, "error": "\(error)"]))
                }
            }
        }

        /// Serves until SIGINT/SIGTERM, printing the addresses and key paths once listening.
        func serve(_ server: SandboxHTTPServer, options: SandboxHTTPServer.Options, mode: NotifyMode) async throws {
            let keyFiles = options.keys
            let created = server.createdKeys
            let wechatFile = options.wechatFile
            let alipayApp = server.alipayAppID, alipayFile = options.alipayAppFile
            let sandboxPath = options.sandboxPath
            let host = self.host
            let l = CLI.lang
            try await server.run(handleSignals: true) { bound in
                let base = "http://\(host):\(bound)"
                var lines = [
                    // Tests and scripts read this line to learn the port: the same in every language.
                    "Sandbox gateway: \(base)/gateway.do",
                    l.t("cli.sandbox.wechat", ["base": base]),
                    l.t("cli.sandbox.alipay_app", ["app": alipayApp, "file": alipayFile]),
                    l.t("cli.sandbox.wechat_merchant", ["file": wechatFile]),
                    l.t("cli.sandbox.admin", ["base": base]),
                    l.t("cli.sandbox.file", ["path": sandboxPath]),
                    l.t("cli.sandbox.merchant_private", ["path": keyFiles.merchantPrivate]),
                    l.t("cli.sandbox.merchant_public", ["path": keyFiles.merchantPublic]),
                    l.t("cli.sandbox.platform_private", ["path": keyFiles.platformPrivate]),
                    l.t("cli.sandbox.platform_public", ["path": keyFiles.platformPublic]),
                    l.t("cli.sandbox.notifications", ["mode": mode.rawValue]),
                ]
                if !created.isEmpty { lines.append(l.t("cli.sandbox.created_keys", ["names": created.joined(separator: ", ")])) }
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
        }
    }
}
