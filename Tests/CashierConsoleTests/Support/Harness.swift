import Foundation
import Testing
import CashierCore
@testable import CashierConsole

let utc = TimeZone(identifier: "UTC")!
let plainTheme = Theme(name: "test", styles: [:])

/// Drives update directly (no runtime): keys in, effects out; `settle` plays the backend's part
/// synchronously so multi-step flows stay deterministic.
struct Harness {
    var state: AppState
    let backend: FakeBackend
    let clock: ManualClock

    init(loggedInAs user: String? = "cashier", size: Size = Size(width: 80, height: 24)) {
        clock = ManualClock()
        backend = FakeBackend(clock: clock)
        state = AppState(storeLabel: "Store 1", timeZone: utc, now: clock.now())
        _ = state.update(.resize(size))
        if let user {
            let pin = user == "supervisor" ? "9999" : "1111"
            settle(type(user) + press(.tab) + type(pin) + press(.enter))
            state.message = nil
        }
    }

    @discardableResult
    mutating func send(_ action: Action) -> [Effect] { state.update(action) }

    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { state.update(.key($0, at: clock.now())) }
    }

    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { state.update(.key(.char($0), at: clock.now())) }
    }

    /// Performs the effects against the fake backend and feeds the answers back, until quiet.
    mutating func settle(_ effects: [Effect]) {
        var queue = effects
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            switch effect {
            case .call(let id, let call):
                queue += state.update(.reply(id: id, perform(call, on: backend)))
            case .unlock(let ids, let session):
                backend.unlock(orderIds: ids, session: session)
            case .quit:
                break
            }
        }
    }

    mutating func pressSettled(_ keys: Key...) {
        for key in keys { settle(state.update(.key(key, at: clock.now()))) }
    }

    func render(_ size: Size = Size(width: 80, height: 24), qr: QRRenderer = QRBlock.standard) -> Grid {
        view(state, theme: plainTheme, size: size, qr: qr)
    }
}

/// The expected screen: each literal line padded with spaces to the width.
func screen(_ lines: [String], width: Int = 80) -> [String] {
    lines.map { line in
        let w = DisplayWidth.of(line)
        precondition(w <= width, "expected line is wider than \(width): \(line)")
        return line + String(repeating: " ", count: width - w)
    }
}

extension Grid {
    /// The roles along one row, for checking colouring without a literal per cell.
    func roles(row: Int) -> [Role] { (0..<size.width).map { self[$0, row].role } }
}

func money(_ text: String) -> Money { FakeBackend.cny(text) }
