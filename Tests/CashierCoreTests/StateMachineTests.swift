import CashierCore
import Testing

// MARK: - Expected machines, typed by hand from the domain

/// One allowed step: `from` on `event` moves to `to`. Every pair not listed must be refused.
struct Step<S: StateMachine>: Sendable {
    let from: S
    let event: S.Event
    let to: S
    init(_ from: S, _ event: S.Event, _ to: S) {
        self.from = from
        self.event = event
        self.to = to
    }
}

/// What a machine must be, written out as data: its table, where it starts, which states the
/// poller is done with (`final`) and which are never left (`terminal`), and the stored raw values.
struct MachineSpec<S: StateMachine>: Sendable {
    let steps: [Step<S>]
    let initial: S
    let final: Set<S>
    let terminal: Set<S>
    let rawValues: [S: String]

    func next(_ state: S, _ event: S.Event) -> S? {
        steps.first { $0.from == state && $0.event == event }?.to
    }
}

enum Machines {
    /// created → pending → succeeded | failed, or → closing → closed (cancel/deadline).
    /// A success reported while closing is not a transition: it goes to review and reversal.
    static let paymentOrder = MachineSpec<PaymentOrderState>(
        steps: [
            Step(.created, .sent, .pending),
            Step(.created, .platformSucceeded, .succeeded),
            Step(.pending, .platformSucceeded, .succeeded),
            Step(.created, .platformFailed, .failed),
            Step(.pending, .platformFailed, .failed),
            Step(.closing, .platformFailed, .failed),
            Step(.created, .deadlinePassed, .closing),
            Step(.pending, .deadlinePassed, .closing),
            Step(.created, .cancelRequested, .closing),
            Step(.pending, .cancelRequested, .closing),
            Step(.closing, .closeConfirmed, .closed),
        ],
        initial: .created,
        final: [.succeeded, .failed, .closed],
        terminal: [.succeeded, .failed, .closed],
        rawValues: [.created: "created", .pending: "pending", .closing: "closing",
                    .succeeded: "succeeded", .failed: "failed", .closed: "closed"])

    /// pending → succeeded | failed; a settled detail is refunded in parts or all at once.
    static let paymentDetail = MachineSpec<PaymentDetailState>(
        steps: [
            Step(.pending, .checkoutSucceeded, .succeeded),
            Step(.pending, .checkoutFailed, .failed),
            Step(.succeeded, .refundedPart, .partiallyRefunded),
            Step(.partiallyRefunded, .refundedPart, .partiallyRefunded),
            Step(.succeeded, .refundedAll, .refunded),
            Step(.partiallyRefunded, .refundedAll, .refunded),
        ],
        initial: .pending,
        final: [.succeeded, .failed, .partiallyRefunded, .refunded],
        terminal: [.failed, .refunded],
        rawValues: [.pending: "pending", .succeeded: "succeeded", .failed: "failed",
                    .partiallyRefunded: "partially_refunded", .refunded: "refunded"])

    /// unpaid ⇄ paying → paid → partially refunded → refunded; only an unpaid order is cancelled.
    static let order = MachineSpec<OrderStatus>(
        steps: [
            Step(.unpaid, .checkoutStarted, .paying),
            Step(.paying, .checkoutSucceeded, .paid),
            Step(.paying, .checkoutFailed, .unpaid),
            Step(.paid, .refundedPart, .partiallyRefunded),
            Step(.partiallyRefunded, .refundedPart, .partiallyRefunded),
            Step(.paid, .refundedAll, .refunded),
            Step(.partiallyRefunded, .refundedAll, .refunded),
            Step(.unpaid, .cancelled, .cancelled),
            Step(.unpaid, .expiryPassed, .expired),
        ],
        initial: .unpaid,
        final: [.refunded, .cancelled, .expired],
        terminal: [.refunded, .cancelled, .expired],
        rawValues: [.unpaid: "unpaid", .paying: "paying", .paid: "paid",
                    .partiallyRefunded: "partially_refunded", .refunded: "refunded", .cancelled: "cancelled",
                    .expired: "expired"])

    /// A supervisor decides once.
    static let refundRequest = MachineSpec<RefundRequestState>(
        steps: [
            Step(.requested, .approve, .approved),
            Step(.requested, .reject, .rejected),
        ],
        initial: .requested,
        final: [.approved, .rejected],
        terminal: [.approved, .rejected],
        rawValues: [.requested: "requested", .approved: "approved", .rejected: "rejected"])

    /// created → processing → succeeded | failed; a failed refund goes back to processing only
    /// when retried; a succeeded one is never left.
    static let refundOrder = MachineSpec<RefundOrderState>(
        steps: [
            Step(.created, .submitted, .processing),
            Step(.created, .platformSucceeded, .succeeded),
            Step(.processing, .platformSucceeded, .succeeded),
            Step(.created, .platformFailed, .failed),
            Step(.processing, .platformFailed, .failed),
            Step(.failed, .retried, .processing),
        ],
        initial: .created,
        final: [.succeeded, .failed],
        terminal: [.succeeded],
        rawValues: [.created: "created", .processing: "processing", .succeeded: "succeeded", .failed: "failed"])
}

// MARK: - Generic checks, run against each machine

enum MachineCheck {
    /// The hand-written table itself lists each (state, event) at most once.
    static func tableIsWellFormed<S: StateMachine>(_ spec: MachineSpec<S>, sourceLocation: SourceLocation = #_sourceLocation) {
        var seen: [S: Set<S.Event>] = [:]
        for step in spec.steps {
            let inserted = seen[step.from, default: []].insert(step.event).inserted
            #expect(inserted, "the expected table lists \(step.from) on \(step.event) twice", sourceLocation: sourceLocation)
        }
    }

    /// Every (state, event) of allCases × Event.allCases: the machine answers exactly the table.
    static func everyPairMatches<S: StateMachine>(_ spec: MachineSpec<S>, sourceLocation: SourceLocation = #_sourceLocation) {
        var allowed = 0
        var pairs = 0
        for state in S.allCases {
            for event in S.Event.allCases {
                pairs += 1
                let actual = S.transition(from: state, on: event)
                if actual != nil { allowed += 1 }
                #expect(actual == spec.next(state, event),
                        "\(S.self).transition(from: .\(state), on: .\(event))", sourceLocation: sourceLocation)
            }
        }
        #expect(pairs == S.allCases.count * S.Event.allCases.count, sourceLocation: sourceLocation)
        #expect(allowed == spec.steps.count, "\(S.self) allows \(allowed) steps, expected \(spec.steps.count)",
                sourceLocation: sourceLocation)
    }

    /// A terminal state has no outgoing transition; isFinal/isTerminal per state; terminal ⊆ final.
    static func finalAndTerminal<S: StateMachine>(_ spec: MachineSpec<S>, sourceLocation: SourceLocation = #_sourceLocation) {
        for state in S.allCases {
            #expect(state.isFinal == spec.final.contains(state), "\(S.self).\(state).isFinal", sourceLocation: sourceLocation)
            #expect(state.isTerminal == spec.terminal.contains(state), "\(S.self).\(state).isTerminal", sourceLocation: sourceLocation)
            if state.isTerminal {
                #expect(state.isFinal, "terminal \(S.self).\(state) must be final", sourceLocation: sourceLocation)
                for event in S.Event.allCases {
                    #expect(S.transition(from: state, on: event) == nil,
                            "terminal \(S.self).\(state) left on \(event)", sourceLocation: sourceLocation)
                }
            }
        }
        #expect(!spec.terminal.isEmpty && !spec.initial.isTerminal, sourceLocation: sourceLocation)
    }

    /// canMove(from:to:) and sources(of:) say the same as the table.
    static func helpersAgree<S: StateMachine>(_ spec: MachineSpec<S>, sourceLocation: SourceLocation = #_sourceLocation) {
        for from in S.allCases {
            for to in S.allCases {
                let expected = spec.steps.contains { $0.from == from && $0.to == to }
                #expect(S.canMove(from: from, to: to) == expected,
                        "\(S.self).canMove(from: .\(from), to: .\(to))", sourceLocation: sourceLocation)
            }
        }
        for event in S.Event.allCases {
            let expected = S.allCases.filter { spec.next($0, event) != nil }
            #expect(S.sources(of: event) == expected, "\(S.self).sources(of: .\(event))", sourceLocation: sourceLocation)
        }
    }

    /// Every state is reachable from the initial one, and from every state a terminal one is.
    static func reachability<S: StateMachine>(_ spec: MachineSpec<S>, sourceLocation: SourceLocation = #_sourceLocation) {
        func reachable(from start: S) -> Set<S> {
            var seen: Set<S> = [start]
            var queue = [start]
            while let state = queue.popLast() {
                for event in S.Event.allCases {
                    if let next = S.transition(from: state, on: event), seen.insert(next).inserted { queue.append(next) }
                }
            }
            return seen
        }
        #expect(reachable(from: spec.initial) == Set(S.allCases), "\(S.self) has unreachable states", sourceLocation: sourceLocation)
        for state in S.allCases {
            #expect(reachable(from: state).contains { $0.isTerminal }, "\(S.self).\(state) cannot end", sourceLocation: sourceLocation)
        }
    }

    /// The raw values are what the store's CHECK constraints and JSON use.
    static func rawValues<S: StateMachine>(_ spec: MachineSpec<S>, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(Set(spec.rawValues.keys) == Set(S.allCases), sourceLocation: sourceLocation)
        for state in S.allCases {
            #expect(state.rawValue == spec.rawValues[state], "\(S.self).\(state).rawValue", sourceLocation: sourceLocation)
            #expect(S(rawValue: state.rawValue) == state, sourceLocation: sourceLocation)
        }
        #expect(S(rawValue: "partiallyRefunded") == nil && S(rawValue: "") == nil, sourceLocation: sourceLocation)
    }

    static func all<S: StateMachine>(_ spec: MachineSpec<S>, sourceLocation: SourceLocation = #_sourceLocation) {
        tableIsWellFormed(spec, sourceLocation: sourceLocation)
        everyPairMatches(spec, sourceLocation: sourceLocation)
        finalAndTerminal(spec, sourceLocation: sourceLocation)
        helpersAgree(spec, sourceLocation: sourceLocation)
        reachability(spec, sourceLocation: sourceLocation)
        rawValues(spec, sourceLocation: sourceLocation)
    }
}

// MARK: - Tables

@Suite struct TransitionTableTests {
    @Test func paymentOrderEveryPair() { MachineCheck.everyPairMatches(Machines.paymentOrder) }
    @Test func paymentDetailEveryPair() { MachineCheck.everyPairMatches(Machines.paymentDetail) }
    @Test func orderStatusEveryPair() { MachineCheck.everyPairMatches(Machines.order) }
    @Test func refundRequestEveryPair() { MachineCheck.everyPairMatches(Machines.refundRequest) }
    @Test func refundOrderEveryPair() { MachineCheck.everyPairMatches(Machines.refundOrder) }

    @Test func paymentOrderTerminalFinal() { MachineCheck.finalAndTerminal(Machines.paymentOrder) }
    @Test func paymentDetailTerminalFinal() { MachineCheck.finalAndTerminal(Machines.paymentDetail) }
    @Test func orderStatusTerminalFinal() { MachineCheck.finalAndTerminal(Machines.order) }
    @Test func refundRequestTerminalFinal() { MachineCheck.finalAndTerminal(Machines.refundRequest) }
    @Test func refundOrderTerminalFinal() { MachineCheck.finalAndTerminal(Machines.refundOrder) }

    @Test func paymentOrderHelpers() { MachineCheck.helpersAgree(Machines.paymentOrder) }
    @Test func paymentDetailHelpers() { MachineCheck.helpersAgree(Machines.paymentDetail) }
    @Test func orderStatusHelpers() { MachineCheck.helpersAgree(Machines.order) }
    @Test func refundRequestHelpers() { MachineCheck.helpersAgree(Machines.refundRequest) }
    @Test func refundOrderHelpers() { MachineCheck.helpersAgree(Machines.refundOrder) }

    @Test func expectedTablesAreWellFormedAndReachable() {
        MachineCheck.tableIsWellFormed(Machines.paymentOrder)
        MachineCheck.tableIsWellFormed(Machines.paymentDetail)
        MachineCheck.tableIsWellFormed(Machines.order)
        MachineCheck.tableIsWellFormed(Machines.refundRequest)
        MachineCheck.tableIsWellFormed(Machines.refundOrder)
        MachineCheck.reachability(Machines.paymentOrder)
        MachineCheck.reachability(Machines.paymentDetail)
        MachineCheck.reachability(Machines.order)
        MachineCheck.reachability(Machines.refundRequest)
        MachineCheck.reachability(Machines.refundOrder)
    }

    @Test func storedRawValues() {
        MachineCheck.rawValues(Machines.paymentOrder)
        MachineCheck.rawValues(Machines.paymentDetail)
        MachineCheck.rawValues(Machines.order)
        MachineCheck.rawValues(Machines.refundRequest)
        MachineCheck.rawValues(Machines.refundOrder)
    }
}

// MARK: - Specific rules worth naming

@Suite struct StateRuleTests {
    @Test func closingPaymentNeverBecomesSucceeded() {
        // A success that arrives while closing is a late success for review, not a transition.
        #expect(PaymentOrderState.transition(from: .closing, on: .platformSucceeded) == nil)
        #expect(!PaymentOrderState.canMove(from: .closing, to: .succeeded))
        #expect(!PaymentOrderState.canMove(from: .closing, to: .pending))
        #expect(!PaymentOrderState.canMove(from: .pending, to: .created))
    }

    @Test func compareAndSetSources() {
        #expect(PaymentOrderState.sources(of: .sent) == [.created])
        #expect(PaymentOrderState.sources(of: .platformSucceeded) == [.created, .pending])
        #expect(PaymentOrderState.sources(of: .platformFailed) == [.created, .pending, .closing])
        #expect(PaymentOrderState.sources(of: .cancelRequested) == [.created, .pending])
        #expect(PaymentOrderState.sources(of: .closeConfirmed) == [.closing])
        #expect(OrderStatus.sources(of: .refundedAll) == [.paid, .partiallyRefunded])
        #expect(OrderStatus.sources(of: .cancelled) == [.unpaid])
        #expect(OrderStatus.sources(of: .expiryPassed) == [.unpaid])
        #expect(RefundOrderState.sources(of: .retried) == [.failed])
        #expect(RefundOrderState.sources(of: .platformFailed) == [.created, .processing])
    }

    @Test func openStatesAreTheOnesThePollerQueries() {
        #expect(PaymentOrderState.openStates == [.created, .pending, .closing])
        #expect(RefundOrderState.openStates == [.created, .processing])
    }

    @Test(arguments: RefundOrderState.Event.allCases)
    func failedRefundLeavesOnlyByRetry(event: RefundOrderState.Event) {
        let next = RefundOrderState.transition(from: .failed, on: event)
        #expect(next == (event == .retried ? .processing : nil))
        // …and a retry applies to nothing but a failed refund.
        for state in RefundOrderState.allCases where state != .failed {
            #expect(RefundOrderState.transition(from: state, on: .retried) == nil)
        }
    }

    @Test func failedRefundIsFinalButNotTerminal() {
        #expect(RefundOrderState.failed.isFinal && !RefundOrderState.failed.isTerminal)
        #expect(RefundOrderState.succeeded.isFinal && RefundOrderState.succeeded.isTerminal)
        #expect(PaymentDetailState.succeeded.isFinal && !PaymentDetailState.succeeded.isTerminal)
        #expect(PaymentDetailState.partiallyRefunded.isFinal && !PaymentDetailState.partiallyRefunded.isTerminal)
    }
}

// MARK: - OrderStatus.derive

struct DeriveCase: Sendable, CustomTestStringConvertible {
    let paid: Int64
    let refunded: Int64
    let paying: Bool
    let cancelled: Bool
    let expected: OrderStatus

    var testDescription: String { "paid \(paid) refunded \(refunded) paying \(paying) cancelled \(cancelled) → \(expected)" }
}

@Suite struct OrderStatusDeriveTests {
    static let amount: Int64 = 900
    static let part: Int64 = 300

    /// paying × cancelled × paid (0, amount) × refunded (0, part, all): all 24, by hand.
    /// Cancelled wins, then an open checkout, then unpaid money, then what came back.
    static let cases: [DeriveCase] = [
        // not paying, not cancelled
        DeriveCase(paid: 0, refunded: 0, paying: false, cancelled: false, expected: .unpaid),
        DeriveCase(paid: 0, refunded: 300, paying: false, cancelled: false, expected: .unpaid),
        DeriveCase(paid: 0, refunded: 900, paying: false, cancelled: false, expected: .unpaid),
        DeriveCase(paid: 900, refunded: 0, paying: false, cancelled: false, expected: .paid),
        DeriveCase(paid: 900, refunded: 300, paying: false, cancelled: false, expected: .partiallyRefunded),
        DeriveCase(paid: 900, refunded: 900, paying: false, cancelled: false, expected: .refunded),
        // paying, not cancelled
        DeriveCase(paid: 0, refunded: 0, paying: true, cancelled: false, expected: .paying),
        DeriveCase(paid: 0, refunded: 300, paying: true, cancelled: false, expected: .paying),
        DeriveCase(paid: 0, refunded: 900, paying: true, cancelled: false, expected: .paying),
        DeriveCase(paid: 900, refunded: 0, paying: true, cancelled: false, expected: .paying),
        DeriveCase(paid: 900, refunded: 300, paying: true, cancelled: false, expected: .paying),
        DeriveCase(paid: 900, refunded: 900, paying: true, cancelled: false, expected: .paying),
        // not paying, cancelled
        DeriveCase(paid: 0, refunded: 0, paying: false, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 0, refunded: 300, paying: false, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 0, refunded: 900, paying: false, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 900, refunded: 0, paying: false, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 900, refunded: 300, paying: false, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 900, refunded: 900, paying: false, cancelled: true, expected: .cancelled),
        // paying and cancelled
        DeriveCase(paid: 0, refunded: 0, paying: true, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 0, refunded: 300, paying: true, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 0, refunded: 900, paying: true, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 900, refunded: 0, paying: true, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 900, refunded: 300, paying: true, cancelled: true, expected: .cancelled),
        DeriveCase(paid: 900, refunded: 900, paying: true, cancelled: true, expected: .cancelled),
    ]

    @Test(arguments: cases)
    func derive(_ c: DeriveCase) {
        #expect(OrderStatus.derive(amount: Self.amount, paid: c.paid, refunded: c.refunded,
                                   paying: c.paying, cancelled: c.cancelled) == c.expected)
    }

    @Test func everyCombinationIsListedOnce() {
        var keys: Set<String> = []
        for c in Self.cases { keys.insert("\(c.paid)/\(c.refunded)/\(c.paying)/\(c.cancelled)") }
        #expect(keys.count == 24 && Self.cases.count == 24)
    }

    @Test func partialPaymentIsStillUnpaid() {
        #expect(OrderStatus.derive(amount: 900, paid: 899, refunded: 0, paying: false, cancelled: false) == .unpaid)
        #expect(OrderStatus.derive(amount: 900, paid: 900, refunded: 899, paying: false, cancelled: false) == .partiallyRefunded)
        #expect(OrderStatus.derive(amount: 900, paid: 900, refunded: 1, paying: false, cancelled: false) == .partiallyRefunded)
    }

    /// An expired order stays expired whatever else the row says; cancelled wins over expired;
    /// a failed payment's way back to unpaid and then to expired is two allowed steps.
    @Test func expiredDerivesAndIsReachedFromUnpaidOnly() {
        #expect(OrderStatus.derive(amount: 900, paid: 0, refunded: 0, paying: false, cancelled: false, expired: true) == .expired)
        #expect(OrderStatus.derive(amount: 900, paid: 0, refunded: 0, paying: false, cancelled: true, expired: true) == .cancelled)
        #expect(OrderStatus.derive(amount: 900, paid: 0, refunded: 0, paying: false, cancelled: false) == .unpaid)
        #expect(OrderStatus.canMove(from: .paying, to: .unpaid) && OrderStatus.canMove(from: .unpaid, to: .expired))
        #expect(!OrderStatus.canMove(from: .paying, to: .expired))
        #expect(!OrderStatus.canMove(from: .expired, to: .paying))
        #expect(OrderStatus.closedStates == [.cancelled, .expired])
    }

    /// The store steps the stored status to the derived one only along the machine: every
    /// change along a real order's life must be a single allowed step.
    @Test func derivedStatusesAlongALifeAreSingleSteps() {
        typealias Money4 = (paid: Int64, refunded: Int64, paying: Bool, cancelled: Bool)
        let lives: [[Money4]] = [
            // fails once, paid on the second try, refunded in three parts
            [(0, 0, false, false), (0, 0, true, false), (0, 0, false, false), (0, 0, true, false),
             (900, 0, true, false), (900, 0, false, false), (900, 100, false, false),
             (900, 500, false, false), (900, 900, false, false)],
            // refunded at once
            [(0, 0, false, false), (0, 0, true, false), (900, 0, false, false), (900, 900, false, false)],
            // cancelled unpaid
            [(0, 0, false, false), (0, 0, true, false), (0, 0, false, false), (0, 0, false, true)],
        ]
        for life in lives {
            let statuses = life.map {
                OrderStatus.derive(amount: 900, paid: $0.paid, refunded: $0.refunded, paying: $0.paying, cancelled: $0.cancelled)
            }
            #expect(statuses.first == .unpaid)
            #expect(statuses.last?.isTerminal == true)
            for (a, b) in zip(statuses, statuses.dropFirst()) where a != b {
                #expect(OrderStatus.canMove(from: a, to: b), "\(a) → \(b)")
            }
        }
    }
}

// MARK: - PaymentDetailState.settled

@Suite struct PaymentDetailSettledTests {
    @Test(arguments: [
        (Int64(1000), Int64(0), PaymentDetailState.succeeded),
        (1000, 1, .partiallyRefunded),
        (1000, 500, .partiallyRefunded),
        (1000, 999, .partiallyRefunded),
        (1000, 1000, .refunded),
        (1000, 1001, .refunded),
        (1, 1, .refunded),
        (0, 0, .succeeded),
    ])
    func settled(amount: Int64, refunded: Int64, expected: PaymentDetailState) {
        #expect(PaymentDetailState.settled(amount: amount, refunded: refunded) == expected)
    }

    /// Each refund moves a settled detail along the machine (or keeps it partially refunded).
    @Test func settledIsReachableByRefunds() {
        var state = PaymentDetailState.succeeded
        var refunded: Int64 = 0
        for x: Int64 in [100, 250, 649, 1] {
            refunded += x
            let next = PaymentDetailState.settled(amount: 1000, refunded: refunded)
            #expect(PaymentDetailState.canMove(from: state, to: next), "\(state) → \(next)")
            state = next
        }
        #expect(state == .refunded && state.isTerminal)
    }
}
