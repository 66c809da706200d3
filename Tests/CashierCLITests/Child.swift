import Foundation

/// A child process started with posix_spawn through bash, which first closes every descriptor it
/// inherited above stderr. Foundation's Process is not used: with the many descriptors a parallel
/// test run holds (SQLite files), its spawn crashed, and its children kept other tests' pipes open.
final class Child: @unchecked Sendable {
    let pid: pid_t
    /// Read ends of the child's stdout and stderr (-1 when not captured).
    let outFD: Int32
    let errFD: Int32
    private var status: Int32?

    static let closeInherited = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#

    init?(_ argv: [String], environment: [String: String], capture: Bool) {
        var out: [Int32] = [-1, -1], err: [Int32] = [-1, -1]
        if capture { guard pipe(&out) == 0, pipe(&err) == 0 else { return nil } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, out[1], 1)
            posix_spawn_file_actions_adddup2(&actions, err[1], 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // Default signal handling and an empty mask: the test runner may ignore or block some.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var all = sigset_t(), none = sigset_t()
        sigfillset(&all)
        sigemptyset(&none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let full = ["/bin/bash", "-c", Child.closeInherited] + argv
        var cArgs = full.map { strdup($0) } + [nil]
        var cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for p in cArgs + cEnv { free(p) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, &attributes, &cArgs, &cEnv)
        if capture { close(out[1]); close(err[1]) }
        guard spawned == 0 else {
            if capture { close(out[0]); close(err[0]) }
            return nil
        }
        self.pid = pid
        outFD = out[0]
        errFD = err[0]
    }

    var isRunning: Bool {
        reap(blocking: false)
        return status == nil
    }

    func waitUntilExit() { reap(blocking: true) }

    /// The exit code, or 128 + the signal that ended it.
    var terminationStatus: Int32 {
        reap(blocking: true)
        let s = status ?? 0
        return (s & 0x7f) == 0 ? (s >> 8) & 0xff : 128 + (s & 0x7f)
    }

    private func reap(blocking: Bool) {
        guard status == nil else { return }
        var s: Int32 = 0
        while true {
            let r = waitpid(pid, &s, blocking ? 0 : WNOHANG)
            if r == pid { status = s; return }
            if r < 0 && errno == EINTR { continue }
            return
        }
    }

    /// read(2) until end of file, retrying EINTR; closes the descriptor.
    static func readAll(_ fd: Int32) -> Data {
        guard fd >= 0 else { return Data() }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { data.append(contentsOf: buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            return data
        }
    }
}
