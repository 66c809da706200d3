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
        // Neither the watchdog nor the server is a child of this process, so neither can end as a
        // zombie here: one would stall every exit test after it (Swift Testing waits for any child
        // without reaping it, and kept finding that one instead of its own).
        let started = Self.processes(naming: server.folder)
        #expect(started.count >= 2, "the watchdog and the server: \(started)")
        #expect(started.allSatisfy { $0.parent != getpid() }, "a child of the test process: \(started)")
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

    /// The processes whose command line names `text`, with their parents' ids.
    static func processes(naming text: String) -> [(pid: Int32, parent: Int32)] {
        let ids = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap { Int32($0) }
        return ids.compactMap { pid in
            guard let command = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
                  String(decoding: command, as: UTF8.self).contains(text),
                  let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let nameEnd = stat.lastIndex(of: ")") else { return nil }
            // After the parenthesised name: the state, then the parent's id.
            let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
            return fields.count > 1 ? (pid, Int32(fields[1]) ?? 0) : nil
        }
    }
}
