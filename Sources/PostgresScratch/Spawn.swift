import Foundation

/// Starts `bash -c script args…` with stdin from /dev/null, closing every other descriptor this
/// process holds (its pipes and SQLite files must not outlive it in a server). Foundation's Process
/// is not used: with the many descriptors a parallel test run holds, its spawn has crashed here.
private func spawnBash(_ script: String, _ args: [String]) -> pid_t? {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    let closing = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; "#
    let argv = ["/bin/bash", "-c", closing + script, "bash"] + args
    var cArgs = argv.map { strdup($0) } + [nil]
    defer { for p in cArgs { free(p) } }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, "/bin/bash", &actions, nil, &cArgs, environ)
    return rc == 0 ? pid : nil
}

/// Runs a script to its end and reaps it (what it starts in the background is not a child of this
/// process): its exit status (nil when it could not start).
func runBash(_ script: String, _ args: [String]) -> Int32? {
    guard let pid = spawnBash(script, args) else { return nil }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

/// A TCP port on 127.0.0.1 that nobody listens on now.
func freeLoopbackPort() -> Int? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p -> Bool in
            bind(fd, p, len) == 0 && getsockname(fd, p, &len) == 0
        }
    }
    return bound ? Int(UInt16(bigEndian: addr.sin_port)) : nil
}
