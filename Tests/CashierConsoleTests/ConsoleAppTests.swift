import Dispatch
import Foundation
import Testing
import CashierCore
@testable import CashierConsole

/// Counts wake-ups instead of writing to a pipe.
final class TestWaker: Waker, @unchecked Sendable {
    private let lock = NSLock()
    private var wakes = 0
    func wake() { lock.withLock { wakes += 1 } }
    var count: Int { lock.withLock { wakes } }
}

@Suite struct ConsoleAppTests {
    let clock = ManualClock()
    let waker = TestWaker()
    let backend: FakeBackend
    let app: ConsoleApp

    init() {
        backend = FakeBackend(clock: clock)
        app = ConsoleApp(backend: backend, theme: plainTheme, clock: clock, waker: waker, storeLabel: "Store 1", timeZone: utc)
    }

    func keys(_ keys: Key...) {
        for key in keys { #expect(app.handle(.key(key))) }
    }

    func type(_ text: String) { for c in text { keys(.char(c)) } }

    func logIn() {
        type("cashier")
        keys(.tab)
        type("1111")
        keys(.enter)
        settle()
    }

    /// Lets the background queue finish, then delivers what it posted, as the terminal loop would.
    func settle() {
        for _ in 0..<5 {
            app.waitForBackgroundWork()
            #expect(app.handle(.wake))
        }
    }

    @Test func logInAndPayThroughTheRuntime() {
        #expect(app.theme == plainTheme)
        type("cashier")
        keys(.tab)
        type("1111")
        keys(.enter)
        #expect(app.render(size: Size(width: 80, height: 24)).lines[1].hasSuffix("working… "))
        app.waitForBackgroundWork()
        #expect(waker.count == 1)
        settle()
        let lines = app.render(size: Size(width: 80, height: 24)).lines
        #expect(lines[0] == " Cashier · Orders                        cashier (cashier) · Store 1 · 14:13:20 ")
        #expect(lines[4].hasPrefix("   2026-0007    goods      王小明                      128.00 unpaid"))
        #expect(app.nextTimerMillis == 1000)

        keys(.char(" "), .function(2))
        settle()
        #expect(app.state.route == .tender)
        keys(.right)
        keys(.function(2))
        settle()
        #expect(app.state.route == .payment)
        #expect(app.render(size: Size(width: 80, height: 24)).lines[4].contains("W A I T I N G  ·  1:00 left"))
        // Waiting: wakes come about four times a second, on the countdown's second boundaries.
        clock.advance(millis: 900)
        #expect(app.nextTimerMillis == 100)
        clock.advance(millis: 100)
        #expect(app.nextTimerMillis == 250)

        // The poller (another writer) settles it; the next timer wake notices and refreshes.
        backend.setOutcome(1, .paid)
        settle()
        #expect(app.state.payment?.view.outcome == .paid)
        #expect(app.render(size: Size(width: 80, height: 24)).lines[4].contains("P A I D"))
        keys(.enter)
        settle()
        #expect(app.state.route == .orders)
        #expect(backend.heldLocks().isEmpty)
        #expect(!app.handle(.key(.function(10))))
    }

    @Test func keysWorkWhileACallBlocks() {
        logIn()
        let gate = DispatchSemaphore(value: 0)
        backend.holdOrders(gate)
        keys(.function(5))
        // The backend is stuck in SQLite; the screen still moves and says it is working.
        keys(.down, .char(" "))
        #expect(app.state.orders.selected.map(\.id) == [6])
        #expect(app.render(size: Size(width: 80, height: 24)).lines[1].hasSuffix("working… "))
        #expect(app.handle(.wake))
        gate.signal()
        backend.holdOrders(nil)
        settle()
        #expect(!app.state.isWorking)
    }

    @Test func aSlowCallDoesNotHoldUpAnIndependentOne() {
        logIn()
        let gate = DispatchSemaphore(value: 0)
        backend.holdOrders(gate)
        keys(.function(5))
        keys(.function(6))
        // The list reload is stuck (as a platform call can be for ten seconds); the approvals
        // queue, asked for after it, still arrives and shows.
        let deadline = Date().addingTimeInterval(10)
        while !app.state.approvals.loaded && Date() < deadline {
            #expect(app.handle(.wake))
            Thread.sleep(forTimeInterval: 0.005)
        }
        #expect(app.state.approvals.loaded)
        #expect(app.state.route == .approvals)
        #expect(app.state.isPending(.list(.open)))
        gate.signal()
        backend.holdOrders(nil)
        settle()
        #expect(!app.state.isWorking)
    }

    @Test func callsThatMustStayInOrderShareALane() {
        let session = UserSession(user: "cashier", role: .cashier)
        // A lock, its renewal and (in ConsoleApp) its release run in the order asked for.
        #expect(Lane(.lock(orderIds: [7], session: session, rows: [])) == .locks)
        #expect(Lane(.renewLock(orderIds: [7], session: session)) == .locks)
        // Every call about a checkout waits for the one before (the platform may be slow)...
        for call in [Call.payment(checkoutId: 1), .cancel(checkoutId: 1, session: session), .repay(checkoutId: 1, code: nil, session: session)] {
            #expect(Lane(call) == .payment)
        }
        // ...and holds up nothing else.
        let others: [Call] = [.orderTypes, .changeToken, .pendingApprovals, .orderDetail(id: 1, openRefund: false),
                              .drawer(.xReport(session)), .admin(.users)]
        #expect(Set(others.map(Lane.init)).count == others.count)
        #expect(!others.map(Lane.init).contains(.payment) && !others.map(Lane.init).contains(.locks))
    }

    @Test func quitAsksWhileAPaymentWaits() {
        logIn()
        keys(.function(2))
        settle()
        keys(.right, .function(2))
        settle()
        #expect(app.handle(.quitRequested))
        #expect(app.state.overlay == .confirmQuit)
        keys(.char("n"))
        #expect(app.handle(.key(.control("c"))))
        #expect(app.state.overlay == .confirmQuit)
        #expect(!app.handle(.key(.char("y"))))
    }

    @Test func resizeChangesThePageSize() {
        logIn()
        #expect(app.handle(.resize(Size(width: 120, height: 40))))
        #expect(app.state.orders.pageSize == 34)
        settle()
        #expect(backend.calls.last == "orders after:- limit:34 search:")
        #expect(app.render(size: Size(width: 60, height: 20)).lines[9].contains("Enlarge the window"))
    }

    @Test func aQuietWakeOnlyChecksTheChangeToken() {
        logIn()
        let before = backend.calls.count
        clock.advance(seconds: 1)
        settle()
        // Nothing changed: no reload, and repeated wakes at the same instant do not ask again.
        #expect(backend.calls.count == before)
        #expect(app.state.lastTokenCheck == clock.now())
    }
}
