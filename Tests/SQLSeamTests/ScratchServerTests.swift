import Foundation
import PostgresScratch
import PostgresTestSupport
import SQLSeam
import SQLSeamPostgres
import Testing

/// The scratch server the tests and the benchmark start: a server of its own answers, and `stop()`
/// ends it and deletes its folder (the watchdog does the same when the process ends).
@Suite struct ScratchServerTests {
    @Test(.postgres) func aScratchServerAnswersAndStopRemovesIt() throws {
        let server = try PostgresScratchServer()
        #expect(FileManager.default.fileExists(atPath: server.folder + "/data/PG_VERSION"))
        try server.createDatabase("scratch_one")
        let db = PostgresDatabase(server.location("scratch_one"), connections: 1)
        let one = try db.read { x in try x.value(Int64.self, "SELECT 1 + ?", 1) }
        #expect(one == 2)
        // A database copied from another (its connections closed first).
        db.close()
        try server.createDatabase("scratch_two", template: "scratch_one")
        let copy = PostgresDatabase(server.location("scratch_two"), connections: 1)
        #expect(try copy.read { x in try x.value(String.self, "SELECT current_database()") } == "scratch_two")
        copy.close()

        #expect(server.stop())
        #expect(!FileManager.default.fileExists(atPath: server.folder))
        let gone = PostgresDatabase(server.location("scratch_one"), connections: 1)
        defer { gone.close() }
        #expect(throws: SQLError.self) { try gone.read { x in try x.value(Int64.self, "SELECT 1") } }
    }
}
