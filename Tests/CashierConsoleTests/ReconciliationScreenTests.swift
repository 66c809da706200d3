import Testing
import CashierCore
@testable import CashierConsole

@Suite struct ReconciliationScreenTests {
    /// A supervisor's console on the reconciliation screen over the seeded days.
    static func days(size: Size = Size(width: 80, height: 24), as user: String = "supervisor") -> Harness {
        var h = Harness(loggedInAs: user, size: size)
        h.backend.recon.seed()
        h.pressSettled(.char("b"))
        return h
    }

    /// The first day's items (alipay 2026-09-20).
    static func items(size: Size = Size(width: 80, height: 24)) -> Harness {
        var h = days(size: size)
        h.pressSettled(.enter)
        return h
    }

    @Test func printTheScreens() {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40)] {
            var h = Self.days(size: size)
            print(h.render(size).lines.map { "\"\($0)\"," }.joined(separator: "\n"))
            h.pressSettled(.enter)
            print(h.render(size).lines.map { "\"\($0)\"," }.joined(separator: "\n"))
            h.press(.char("r"))
            print(h.render(size).lines.map { "\"\($0)\"," }.joined(separator: "\n"))
            h.press(.down)
            print(h.render(size).lines.map { "\"\($0)\"," }.joined(separator: "\n"))
        }
    }
}
