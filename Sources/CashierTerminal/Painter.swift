#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CNcursesw
import CashierConsole

/// Applies frames to ncurses: only cells that differ from the previous frame are written,
/// then one `doupdate` sends the minimal output.
final class Painter {
    private let window: UnsafeMutablePointer<WINDOW>
    private let hasColors: Bool
    private let defaultColors: Bool
    private var previous: Grid?
    private var theme: Theme?
    private var looks: [Role: (attr: attr_t, pair: Int16)] = [:]
    private var pairs: [PairKey: Int16] = [:]

    private struct PairKey: Hashable { let fg: Int?, bg: Int? }

    init(window: UnsafeMutablePointer<WINDOW>, hasColors: Bool, defaultColors: Bool) {
        self.window = window
        self.hasColors = hasColors
        self.defaultColors = defaultColors
    }

    /// The next frame is drawn whole and the physical screen repainted (after a resize).
    func invalidate() {
        previous = nil
        clearok(window, true)
    }

    func draw(_ grid: Grid, theme: Theme) {
        if theme != self.theme {
            self.theme = theme
            looks.removeAll()
            previous = nil
        }
        let old = previous.flatMap { $0.size == grid.size ? $0 : nil }
        if old == nil { werase(window) }
        let rows = min(grid.size.height, Int(getmaxy(window)))
        let cols = min(grid.size.width, Int(getmaxx(window)))
        for y in 0..<max(0, rows) {
            for x in 0..<max(0, cols) {
                let cell = grid[x, y]
                if let old, old[x, y] == cell { continue }
                // The wide character before a continuation cell draws both columns.
                if cell.isContinuation { continue }
                let wide = x + 1 < grid.size.width && grid[x + 1, y].isContinuation
                put(cell, y: y, x: x, wide: wide && x + 1 < cols)
            }
        }
        previous = grid
        wnoutrefresh(window)
        doupdate()
    }

    /// Writes one cell. When the C library's idea of the character's width disagrees with the
    /// grid's, the cell is padded or replaced so later columns stay where the grid put them.
    private func put(_ cell: Cell, y: Int, x: Int, wide: Bool) {
        let look = look(for: cell.role)
        var scalars = Array(cell.char.unicodeScalars.prefix(Int(CCHARW_MAX) - 1)).map { wchar_t(bitPattern: $0.value) }
        let libcWidth = scalars.first.map { Int(cashier_wcwidth($0)) } ?? -1
        let gridWidth = wide ? 2 : 1
        if libcWidth <= 0 || libcWidth > gridWidth {
            scalars = [wchar_t(UInt8(ascii: libcWidth > gridWidth ? "?" : " "))]
        }
        add(scalars, look: look, y: y, x: x)
        if gridWidth == 2 && (libcWidth != 2) {
            add([wchar_t(UInt8(ascii: " "))], look: look, y: y, x: x + 1)
        }
    }

    private func add(_ scalars: [wchar_t], look: (attr: attr_t, pair: Int16), y: Int, x: Int) {
        var cc = cchar_t()
        var text = scalars + [0]
        _ = setcchar(&cc, &text, look.attr, look.pair, nil)
        // Writing the bottom-right cell reports ERR (the cursor cannot advance) but still draws it.
        _ = mvwadd_wch(window, Int32(y), Int32(x), &cc)
    }

    private func look(for role: Role) -> (attr: attr_t, pair: Int16) {
        if let cached = looks[role] { return cached }
        let theme = self.theme ?? ThemeLoader.builtinMono
        let style = theme.style(role)
        var attr: attr_t = 0
        if style.bold { attr |= cashier_attr_bold() }
        if style.reverse { attr |= cashier_attr_reverse() }
        if style.underline { attr |= cashier_attr_underline() }
        if style.dim { attr |= cashier_attr_dim() }
        var pair: Int16 = 0
        if hasColors && !theme.isMonochrome {
            let available = Int(cashier_colors())
            // "default" in a role means the theme's canvas (the normal role), so a theme that
            // paints the background does not need to repeat it in every role.
            let canvas = theme.style(.normal)
            let fg = ColorMapping.number(style.foreground == .terminalDefault ? canvas.foreground : style.foreground,
                                         available: available)
            let bg = ColorMapping.number(style.background == .terminalDefault ? canvas.background : style.background,
                                         available: available)
            // Without a brighter colour to use, bold stands in for "bright" foregrounds.
            if case .index(let i) = style.foreground, i >= 8, i < 16, i >= available { attr |= cashier_attr_bold() }
            pair = self.pair(fg: fg, bg: bg)
        }
        looks[role] = (attr, pair)
        return (attr, pair)
    }

    /// Pairs are allocated lazily, one per distinct (fg, bg); pair 0 is the terminal default.
    private func pair(fg: Int?, bg: Int?) -> Int16 {
        let key = PairKey(fg: fg, bg: bg)
        if fg == nil && bg == nil { return 0 }
        if let known = pairs[key] { return known }
        let next = pairs.count + 1
        guard next < Int(cashier_color_pairs()), next <= Int(Int16.max) else { return 0 }
        // Without default-colour support, "default" has to be a concrete colour.
        let f = fg ?? (defaultColors ? -1 : Int(COLOR_WHITE))
        let b = bg ?? (defaultColors ? -1 : Int(COLOR_BLACK))
        guard init_pair(Int16(next), Int16(f), Int16(b)) != ERR else { return 0 }
        pairs[key] = Int16(next)
        return Int16(next)
    }
}
