/// The notes and coins of a currency a cashier counts a drawer in, largest first, in minor units.
public enum Denominations {
    static let table: [String: [Int64]] = [
        // CNY: 100, 50, 20, 10, 5 and 1 yuan notes/coins, 5 and 1 jiao.
        "CNY": [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10],
        "USD": [10_000, 5_000, 2_000, 1_000, 500, 100, 25, 10, 5, 1],
        "EUR": [50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100, 50, 20, 10, 5, 2, 1],
        "JPY": [10_000, 5_000, 2_000, 1_000, 500, 100, 50, 10, 5, 1],
    ]

    /// The denominations of `currency`, largest first; empty for a currency without a table.
    public static func of(_ currency: Currency) -> [Int64] { table[currency.code] ?? [] }

    /// "100", "0.5": a denomination as printed on it, without trailing zeros.
    public static func label(_ denomination: Int64, _ currency: Currency) -> String {
        var text = Money.format(minor: denomination, currency: currency)
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// A drawer counted by denomination: how many of each note or coin.
public struct DrawerCount: Sendable, Equatable, Codable {
    public var currency: Currency
    /// Denomination (minor units) → quantity; only denominations of the currency.
    public private(set) var quantities: [Int64: Int]

    public init(currency: Currency, quantities: [Int64: Int] = [:]) throws(CashierError) {
        self.currency = currency
        self.quantities = [:]
        for (d, q) in quantities { try set(d, q) }
    }

    /// Sets the quantity of one denomination; refuses a denomination the currency lacks.
    public mutating func set(_ denomination: Int64, _ quantity: Int) throws(CashierError) {
        guard Denominations.of(currency).contains(denomination) else {
            throw .invalid("refusal.count.not_a_denomination", ["amount": "\(Money.format(minor: denomination, currency: currency))", "currency": "\(currency.code)",
                                                                "denominations": "\(Denominations.of(currency).map { Money.format(minor: $0, currency: currency) }.joined(separator: ", "))"])
        }
        guard quantity >= 0, quantity <= 100_000 else {
            throw .invalid("refusal.count.bad_quantity", ["quantity": "\(quantity)", "amount": "\(Money.format(minor: denomination, currency: currency))"])
        }
        quantities[denomination] = quantity == 0 ? nil : quantity
    }

    public func quantity(_ denomination: Int64) -> Int { quantities[denomination] ?? 0 }

    /// What the counted notes and coins add up to, in minor units.
    public var total: Int64 { quantities.reduce(0) { $0 + $1.key * Int64($1.value) } }

    /// Parses "100=3,20=1,0.5=4": denomination as an amount, '=', quantity; a denomination once.
    public static func parse(_ text: String, currency: Currency) throws(CashierError) -> DrawerCount {
        var count = try DrawerCount(currency: currency)
        var seen = Set<Int64>()
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        if items == [""] { return count }  // an empty drawer
        for item in items {
            let parts = item.split(separator: "=", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            guard parts.count == 2, let quantity = Int(parts[1]) else {
                throw .invalid("refusal.count.bad_item", ["item": .text(item)])
            }
            let denomination: Int64
            do { denomination = try Money.parse(parts[0], currency: currency).minor } catch {
                throw .invalid("refusal.count.bad_denomination", ["text": .text(parts[0]), "why": .amountProblem(error)])
            }
            guard seen.insert(denomination).inserted else {
                throw .invalid("refusal.count.twice", ["text": .text(parts[0])])
            }
            try count.set(denomination, quantity)
        }
        return count
    }

    /// The shortest "100=3,0.5=4" form, largest denomination first.
    public var text: String {
        Denominations.of(currency).filter { quantity($0) > 0 }
            .map { "\(Denominations.label($0, currency))=\(quantity($0))" }.joined(separator: ",")
    }

    /// Greedy breakdown of an amount (as many large pieces as fit); what cannot be made of the
    /// currency's pieces is left out (`total` is then below `amount`).
    public static func greedy(_ amount: Int64, currency: Currency) -> DrawerCount {
        var left = max(0, amount)
        var q: [Int64: Int] = [:]
        for d in Denominations.of(currency) where left >= d {
            q[d] = Int(left / d)
            left %= d
        }
        return (try? DrawerCount(currency: currency, quantities: q)) ?? DrawerCount(unchecked: currency)
    }

    private init(unchecked currency: Currency) { self.currency = currency; quantities = [:] }
}
