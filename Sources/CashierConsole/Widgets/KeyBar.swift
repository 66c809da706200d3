extension Grid {
    /// The htop-style bar: the key in the key role, then its label padded in the bar role.
    mutating func keyBar<H>(_ items: [KeyBinding<H>], y: Int) {
        fill(x: 0, y: y, width: size.width, height: 1, role: .keyBar)
        var x = 0
        for item in items {
            let key = item.barKeyText
            let label = item.label
            let needed = DisplayWidth.of(key) + DisplayWidth.of(label) + 1
            if x + needed > size.width { break }
            x += put(key, x: x, y: y, role: .keyBarKey)
            x += put(label, x: x, y: y, role: .keyBar)
            x += 1
            // A little air between items when the width allows, as htop does.
            if x < size.width { x += put(" ", x: x, y: y, role: .keyBar) }
        }
    }
}
