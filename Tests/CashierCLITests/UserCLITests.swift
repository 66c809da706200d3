import Foundation
import Testing

@Suite struct UserCLITests {
    /// Runs `cashier ARGS` with `input` as one line on standard input.
    static func piped(_ cli: CLI, _ input: String, _ args: String...) throws -> CLI.Result {
        let script = #"printf '%s\n' "$CASHIER_TEST_INPUT" | "$0" "$@""#
        var env = cli.environment
        env["CASHIER_TEST_INPUT"] = input
        guard let child = Child(["/bin/bash", "-c", script, CLI.binary] + args, environment: env, capture: true) else {
            throw CLIError(message: "could not start \(CLI.binary)")
        }
        return CLI.finish(child)
    }

    static let admin = ["--supervisor", "supervisor", "--pin", "9999"]

    @Test func aSupervisorManagesUsersAndNoPinIsEverShownLoggedOrAudited() throws {
        let cli = CLI()
        try cli.demo(orders: 10)
        let newPin = "48151623", resetTo = "50713"
        var outputs: [String] = []
        func run(_ args: [String]) throws -> CLI.Result {
            let r = try cli.run(args)
            outputs += [r.out, r.err]
            return r
        }
        let add = try Self.piped(cli, newPin, "user", "add", "bob", "--role", "cashier", "--new-pin", "-", "--supervisor", "supervisor", "--pin", "9999", "--json")
        outputs += [add.out, add.err]
        #expect(add.code == 0, "\(add.err)")
        let added = try JSONSerialization.jsonObject(with: Data(add.out.utf8)) as? [String: Any] ?? [:]
        #expect(added["name"] as? String == "bob" && added["role"] as? String == "cashier" && added["status"] as? String == "enabled")
        #expect(added["created_by"] as? String == "supervisor")
        #expect(Set(added.keys).isDisjoint(with: ["pin", "pin_hash", "new_pin"]))

        let order = try cli.unpaid(1)[0]
        #expect(try run(["user", "disable", "bob"] + Self.admin).out.hasPrefix("Disabled: bob"))
        let refused = try run(["pay", order, "--cash", "1", "--operator", "bob"])
        #expect(refused.code == 1 && refused.err.contains("User bob is disabled"), "\(refused.err)")
        #expect(try run(["user", "enable", "bob"] + Self.admin).code == 0)
        let reset = try Self.piped(cli, resetTo, "user", "reset-pin", "bob", "--new-pin", "-", "--supervisor", "supervisor", "--pin", "9999")
        outputs += [reset.out, reset.err]
        #expect(reset.code == 0 && reset.out.hasPrefix("PIN reset: bob"), "\(reset.err)")

        let list = try run(["user", "list"])
        #expect(list.out.split(separator: "\n").first == "NAME             ROLE        STATUS    ADDED")
        #expect(list.out.contains("bob              cashier     enabled   added "), "\(list.out)")
        let audit = try run(["audit", "--action", "user", "--json"] + Self.admin)
        let entries = (try JSONSerialization.jsonObject(with: Data(audit.out.utf8)) as? [String: Any])?["entries"] as? [[String: Any]] ?? []
        #expect(entries.map { $0["action"] as? String } == ["user.pin_reset", "user.enabled", "user.disabled", "user.added"])
        #expect(entries.allSatisfy { $0["actor"] as? String == "supervisor" && $0["subject"] as? String == "user bob" })

        let log = try String(contentsOfFile: cli.filesFolder + "/cashier.log", encoding: .utf8)
        #expect(log.contains("user bob (cashier) added by supervisor") && log.contains("PIN of user bob reset by supervisor"))
        for text in outputs + [log, try run(["audit", "--json", "--limit", "1000"] + Self.admin).out] {
            #expect(!text.contains(newPin) && !text.contains(resetTo))
        }
        #expect(try run(["check"]).code == 0)
    }

    @Test func refusalsAreOneLineAndWriteNothing() throws {
        let cli = CLI()
        try cli.demo(orders: 5)
        let before = try cli.run("check", "--json").out
        let cases: [([String], String)] = [
            (["user", "add", "bob", "--role", "cashier", "--new-pin", "4815", "--supervisor", "cashier", "--pin", "1111"], "only a supervisor"),
            (["user", "add", "bob", "--role", "boss", "--new-pin", "4815"] + Self.admin, "Unknown role"),
            (["user", "add", "bob", "--role", "cashier", "--new-pin", "12"] + Self.admin, "4 to 8 digits"),
            (["user", "add", "bob", "--role", "cashier", "--new-pin", "2222"] + Self.admin, "too easy"),
            (["user", "add", "b b", "--role", "cashier", "--new-pin", "4815"] + Self.admin, "A user name is"),
            (["user", "add", "alice", "--role", "cashier", "--new-pin", "4815"] + Self.admin, "already exists"),
            (["user", "add", "bob", "--role", "cashier", "--new-pin", "-", "--supervisor", "supervisor", "--pin", "-"], "Only one PIN"),
            (["user", "add", "bob", "--role", "cashier", "--new-pin", "-"] + Self.admin, "No PIN on standard input"),
            (["user", "disable", "supervisor"] + Self.admin, "cannot disable themselves"),
            (["user", "disable", "ghost"] + Self.admin, "no user \"ghost\""),
            (["user", "enable", "alice"] + Self.admin, "already enabled"),
            (["user", "reset-pin", "alice", "--new-pin", "4815", "--supervisor", "alice", "--pin", "2222"], "only a supervisor"),
            (["audit", "--supervisor", "cashier", "--pin", "1111"], "only a supervisor"),
            (["audit", "--since", "yesterday"] + Self.admin, "is not a time"),
            (["audit", "--limit", "0"] + Self.admin, "--limit"),
        ]
        for (args, words) in cases {
            let r = try cli.run(args)
            #expect(r.code == 1, "\(args) succeeded")
            #expect(r.err.contains(words), "\(args): \(r.err)")
            #expect(r.err.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(args): \(r.err)")
        }
        #expect(try cli.run("check", "--json").out == before, "a refused command wrote to the store")
        let users = try cli.json("user", "list", "--json") as? [[String: Any]] ?? []
        #expect(users.map { $0["name"] as? String } == ["supervisor", "alice", "cashier"])
    }

    @Test func auditPagesByKeysetAndFilters() throws {
        let cli = CLI()
        try cli.demo(orders: 200)
        let all = try cli.json("audit", "--limit", "10000", "--json", "--supervisor", "supervisor", "--pin", "9999") as? [String: Any] ?? [:]
        let ids = (all["entries"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
        #expect(ids.count > 7 && ids == ids.sorted(by: >))
        var paged: [Int] = []
        var before: Int?
        repeat {
            var args = ["audit", "--limit", "7", "--json"] + Self.admin
            if let before { args += ["--before", String(before)] }
            let page = try JSONSerialization.jsonObject(with: Data(try cli.run(args).out.utf8)) as? [String: Any] ?? [:]
            paged += (page["entries"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
            before = page["more_before"] as? Int
        } while before != nil && paged.count <= ids.count
        #expect(paged == ids)
        let human = try cli.run(["audit", "--limit", "3"] + Self.admin)
        #expect(human.out.split(separator: "\n").count == 4 && human.out.contains("More: add --before"), "\(human.out)")
        let none = try cli.run(["audit", "--actor", "nobody"] + Self.admin)
        #expect(none.code == 0 && none.out == "No audit entries match.\n")
        let recent = try cli.json("audit", "--since", "1h", "--action", "payment", "--json", "--supervisor", "supervisor", "--pin", "9999") as? [String: Any] ?? [:]
        let actions = (recent["entries"] as? [[String: Any]] ?? []).compactMap { $0["action"] as? String }
        #expect(!actions.isEmpty && actions.allSatisfy { $0.hasPrefix("payment.") })
    }
}
