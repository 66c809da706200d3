import CashierCore
import Localization
@testable import CashierEngine
@testable import CashierStore
import Foundation
import GRDB
import SQLSeam
import Testing

@Suite struct ReportTests {
    static let seeds: [UInt64] = Array(0..<12)

    /// Independent sums: every row read plainly and added up in Swift, never by the report's SQL.
    struct Sums {
        var byMethod: [String: Int64] = [:]
        var methodPayments: [String: Int] = [:]
        var byType: [String: Int64] = [:]
        var byOperator: [String: Int64] = [:]
        var coupons: [String: Int64] = [:]
        var refunds: [String: Int64] = [:]
        var drawer: [String: Int64] = [:]
        var payments = 0, repayments = 0, failed = 0, closed = 0
        /// Shift id → (sum of all its movements, counted by denomination).
        var shifts: [Int64: (moved: Int64, counted: Int64)] = [:]

        init(_ store: Store, from: Millis, to: Millis) throws {
            let (checkouts, details, lines, refundRows, movements) =
                (try store.probeRows("SELECT c.*, p.state AS po_state FROM checkouts c LEFT JOIN payment_orders p ON p.checkout_id = c.id"),
                 try store.probeRows("SELECT * FROM payment_details"),
                 try store.probeRows("SELECT co.checkout_id, co.amount, o.type FROM checkout_orders co JOIN orders o ON o.id = co.order_id"),
                 try store.probeRows("SELECT * FROM refund_orders"),
                 try store.probeRows("SELECT * FROM cash_movements"))
            func inPeriod(_ t: Millis?) -> Bool { t.map { $0 >= from && $0 < to } ?? false }
            var succeeded = Set<Int64>()
            for c in checkouts where inPeriod(c["finished_at"]) {
                let state: String = c["state"]
                if state == "succeeded" {
                    succeeded.insert(c["id"]); payments += 1
                    byOperator[c["operator"], default: 0] += c["total"]
                    if (c["coupon"] as Int64) > 0 { coupons[c["coupon_code"], default: 0] += c["coupon"] }
                }
                if state != "open", (c["retry_of"] as Int64?) != nil { repayments += 1 }
                if state == "failed", (c["po_state"] as String?) == "failed" { failed += 1 }
                if state == "failed", (c["po_state"] as String?) == "closed" { closed += 1 }
            }
            var perMethod: [String: Set<Int64>] = [:]
            for d in details where succeeded.contains(d["checkout_id"]) {
                byMethod[d["method"], default: 0] += d["amount"]
                perMethod[d["method"], default: []].insert(d["checkout_id"])
            }
            methodPayments = perMethod.mapValues(\.count)
            for l in lines where succeeded.contains(l["checkout_id"]) { byType[l["type"], default: 0] += l["amount"] }
            for r in refundRows where (r["state"] as String) == "succeeded" && inPeriod(r["updated_at"]) { refunds[r["method"], default: 0] += r["amount"] }
            for m in movements where inPeriod(m["at"]) { drawer[m["kind"], default: 0] += m["amount"] }
            for m in movements { shifts[m["shift_id"], default: (0, 0)].moved += m["amount"] }
            for c in try store.probeRows("SELECT * FROM shift_counts") {
                shifts[c["shift_id"], default: (0, 0)].counted += (c["denomination"] as Int64) * (c["quantity"] as Int64)
            }
        }
    }

    func expectMatches(_ f: ReportFigures, _ s: Sums, _ note: String) {
        #expect(!f.shifts.isEmpty, "\(note): no shifts listed")
        func dict(_ lines: [ReportLine]) -> [String: Int64] { Dictionary(uniqueKeysWithValues: lines.map { ($0.key, $0.amount) }) }
        #expect(dict(f.byMethod) == s.byMethod, "\(note): by method")
        #expect(Dictionary(uniqueKeysWithValues: f.byMethod.map { ($0.key, $0.count) }) == s.methodPayments, "\(note): payments per method")
        #expect(dict(f.byType) == s.byType, "\(note): by type")
        #expect(dict(f.byOperator) == s.byOperator, "\(note): by operator")
        #expect(dict(f.coupons) == s.coupons, "\(note): coupons")
        #expect(dict(f.refundsByMethod) == s.refunds, "\(note): refunds")
        let counts: [Int] = [f.payments, f.repayments, f.failed, f.closed]
        let sums: [Int] = [s.payments, s.repayments, s.failed, s.closed]
        #expect(counts == sums, "\(note): counts")
        let drawer: [Int64] = [f.floats, f.cashTaken, f.changeGiven, f.cashRefunds, f.cashIn, f.cashOut]
        let moved: [Int64] = ["float", "sale", "change", "refund", "cash_in", "cash_out"].map { s.drawer[$0] ?? 0 }
        #expect(drawer == moved, "\(note): drawer")
        #expect(f.salesTotal == s.byOperator.values.reduce(0, +) && f.salesTotal == s.byType.values.reduce(0, +), "\(note): totals")
        for shift in f.shifts {
            let own = s.shifts[shift.id]
            #expect(shift.expected == own?.moved, "\(note): shift \(shift.id) expected")
            if shift.state == "closed" {
                #expect(shift.counted == own?.counted && shift.overShort == (own?.counted ?? 0) - (own?.moved ?? 0), "\(note): shift \(shift.id) over/short")
            }
        }
        #expect(f.kind == .x || f.shifts.allSatisfy { $0.state == "closed" }, "\(note): a Z report lists closed shifts only")
    }

    /// Three business days on a random store: each X and Z total equals the independent sums over
    /// its period, the Z periods and today's X cover every payment and refund exactly once, and the
    /// Z numbers run 1, 2, 3 with a second Z of a day refused.
    @Test(arguments: seeds)
    func reportTotalsEqualTheStoresSums(seed: UInt64) async throws {
        var r = try ReportStore(seed: seed)
        let w = r.w
        var zs: [ZReportRecord] = []
        for day in 0..<3 {
            try r.openShifts()
            try await r.run(steps: 12)
            let x = try w.engine.reportX(by: "cashier")
            expectMatches(x, try Sums(w.store, from: x.from, to: x.to), "seed \(seed) day \(day) X")
            guard day < 2 else { break }
            try r.closeShifts()
            w.clock.advance(seconds: 1)
            guard case .produced(let z) = try w.engine.reportZ(supervisor: "supervisor", pin: "9999") else {
                Issue.record("seed \(seed): the day was already closed"); return
            }
            #expect(z.number == day + 1 && z.figures.number == day + 1)
            expectMatches(z.figures, try Sums(w.store, from: z.from, to: z.to), "seed \(seed) Z \(z.number)")
            // Shown again: the stored figures, identical; recomputed: the same numbers.
            #expect(try w.engine.storedZ(date: z.businessDate, by: "supervisor")?.figures == z.figures)
            let again = try w.engine.reportX(date: z.businessDate, by: "supervisor")
            #expect(again.byMethod == z.figures.byMethod && again.refundsByMethod == z.figures.refundsByMethod && again.shifts == z.figures.shifts)
            guard case .alreadyClosed(let same) = try w.engine.reportZ(date: z.businessDate, supervisor: "supervisor", pin: "9999") else {
                Issue.record("seed \(seed): a second Z report of \(z.businessDate) was produced"); return
            }
            #expect(same == z)
            zs.append(z)
            w.clock.advance(seconds: 86_400)
        }
        // Nothing lost, nothing counted twice: the Z periods and the open day cover all time.
        let open = try w.engine.reportX(by: "cashier")
        let everything = try Sums(w.store, from: 0, to: Millis.max)
        // The random store holds what the reports must add up.
        #expect(everything.payments >= 8 && everything.refunds.count >= 2 && everything.byMethod.count == 3 && everything.byType.count >= 3,
                "seed \(seed): \(everything)")
        #expect((everything.drawer["cash_in"] ?? 0) + (everything.drawer["cash_out"] ?? 0) != 0 || everything.failed + everything.closed > 0)
        #expect(zs.reduce(0) { $0 + $1.figures.salesTotal } + open.salesTotal == everything.byOperator.values.reduce(0, +))
        #expect(zs.reduce(0) { $0 + $1.figures.refundsTotal } + open.refundsTotal == everything.refunds.values.reduce(0, +))
        #expect(zip(zs, zs.dropFirst()).allSatisfy { $0.to == $1.from } && zs.last?.to == open.from)
        #expect(try w.violations() == [], "seed \(seed)")
    }

    @Test func aZReportIsRefusedWhileAShiftOrAPaymentIsOpenAndNeedsASupervisor() async throws {
        let w = try World()
        #expect(Refused.of {
            _ = try w.engine.reportZ(supervisor: "cashier", pin: "1111")
        } == Refused.forbidden("User cashier is a cashier: only a supervisor can run a Z report."))
        #expect(throws: CashierError.self) { _ = try w.engine.reportZ(supervisor: "supervisor", pin: "9999") }  // shifts open
        let s = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], online: 10_000, onlineMode: .code(World.alipay(1)), operatorName: "alice", channel: .web))
        for shift in try w.engine.shifts(openOnly: true) {
            _ = try w.engine.closeShift(shiftId: shift.id, closer: "supervisor", pin: "9999", count: .greedy(50_000, currency: .cny))
        }
        #expect(Refused.of {
            _ = try w.engine.reportZ(supervisor: "supervisor", pin: "9999")
        } == Refused.conflict("Payment \(s.paymentOrder!.tradeNo) is still in flight: wait for its result or cancel it before the Z report of \(try w.engine.businessDate())."))
        #expect(try w.engine.lastZReport() == nil)
        await w.drain()
        w.clock.advance(seconds: 1)
        guard case .produced(let z) = try w.engine.reportZ(supervisor: "supervisor", pin: "9999") else { Issue.record("no Z"); return }
        #expect(z.number == 1 && z.figures.salesTotal == 10_000 && z.figures.overShort == 0)
        // The schema refuses a gap, a second report of the day and any change.
        #expect(throws: SQLError.self) {
            try w.sqlExecute("INSERT INTO z_reports VALUES (3, '2099-01-01', ?, ?, 'CNY', 'supervisor', 0, '{}')", z.to, z.to)
        }
        #expect(throws: SQLError.self) { try w.sqlExecute("UPDATE z_reports SET figures = '{}'") }
        // After the day's Z, later payments show on the X of the open period and wait for the next Z.
        _ = try w.engine.openShift(operatorName: "cashier", pin: "1111", float: 0, terminal: "till-1")
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002")], cash: 3_333, operatorName: "cashier"))
        let after = try w.engine.reportX(by: "cashier")
        #expect(after.from == z.to && after.salesTotal == 3_333 && after.floats == 0 && after.cashTaken == 3_333)
        #expect(try w.engine.reportX(date: z.businessDate, by: "cashier").salesTotal == 10_000)
        #expect(try w.violations() == [])
    }

    @Test func aPastDayClosesAtItsEndAndLaterPaymentsWaitForTheNextZ() async throws {
        let w = try World()
        let cal = try w.store.businessCalendar()
        let day1 = cal.date(at: w.clock.now())
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("G001")], cash: 10_000, operatorName: "cashier"))
        w.clock.advance(seconds: 86_400)
        _ = try await w.engine.pay(PaymentPlan(orderIds: [try w.id("S002")], cash: 3_333, operatorName: "alice"))
        // The shifts opened on day 1 are still open: day 1 cannot close.
        #expect(throws: CashierError.self) { _ = try w.engine.reportZ(date: day1, supervisor: "supervisor", pin: "9999") }
        for shift in try w.engine.shifts(openOnly: true) {
            let d = try w.engine.drawer(shiftId: shift.id)
            _ = try w.engine.closeShift(shiftId: shift.id, closer: "supervisor", pin: "9999", count: .greedy(d.expected, currency: .cny))
        }
        guard case .produced(let z) = try w.engine.reportZ(date: day1, supervisor: "supervisor", pin: "9999") else { Issue.record("no Z"); return }
        #expect(z.to == cal.bounds(of: day1)!.end && z.figures.salesTotal == 10_000 && z.figures.byOperator.map(\.key) == ["cashier"])
        let today = try w.engine.reportX(by: "alice")
        #expect(today.from == z.to && today.salesTotal == 3_333)
        #expect(throws: CashierError.self) { _ = try w.engine.reportX(date: "2020-02-30", by: "alice") }
        #expect(throws: CashierError.self) { _ = try w.engine.reportX(date: "2099-01-01", by: "alice") }
    }
}
