extension Grid {
    /// A three-row band filled with `role` and the text spaced out in the middle:
    /// the "big" outcome of a payment, readable from across the counter.
    mutating func banner(_ text: String, x: Int, y: Int, width: Int, role: Role) {
        fill(x: x, y: y, width: width, height: 3, role: role)
        let spaced = text.map(String.init).joined(separator: " ")
        centred(spaced, x: x, y: y + 1, width: width, role: role)
    }
}
