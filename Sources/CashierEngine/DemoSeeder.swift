import CashierCore
import CashierStore
import Foundation

/// Seeds a realistic store: orders of several types for Latin and CJK customers, the demo
/// users, coupons, and some history paid and refunded through the engine itself.
public struct DemoSeeder: Sendable {
    public static let cashier = (name: "cashier", pin: "1111")
    public static let supervisor = (name: "supervisor", pin: "9999")

    static let types: [(name: String, prefix: String, items: [(String, Int64)])] = [
        ("goods", "G", [("Green tea 绿茶", 1_800), ("Notebook", 1_250), ("USB cable", 3_990), ("Rice 5kg 大米", 6_500), ("Umbrella 雨伞", 4_900)]),
        ("service", "S", [("Haircut 理发", 8_800), ("Repair labour", 15_000), ("Delivery", 1_500), ("Gift wrap", 600)]),
        ("membership", "M", [("Gold membership 1 year", 29_900), ("Silver membership 6 months", 9_900)]),
        ("deposit", "D", [("Equipment deposit 押金", 50_000), ("Booking deposit", 20_000)]),
    ]
    static let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"]
    static let givenNames = ["小明", "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "洋", "艳"]
    static let latinFirst = ["Alice", "Bob", "Chloé", "David", "Emma", "Farid", "Grace", "Hiroshi", "Ines", "Jonas", "Zoë", "Mateo"]
    static let latinLast = ["Smith", "Müller", "García", "Rossi", "Dubois", "Kowalski", "Tanaka", "O'Brien", "Novak", "Silva"]

    public let orders: Int
    public let seed: UInt64
    /// PBKDF2 rounds for the demo users (tests may lower it; the app keeps the default).
    public let pinRounds: Int

    public init(orders: Int, seed: UInt64, pinRounds: Int = PinHasher.defaultRounds) {
        self.orders = orders; self.seed = seed; self.pinRounds = pinRounds
    }

    public func seed(into engine: Engine) async throws {
        let store = engine.store
        var rng = SeededRandom(seed: seed)
        try store.addUser(name: Self.cashier.name, role: .cashier, pin: Self.cashier.pin, rounds: pinRounds)
        try store.addUser(name: Self.supervisor.name, role: .supervisor, pin: Self.supervisor.pin, rounds: pinRounds)
        try store.addUser(name: "alice", role: .cashier, pin: "2222", rounds: pinRounds)
        let now = store.clock.now()
        let year: Millis = 365 * 24 * 3600 * 1000
        try store.addCoupon(code: "WELCOME10", value: Money(minor: 1_000, currency: .cny), expiresAt: now + year)
        try store.addCoupon(code: "GIFT50", value: Money(minor: 5_000, currency: .cny), expiresAt: now + year)
        try store.addCoupon(code: "VIP200", value: Money(minor: 20_000, currency: .cny), expiresAt: now + year)
        try store.addCoupon(code: "EXPIRED5", value: Money(minor: 500, currency: .cny), expiresAt: now - 24 * 3600 * 1000)

        // Oldest first, so the newest orders get the highest ids and come first in lists.
        let batch = 50_000
        var start = 0
        while start < orders {
            let end = min(orders, start + batch)
            var chunk: [NewOrder] = []
            chunk.reserveCapacity(end - start)
            for i in start..<end { chunk.append(makeOrder(i, now: now, rng: &rng)) }
            try store.insertOrders(chunk)
            start = end
        }
        try await seedHistory(engine, rng: &rng)
        try store.checkpoint()
    }

    func makeOrder(_ i: Int, now: Millis, rng: inout SeededRandom) -> NewOrder {
        let type = Self.types[Int(rng.next() % 10) < 6 ? 0 : Int(rng.next() % UInt64(Self.types.count))]
        let customer: String
        if rng.next() % 2 == 0 {
            customer = Self.surnames.randomElement(using: &rng)! + Self.givenNames.randomElement(using: &rng)!
        } else {
            customer = Self.latinFirst.randomElement(using: &rng)! + " " + Self.latinLast.randomElement(using: &rng)!
        }
        let lineCount = type.name == "goods" ? 1 + Int(rng.next() % 3) : 1
        var lines: [(name: String, quantity: Int, unitPrice: Int64)] = []
        for _ in 0..<lineCount {
            let item = type.items.randomElement(using: &rng)!
            lines.append((item.0, type.name == "goods" ? 1 + Int(rng.next() % 4) : 1, item.1))
        }
        let digits = String(i + 1)
        let number = type.prefix + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
        let age = Millis(orders - i) * 60_000
        return NewOrder(number: number, type: type.name, customer: customer, currency: .cny, lines: lines, createdAt: now - age)
    }

    /// Some paid and refunded orders so the history and approval screens are not empty.
    func seedHistory(_ engine: Engine, rng: inout SeededRandom) async throws {
        let count = min(max(orders / 20, 0), 40)
        guard count > 0 else { return }
        // History is taken in one shift of the cashier, closed with a count, so the demo users
        // start without an open shift (the console asks for one after log-in).
        let shift = try engine.store.openShift(terminal: engine.config.terminal, operatorName: Self.cashier.name, float: 50_000)
        // The oldest orders become history; the newest stay open for the cashier.
        for id in 1...Int64(count) {
            guard let o = try engine.store.order(id: id) else { continue }
            let amount = o.amount.minor
            let plan: PaymentPlan
            switch id % 4 {
            case 0:
                plan = PaymentPlan(orderIds: [id], cash: amount, tendered: ((amount + 9_999) / 10_000) * 10_000, operatorName: Self.cashier.name)
            case 1:
                plan = PaymentPlan(orderIds: [id], online: amount, onlineMode: .code("28" + String(format: "%015d", id) + "0"),
                                   operatorName: Self.cashier.name)
            case 2:
                let cash = amount / 2
                plan = PaymentPlan(orderIds: [id], cash: cash, online: amount - cash,
                                   onlineMode: .code("13" + String(format: "%015d", id) + "0"), operatorName: Self.cashier.name)
            default:
                let coupon = min(1_000, amount)
                plan = PaymentPlan(orderIds: [id], coupon: coupon, couponCode: "VIP200", cash: amount - coupon, operatorName: Self.cashier.name)
            }
            _ = try await engine.pay(plan)
            if id % 5 == 0 {
                let request = try engine.requestRefund(orderId: id, amount: max(1, amount / 3), reason: "Customer returned an item",
                                                       by: Self.cashier.name)
                if id % 10 == 0 {
                    _ = try await engine.approve(requestId: request.id, supervisor: Self.supervisor.name, pin: Self.supervisor.pin)
                }
            }
        }
        await engine.flushReceipts()
        if let drawer = try engine.store.drawer(shiftId: shift.id) {
            _ = try engine.store.closeShift(id: shift.id, closedBy: Self.cashier.name, supervisor: nil,
                                            count: .greedy(drawer.expected, currency: shift.currency), overShortLimit: engine.config.overShortLimit)
        }
    }
}
