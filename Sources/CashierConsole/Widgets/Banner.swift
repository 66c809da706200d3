extension Grid {
    /// A three-row band filled with `role`, the word spaced out in the middle and an optional
    /// note after it: the "big" outcome of a payment, readable from across the counter.
    mutating func banner(_ word: String, note: String = "", x: Int, y: Int, width: Int, role: Role) {
        fill(x: x, y: y, width: width, height: 3, role: role)
        let spaced = word.map(String.init).joined(separator: " ")
        centred(note.isEmpty ? spaced : spaced + "  ·  " + note, x: x, y: y + 1, width: width, role: role)
    }
}
