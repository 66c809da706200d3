#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw
import CashierConsole

/// poll() on stdin, the wake pipe and the signal pipe; deliver every pending event, then render once.
struct EventLoop {
    let window: UnsafeMutablePointer<WINDOW>
    let painter: Painter
    let wakePipe: SelfPipe
    let signalPipe: SelfPipe
    private var size = Size(width: 0, height: 0)
    private var stdinOpen = true
    private var idleWakeups = 0

    init(window: UnsafeMutablePointer<WINDOW>, painter: Painter, wakePipe: SelfPipe, signalPipe: SelfPipe) {
        self.window = window
        self.painter = painter
        self.wakePipe = wakePipe
        self.signalPipe = signalPipe
    }

    mutating func run(_ app: any TerminalApp) throws(TerminalError) {
        size = currentSize()
        var events: [TerminalEvent] = [.resize(size)]
        while true {
            for event in events {
                if !app.handle(event) { return }
            }
            if !events.isEmpty { painter.draw(app.render(size: size), theme: app.theme) }
            events.removeAll(keepingCapacity: true)

            let timeout = app.nextTimerMillis.map { Int32(clamping: max(0, $0)) } ?? -1
            var fds = [
                pollfd(fd: stdinOpen ? STDIN_FILENO : -1, events: Int16(POLLIN), revents: 0),
                pollfd(fd: wakePipe.readFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: signalPipe.readFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .systemCall("poll", errno: errno)
            }
            if ready == 0 {
                if timeout >= 0 { events.append(.wake) }
                continue
            }
            var quit = false
            if fds[2].revents != 0 {
                let bytes = signalPipe.drain()
                if bytes.contains(SignalByte.resize), let newSize = syncSize() { events.append(.resize(newSize)) }
                quit = bytes.contains(SignalByte.quit)
            }
            if fds[0].revents != 0 {
                if readKeys(into: &events) {
                    idleWakeups = 0
                } else {
                    // Hung up, or "readable" again and again with nothing to read: the terminal is
                    // gone. Stop watching stdin so this cannot become a busy loop.
                    idleWakeups += 1
                    if fds[0].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 || idleWakeups > 50 {
                        stdinOpen = false
                        quit = true
                    }
                }
            }
            if fds[1].revents != 0 {
                _ = wakePipe.drain()
                events.append(.wake)
            }
            if quit { events.append(.quitRequested) }
        }
    }

    /// Reads every key ncurses has (a barcode scanner's burst arrives whole); false if none.
    private mutating func readKeys(into events: inout [TerminalEvent]) -> Bool {
        var any = false
        while true {
            var code: wint_t = 0
            let result = wget_wch(window, &code)
            if result == ERR { return any }
            any = true
            if result == KEY_CODE_YES {
                if Int32(code) == KEY_RESIZE {
                    if let newSize = syncSize() { events.append(.resize(newSize)) }
                } else if let key = KeyDecoder.special(Int32(code)) {
                    events.append(.key(key))
                }
            } else if let key = KeyDecoder.character(UInt32(code)) {
                events.append(.key(key))
            }
        }
    }

    /// Tells ncurses the tty's new size; returns it when it differs from the last one delivered.
    private mutating func syncSize() -> Size? {
        var rows: Int32 = 0
        var cols: Int32 = 0
        if cashier_window_size(STDOUT_FILENO, &rows, &cols) == 0,
           rows != getmaxy(window) || cols != getmaxx(window) {
            resizeterm(rows, cols)
        }
        let now = currentSize()
        guard now != size else { return nil }
        size = now
        painter.invalidate()
        return now
    }

    private func currentSize() -> Size {
        Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }
}
