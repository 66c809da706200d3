import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import Localization

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: CLI.lang.t("cli.help.audit"),
        discussion: CLI.lang.t("cli.help.audit_discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.audit_actor"))) var actor: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.audit_action"))) var action: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.audit_text"))) var text: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.audit_since"))) var since: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.audit_until"))) var until: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.audit_before"))) var before: Int64?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.audit_limit"))) var limit: Int = 50
    @OptionGroup var admin: SupervisorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    struct EntryJSON: Encodable {
        var id: Int64
        var at: String
        var actor: String
        var channel: String
        var action: String
        var subject: String
        var amount: String?
        var currency: String?
        var detail: String
    }

    struct PageJSON: Encodable {
        var entries: [EntryJSON]
        var more_before: Int64?
    }

    func run() async throws {
        try await guarded {
            guard limit > 0, limit <= 10_000 else { throw Refusal(message: CLI.lang.t("cli.audit.limit_range")) }
            let now = Date()
            let filter = AuditFilter(actor: actor, action: action, text: text,
                                     since: try since.map { try AuditTime.parse($0, option: "--since", now: now) },
                                     until: try until.map { try AuditTime.parse($0, option: "--until", now: now) })
            let pins = try PinInput.resolve([admin.pin])
            let ctx = try Context(path: storeOptions.path)
            let page = try ctx.engine.auditPage(filter, beforeId: before, limit: limit, supervisor: admin.supervisor, pin: pins[0])
            let next = page.hasMore ? page.entries.last?.id : nil
            if json {
                printJSON(PageJSON(entries: page.entries.map {
                    EntryJSON(id: $0.id, at: UserText.iso($0.at), actor: $0.actor, channel: $0.channel, action: $0.action,
                              subject: $0.subject, amount: $0.money?.decimal, currency: $0.money?.currency.code, detail: $0.detail)
                }, more_before: next))
                return
            }
            let l = CLI.lang
            if page.entries.isEmpty { print(filter.isEmpty && before == nil ? l.t("cli.audit.empty") : l.t("cli.audit.no_match")); return }
            // The entries' own words (action, subject, detail) are the stored record: language-neutral.
            for e in page.entries {
                let channel = l == .en ? e.channel : Channel(rawValue: e.channel).map(l.channel) ?? e.channel
                let cells = ["#\(e.id)", UserText.local(e.at, l), e.actor, channel, e.action, e.subject, e.money.map(l.amount) ?? "", e.detail]
                print(cells.filter { !$0.isEmpty }.joined(separator: "  "))
            }
            if let next { print(l.t("cli.audit.more", ["id": next])) }
        }
    }
}

/// Times for --since and --until, in the local time zone.
enum AuditTime {
    static func parse(_ text: String, option: String, now: Date) throws -> Millis {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let unit = t.last, let n = Int(t.dropLast()), n >= 0, let seconds = ["m": 60, "h": 3600, "d": 86_400][String(unit)] {
            return Millis((now.timeIntervalSince1970 - Double(n * seconds)) * 1000)
        }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        for format in ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"] {
            f.dateFormat = format
            if let d = f.date(from: t) { return Millis(d.timeIntervalSince1970 * 1000) }
        }
        throw Refusal(message: CLI.lang.t("cli.audit.not_a_time", ["option": option, "text": text]))
    }
}
