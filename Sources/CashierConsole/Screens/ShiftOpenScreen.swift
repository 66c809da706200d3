import CashierCore
import Localization

/// After log-in, when the operator has no open shift on this terminal: the counted opening float.
struct OpenShiftScreen: Screen {
    var openFloat = TextField(maxLength: 16)

    /// The float as typed, or the one sentence that says what is wrong with it.
    func check(_ context: Context) -> Result<Money, BackendError> {
        let currency = context.shift.setup?.currency ?? .cny
        let text = openFloat.text
        if text.trimmingSpaces.isEmpty {
            return .failure(BackendError(context.lang.t("console.open_shift.type_float")))
        }
        do { return .success(try Money.parse(text, currency: currency)) } catch {
            return .failure(BackendError(context.lang.words(error)))
        }
    }

    func keys(_ context: Context) -> [ScreenKey<OpenShiftScreen>] {
        let l = context.lang
        let busy = context.isPending(.drawer(.shift)) ? l.t("console.open_shift.busy") : nil
        return [
            .on(.enter, label: l.t("console.open_shift.open"), bar: true, disabled: busy) { s, c, _ in s.submit(&c) },
            .on(.escape, label: l.t("console.open_shift.skip"), bar: true) { _, c, _ in
                // Skipping is allowed (a supervisor may only approve or read reports); paying waits.
                c.message = Note(c.lang.t("console.open_shift.skipped"), .warning)
                c.go(.orders)
                return []
            },
        ] + KeyTable.textEditing(context.lang) { _ in \.openFloat }
    }

    func submit(_ context: inout Context) -> [Effect] {
        switch check(context) {
        case .failure(let problem):
            context.message = .error(problem.text(context.lang))
            return []
        case .success(let float):
            guard let session = context.session else { return [] }
            context.message = Note(context.lang.t("console.open_shift.opening"), .pending)
            return [context.request(.drawer(.open(float: float, session: session)))]
        }
    }

    func opened(_ result: Result<ShiftSummary, BackendError>, _ context: inout Context) -> [Effect] {
        switch result {
        case .success(let shift):
            context.shift.current = shift
            context.message = Note(context.lang.t("console.open_shift.opened", ["id": shift.id, "terminal": shift.terminal,
                                                                     "float": "\(shift.float.decimal) \(shift.float.currency.code)"]), .succeeded)
            context.go(.orders)
        case .failure(let error):
            context.message = .error(error.text(context.lang))
        }
        return []
    }

    func summary(_ context: Context) -> [StyledLine] {
        [StyledLine(" " + context.lang.t("console.open_shift.hint"), .dim)]
    }

    func draw(into grid: inout Grid, _ body: Rect, _ context: Context) {
        let width = 64, height = 12
        let x = (body.width - width) / 2, y = body.y + (body.height - height) / 2
        let l = context.lang
        grid.box(x: x, y: y, width: width, height: height, title: l.t("console.open_shift.open"))
        let setup = context.shift.setup
        let who = context.session?.user ?? ""
        grid.put(l.t("console.open_shift.terminal", ["terminal": setup?.terminal ?? ""]), x: x + 3, y: y + 2, role: .dialog, maxWidth: 28)
        grid.put(l.t("console.open_shift.operator", ["user": who]), x: x + 32, y: y + 2, role: .dialog, maxWidth: width - 35)
        for (i, line) in wrap(l.t("console.open_shift.explain"), width: 58).prefix(2).enumerated() {
            grid.put(line, x: x + 3, y: y + 4 + i, role: .dialog)
        }
        grid.put(l.t("console.open_shift.float"), x: x + 3, y: y + 7, role: .dialog)
        grid.field(openFloat, x: x + 18, y: y + 7, width: 18, focused: true)
        grid.put(setup?.currency.code ?? "", x: x + 37, y: y + 7, role: .dialog)
        // The problem with what is typed, inline and live; a hint while the field is empty.
        if case .failure(let problem) = check(context) {
            let role: Role = openFloat.isEmpty ? .dialog : .error
            for (i, line) in wrap(problem.text(context.lang), width: width - 6).prefix(2).enumerated() {
                grid.put(line, x: x + 3, y: y + 9 + i, role: role)
            }
        }
    }
}
