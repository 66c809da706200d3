import SQLSeam
import SQLSeamPostgres
import Testing

@Suite struct StatementTests {
    @Test func placeholdersAreNumberedOutsideQuotesAndComments() {
        let (text, n) = SQLStatement.numberingPlaceholders("""
            SELECT '?', "a?b", x FROM t -- why? because
            WHERE a = ? AND b IN (?, ?)
            """)
        #expect(n == 3)
        #expect(text == """
            SELECT '?', "a?b", x FROM t -- why? because
            WHERE a = $1 AND b IN ($2, $3)
            """)
    }

    @Test func aStatementHasOneTextUnlessItNamesASecond() {
        let same: SQLStatement = "SELECT 1"
        #expect(same.text(for: .sqlite) == "SELECT 1" && same.text(for: .postgres) == "SELECT 1")
        let two = SQLStatement(sqlite: "INSERT OR IGNORE INTO t VALUES (?)", postgres: "INSERT INTO t VALUES (?) ON CONFLICT DO NOTHING")
        #expect(two.text(for: .sqlite).hasPrefix("INSERT OR IGNORE"))
        #expect(two.text(for: .postgres).hasSuffix("ON CONFLICT DO NOTHING"))
    }

    @Test func postgresURLsAreReadWhole() throws {
        #expect(try PostgresLocation.parse("postgres://cashier:s%40cret@db.shop.lan:6543/store")
                == PostgresLocation(user: "cashier", password: "s@cret", host: "db.shop.lan", port: 6543, database: "store"))
        #expect(try PostgresLocation.parse("postgresql://me@127.0.0.1/cashier")
                == PostgresLocation(user: "me", host: "127.0.0.1", port: 5432, database: "cashier"))
        #expect(try PostgresLocation.parse("postgres://me@[::1]:5433/c") == PostgresLocation(user: "me", host: "::1", port: 5433, database: "c"))
        // The longest names PostgreSQL keeps whole are taken as they are.
        let longest = String(repeating: "n", count: 63)
        #expect(try PostgresLocation.parse("postgres://\(longest)@db/\(longest)") == PostgresLocation(user: longest, host: "db", database: longest))
        #expect(PostgresLocation(user: "u", password: "pw", host: "h", database: "d").description == "postgres://u:***@h:5432/d")
        #expect(PostgresLocation.isURL("POSTGRES://x") && !PostgresLocation.isURL("/srv/store.sqlite"))
    }

    @Test func badPostgresURLsAreRefusedInOneSentenceWithoutThePassword() {
        let cases: [(String, String)] = [
            ("postgres://db/store", "names no user"),
            ("postgres://me@db", "names no database"),
            ("postgres://me@db/", "names no database"),
            ("postgres://me@db/a/b", "more than one path part"),
            ("postgres://me@:5432/store", "names no host"),
            ("postgres://me:secret@db:99999/store", "port that is not a number from 1 to 65535"),
            ("postgres://me:secret@db:abc/store", "port that is not a number"),
            ("postgres://me@db/store?sslmode=require", "has options"),
            ("postgres://m%zz@db/store", "names no user"),
            ("mysql://me@db/store", "is not a postgres:// URL"),
            // Longer names than PostgreSQL keeps would be cut by the server to another name.
            ("postgres://\(String(repeating: "u", count: 64))@db/store", "user name longer than 63 bytes"),
            ("postgres://me:secret@db/\(String(repeating: "d", count: 64))", "database name longer than 63 bytes"),
            ("postgres://me@\(String(repeating: "h", count: 254))/store", "host name longer than 253 bytes"),
            ("postgres://me:\(String(repeating: "s", count: 1_100))@db/store", "longer than 1024 bytes"),
        ]
        for (url, words) in cases {
            do {
                _ = try PostgresLocation.parse(url)
                Issue.record("\(url) was accepted")
            } catch {
                #expect(error.message.contains(words), "\(url): \(error.message)")
                #expect(error.message.hasSuffix("write postgres://USER[:PASS]@HOST[:PORT]/DB."), "\(url): \(error.message)")
                #expect(!error.message.contains("secret"), "\(url): the password was printed")
                #expect(!error.message.contains("\n"))
            }
        }
    }
}
