import CashierCore

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
    func currentLine() -> Result<OrderLine, BackendError> {
        let name = description.text.trimmingSpaces
        if name.isEmpty { return .failure(BackendError("Description: say what is sold.")) }
        guard let qty = Int(quantity.text), qty >= 1, Int64(qty) <= OrderLimits.quantity else {
            return .failure(BackendError("Quantity: type a whole number from 1 to \(OrderLimits.quantity)."))
        }
        if price.text.isEmpty { return .failure(BackendError("Unit price: type the amount, such as 12.50.")) }
        do {
            return .success(OrderLine(name: name, quantity: qty, unitPrice: try Money.parse(price.text, currency: currency)))
        } catch {
            return .failure(BackendError("Unit price: \(error.description)"))
        }
    }

    /// What Enter would charge: the lines added and the one being typed.
    func sale() -> (sale: QuickSale?, problems: [String]) {
        var all = lines
        var problems: [String] = []
        if typingLine || lines.isEmpty {
            switch currentLine() {
            case .success(let line): all.append(line)
            case .failure(let error): problems.append(error.message)
            }
        }
        let sale = QuickSale(type: type.text, customer: customer.text.trimmingSpaces, lines: all)
        // The store's own rules (the store gives the number), once there is a line to check them on.
        if !all.isEmpty {
            problems += OrderRules.problems(draft(all), now: 0, storeCurrency: currency).map { $0.message }
        }
        return (problems.isEmpty ? sale : nil, problems)
    }

    func draft(_ lines: [OrderLine]) -> OrderDraft {
        OrderDraft(number: "QS-0", type: type.text, customer: customer.text.trimmingSpaces, currency: currency,
                   lines: lines.map { .init(name: $0.name, quantity: Int64($0.quantity), unitPrice: $0.unitPrice.minor) })
    }

    /// The sum so far (nil past the store's limit: the problem line says so).
    var total: Money? {
        let typed = typingLine ? (try? currentLine().get()).map { [$0] } ?? [] : []
        return draft(lines + typed).amount.map { Money(minor: $0, currency: currency) }
    }

    /// A line's total, for showing (nil when it overflows).
    func lineTotal(_ l: OrderLine) -> String {
        let (t, overflow) = l.unitPrice.minor.multipliedReportingOverflow(by: Int64(l.quantity))
        return overflow ? "—" : Money(minor: t, currency: currency).decimal
    }

    func keys(_ context: Context) -> [ScreenKey<QuickSaleScreen>] {
        let back: ScreenKey<QuickSaleScreen> = .on(.escape, label: "Back", bar: true) { _, c, _ in c.go(.orders); return [] }
        let busy = context.isPending(.quickSale) ? "the order is being made, wait for the answer." : nil
        if let made = created {
            let locking = context.isPending(.lock) ? "Pay: already locking the order, wait for the answer." : nil
            return [
                .on(.function(2), .enter, label: "Pay", bar: true, disabled: locking) { _, c, _ in c.lock([made]) },
                back,
            ]
        }
        let charge = busy.map { "Charge: " + $0 } ?? sale().problems.first.map { "Charge: " + $0 }
        let add: String? = if lines.count >= OrderLimits.lines {
            "Add line: an order has at most \(OrderLimits.lines) lines; charge this one and start another."
        } else if case .failure(let error) = currentLine() { "Add line: " + error.message } else { nil }
        return [
            .on(.function(2), .enter, label: "Charge", bar: true, disabled: charge) { s, c, _ in s.submit(&c) },
            .on(.function(3), label: "Add line", bar: true, disabled: add) { s, _, _ in s.addLine() },
            .on(.function(4), label: "Drop line", bar: !lines.isEmpty,
                disabled: lines.isEmpty ? "Drop line: no line was added yet." : nil) { s, _, _ in
                s.lines.removeLast()
                return []
            },
            .on(.tab, .down, label: "Next field", bar: true) { s, _, _ in s.move(by: 1) },
            .on(.backTab, .up, label: "Previous field") { s, _, _ in s.move(by: -1) },
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
        guard case .success(let line) = currentLine() else { return [] }
        lines.append(line)
        description = TextField(maxLength: OrderLimits.lineName)
        quantity = TextField("1", maxLength: 6)
        price = TextField(maxLength: 16)
        focus = .description
        return []
    }

    func submit(_ context: inout Context) -> [Effect] {
        let (sale, problems) = sale()
        guard let sale, let session = context.session else {
            context.message = .error(problems.first ?? "The sale is not complete.")
            return []
        }
        context.message = Note("Making the order…", .pending)
        return [context.request(.quickSale(sale, session: session))]
    }

    /// The order is made: lock it for the tender, which opens when the lock is ours.
    mutating func receive(_ result: Result<OrderRow, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let row):
            created = row
            let effects = context.lock([row])
            context.message = Note("Order \(row.number) made (\(row.amount.decimal) \(row.amount.currency.code)); opening the tender…", .pending)
            return effects
        case .failure(let error):
            context.message = .error(error.message)
            return []
        }
    }

    func summary(_ context: Context) -> [StyledLine] {
        if let made = created {
            return [StyledLine(" Order \(made.number) · \(made.customer.isEmpty ? "walk-in" : made.customer) · "),
                    StyledLine(made.amount.decimal, .amount), StyledLine(" \(made.amount.currency.code) · F2 pays it")]
        }
        return [StyledLine(" \(Self.lineCount(lines.count + (typingLine ? 1 : 0))) · total "), StyledLine(total?.decimal ?? "—", .amount),
                StyledLine(" \(currency.code) · Enter charges it")]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        var y = body.y
        grid.put(" Quick sale: a walk-in customer's order, made here and paid at once", x: 0, y: y, role: .title, maxWidth: body.width)
        y += 2
        if let made = created {
            grid.put("  Order \(made.number) for \(made.amount.decimal) \(made.amount.currency.code) is made (unpaid).", x: 0, y: y,
                     role: .succeeded, maxWidth: body.width)
            grid.put("  F2 takes it to the tender; Esc leaves it in the open orders.", x: 0, y: y + 1, maxWidth: body.width)
            return
        }
        let labels: [(Field, String, TextField, Int, String)] = [
            (.type, "Type", type, 24, "created on first use"),
            (.customer, "Customer", customer, 40, "optional"),
        ]
        for (field, label, text, width, hint) in labels {
            grid.put("  " + label, x: 0, y: y, role: focus == field ? .title : .normal)
            grid.field(text, x: 18, y: y, width: width, focused: focus == field)
            grid.put(hint, x: 20 + width, y: y, role: .dim, maxWidth: body.width - 20 - width)
            y += 1
        }
        y += 1
        grid.put("  #  Description                               Qty    Unit price        Total", x: 0, y: y, role: .dim, maxWidth: body.width)
        y += 1
        // The newest lines when there are more than fit; the form below always shows.
        let room = max(1, body.bottom - y - 8)
        let shown = lines.suffix(room)
        if lines.count > shown.count {
            grid.put("  … \(Self.lineCount(lines.count - shown.count)) above", x: 0, y: y, role: .dim)
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
        if lines.isEmpty { grid.put("  (none added yet: the line below is charged)", x: 0, y: y, role: .dim); y += 1 }
        y += 1
        let lineFields: [(Field, String, TextField, Int)] = [
            (.description, "Description", description, 42), (.quantity, "Quantity", quantity, 8), (.price, "Unit price", price, 18),
        ]
        for (field, label, text, width) in lineFields {
            grid.put("  " + label, x: 0, y: y, role: focus == field ? .title : .normal)
            grid.field(text, x: 18, y: y, width: width, focused: focus == field)
            y += 1
        }
        y += 1
        grid.put("  Total \(currency.code)", x: 0, y: y)
        grid.putRight(total?.decimal ?? "—", right: 77, y: y, role: .amount)
        y += 2
        let problems = sale().problems
        if problems.isEmpty {
            grid.put("  Ready: Enter makes the order and opens the tender.", x: 0, y: y, role: .succeeded, maxWidth: body.width)
        } else if y < body.bottom {
            grid.put("• " + problems[0], x: 2, y: y, role: .error, maxWidth: body.width - 3)
        }
    }
}

extension QuickSaleScreen {
    /// The screen's words are still English in both languages (moved into the catalogues next).
    static func lineCount(_ n: Int) -> String { n == 1 ? "1 line" : "\(n) lines" }
}
