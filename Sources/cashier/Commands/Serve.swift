import AlipayProtocol
import ArgumentParser
import CashierCore
import CashierEngine
import CashierServer
import Foundation
import Localization
import Webhooks
import WeChatPayProtocol

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.serve"),
        discussion: CLI.lang.t("cli.help.serve_discussion"),
        subcommands: [Start.self, Key.self],
        defaultSubcommand: Start.self)

    struct Start: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "start", abstract: CLI.lang.t("cli.help.serve_start"))

        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.serve_host"))) var host = "127.0.0.1"
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.serve_port"))) var port = 8080
        @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.serve_no_poller"))) var noPoller = false

        func run() async throws {
            try await guarded {
                guard (0...65535).contains(port) else { throw Refusal(message: CLI.lang.t("cli.serve.port", ["port": port])) }
                LogSetup.bootstrapServer(storePath: storeOptions.filesPath)
                let ctx = try Context(path: storeOptions.path)
                let options = StoreServer.Options(host: host, port: port, runPoller: !noPoller, notify: try ServeNotify.settings(storePath: storeOptions.filesPath),
                                                  wechatNotify: try ServeNotify.wechat(storePath: storeOptions.filesPath))
                let host = self.host
                // The webhook outbox is delivered beside the server (leases keep other processes off the same delivery).
                let engine = ctx.engine
                let webhooks = Task.detached { await WebhookWorker(engine: engine).run() }
                defer { webhooks.cancel() }
                try await StoreServer(engine: ctx.engine, options: options).run { actual in
                    // Tests and scripts (.ci/api-fuzz) read this line to learn the port: the same in every language.
                    FileHandle.standardOutput.write(Data("cashier serve: listening on http://\(host):\(actual)\n".utf8))
                }
            }
        }
    }

    struct Key: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.serve_key"),
                                                        subcommands: [Add.self, List.self, Revoke.self])

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.serve_key_add"))
            @OptionGroup var storeOptions: StoreOptions
            @Option(help: ArgumentHelp(CLI.lang.t("cli.help.serve_key_channel"))) var channel: String
            @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.serve_key_operator")))
            var operatorName = "cashier"
            @Option(help: ArgumentHelp(CLI.lang.t("cli.help.serve_key_label"))) var label = ""

            func run() async throws {
                try await guarded {
                    let ch = try parseChannel(channel)
                    let ctx = try Context(path: storeOptions.path)
                    let (record, key) = try ctx.engine.addChannelKey(channel: ch, operatorName: operatorName, label: label)
                    print(key)
                    let l = CLI.lang
                    let channel = l == .en ? ch.rawValue : l.channel(ch)
                    FileHandle.standardError.write(Data((l.t("cli.serve.key_added", ["id": record.id, "channel": channel, "user": record.operatorName]) + "\n").utf8))
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.serve_key_list"))
            @OptionGroup var storeOptions: StoreOptions
            @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

            struct Row: Encodable {
                var id: Int64; var channel: String; var `operator`: String; var label: String
                var created: String; var last_used: String?; var revoked: String?
            }

            func run() async throws {
                try await guarded {
                    let ctx = try Context(path: storeOptions.path)
                    let rows = try ctx.engine.channelKeys().map {
                        Row(id: $0.id, channel: $0.channel.rawValue, operator: $0.operatorName, label: $0.label,
                            created: Engine.clockTime($0.createdAt), last_used: $0.lastUsedAt.map(Engine.clockTime),
                            revoked: $0.revokedAt.map(Engine.clockTime))
                    }
                    if json { printJSON(rows); return }
                    let l = CLI.lang
                    if rows.isEmpty { print(l.t("cli.serve.no_keys")); return }
                    for r in rows {
                        let state = r.revoked.map { l.t("cli.serve.key_revoked_at", ["time": $0]) } ?? l.t("cli.serve.key_active")
                        let channel = l == .en ? r.channel : Channel(rawValue: r.channel).map(l.channel) ?? r.channel
                        print(l.t("cli.serve.key_row", ["id": r.id, "channel": channel, "user": r.operator, "state": state,
                                                        "used": r.last_used ?? l.t("cli.serve.never"), "label": r.label]))
                    }
                }
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.serve_key_revoke"))
            @OptionGroup var storeOptions: StoreOptions
            @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.serve_key_id"))) var id: Int64

            func run() async throws {
                try await guarded {
                    let ctx = try Context(path: storeOptions.path)
                    let k = try ctx.engine.revokeChannelKey(id: id)
                    print(CLI.lang.t("cli.serve.key_revoked", ["id": k.id, "channel": CLI.lang == .en ? k.channel.rawValue : CLI.lang.channel(k.channel)]))
                }
            }
        }
    }
}

/// How notifies are verified: our app id and the platform's public key, from `[platform]` (or
/// CASHIER_PLATFORM_APP_ID / CASHIER_PLATFORM_KEYS), else `keys/platform_public.pem` beside the store
/// (where `cashier sandbox serve` writes it). Without a key every notify is refused, and said so.
enum ServeNotify {
    static func settings(storePath: String) throws -> NotifySettings? {
        let (config, _) = Config.load()
        if let problem = config.platformError { throw Refusal(message: problem) }
        let p = config.platform.overridden()
        let path = p.platformPublicKey ?? AlipayKeyFiles(directory: AlipayKeyFiles.directory(besideStore: storePath)).platformPublic
        guard FileManager.default.fileExists(atPath: path) else {
            // The program's name before the sentence, as a command-line tool's warnings go.
            FileHandle.standardError.write(Data("cashier serve: \(CLI.lang.t("cli.serve.no_public_key", ["path": path]))\n".utf8))
            return nil
        }
        let verifier: AlipayVerifier
        do { verifier = try AlipayVerifier(pem: AlipayKeyFiles.read(path)) } catch let e as AlipaySignatureError {
            throw Refusal(message: "\(path): \(e.description)")
        }
        return NotifySettings(appId: p.appID) { form in (try? AlipayNotify.verified(form, verifier: verifier)) != nil }
    }

    /// `/notify/wechat`'s merchant: appid, mch_id and api_key from `[platform.wechat]` (or
    /// CASHIER_WECHAT_*), else `keys/wechat.toml` beside the store. Without one every WeChat
    /// notify is refused, and said so.
    static func wechat(storePath: String) throws -> WeChatMerchant? {
        let (config, _) = Config.load()
        if let problem = config.platformError { throw Refusal(message: problem) }
        do {
            return try Context.wechatMerchant(config.wechat.overridden(), storePath: storePath)
        } catch let e as Refusal {
            FileHandle.standardError.write(Data("cashier serve: \(CLI.lang.t("cli.serve.no_wechat_merchant", ["problem": e.message]))\n".utf8))
            return nil
        }
    }
}
