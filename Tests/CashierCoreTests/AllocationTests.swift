import CashierCore
import Testing

@Suite struct AllocationSplitTests {
    @Test func singleOrder() throws {
        #expect(try Allocation.split(orderAmounts: [1234], methodAmounts: [1234]) == [[1234]])
        #expect(try Allocation.split(orderAmounts: [1234], methodAmounts: [1000, 234]) == [[1000, 234]])
        #expect(try Allocation.split(orderAmounts: [1234], methodAmounts: [200, 34, 1000]) == [[200, 34, 1000]])
    }

    @Test func manyOrdersExactProportions() throws {
        // coupon 100, cash 400, online 500 over orders of 300, 200, 500
        #expect(try Allocation.split(orderAmounts: [300, 200, 500], methodAmounts: [100, 400, 500])
                == [[30, 120, 150], [20, 80, 100], [50, 200, 250]])
    }

    @Test func manyOrdersLargestRemainder() throws {
        // 100 over 333/333/334: 33.3, 33.3, 33.4 → the spare unit goes to the largest remainder.
        #expect(try Allocation.split(orderAmounts: [333, 333, 334], methodAmounts: [100, 900])
                == [[33, 300], [33, 300], [34, 300]])
        // 1 over 1/2: 0.33, 0.67 → the second order, even though it is later.
        #expect(try Allocation.split(orderAmounts: [1, 2], methodAmounts: [1, 2]) == [[0, 1], [1, 1]])
    }

    @Test func zeroMethods() throws {
        #expect(try Allocation.split(orderAmounts: [], methodAmounts: []) == [])
        #expect(try Allocation.split(orderAmounts: [0, 0], methodAmounts: []) == [[], []])
        #expect(throws: Allocation.AllocationError.totalsDiffer(orders: 5, methods: 0)) {
            try Allocation.split(orderAmounts: [5], methodAmounts: [])
        }
        #expect(try Allocation.split(orderAmounts: [], methodAmounts: [0, 0]) == [])
    }

    @Test func oneMethodIsTheWholeTotal() throws {
        #expect(try Allocation.split(orderAmounts: [100, 250], methodAmounts: [350]) == [[100], [250]])
        #expect(try Allocation.split(orderAmounts: [100, 250], methodAmounts: [350, 0]) == [[100, 0], [250, 0]])
        #expect(try Allocation.split(orderAmounts: [100, 250], methodAmounts: [0, 350]) == [[0, 100], [0, 250]])
        #expect(try Allocation.split(orderAmounts: [100, 0, 250], methodAmounts: [0, 350, 0]) == [[0, 100, 0], [0, 0, 0], [0, 250, 0]])
    }

    @Test func oneMinorUnitOverThreeOrders() throws {
        // Equal remainders: the unit goes to the first order.
        #expect(try Allocation.split(orderAmounts: [1, 1, 1], methodAmounts: [1, 2]) == [[1, 0], [0, 1], [0, 1]])
        #expect(try Allocation.split(orderAmounts: [100, 100, 100], methodAmounts: [1, 299]) == [[1, 99], [0, 100], [0, 100]])
        #expect(try Allocation.split(orderAmounts: [100, 100, 100], methodAmounts: [2, 298]) == [[1, 99], [1, 99], [0, 100]])
        // The last method takes the single unit wherever it is needed.
        #expect(try Allocation.split(orderAmounts: [0, 0, 1], methodAmounts: [0, 1]) == [[0, 0], [0, 0], [0, 1]])
    }

    @Test func tiesGoToTheEarlierOrder() throws {
        // 10 over 5/10/5: 2.5, 5, 2.5 → the tie between the first and third goes to the first.
        #expect(try Allocation.split(orderAmounts: [5, 10, 5], methodAmounts: [10, 10]) == [[3, 2], [5, 5], [2, 3]])
        #expect(Allocation.proportional(10, weights: [5, 10, 5]) == [3, 5, 2])
        #expect(Allocation.proportional(10, weights: [5, 5, 10]) == [3, 2, 5])
        #expect(Allocation.proportional(1, weights: [1, 1, 1]) == [1, 0, 0])
        #expect(Allocation.proportional(2, weights: [1, 1, 1]) == [1, 1, 0])
        #expect(Allocation.proportional(2, weights: [7, 7, 7, 7]) == [1, 1, 0, 0])
    }

    /// Products of amount × weight far beyond Int64: the 128-bit path.
    @Test func amountsNearTheInt64Limit() throws {
        let third: Int64 = 3_000_000_000_000_000_000
        // 4e18 × 3e18 / 9e18 = 1.333…e18 each; the spare unit goes to the first.
        #expect(Allocation.proportional(4_000_000_000_000_000_000, weights: [third, third, third])
                == [1_333_333_333_333_333_334, 1_333_333_333_333_333_333, 1_333_333_333_333_333_333])
        #expect(try Allocation.split(orderAmounts: [third, third, third],
                                     methodAmounts: [4_000_000_000_000_000_000, 5_000_000_000_000_000_000])
                == [[1_333_333_333_333_333_334, 1_666_666_666_666_666_666],
                    [1_333_333_333_333_333_333, 1_666_666_666_666_666_667],
                    [1_333_333_333_333_333_333, 1_666_666_666_666_666_667]])

        #expect(Allocation.proportional(.max, weights: [.max - 1, 1]) == [.max - 1, 1])
        #expect(try Allocation.split(orderAmounts: [.max], methodAmounts: [.max - 1, 1]) == [[.max - 1, 1]])

        // Orders summing to exactly Int64.max, three methods of about a third each.
        let orders: [Int64] = [4_611_686_018_427_387_903, 2_305_843_009_213_693_951, 2_305_843_009_213_693_953]
        let methods: [Int64] = [3_074_457_345_618_258_602, 3_074_457_345_618_258_602, 3_074_457_345_618_258_603]
        #expect(try Allocation.split(orderAmounts: orders, methodAmounts: methods) == [
            [1_537_228_672_809_129_301, 1_537_228_672_809_129_301, 1_537_228_672_809_129_301],
            [768_614_336_404_564_650, 768_614_336_404_564_650, 768_614_336_404_564_651],
            [768_614_336_404_564_651, 768_614_336_404_564_651, 768_614_336_404_564_651],
        ])
    }

    @Test func errors() {
        #expect(throws: Allocation.AllocationError.totalsDiffer(orders: 10, methods: 9)) {
            try Allocation.split(orderAmounts: [10], methodAmounts: [9])
        }
        #expect(throws: Allocation.AllocationError.totalsDiffer(orders: 3, methods: 4)) {
            try Allocation.split(orderAmounts: [1, 2], methodAmounts: [1, 1, 2])
        }
        #expect(throws: Allocation.AllocationError.negative) {
            try Allocation.split(orderAmounts: [-1, 2], methodAmounts: [1])
        }
        #expect(throws: Allocation.AllocationError.negative) {
            try Allocation.split(orderAmounts: [3], methodAmounts: [-1, 4])
        }
        // Negative is refused even when the totals would agree.
        #expect(throws: Allocation.AllocationError.negative) {
            try Allocation.split(orderAmounts: [-5], methodAmounts: [-5])
        }
    }
}

// MARK: - Property test

/// The specification of a largest-remainder split, checked with 128-bit arithmetic of its own.
@available(macOS 15.0, *)
func expectLargestRemainder(_ amount: Int64, weights: [Int64], shares: [Int64],
                            sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(shares.count == weights.count, sourceLocation: sourceLocation)
    guard shares.count == weights.count else { return }
    let total = Int128(weights.reduce(0, +))
    if total == 0 {
        #expect(shares.allSatisfy { $0 == 0 }, sourceLocation: sourceLocation)
        return
    }
    #expect(shares.reduce(0, +) == amount, "shares \(shares) of \(amount)", sourceLocation: sourceLocation)
    let exact = weights.map { (Int128(amount) * Int128($0)).quotientAndRemainder(dividingBy: total) }
    var bumped: [Int] = []
    var kept: [Int] = []
    for i in weights.indices {
        let extra = Int128(shares[i]) - exact[i].quotient
        #expect(extra == 0 || extra == 1, "share \(i) of \(amount) by \(weights): \(shares[i])", sourceLocation: sourceLocation)
        if extra == 1 { bumped.append(i) } else { kept.append(i) }
    }
    // Spare units go to the largest remainders; among equal remainders, to the lower index.
    for b in bumped {
        for k in kept {
            let rb = exact[b].remainder, rk = exact[k].remainder
            #expect(rb > rk || (rb == rk && b < k),
                    "unit went to \(b) (remainder \(rb)) before \(k) (remainder \(rk))", sourceLocation: sourceLocation)
        }
    }
}

@Suite struct AllocationPropertyTests {
    /// Several thousand seeded random checkouts, small (ties, zeros), medium and huge amounts.
    @available(macOS 15.0, *)
    @Test(arguments: [UInt64(1), 2, 3, 4])
    func splitKeepsEveryMinorUnit(seed: UInt64) throws {
        var random = SeededRandom(seed: seed)
        for _ in 0..<1500 {
            let orderCount = Int.random(in: 0...6, using: &random)
            let scale = Int.random(in: 0...2, using: &random)
            let cap: Int64 = switch scale {
            case 0: 20
            case 1: 1_000_000
            default: Int64.max / Int64(max(orderCount, 1))
            }
            let orders = (0..<orderCount).map { _ in
                Int.random(in: 0..<5, using: &random) == 0 ? 0 : Int64.random(in: 0...cap, using: &random)
            }
            let total = orders.reduce(0, +)
            let methodCount = Int.random(in: (total == 0 ? 0 : 1)...4, using: &random)
            var cuts = (0..<max(methodCount - 1, 0)).map { _ in Int64.random(in: 0...total, using: &random) }.sorted()
            cuts.append(total)
            var methods: [Int64] = []
            var previous: Int64 = 0
            for cut in cuts.prefix(methodCount) {
                methods.append(cut - previous)
                previous = cut
            }
            #expect(methods.reduce(0, +) == total && methods.count == methodCount)

            let shares = try Allocation.split(orderAmounts: orders, methodAmounts: methods)
            let context = "orders \(orders) methods \(methods) → \(shares)"
            #expect(shares.count == orders.count, "\(context)")
            var remaining = orders
            for (o, row) in shares.enumerated() {
                #expect(row.count == methods.count, "\(context)")
                #expect(row.reduce(0, +) == orders[o], "order \(o) does not add up: \(context)")
                #expect(row.allSatisfy { $0 >= 0 && $0 <= orders[o] }, "share out of range: \(context)")
            }
            for m in methods.indices {
                let column = shares.map { $0[m] }
                #expect(column.reduce(0, +) == methods[m], "method \(m) does not add up: \(context)")
                if m < methods.count - 1 {
                    expectLargestRemainder(methods[m], weights: remaining, shares: column)
                } else {
                    #expect(column == remaining, "the last method must take what is left: \(context)")
                }
                for o in orders.indices { remaining[o] -= column[o] }
            }
        }
    }

    @available(macOS 15.0, *)
    @Test func proportionalMatchesItsSpecification() {
        var random = SeededRandom(seed: 77)
        for _ in 0..<3000 {
            let count = Int.random(in: 1...7, using: &random)
            let big = Bool.random(using: &random)
            let cap: Int64 = big ? Int64.max / Int64(count) : 12
            let weights = (0..<count).map { _ in Int64.random(in: 0...cap, using: &random) }
            let total = weights.reduce(0, +)
            let amount = Int64.random(in: 0...total, using: &random)
            let shares = Allocation.proportional(amount, weights: weights)
            expectLargestRemainder(amount, weights: weights, shares: shares)
            for (s, w) in zip(shares, weights) { #expect(s >= 0 && s <= w, "\(amount) by \(weights) → \(shares)") }
        }
    }
}

// MARK: - proportional and drawInOrder edges

@Suite struct AllocationEdgeTests {
    @Test func proportionalEdges() {
        #expect(Allocation.proportional(5, weights: []) == [])
        #expect(Allocation.proportional(0, weights: []) == [])
        #expect(Allocation.proportional(0, weights: [3, 4]) == [0, 0])
        #expect(Allocation.proportional(0, weights: [0, 0]) == [0, 0])
        #expect(Allocation.proportional(7, weights: [7]) == [7])
        #expect(Allocation.proportional(3, weights: [7]) == [3])
        #expect(Allocation.proportional(10, weights: [3, 0, 7]) == [3, 0, 7])
        // A zero weight never gets a spare unit, even when it comes first.
        #expect(Allocation.proportional(5, weights: [0, 3, 3]) == [0, 3, 2])
        #expect(Allocation.proportional(5, weights: [3, 0, 3]) == [3, 0, 2])
        #expect(Allocation.proportional(5, weights: [1, 0, 9]) == [1, 0, 4])
        // amount == total gives back the weights exactly.
        #expect(Allocation.proportional(1_000_003, weights: [1, 2, 1_000_000]) == [1, 2, 1_000_000])
    }

    @Test func drawInOrder() {
        #expect(Allocation.drawInOrder(30, capacities: [10, 50]) == [10, 20])
        #expect(Allocation.drawInOrder(60, capacities: [10, 50]) == [10, 50])
        #expect(Allocation.drawInOrder(61, capacities: [10, 50]) == nil)
        #expect(Allocation.drawInOrder(10, capacities: [50, 10]) == [10, 0])
        #expect(Allocation.drawInOrder(0, capacities: [10, 50]) == [0, 0])
        #expect(Allocation.drawInOrder(0, capacities: []) == [])
        #expect(Allocation.drawInOrder(1, capacities: []) == nil)
        #expect(Allocation.drawInOrder(5, capacities: [0, 0, 5]) == [0, 0, 5])
        // A negative capacity (over-reserved) counts as empty, not as a source of money.
        #expect(Allocation.drawInOrder(15, capacities: [-5, 20]) == [0, 15])
        #expect(Allocation.drawInOrder(20, capacities: [20, -5]) == [20, 0])
        #expect(Allocation.drawInOrder(16, capacities: [-5, 20, -1]) == [0, 16, 0])
        #expect(Allocation.drawInOrder(21, capacities: [-5, 20]) == nil)
        #expect(Allocation.drawInOrder(.max, capacities: [.max - 1, 1]) == [.max - 1, 1])
    }
}
