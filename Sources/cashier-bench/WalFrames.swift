import Foundation
import GRDBSQLite

/// WAL frames written per store commit: each b-tree page a commit dirties is one frame (a 24-byte
/// header and the page), checksummed and written by its own system calls. Counted from the WAL
/// file's growth, which starts empty (`makeEngine` checkpoints with TRUNCATE) and is not
/// checkpointed meanwhile while the payments stay under SQLite's 1,000-frame auto-checkpoint.
/// `keep` copies the store and its WAL there, for a look at which b-trees the frames belong to.
func walFrames(path: String, commits: Int, pageSize: Int, keep: String?) -> Double {
    let wal = path + "-wal"
    let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
    if let keep {
        let name = (path as NSString).lastPathComponent
        for (from, to) in [(path, "\(keep)/\(name)"), (wal, "\(keep)/\(name)-wal")] {
            try? FileManager.default.removeItem(atPath: to)
            try? FileManager.default.copyItem(atPath: from, toPath: to)
        }
    }
    guard size > 32 else { return 0 }
    return Double(size - 32) / Double(pageSize + 24) / Double(commits)
}

/// An empty SQLite file in WAL mode with `pageSize`-byte pages, which `Store` then takes as a new store.
func emptyDatabase(_ path: String, pageSize: Int) {
    var db: OpaquePointer?
    guard sqlite3_open(path, &db) == SQLITE_OK else { fatalError("open \(path)") }
    sqlite3_exec(db, "PRAGMA page_size = \(pageSize); PRAGMA journal_mode = WAL", nil, nil, nil)
    sqlite3_close(db)
}
