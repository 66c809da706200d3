import CashierConsole

/// Fits theme colours to what the terminal offers.
enum ColorMapping {
    /// The colour number for `color` on a terminal with `available` colours: bright colours
    /// fold onto the basic eight, and 256-colour indices onto the nearest basic colour.
    /// `nil` means the terminal default.
    static func number(_ color: ThemeColor, available: Int) -> Int? {
        guard case .index(let index) = color else { return nil }
        if index < available { return index }
        if index < 16 { return index - 8 }
        if index >= 232 { return index >= 244 ? 7 : 0 }
        // 6×6×6 cube: a component counts as "on" in its upper half; ANSI order is blue·green·red bits.
        let cube = index - 16
        let (r, g, b) = (cube / 36, cube / 6 % 6, cube % 6)
        return (r >= 3 ? 1 : 0) | (g >= 3 ? 2 : 0) | (b >= 3 ? 4 : 0)
    }
}
