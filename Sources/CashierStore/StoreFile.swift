import GRDB
import Foundation

/// What a file at a store's path is, told apart before the pool opens it (which would switch a
/// stranger's file to WAL), so that a stranger's file is never written.
enum StoreFileVerdict: Equatable, Sendable {
    /// Empty, or an SQLite file whose application id is ours (or an empty SQLite database).
    case cashier
    /// Really something else: not SQLite, or SQLite with someone else's tables.
    case stranger
    /// Could not be looked at for a passing reason (too many open files, locked, I/O): never
    /// reported as a stranger, since trying again may well succeed.
    case unreadable(String)
}

extension Store {
    static func inspect(_ path: String) -> StoreFileVerdict {
        let header: [UInt8]
        switch readHeader(path) {
        case .success(let bytes): header = bytes
        case .failure(let e):
            // A folder is something else; any other failure may pass.
            return e.code == EISDIR ? .stranger : .unreadable(e.reason)
        }
        let got = header.count
        if got == 0 { return .cashier }
        guard got == 100, header.starts(with: Array("SQLite format 3\0".utf8)) else { return .stranger }
        let id = header[68..<72].reduce(Int32(0)) { ($0 << 8) | Int32($1) }
        if id == applicationID { return .cashier }
        // The header may lag behind the WAL until a checkpoint: ask SQLite, read-only.
        var config = Configuration()
        config.readonly = true
        config.busyMode = .timeout(10)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let (appId, tables) = try queue.read { db in
                (try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0)
            }
            return appId == applicationID || (appId == 0 && tables == 0) ? .cashier : .stranger
        } catch let error as DatabaseError where [.SQLITE_NOTADB, .SQLITE_CORRUPT].contains(error.resultCode) {
            return .stranger
        } catch {
            return .unreadable("\(error)")
        }
    }
}

extension Store {
    /// Closes every connection now rather than when the last reference goes (tests that open many
    /// stores would otherwise hold their files open). Any later use of this store fails.
    public func close() {
        db.close()
    }
}

private struct OpenFailure: Error {
    var code: Int32
    var reason: String { String(cString: strerror(code)) }
}

/// Up to the first 100 bytes of a file (SQLite's header), with the system's reason when it fails.
private func readHeader(_ path: String) -> Result<[UInt8], OpenFailure> {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return .failure(OpenFailure(code: errno)) }
    defer { close(fd) }
    var header = [UInt8](repeating: 0, count: 100)
    var got = 0
    while got < header.count {
        let n = header.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, $0.count - got) }
        if n > 0 { got += n; continue }
        if n == 0 { break }
        if errno != EINTR { return .failure(OpenFailure(code: errno)) }
    }
    return .success(Array(header.prefix(got)))
}
