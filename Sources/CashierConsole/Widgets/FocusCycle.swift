extension Array where Element: Equatable {
    /// The field `step` places after `current`, wrapping round (Tab / Shift-Tab). A focus no longer
    /// in the list counts as the first field.
    func cycling(from current: Element, by step: Int) -> Element {
        let i = firstIndex(of: current) ?? 0
        return self[((i + step) % count + count) % count]
    }
}
