import CashierCore
import CashierStore

public typealias CreatedOrder = CashierStore.CreatedOrder
public typealias OrderIntakeRefusal = CashierStore.OrderIntakeRefusal
public typealias OrderChangesQuery = CashierStore.OrderChangesQuery

/// What a create call came to: the orders (made now or already there), or every problem found.
public enum OrderIntakeOutcome: Sendable, Equatable {
    case created([CreatedOrder])
    case refused(OrderIntakeRefusal)
}

/// Orders from a business system (HTTP, CLI, import) and the console's quick sale: created, cancelled, listed.
extension Engine {
    /// All or nothing: each draft is checked (OrderRules), numbers already stored with the same
    /// content are answered as they are, other content is refused naming the first difference.
    public func createOrders(_ drafts: [OrderDraft], by actor: String, channel: Channel) throws(CashierError) -> OrderIntakeOutcome {
        do {
            return .created(try store.createOrders(drafts, actor: actor, channel: channel))
        } catch let refusal as OrderIntakeRefusal {
            return .refused(refusal)
        } catch {
            throw CashierError.from(error)
        }
    }

    /// A cashier's quick sale for a walk-in customer: the store numbers it (`QS-000123`); from then
    /// on it is an ordinary order (tender, refunds, reports). The draft's number is not used.
    public func quickSale(_ draft: OrderDraft, by user: String) throws(CashierError) -> OrderRecord {
        var d = draft
        d.number = "QS-0"  // checked by the same rules as every order; the store gives the real number
        let currency = try storeCurrency()
        if let p = OrderRules.problems(d, now: clock.now(), storeCurrency: currency).first { throw p.refusal }
        do {
            return try store.createQuickSale(draft, actor: user)
        } catch let refusal as OrderIntakeRefusal {
            throw refusal.items.first?.problem.refusal ?? CashierError.bug("\(refusal)")
        } catch {
            throw CashierError.from(error)
        }
    }

    /// Cancels by the business's order number, with the reason kept in the audit.
    public func cancelOrder(number: String, reason: String, by user: String, channel: Channel) throws(CashierError) -> OrderRecord {
        if let p = OrderRules.reasonProblem(reason) { throw p.refusal }
        guard let o = try storeCall({ try store.order(number: number) }) else {
            throw CashierError.notFound("refusal.order.none", ["number": .text(number)])
        }
        return try storeCall { try store.cancelOrder(id: o.id, by: user, channel: channel, reason: reason) }
    }

    public func orderChanges(_ q: OrderChangesQuery) throws(CashierError) -> [OrderRecord] {
        try storeCall { try store.orderChanges(q) }
    }

    public func storeCurrency() throws(CashierError) -> Currency { try storeCall { try store.storeCurrency() } }

    /// The poller's sweep: unpaid orders past their time become expired.
    func expireDueOrders() -> Int {
        do { return try store.expireDueOrders(limit: schedule.batchLimit).count } catch {
            logger.error("expiring due orders failed (tried again next cycle): \(error)")
            return 0
        }
    }
}
