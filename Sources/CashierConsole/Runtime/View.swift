import CashierCore

/// The part of the frame a screen draws its body into.
struct Rect: Equatable, Sendable {
    var x: Int, y: Int, width: Int, height: Int
    var bottom: Int { y + height }
}

enum Layout {
    static let minimum = Size(width: 80, height: 24)
}

/// Draws the whole frame: header, message line, body, summary line, key bar, overlays.
func view(_ state: AppState, theme: Theme, size: Size, qr: QRRenderer = QRBlock.standard) -> Grid {
    var grid = Grid(size: size)
    guard size.width >= Layout.minimum.width, size.height >= Layout.minimum.height else {
        let text = "Enlarge the window to at least \(Layout.minimum.width)×\(Layout.minimum.height) (now \(size.width)×\(size.height))"
        let lines = wrap(text, width: max(1, size.width - 2))
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() { grid.centred(line, y: top + i, role: .warning) }
        return grid
    }
    drawHeader(state, into: &grid)
    drawMessage(state, into: &grid)
    let body = Rect(x: 0, y: 2, width: size.width, height: size.height - 4)
    if state.route == .payment, let payment = state.payment {
        payment.draw(into: &grid, body, state.context, qr: qr)
    } else {
        state.visibleScreen?.draw(into: &grid, body, state.context)
    }
    let summary = state.summary
    var x = 0
    for piece in summary { x += grid.put(piece.text, x: x, y: size.height - 2, role: piece.role, maxWidth: size.width - x) }
    grid.keyBar(state.barItems, y: size.height - 1)
    switch state.overlay {
    case .help: state.drawHelp(into: &grid)
    case .confirmQuit: state.drawQuitDialog(into: &grid)
    case nil: break
    }
    return grid
}

private func drawHeader(_ state: AppState, into grid: inout Grid) {
    let width = grid.size.width
    grid.fill(x: 0, y: 0, width: width, height: 1, role: .header)
    var right = [state.storeLabel, Fmt.time(state.now, state.timeZone)]
    if let session = state.session { right.insert("\(session.user) (\(session.role.rawValue))", at: 0) }
    let rightText = right.filter { !$0.isEmpty }.joined(separator: " · ") + " "
    let left = " Cashier · \(state.route.title)"
    grid.put(left, x: 0, y: 0, role: .header, maxWidth: width - DisplayWidth.of(rightText) - 1)
    grid.putRight(rightText, right: width, y: 0, role: .header)
}

private func drawMessage(_ state: AppState, into grid: inout Grid) {
    let width = grid.size.width
    let working = state.isWorking ? "working… " : ""
    if let message = state.message {
        // A message wider than the line ends in "…" rather than mid-word (the log-in screen shows it whole).
        let room = width - DisplayWidth.of(working)
        grid.put(DisplayWidth.truncate(" " + message.text, to: room), x: 0, y: 1, role: message.role, maxWidth: room)
    }
    if !working.isEmpty { grid.putRight(working, right: width, y: 1, role: .pending) }
}

/// Splits text at spaces into lines of at most `width` columns.
func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
        let candidate = line.isEmpty ? String(word) : line + " " + word
        if DisplayWidth.of(candidate) > width, !line.isEmpty {
            lines.append(line)
            line = String(word)
        } else {
            line = candidate
        }
    }
    if !line.isEmpty { lines.append(line) }
    return lines
}
