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
        // 6×6×6 cube: keep the strongest channels (bright ones within a step of the brightest),
        // so a dark blue stays blue and a sky blue becomes cyan. ANSI bits: red 1, green 2, blue 4.
        let cube = index - 16
        let channels = [cube / 36, cube / 6 % 6, cube % 6]
        let top = channels.max() ?? 0
        guard top > 0 else { return 0 }
        let threshold = top <= 2 ? top : top - 1
        return channels.enumerated().reduce(0) { $0 | ($1.element >= threshold ? 1 << $1.offset : 0) }
    }
}
