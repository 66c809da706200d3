import Foundation
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// `cashier store init` on the throwaway PostgreSQL server, and every refusal around a postgres:// store.
@Suite struct PostgresStoreCLITests {
    func url(_ l: PostgresLocation, password: String? = nil) -> String {
        "postgres://\(l.user)\(password.map { ":\($0)" } ?? "")@\(l.host):\(l.port)/\(l.database)"
    }

    func tables(_ l: PostgresLocation) throws -> [String] {
        let db = PostgresDatabase(l, connections: 1)
        defer { db.close() }
        return try db.read { x in
            try x.rows("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename").map { try $0.get(at: 0, as: String.self) }
        }
    }

    @Test(.postgres) func initCreatesTheSchemaInAnEmptyDatabaseAndThenFindsItCurrent() throws {
        let l = try PostgresTestServer.shared().database()
        let cli = CLI()
        let first = try cli.run("store", "init", "--store", url(l, password: "pw"))
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out == "Created a Cashier store at postgres://postgres:***@127.0.0.1:\(l.port)/\(l.database).\n")
        #expect(try tables(l) == ["audit_log", "cash_movements", "cashier_changes", "cashier_migrations", "cashier_store", "channel_idempotency",
                                  "channel_keys", "checkout_orders", "checkouts", "coupons", "meta", "notifies", "order_lines", "order_locks",
                                  "order_types", "orders", "payment_details", "payment_orders", "receipts", "reconciliation_items",
                                  "reconciliations", "refund_orders", "refund_requests", "review_items", "shift_counts", "shifts", "users",
                                  "webhook_deliveries", "webhook_events", "webhooks", "z_reports"])
        let again = try cli.run("store", "init", "--store", url(l))
        #expect(again.code == 0 && again.out.hasSuffix("is a Cashier store and up to date.\n"), "\(again.out)\(again.err)")
    }

    @Test(.postgres) func aStrangersDatabaseIsRefusedUntouched() throws {
        let l = try PostgresTestServer.shared().database()
        let db = PostgresDatabase(l, connections: 1)
        try db.write { x in
            try x.execute("CREATE TABLE invoices (id bigint PRIMARY KEY, total bigint)")
            try x.execute("INSERT INTO invoices VALUES (1, 100)")
        }
        db.close()
        let r = try CLI().run("store", "init", "--store", url(l))
        #expect(r.code != 0)
        #expect(r.err == "postgres://postgres@127.0.0.1:\(l.port)/\(l.database) is not a Cashier store: pass --store with a Cashier store, or an empty database for `cashier store init`.\n")
        #expect(try tables(l) == ["invoices"])
    }

    @Test(.postgres) func aStoreFromANewerVersionIsRefusedWithoutAWrite() throws {
        let l = try PostgresTestServer.shared().database()
        let cli = CLI()
        #expect(try cli.run("store", "init", "--store", url(l)).code == 0)
        let db = PostgresDatabase(l, connections: 1)
        defer { db.close() }
        try db.write { x in try x.execute("INSERT INTO cashier_migrations VALUES ('pg99-from-the-future', 99)") }
        let before = try db.read { x in try x.rows("SELECT * FROM cashier_migrations ORDER BY applied_order") }
        let r = try cli.run("store", "init", "--store", url(l))
        #expect(r.code != 0)
        #expect(r.err.contains("was written by a newer version of cashier (pg99-from-the-future)"), "\(r.err)")
        #expect(try db.read { x in try x.rows("SELECT * FROM cashier_migrations ORDER BY applied_order") } == before)
    }

    @Test(.postgres) func anUnreachableOrMissingDatabaseIsCannotOpenNeverNotAStore() throws {
        let server = try PostgresTestServer.shared()
        let cli = CLI()
        let missing = try cli.run("store", "init", "--store", "postgres://postgres@127.0.0.1:\(server.port)/no_such_db")
        #expect(missing.code != 0)
        #expect(missing.err.hasPrefix("Cannot open the store at postgres://postgres@127.0.0.1:\(server.port)/no_such_db ("), "\(missing.err)")
        #expect(missing.err.contains("no_such_db\" does not exist"), "\(missing.err)")
        // A port where nothing listens: the server is unreachable.
        let closed = try cli.run("store", "init", "--store", "postgres://postgres:hunter2@127.0.0.1:1/x")
        #expect(closed.code != 0)
        #expect(closed.err.hasPrefix("Cannot open the store at postgres://postgres:***@127.0.0.1:1/x ("), "\(closed.err)")
        for r in [missing, closed] {
            #expect(!r.err.contains("not a Cashier store") && !r.err.contains("hunter2"))
            #expect(r.err.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(r.err)")
        }
    }

    /// No server needed: a bad URL is refused before anything is opened or made, and a server that
    /// does not answer is "Cannot open" for every command, never "not a Cashier store".
    @Test func badURLsAndUnreachableServersAreRefusedInOneSentence() throws {
        let cli = CLI()
        let bad = try cli.run("store", "init", "--store", "postgres://me:secret@db:99999/store")
        #expect(bad.code != 0)
        #expect(bad.err == "The store URL postgres://me:***@db:99999/store has a port that is not a number from 1 to 65535: write postgres://USER[:PASS]@HOST[:PORT]/DB.\n")
        // Port 1 on loopback: nobody listens, so the refusal comes at once.
        for args in [["orders"], ["check"], ["pay", "X", "--cash", "1"], ["demo"]] {
            let r = try cli.run(args + ["--store", "postgres://me:secret@127.0.0.1:1/shop"])
            #expect(r.code != 0, "\(args)")
            #expect(r.err.hasPrefix("Cannot open the store at postgres://me:***@127.0.0.1:1/shop (")
                    && r.err.hasSuffix("): check the URL, that the server runs, and the user's rights, then try again.\n")
                    && !r.err.contains("secret"), "\(args): \(r.err)")
        }
        // Through the environment as well, and nothing is made in the working folder.
        var env = cli.environment
        env["CASHIER_STORE"] = "postgres://me@127.0.0.1:1/shop"
        let child = try #require(Child([CLI.binary, "orders"], environment: env, capture: true))
        let r = CLI.finish(child)
        #expect(r.code != 0 && r.err.hasPrefix("Cannot open the store at postgres://me@127.0.0.1:1/shop"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/postgres:"))
    }

    /// `[store] location` in the config names the store when neither --store nor $CASHIER_STORE does.
    @Test(.postgres) func theConfigFilesLocationNamesThePostgresStore() throws {
        let l = try PostgresTestServer.shared().database()
        let cli = CLI()
        let config = cli.dir + "/config.toml"
        try Data("[store]\nlocation = \"\(url(l))\"\n".utf8).write(to: URL(fileURLWithPath: config))
        cli.configPath = config
        var env = cli.environment
        env.removeValue(forKey: "CASHIER_STORE")
        func run(_ args: [String]) throws -> CLI.Result {
            CLI.finish(try #require(Child([CLI.binary] + args, environment: env, capture: true)))
        }
        let created = try run(["store", "init"])
        #expect(created.code == 0 && created.out.hasPrefix("Created a Cashier store at postgres://postgres@127.0.0.1:\(l.port)/\(l.database)"), "\(created.err)")
        #expect(try tables(l).contains("cashier_store"))
        // Every host must reach the same platform: the sandbox inside one process is refused.
        let orders = try run(["orders"])
        #expect(orders.code != 0 && orders.err == "postgres://postgres@127.0.0.1:\(l.port)/\(l.database) is shared by many hosts, but Alipay would be the sandbox inside this process, which no other host can query: run `cashier sandbox serve` on one host and set [platform.alipay] and [platform.wechat] kind = \"http\" with its url (or a real platform's) in the config, then try again.\n", "\(orders.err)")
        // Refused before the sandbox's own file was made in this host's files folder.
        #expect(!FileManager.default.fileExists(atPath: cli.dir + "/files/store.sandbox.sqlite"))
        // --store still wins over the config.
        let local = try run(["store", "init", "--store", cli.store])
        #expect(local.code == 0 && local.out == "Created a Cashier store at \(cli.store).\n", "\(local.err)")
        try Data("[store]\nlocation = 42\n".utf8).write(to: URL(fileURLWithPath: config))
        let bad = try run(["orders", "--store", cli.store])
        #expect(bad.code != 0 && bad.err.contains("[store] location must be a store path or a postgres:// URL in quotes."), "\(bad.err)")
    }

    @Test func initCreatesAnSQLiteStoreToo() throws {
        let cli = CLI()
        let path = cli.dir + "/new/store.sqlite"
        let r = try cli.run("store", "init", "--store", path)
        #expect(r.code == 0 && r.out == "Created a Cashier store at \(path).\n", "\(r.err)")
        #expect(try cli.run("store", "init", "--store", path).out == "\(path) is a Cashier store and up to date.\n")
        let junk = cli.dir + "/junk.sqlite"
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(try cli.run("store", "init", "--store", junk).err.contains("is not a Cashier store"))
    }
}
