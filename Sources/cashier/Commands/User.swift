import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import Localization

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: CLI.lang.t("cli.help.user"),
        discussion: CLI.lang.t("cli.help.user_discussion"),
        subcommands: [ListUsers.self, AddUser.self, DisableUser.self, EnableUser.self, ResetPin.self])
}

/// The supervisor who makes a change, with their own PIN.
struct SupervisorOptions: ParsableArguments {
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.user_supervisor"))) var supervisor: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.user_supervisor_pin"))) var pin: String
}

/// Reads PINs given as "-" from standard input, one line each, never echoing them.
enum PinInput {
    static func resolve(_ values: [String]) throws -> [String] {
        guard values.filter({ $0 == "-" }).count <= 1 else {
            throw Refusal(message: CLI.lang.t("cli.user.one_pin_from_stdin"))
        }
        return try values.map { value in
            guard value == "-" else { return value }
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw Refusal(message: CLI.lang.t("cli.user.no_pin_on_stdin"))
            }
            return line.trimmingCharacters(in: .whitespaces)
        }
    }
}

struct UserJSON: Encodable {
    var name: String
    var role: String
    var status: String
    var disabled: Bool
    var locked_until: String?
    var created_at: String?
    var created_by: String?
    var pin_changed_at: String?

    init(_ u: UserAccount, now: Millis) {
        name = u.name; role = u.role.rawValue; status = UserText.status(u, now: now); disabled = u.disabled
        locked_until = u.isLocked(at: now) ? u.lockedUntil.map(UserText.iso) : nil
        created_at = u.createdAt.map(UserText.iso); created_by = u.createdBy; pin_changed_at = u.pinChangedAt.map(UserText.iso)
    }
}

enum UserText {
    /// The JSON's status key (language-neutral).
    static func status(_ u: UserAccount, now: Millis) -> String {
        u.disabled ? "disabled" : u.isLocked(at: now) ? "locked" : "enabled"
    }

    static func iso(_ m: Millis) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(m) / 1000))
    }

    /// A moment in local time, in the language's usual form (English: 2026-11-24 14:30:00).
    static func local(_ m: Millis, _ l: Language = CLI.lang) -> String { l.dateTime(m, .current) }

    static func cells(_ u: UserAccount, now: Millis, _ l: Language) -> [String] {
        let status: String
        if u.disabled { status = l.t("cli.user.disabled") }
        else if u.isLocked(at: now) {
            status = u.lockedUntil.map { l.t("cli.user.locked_until", ["time": local($0, l)]) } ?? l.t("cli.user.locked")
        } else { status = l.t("cli.user.enabled") }
        let added = u.createdAt.map { at in
            u.createdBy.map { l.t("cli.user.added_at_by", ["time": local(at, l), "user": $0]) } ?? l.t("cli.user.added_at", ["time": local(at, l)])
        } ?? ""
        return [u.name, l.role(u.role), status, added]
    }

    /// Name, role and status columns at least 16, 11 and 9 display columns wide (a CJK character
    /// takes two), wider when a cell needs it; the last column unpadded.
    static func table(_ rows: [[String]]) -> String {
        let minimum = [16, 11, 9]
        let widths = minimum.indices.map { i in max(minimum[i], rows.map { Columns.width($0[i]) }.max() ?? 0) }
        return rows.map { row in
            row.indices.map { i in i < widths.count ? Columns.pad(row[i], widths[i]) : row[i] }.joined(separator: " ").trimmingTrailingSpaces
        }.joined(separator: "\n")
    }

    static func header(_ l: Language) -> [String] {
        [l.t("cli.user.col_name"), l.t("cli.user.col_role"), l.t("cli.user.col_status"), l.t("cli.user.col_added")]
    }

    enum Done { case added, disabled, enabled, pinReset }

    static func report(_ ctx: Context, _ u: UserAccount, _ done: Done, json: Bool, _ l: Language = CLI.lang) {
        let now = ctx.engine.clock.now()
        if json { printJSON(UserJSON(u, now: now)); return }
        let line = table([cells(u, now: now, l)])
        switch done {
        case .added: print(l.t("cli.user.did_add", ["line": line]))
        case .disabled: print(l.t("cli.user.did_disable", ["line": line]))
        case .enabled: print(l.t("cli.user.did_enable", ["line": line]))
        case .pinReset: print(l.t("cli.user.did_reset_pin", ["line": line]))
        }
    }
}

func parseRole(_ text: String) throws -> UserRole {
    guard let role = UserRole(rawValue: text) else { throw Refusal(message: CLI.lang.t("cli.user.unknown_role", ["role": text])) }
    return role
}

struct ListUsers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: CLI.lang.t("cli.help.user_list"))
    @OptionGroup var storeOptions: StoreOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let users = try ctx.engine.users()
            let now = ctx.engine.clock.now()
            if json { printJSON(users.map { UserJSON($0, now: now) }); return }
            let l = CLI.lang
            print(UserText.table([UserText.header(l)] + users.map { UserText.cells($0, now: now, l) }))
        }
    }
}

struct AddUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: CLI.lang.t("cli.help.user_add"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.user_add_name"))) var name: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.user_add_role"))) var role: String
    @Option(name: .customLong("new-pin"), help: ArgumentHelp(CLI.lang.t("cli.help.user_add_pin"))) var newPin: String
    @OptionGroup var admin: SupervisorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let role = try parseRole(role)
            let pins = try PinInput.resolve([newPin, admin.pin])
            let ctx = try Context(path: storeOptions.path)
            let u = try ctx.engine.addUser(name: name, role: role, pin: pins[0], supervisor: admin.supervisor, pin: pins[1])
            UserText.report(ctx, u, .added, json: json)
        }
    }
}

struct DisableUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: CLI.lang.t("cli.help.user_disable"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.user_disable_name"))) var name: String
    @OptionGroup var admin: SupervisorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await UserText.setDisabled(true, name, storeOptions, admin, json: json)
    }
}

struct EnableUser: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: CLI.lang.t("cli.help.user_enable"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.user_enable_name"))) var name: String
    @OptionGroup var admin: SupervisorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await UserText.setDisabled(false, name, storeOptions, admin, json: json)
    }
}

struct ResetPin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reset-pin", abstract: CLI.lang.t("cli.help.user_reset_pin"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.user_reset_pin_name"))) var name: String
    @Option(name: .customLong("new-pin"), help: ArgumentHelp(CLI.lang.t("cli.help.user_reset_pin_pin"))) var newPin: String
    @OptionGroup var admin: SupervisorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let pins = try PinInput.resolve([newPin, admin.pin])
            let ctx = try Context(path: storeOptions.path)
            let u = try ctx.engine.resetPin(name, newPin: pins[0], supervisor: admin.supervisor, pin: pins[1])
            UserText.report(ctx, u, .pinReset, json: json)
        }
    }
}

extension UserText {
    /// `user disable` and `user enable`: the same supervisor-checked switch, either way.
    static func setDisabled(_ disabled: Bool, _ name: String, _ storeOptions: StoreOptions,
                            _ admin: SupervisorOptions, json: Bool) async throws {
        try await guarded {
            let pins = try PinInput.resolve([admin.pin])
            let ctx = try Context(path: storeOptions.path)
            let u = try ctx.engine.setUserDisabled(name, disabled, supervisor: admin.supervisor, pin: pins[0])
            report(ctx, u, disabled ? .disabled : .enabled, json: json)
        }
    }
}
