import Foundation
@testable import cashier
import Testing

/// What a store engineer sees for a postgres:// store that cannot be reached or is mistyped: one
/// sentence naming the cause, and no folder made for it. No server is needed.
@Suite struct PostgresURLTests {
    @Test func aServerThatIsNotThereIsNamedInPlainWords() throws {
        let port = try freeLoopbackPort()  // bound, then released: nothing listens there
        let url = "postgres://cashier@127.0.0.1:\(port)/shop"
        let cli = CLI(store: url)
        let r = try cli.run("orders")
        #expect(r.code != 0)
        #expect(r.err == "Cannot open the store at \(url) (cannot connect to 127.0.0.1:\(port): Connection refused): check the URL, that the server runs, and the user's rights, then try again.\n", "\(r.err)")
    }

    @Test func namesPostgreSQLWouldCutAreRefusedBeforeAnythingIsMade() throws {
        let cli = CLI(store: "postgres://cashier@127.0.0.1:5432/" + String(repeating: "x", count: 300))
        let r = try cli.run("orders")
        #expect(r.code != 0)
        #expect(r.err.contains("has a database name longer than 63 bytes, PostgreSQL's limit"), "\(r.err)")
        #expect(r.err.split(separator: "\n").count == 1, "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: cli.dir + "/files"), "a files folder was made for a refused URL")
    }
}

/// Where a host keeps a PostgreSQL store's files when $CASHIER_FILES is not set: one folder per
/// store, whose name fits a file system's 255 bytes however long the host and database names.
@Suite(.enabled(if: (ProcessInfo.processInfo.environment["CASHIER_FILES"] ?? "").isEmpty, "CASHIER_FILES is set: it chooses the folder"))
struct StoreFilesFolderTests {
    @Test func aLongHostAndDatabaseStillMakeOneFolderNameThatFits() {
        let host = String(repeating: "h", count: 253), database = String(repeating: "数", count: 21)
        let one = StoreLocation.files(for: "postgres://u@\(host):5432/\(database)")
        let other = StoreLocation.files(for: "postgres://u@\(host):5432/\(database.dropLast())x")
        let folder = (one as NSString).deletingLastPathComponent
        #expect((folder as NSString).lastPathComponent.utf8.count <= 255, "\(folder)")
        #expect(folder != (other as NSString).deletingLastPathComponent, "two stores share a folder")
        #expect(StoreLocation.files(for: "postgres://u@db:5432/shop").hasSuffix("/cashier/postgres/db-5432-shop/store"))
    }
}
