import Foundation
import CashierCore
@testable import CashierConsole

/// Reconciled days and their items in memory, with the engine's rules for resolving them.
final class FakeRecon: @unchecked Sendable {
    private let lock = NSLock()
    private var days: [ReconDayRow] = []
    private var items: [String: [ReconItemRow]] = [:]
    private(set) var calls: [String] = []

    static func cny(_ minor: Int64) -> Money { Money(minor: minor, currency: .cny) }

    /// Two days of both platforms: one that agrees, one with an item of every kind.
    func seed() {
        lock.withLock {
            func day(_ platform: String, _ date: String, _ trades: Int, _ amount: Int64, _ refunds: Int, _ back: Int64, _ fees: Int64,
                     held: Int, open: Int, runs: Int = 1, changed: Bool = false) -> ReconDayRow {
                ReconDayRow(platform: platform, date: date, tradesMatched: trades, tradesAmount: Self.cny(amount), refundsMatched: refunds,
                            refundsAmount: Self.cny(back), fees: Self.cny(fees), held: held, openItems: open, runs: runs, billChanged: changed)
            }
            days = [
                day("alipay", "2026-09-20", 1_204, 9_876_543, 12, 45_600, 59_259, held: 0, open: 5, runs: 2, changed: true),
                day("wechat", "2026-09-20", 318, 1_234_500, 3, 9_900, 7_407, held: 1, open: 0),
                day("alipay", "2026-09-19", 980, 7_654_321, 8, 12_300, 45_926, held: 0, open: 0),
                day("wechat", "2026-09-19", 301, 1_111_100, 0, 0, 6_667, held: 0, open: 0),
            ]
            func item(_ id: Int64, _ kind: ReconItemRow.Kind, _ trade: String, _ refund: String, _ bill: Int64?, _ store: Int64?,
                      _ action: String, _ note: String = "", _ followUps: [ReconFollowUpChoice] = []) -> ReconItemRow {
                ReconItemRow(id: id, kind: kind, tradeNo: trade, refundNo: refund, billAmount: bill.map(Self.cny), storeAmount: store.map(Self.cny),
                             action: action, note: note, resolvedBy: nil, resolution: nil, followUps: followUps)
            }
            items["alipay 2026-09-20"] = [
                item(11, .missingHere, "CSH0000000042", "", 50_000, nil,
                     ReconAction.apply.rawValue,
                     ReconNote.confirmedByQuery.stored, [.apply]),
                item(12, .missingHere, "CSH0000000043", "", 12_800, nil,
                     ReconAction.refundFailed.rawValue,
                     ReconNote.confirmedByQuery.stored, [.refund]),
                item(13, .amountMismatch, "CSH0000000044", "", 10_001, 10_000,
                     ReconAction.compareAmounts.rawValue),
                item(14, .refundMismatch, "CSH0000000045", "RF0000000007", 1_000, 1_000,
                     ReconAction.recordRefundFailed.rawValue),
                item(15, .missingThere, "CSH0000000046", "", nil, 4_500,
                     ReconAction.queryPayment.rawValue),
            ]
        }
    }

    func allDays() -> [ReconDayRow] { lock.withLock { days } }

    func dayItems(_ platform: String, _ date: String) -> [ReconItemRow] {
        lock.withLock {
            calls.append("items \(platform) \(date)")
            let all = items["\(platform) \(date)"] ?? []
            return all.filter(\.isOpen) + all.filter { !$0.isOpen }
        }
    }

    func resolve(_ id: Int64, _ note: String, _ followUp: ReconFollowUpChoice?, _ supervisor: String, _ pin: String) throws(BackendError) -> ReconItemRow {
        lock.lock()
        defer { lock.unlock() }
        calls.append("resolve \(id) \(followUp?.rawValue ?? "note") by \(supervisor)")
        guard supervisor == "supervisor", pin == "9999" else {
            throw BackendError(supervisor == "cashier" ? "User cashier is a cashier: only a supervisor can resolve a reconciliation item."
                                                       : "Wrong PIN for \(supervisor): try again (4 attempts left).")
        }
        for (key, list) in items {
            guard let i = list.firstIndex(where: { $0.id == id }) else { continue }
            var item = list[i]
            guard item.isOpen else { throw BackendError("Item \(id) was already resolved by \(item.resolvedBy ?? "?").") }
            if let followUp, !item.followUps.contains(followUp) {
                throw BackendError("Payment \(item.tradeNo) cannot be \(followUp == .apply ? "applied" : "refunded") now.")
            }
            item.resolvedBy = supervisor
            item.resolution = note + (followUp.map { $0 == .apply ? " — applied: payment \(item.tradeNo) succeeded" : " — refunded at the platform: reversed at the platform" } ?? "")
            item.followUps = []
            items[key]![i] = item
            let parts = key.split(separator: " ")
            if let d = days.firstIndex(where: { $0.platform == parts[0] && $0.date == parts[1] }) { days[d].openItems -= 1 }
            return item
        }
        throw BackendError("There is no reconciliation item \(id): check its number in the day's list.")
    }
}

extension FakeBackend {
    func reconciliationDays() throws(BackendError) -> [ReconDayRow] { recon.allDays() }
    func reconciliationItems(platform: String, date: String) throws(BackendError) -> [ReconItemRow] { recon.dayItems(platform, date) }
    func resolveReconciliationItem(id: Int64, note: String, followUp: ReconFollowUpChoice?, supervisor: String,
                                   pin: String) throws(BackendError) -> ReconItemRow {
        try recon.resolve(id, note, followUp, supervisor, pin)
    }
}
