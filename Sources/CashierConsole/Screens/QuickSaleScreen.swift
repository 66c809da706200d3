import CashierCore
import Localization

/// A walk-in customer's sale: the cashier types the order (type, optional customer, one line or
/// several) and Enter makes it and takes it straight to the tender. From then on it is an ordinary
/// order (its refunds, receipts and reports are the others'). The limits are the store's
/// (`OrderRules`), checked as the cashier types.
struct QuickSaleScreen: Screen {
    enum Field: Int, CaseIterable, Sendable { case type, customer, description, quantity, price }

    let currency: Currency
    var type = TextField("walk-in", maxLength: OrderLimits.type)
    var customer = TextField(maxLength: OrderLimits.customer)
    var description = TextField(maxLength: OrderLimits.lineName)
    var quantity = TextField("1", maxLength: 6)
    var price = TextField(maxLength: 16)
    var focus: Field = .description
    /// Lines added with F3; the line being typed is charged too.
    var lines: [OrderLine] = []
    /// The order once made: Enter then (re)tries the lock for the tender instead of making another.
    var created: OrderRow?

    init(currency: Currency) { self.currency = currency }

    /// The line being typed, when anything of it was typed.
    var typingLine: Bool { !description.text.trimmingSpaces.isEmpty || !price.text.isEmpty }

    /// The line being typed, or the sentence saying what is wrong with it.
    func currentLine(_ l: Language) -> Result<OrderLine, BackendError> {
        let name = description.text.trimmingSpaces
        if name.isEmpty { return .failure(BackendError(l.t("console.quick_sale.no_description"))) }
        guard let qty = Int(quantity.text), qty >= 1, Int64(qty) <= OrderLimits.quantity else {
            return .failure(BackendError(l.t("console.quick_sale.bad_quantity", ["max": OrderLimits.quantity])))
        }
        if price.text.isEmpty { return .failure(BackendError(l.t("console.quick_sale.no_price"))) }
        do {
            return .success(OrderLine(name: name, quantity: qty, unitPrice: try Money.parse(price.text, currency: currency)))
        } catch {
            return .failure(BackendError(l.t("console.quick_sale.bad_price", ["why": l.words(error)])))
        }
    }

    /// What Enter would charge: the lines added and the one being typed.
    func sale(_ l: Language) -> (sale: QuickSale?, problems: [String]) {
        var all = lines
        var problems: [String] = []
        if typingLine || lines.isEmpty {
            switch currentLine(l) {
            case .success(let line): all.append(line)
            case .failure(let error): problems.append(error.message)
            }
        }
        let sale = QuickSale(type: type.text, customer: customer.text.trimmingSpaces, lines: all)
        // The store's own rules (the store gives the number), once there is a line to check them on.
        if !all.isEmpty {
            problems += OrderRules.problems(draft(all), now: 0, storeCurrency: currency).map { l.words($0.refusal) }
        }
        return (problems.isEmpty ? sale : nil, problems)
    }

    func draft(_ lines: [OrderLine]) -> OrderDraft {
        OrderDraft(number: "QS-0", type: type.text, customer: customer.text.trimmingSpaces, currency: currency,
                   lines: lines.map { .init(name: $0.name, quantity: Int64($0.quantity), unitPrice: $0.unitPrice.minor) })
    }

    /// The sum so far (nil past the store's limit: the problem line says so).
    var total: Money? {
        let typed = typingLine ? (try? currentLine(.en).get()).map { [$0] } ?? [] : []
        return draft(lines + typed).amount.map { Money(minor: $0, currency: currency) }
    }

    /// A line's total, for showing (nil when it overflows).
    func lineTotal(_ l: OrderLine) -> String {
        let (t, overflow) = l.unitPrice.minor.multipliedReportingOverflow(by: Int64(l.quantity))
        return overflow ? "—" : Money(minor: t, currency: currency).decimal
    }

    func keys(_ context: Context) -> [ScreenKey<QuickSaleScreen>] {
        let l = context.lang
        let back: ScreenKey<QuickSaleScreen> = .on(.escape, label: l.t("console.quick_sale.back"), bar: true) { _, c, _ in c.go(.orders); return [] }
        let busy = context.isPending(.quickSale) ? l.t("console.quick_sale.busy") : nil
        if let made = created {
            let locking = context.isPending(.lock) ? l.t("console.quick_sale.pay_locking") : nil
            return [
                .on(.function(2), .enter, label: l.t("console.quick_sale.pay"), bar: true, disabled: locking) { _, c, _ in c.lock([made]) },
                back,
            ]
        }
        let charge = (busy ?? sale(l).problems.first).map { l.t("console.quick_sale.charge_blocked", ["why": $0]) }
        let add: String? = if lines.count >= OrderLimits.lines {
            l.t("console.quick_sale.add_full", ["max": OrderLimits.lines])
        } else if case .failure(let error) = currentLine(l) { l.t("console.quick_sale.add_blocked", ["why": error.message]) } else { nil }
        return [
            .on(.function(2), .enter, label: l.t("console.quick_sale.charge"), bar: true, disabled: charge) { s, c, _ in s.submit(&c) },
            .on(.function(3), label: l.t("console.quick_sale.add"), bar: true, disabled: add) { s, _, _ in s.addLine() },
            .on(.function(4), label: l.t("console.quick_sale.drop"), bar: !lines.isEmpty,
                disabled: lines.isEmpty ? l.t("console.quick_sale.drop_none") : nil) { s, _, _ in
                s.lines.removeLast()
                return []
            },
            .on(.tab, .down, label: l.t("console.quick_sale.next_field"), bar: true) { s, _, _ in s.move(by: 1) },
            .on(.backTab, .up, label: l.t("console.quick_sale.previous_field")) { s, _, _ in s.move(by: -1) },
            back,
        ] + KeyTable.textEditing(context.lang) { s, _, edit, key in
            s.edit(edit, key)
            return []
        }
    }

    mutating func move(by step: Int) -> [Effect] {
        let all = Field.allCases
        focus = all[(focus.rawValue + step + all.count) % all.count]
        return []
    }

    mutating func edit(_ edit: TextEdit, _ key: Key) {
        switch focus {
        case .type: type.apply(edit, key: key)
        case .customer: customer.apply(edit, key: key)
        case .description: description.apply(edit, key: key)
        case .quantity: quantity.apply(edit, key: key)
        case .price: price.apply(edit, key: key)
        }
    }

    /// F3: the typed line joins the list and the line fields start again.
    mutating func addLine() -> [Effect] {
        guard case .success(let line) = currentLine(.en) else { return [] }
        lines.append(line)
        description = TextField(maxLength: OrderLimits.lineName)
        quantity = TextField("1", maxLength: 6)
        price = TextField(maxLength: 16)
        focus = .description
        return []
    }

    func submit(_ context: inout Context) -> [Effect] {
        let l = context.lang
        let (sale, problems) = sale(l)
        guard let sale, let session = context.session else {
            context.message = .error(problems.first ?? l.t("console.quick_sale.incomplete"))
            return []
        }
        context.message = Note(l.t("console.quick_sale.making"), .pending)
        return [context.request(.quickSale(sale, session: session))]
    }

    /// The order is made: lock it for the tender, which opens when the lock is ours.
    mutating func receive(_ result: Result<OrderRow, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let row):
            created = row
            let effects = context.lock([row])
            context.message = Note(context.lang.t("console.quick_sale.made", ["number": row.number, "amount": row.amount.decimal, "currency": row.amount.currency.code]), .pending)
            return effects
        case .failure(let error):
            context.message = .error(error.message)
            return []
        }
    }

    func summary(_ context: Context) -> [StyledLine] {
        let l = context.lang
        if let made = created {
            let who = made.customer.isEmpty ? l.t("console.quick_sale.walk_in") : made.customer
            return [StyledLine(" " + l.t("console.quick_sale.summary_order", ["number": made.number, "customer": who]) + " "),
                    StyledLine(made.amount.decimal, .amount), StyledLine(" " + l.t("console.quick_sale.summary_pays", ["currency": made.amount.currency.code]))]
        }
        return [StyledLine(" " + l.plural("console.quick_sale.summary_lines", count: lines.count + (typingLine ? 1 : 0)) + " "), StyledLine(total?.decimal ?? "—", .amount),
                StyledLine(" " + l.t("console.quick_sale.summary_charges", ["currency": currency.code]))]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let l = context.lang
        var y = body.y
        grid.put(" " + l.t("console.quick_sale.heading"), x: 0, y: y, role: .title, maxWidth: body.width)
        y += 2
        if let made = created {
            grid.put("  " + l.t("console.quick_sale.made_unpaid", ["number": made.number, "amount": made.amount.decimal, "currency": made.amount.currency.code]), x: 0, y: y,
                     role: .succeeded, maxWidth: body.width)
            grid.put("  " + l.t("console.quick_sale.made_next"), x: 0, y: y + 1, maxWidth: body.width)
            return
        }
        let labels: [(Field, String, TextField, Int, String)] = [
            (.type, l.t("console.quick_sale.type"), type, 24, l.t("console.quick_sale.type_hint")),
            (.customer, l.t("console.quick_sale.customer"), customer, 40, l.t("console.quick_sale.optional")),
        ]
        for (field, label, text, width, hint) in labels {
            grid.put("  " + label, x: 0, y: y, role: focus == field ? .title : .normal)
            grid.field(text, x: 18, y: y, width: width, focused: focus == field)
            grid.put(hint, x: 20 + width, y: y, role: .dim, maxWidth: body.width - 20 - width)
            y += 1
        }
        y += 1
        grid.put("  #", x: 0, y: y, role: .dim)
        grid.put(l.t("console.quick_sale.description"), x: 5, y: y, role: .dim, maxWidth: 40)
        grid.putRight(l.t("console.quick_sale.col_quantity"), right: 50, y: y, role: .dim)
        grid.putRight(l.t("console.quick_sale.unit_price"), right: 64, y: y, role: .dim)
        grid.putRight(l.t("console.quick_sale.col_total"), right: 77, y: y, role: .dim)
        y += 1
        // The newest lines when there are more than fit; the form below always shows.
        let room = max(1, body.bottom - y - 8)
        let shown = lines.suffix(room)
        if lines.count > shown.count {
            grid.put("  … " + l.plural("console.quick_sale.lines_above", count: lines.count - shown.count), x: 0, y: y, role: .dim)
            y += 1
        }
        for (i, line) in zip((lines.count - shown.count)..., shown) where y < body.bottom {
            grid.put("  \(i + 1)", x: 0, y: y)
            grid.put(line.name, x: 5, y: y, maxWidth: 40)
            grid.putRight(String(line.quantity), right: 50, y: y)
            grid.putRight(line.unitPrice.decimal, right: 64, y: y, role: .amount)
            grid.putRight(lineTotal(line), right: 77, y: y, role: .amount)
            y += 1
        }
        if lines.isEmpty { grid.put("  " + l.t("console.quick_sale.none_added"), x: 0, y: y, role: .dim); y += 1 }
        y += 1
        let lineFields: [(Field, String, TextField, Int)] = [
            (.description, l.t("console.quick_sale.description"), description, 42), (.quantity, l.t("console.quick_sale.quantity"), quantity, 8),
            (.price, l.t("console.quick_sale.unit_price"), price, 18),
        ]
        for (field, label, text, width) in lineFields {
            grid.put("  " + label, x: 0, y: y, role: focus == field ? .title : .normal)
            grid.field(text, x: 18, y: y, width: width, focused: focus == field)
            y += 1
        }
        y += 1
        grid.put("  " + l.t("console.quick_sale.total", ["currency": currency.code]), x: 0, y: y)
        grid.putRight(total?.decimal ?? "—", right: 77, y: y, role: .amount)
        y += 2
        let problems = sale(l).problems
        if problems.isEmpty {
            grid.put("  " + l.t("console.quick_sale.ready"), x: 0, y: y, role: .succeeded, maxWidth: body.width)
        } else if y < body.bottom {
            grid.put("• " + problems[0], x: 2, y: y, role: .error, maxWidth: body.width - 3)
        }
    }
}

