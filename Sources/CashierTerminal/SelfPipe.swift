#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CashierConsole

/// A non-blocking, close-on-exec pipe whose read end `poll()` can wait on.
/// Deliberately never closed: a waker held by a background thread could otherwise write
/// into a reused descriptor (say, the database file) after the terminal is gone.
struct SelfPipe: Sendable {
    let readFD: Int32
    let writeFD: Int32

    init() throws(TerminalError) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw .systemCall("pipe", errno: errno) }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    /// Reads everything pending; returns the distinct bytes seen.
    func drain() -> Set<UInt8> {
        var seen = Set<UInt8>()
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(readFD, $0.baseAddress, $0.count) }
            if n > 0 { seen.formUnion(buffer[0..<n]); continue }
            if n < 0 && errno == EINTR { continue }
            return seen
        }
    }
}

/// The app's background work calls `wake()` from any thread; a full pipe means a wake is
/// already pending, so a failed write is fine.
struct PipeWaker: Waker {
    let fd: Int32

    func wake() {
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }
}
