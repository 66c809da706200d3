import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import Localization

/// `cashier webhook add|list|remove|events|redeliver`: news out to a business system.
struct Webhook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.webhook"),
        subcommands: [Add.self, List.self, Remove.self, Events.self, Redeliver.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.webhook_add"))
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.webhook_url"))) var url: String
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.webhook_events_option", ["events": WebhookEventType.allCases.map(\.rawValue).joined(separator: ",")]))) var events: String
        @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.webhook_add_operator"))) var operatorName: String = "supervisor"

        func run() async throws {
            try await guarded {
                let ctx = try Context(path: storeOptions.path)
                let list = try events.split(separator: ",").map { name throws -> WebhookEventType in
                    guard let e = WebhookEventType(rawValue: String(name).trimmingSpaces) else {
                        throw Refusal(message: CLI.lang.t("cli.webhook.unknown_event", ["event": name.prefix(40), "known": WebhookEventType.allCases.map(\.rawValue).joined(separator: ", ")]))
                    }
                    return e
                }
                let (hook, secret) = try ctx.engine.addWebhook(url: url, events: list, by: operatorName)
                FileHandle.standardError.write(Data((CLI.lang.t("cli.webhook.added", ["id": hook.id]) + "\n").utf8))
                print(secret)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.webhook_list"))
        @OptionGroup var storeOptions: StoreOptions
        func run() async throws {
            try await guarded {
                let hooks = try Context(path: storeOptions.path).engine.webhooks()
                if hooks.isEmpty { print(CLI.lang.t("cli.webhook.none")); return }
                for h in hooks { print("\(h.id)\t\(h.url)\t\(h.events.map(\.rawValue).joined(separator: ","))") }
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.webhook_remove"))
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.webhook_id"))) var id: Int64
        @Option(name: .customLong("operator"), help: ArgumentHelp(CLI.lang.t("cli.help.webhook_remove_operator"))) var operatorName: String = "supervisor"
        func run() async throws {
            try await guarded {
                try Context(path: storeOptions.path).engine.removeWebhook(id: id, by: operatorName)
                print(CLI.lang.t("cli.webhook.removed", ["id": id]))
            }
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.webhook_events"))
        @OptionGroup var storeOptions: StoreOptions
        @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.webhook_failed"))) var failed = false
        @Option(help: ArgumentHelp(CLI.lang.t("cli.help.webhook_limit"))) var limit = 50
        func run() async throws {
            try await guarded {
                let list = try Context(path: storeOptions.path).engine.webhookDeliveries(failedOnly: failed, limit: max(1, min(limit, 1_000)))
                let l = CLI.lang
                if list.isEmpty { print(failed ? l.t("cli.webhook.no_failed") : l.t("cli.webhook.no_deliveries")); return }
                for d in list {
                    print(l.t("cli.webhook.delivery", ["event": d.eventId, "type": d.type, "state": Self.state(d.state, l), "attempts": d.attempts,
                                                       "url": d.url, "error": d.lastError ?? ""]))
                }
            }
        }

        /// English keeps the state's key (failed); Chinese words it.
        static func state(_ code: String, _ l: Language) -> String {
            switch code {
            case "pending": return l.t("cli.webhook.state_pending")
            case "delivered": return l.t("cli.webhook.state_delivered")
            case "failed": return l.t("cli.webhook.state_failed")
            default: return code
            }
        }
    }

    struct Redeliver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: CLI.lang.t("cli.help.webhook_redeliver"))
        @OptionGroup var storeOptions: StoreOptions
        @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.webhook_event"))) var event: String
        func run() async throws {
            try await guarded {
                guard let id = Int64(event.hasPrefix("evt_") ? String(event.dropFirst(4)) : event), id > 0 else {
                    throw Refusal(message: CLI.lang.t("cli.webhook.not_an_event", ["text": event.prefix(40)]))
                }
                let n = try Context(path: storeOptions.path).engine.redeliver(eventId: id)
                print(CLI.lang.plural("cli.webhook.redeliver", count: n, ["event": id]))
            }
        }
    }
}
