import Foundation
import SQLSeamPostgres

/// A TCP proxy between the PostgreSQL driver and the server that cuts one COMMIT on purpose, so a
/// test decides whether a transaction whose COMMIT outcome the client never learns did commit:
/// `.afterServerCommits` forwards the COMMIT and waits for the server's answer, which the client
/// never gets; `.beforeServer` cuts both sides before the COMMIT leaves the proxy (the server rolls
/// the transaction back). Either way the client's connection ends while it waits for the answer.
///
/// It reads the protocol's message frames (a type byte and a length) in both directions, nothing
/// more: the COMMIT to cut is the first after a statement containing the armed marker (since the
/// last BEGIN of that connection), so other transactions through the same pool pass untouched.
public final class CommitCutProxy: @unchecked Sendable {
    public enum Cut: Sendable { case afterServerCommits, beforeServer }

    public let port: Int
    private let target: PostgresLocation
    private let listener: Int32
    private let lock = NSCondition()
    private var armed: (cut: Cut, marker: String)?
    private var links: [Link] = []
    private var stopped = false
    /// How many COMMITs were cut so far.
    public private(set) var cuts = 0

    /// Listens on a free loopback port and forwards every connection to `target`'s host and port.
    public init(to target: PostgresLocation) throws {
        self.target = target
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0, listen(fd, 64) == 0 else { close(fd); throw ProxyError(message: "cannot listen: errno \(errno)") }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        listener = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    /// The target's location reached through the proxy.
    public var location: PostgresLocation {
        var l = target
        l.host = "127.0.0.1"
        l.port = port
        return l
    }

    /// Cuts the COMMIT of the next transaction that runs a statement containing `marker`.
    public func arm(_ cut: Cut, marker: String) {
        lock.withLock { armed = (cut, marker) }
    }

    /// Whether a COMMIT was armed and not cut yet (a test's own check that the cut happened).
    public var isArmed: Bool { lock.withLock { armed != nil } }

    public func stop() {
        let all: [Link] = lock.withLock {
            stopped = true
            return links
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for l in all { l.cut() }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            let server = connectToTarget()
            guard server >= 0 else { close(client); continue }
            let link = Link(client: client, server: server)
            lock.withLock { links.append(link) }
            Thread { [self] in clientToServer(link) }.start()
            Thread { [self] in serverToClient(link) }.start()
        }
    }

    private func connectToTarget() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr(target.host == "localhost" ? "127.0.0.1" : target.host)
        addr.sin_port = UInt16(target.port).bigEndian
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if ok != 0 { close(fd); return -1 }
        return fd
    }

    /// The client's messages: the startup message (no type byte), then typed frames, each looked at
    /// for BEGIN, the marker and COMMIT before it is forwarded.
    private func clientToServer(_ link: Link) {
        defer { link.end() }
        guard let head = Self.read(link.client, 4) else { return }
        let length = Self.int32(head, 0)
        guard length >= 4, let rest = Self.read(link.client, length - 4), Self.send(link.server, head + rest) else { return }
        var marked = false
        while true {
            guard let head = Self.read(link.client, 5) else { return }
            let length = Self.int32(head, 1)
            guard length >= 4, let body = Self.read(link.client, length - 4) else { return }
            if let text = Self.queryText(type: head[0], body) {
                let upper = text.uppercased()
                if upper.hasPrefix("BEGIN") { marked = false }
                let plan: Cut? = lock.withLock {
                    guard let armed else { return nil }
                    if text.contains(armed.marker) { marked = true }
                    guard marked, upper == "COMMIT" else { return nil }
                    self.armed = nil
                    return armed.cut
                }
                if let plan {
                    cut(link, plan, commit: head + body)
                    return
                }
            }
            guard Self.send(link.server, head + body) else { return }
        }
    }

    /// The COMMIT's Parse is in hand. The rest of its messages (Bind … Sync) follow it in the
    /// client's stream: after the server committed they are forwarded, its answer is kept back.
    private func cut(_ link: Link, _ plan: Cut, commit: [UInt8]) {
        switch plan {
        case .beforeServer:
            break
        case .afterServerCommits:
            link.mute()
            guard Self.send(link.server, commit) else { break }
            // Forward up to the Sync that ends the COMMIT's messages, then wait for ReadyForQuery.
            while let head = Self.read(link.client, 5), let body = Self.read(link.client, Self.int32(head, 1) - 4) {
                guard Self.send(link.server, head + body) else { break }
                if head[0] == UInt8(ascii: "S") { break }
            }
            link.waitForServerReady()
        }
        lock.withLock { cuts += 1 }
        link.cut()
    }

    /// The server's messages, forwarded frame by frame unless muted (then only ReadyForQuery is noted).
    private func serverToClient(_ link: Link) {
        defer { link.end() }
        while true {
            guard let head = Self.read(link.server, 5) else { return }
            let length = Self.int32(head, 1)
            guard length >= 4, let body = Self.read(link.server, length - 4) else { return }
            if link.isMuted {
                if head[0] == UInt8(ascii: "Z") { link.serverReady() }
                continue
            }
            guard Self.send(link.client, head + body) else { return }
        }
    }

    /// A simple query's text, or a Parse message's (after the statement's name).
    static func queryText(type: UInt8, _ body: [UInt8]) -> String? {
        var start = 0
        switch type {
        case UInt8(ascii: "Q"): break
        case UInt8(ascii: "P"):
            guard let end = body.firstIndex(of: 0) else { return nil }
            start = end + 1
        default: return nil
        }
        guard let end = body[start...].firstIndex(of: 0) else { return nil }
        return String(decoding: body[start..<end], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func int32(_ b: [UInt8], _ at: Int) -> Int {
        Int(b[at]) << 24 | Int(b[at + 1]) << 16 | Int(b[at + 2]) << 8 | Int(b[at + 3])
    }

    static func read(_ fd: Int32, _ count: Int) -> [UInt8]? {
        guard count >= 0 else { return nil }
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + done, count - done, 0) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return nil }
            done += n
        }
        return out
    }

    /// MSG_NOSIGNAL: a peer gone is an answer, never a SIGPIPE for the test process.
    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + done, bytes.count - done, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            done += n
        }
        return true
    }

    /// One client connection and its server connection.
    final class Link: @unchecked Sendable {
        let client: Int32, server: Int32
        private let condition = NSCondition()
        private var muted = false, ready = false, ended = 0

        init(client: Int32, server: Int32) { self.client = client; self.server = server }

        var isMuted: Bool { condition.withLock { muted } }
        func mute() { condition.withLock { muted = true } }
        func serverReady() { condition.withLock { ready = true; condition.broadcast() } }

        /// Until the server answered the COMMIT (or 10 s: a server that never answers is the test's failure to see).
        func waitForServerReady() {
            condition.lock()
            let deadline = Date().addingTimeInterval(10)
            while !ready && condition.wait(until: deadline) {}
            condition.unlock()
        }

        /// Both sides ended: each pump reads end of file and stops.
        func cut() {
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(server, Int32(SHUT_RDWR))
        }

        /// A pump stopped: the other is stopped too; the second to stop closes the descriptors.
        func end() {
            cut()
            let last = condition.withLock { ended += 1; return ended == 2 }
            if last { close(client); close(server) }
        }
    }
}

public struct ProxyError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
