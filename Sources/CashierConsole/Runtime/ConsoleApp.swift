import Dispatch
import Foundation
import CashierCore

/// The console as the terminal backend sees it: keys in, frames out. Update and view are pure;
/// this class owns the state, runs backend calls in the background, each on its lane (see
/// `Lanes`), and feeds their answers back through a mailbox, waking the terminal loop so they
/// show at once.
public final class ConsoleApp: TerminalApp {
    public let theme: Theme
    private(set) var state: AppState
    private let backend: any ConsoleBackend
    private let clock: any Clock
    private let waker: any Waker
    private let qr: QRRenderer
    private let mailbox = Mailbox()
    private let lanes = Lanes()
    private var quitting = false

    /// `notice` is shown on the first screen, e.g. why the chosen theme could not be loaded.
    public convenience init(backend: any ConsoleBackend, theme: Theme, clock: any Clock, waker: any Waker,
                storeLabel: String, timeZone: TimeZone = .current, notice: String? = nil) {
        self.init(backend: backend, theme: theme, clock: clock, waker: waker, storeLabel: storeLabel,
                  timeZone: timeZone, qr: QRBlock.standard)
        if let notice { state.message = Note(notice, .warning) }
    }

    init(backend: any ConsoleBackend, theme: Theme, clock: any Clock, waker: any Waker,
         storeLabel: String, timeZone: TimeZone, qr: @escaping QRRenderer) {
        self.backend = backend
        self.theme = theme
        self.clock = clock
        self.waker = waker
        self.qr = qr
        state = AppState(storeLabel: storeLabel, timeZone: timeZone, now: clock.now())
    }

    public func handle(_ event: TerminalEvent) -> Bool {
        switch event {
        case .key(let key):
            dispatch(.key(key, at: clock.now()))
        case .resize(let size):
            dispatch(.resize(size))
        case .wake:
            for action in mailbox.drain() { dispatch(action) }
            dispatch(.tick(clock.now()))
        case .quitRequested:
            dispatch(.quitRequested)
        }
        return !quitting
    }

    /// A backend call is in flight ("working…" on screen).
    public var isWorking: Bool { state.isWorking }

    public func render(size: Size) -> Grid {
        view(state, theme: theme, size: size, qr: qr)
    }

    public var nextTimerMillis: Int? {
        guard state.route == .payment, let deadline = state.payment?.view.deadline,
              state.payment?.view.outcome == .waiting else { return state.timerMillis }
        // Wake on the next whole second of the countdown, but at least every 250 ms.
        let toSecond = Int((deadline - clock.now()) % 1000)
        return toSecond > 0 ? min(state.timerMillis, toSecond) : state.timerMillis
    }

    /// Tests: blocks until every backend call queued so far has run and posted its answer.
    func waitForBackgroundWork() { lanes.waitUntilIdle() }

    private func dispatch(_ action: Action) {
        let effects = state.update(action)
        // Known before the unlocks run, so they run now rather than after the process is gone.
        if effects.contains(.quit) { quitting = true }
        for effect in effects { run(effect) }
    }

    private func run(_ effect: Effect) {
        switch effect {
        case .call(let id, let call):
            let backend = backend, mailbox = mailbox, waker = waker
            lanes.run(on: Lane(call)) {
                mailbox.post(.reply(id: id, perform(call, on: backend)))
                waker.wake()
            }
        case .unlock(let ids, let session):
            let backend = backend
            if quitting {
                backend.unlock(orderIds: ids, session: session)
            } else {
                lanes.run(on: .locks) { backend.unlock(orderIds: ids, session: session) }
            }
        case .quit:
            break
        }
    }
}
