/// How a checkout's money is spread over its orders and methods.
///
/// The rule (documented in the README): methods are allocated in the order coupon, cash, online.
/// Each method except the last is split over the orders in proportion to what each order still
/// needs, by the largest-remainder method (ties go to the earlier order); the last method takes
/// exactly what each order still needs. So every order's shares sum to its amount and every
/// method's shares sum to the method's amount: no minor unit is lost or invented.
public enum Allocation {
    public enum AllocationError: Error, Equatable, Sendable {
        case totalsDiffer(orders: Int64, methods: Int64)
        case negative
    }

    /// - Returns: `shares[order][method]`, in the order given.
    public static func split(orderAmounts: [Int64], methodAmounts: [Int64]) throws(AllocationError) -> [[Int64]] {
        guard orderAmounts.allSatisfy({ $0 >= 0 }), methodAmounts.allSatisfy({ $0 >= 0 }) else {
            throw .negative
        }
        let orderTotal = orderAmounts.reduce(0, +)
        let methodTotal = methodAmounts.reduce(0, +)
        guard orderTotal == methodTotal else { throw .totalsDiffer(orders: orderTotal, methods: methodTotal) }

        var remaining = orderAmounts
        var shares = Array(repeating: Array(repeating: Int64(0), count: methodAmounts.count), count: orderAmounts.count)
        for (m, amount) in methodAmounts.enumerated() {
            let column: [Int64]
            if m == methodAmounts.count - 1 {
                column = remaining
            } else {
                column = proportional(amount, weights: remaining)
            }
            for o in orderAmounts.indices {
                shares[o][m] = column[o]
                remaining[o] -= column[o]
            }
        }
        return shares
    }

    /// Splits `amount` in proportion to `weights` (largest remainder; ties to the lower index).
    /// When `amount <= sum(weights)` no share exceeds its weight.
    public static func proportional(_ amount: Int64, weights: [Int64]) -> [Int64] {
        let total = weights.reduce(0, +)
        guard total > 0 else { return weights.map { _ in 0 } }
        var shares: [Int64] = []
        var remainders: [(index: Int, remainder: Int64)] = []
        for (i, w) in weights.enumerated() {
            // 128-bit product: amount * w can exceed Int64 for large stores' totals.
            let (high, low) = amount.multipliedFullWidth(by: w)
            let (q, r) = total.dividingFullWidth((high, low))
            shares.append(q)
            remainders.append((i, r))
        }
        var left = amount - shares.reduce(0, +)
        let order = remainders.sorted { $0.remainder != $1.remainder ? $0.remainder > $1.remainder : $0.index < $1.index }
        var k = 0
        while left > 0 {
            shares[order[k % order.count].index] += 1
            left -= 1
            k += 1
        }
        return shares
    }

    /// Draws `amount` from sources in the order given, each up to its capacity.
    /// Returns nil when the capacities cannot cover it.
    public static func drawInOrder(_ amount: Int64, capacities: [Int64]) -> [Int64]? {
        var left = amount
        var draws: [Int64] = []
        for c in capacities {
            let d = min(max(c, 0), left)
            draws.append(d)
            left -= d
        }
        return left == 0 ? draws : nil
    }
}
