/// Which keys trigger a binding: one named key, or any printable character.
enum KeyMatch: Equatable, Sendable {
    case key(Key)
    case printable

    func matches(_ key: Key) -> Bool {
        switch self {
        case .key(let k): return k == key
        case .printable:
            if case .char(let c) = key { return DisplayWidth.of(c) > 0 }
            return false
        }
    }
}

/// One row of a key table: the keys, how the bar and help name it, why it cannot act right now,
/// and what it does. Dispatch, the key bar and the help overlay read the same rows, and every row
/// carries its own handler (as lazygit's bindings do), so a key can never be listed and then
/// silently ignored.
struct KeyBinding<Handler> {
    var keys: [KeyMatch]
    var label: String
    var inBar: Bool
    /// Why the key does nothing right now: shown in the message line when it is pressed, and in help.
    var disabled: String?
    /// How help names the keys, e.g. "F3 /".
    var keyText: String
    /// What the key does; never run while `disabled` is set.
    var run: Handler

    init(_ keys: [KeyMatch], label: String, bar: Bool = false, disabled: String? = nil, keyText: String? = nil,
         run: Handler) {
        self.keys = keys
        self.label = label
        self.inBar = bar
        self.disabled = disabled
        self.run = run
        self.keyText = keyText ?? keys.map { match -> String in
            if case .key(let k) = match { return k.description }
            return "a-z 0-9"
        }.joined(separator: " ")
    }

    /// Builds a binding on named keys.
    static func on(_ keys: Key..., label: String, bar: Bool = false, disabled: String? = nil,
                   _ run: Handler) -> KeyBinding {
        KeyBinding(keys.map(KeyMatch.key), label: label, bar: bar, disabled: disabled, run: run)
    }

    /// The same row with another handler: how the app lifts a screen's row into its own table.
    func handled<Other>(by run: Other) -> KeyBinding<Other> {
        KeyBinding<Other>(keys, label: label, bar: inBar, disabled: disabled, keyText: keyText, run: run)
    }

    /// The bar shows only the first key ("F3", not "F3 /"), as htop does.
    var barKeyText: String {
        if case .key(let k)? = keys.first { return k.description }
        return keyText
    }

    /// F-keys sort first in the bar, by number.
    var functionNumber: Int? {
        if case .key(.function(let n))? = keys.first { return n }
        return nil
    }
}

/// A screen's key: it acts on that screen's own state and the shared context, nothing else.
typealias ScreenKey<S> = KeyBinding<(inout S, inout Context, Key) -> [Effect]>

/// A key as the app dispatches it (screen keys lifted onto their slice, and the global keys).
typealias AppKey = KeyBinding<(inout AppState, Key) -> [Effect]>

enum KeyTable {
    /// The first binding that takes `key`: earlier rows win, so screens list specific keys
    /// before the catch-all printable row.
    static func binding<H>(for key: Key, in table: [KeyBinding<H>]) -> KeyBinding<H>? {
        table.first { $0.keys.contains { $0.matches(key) } }
    }

    /// The key bar's items: F-keys by number (kept when disabled, so they do not jump about),
    /// then the other keys that work now, in table order.
    static func barItems<H>(_ table: [KeyBinding<H>]) -> [KeyBinding<H>] {
        var seen = Set<String>()
        let shown = table.filter {
            $0.inBar && ($0.disabled == nil || $0.functionNumber != nil) && seen.insert($0.barKeyText).inserted
        }
        let fkeys = shown.filter { $0.functionNumber != nil }.sorted { $0.functionNumber! < $1.functionNumber! }
        return fkeys + shown.filter { $0.functionNumber == nil }
    }

    /// Keys that scroll a pane of lines: `scroll` is the first line shown, at most `limit`.
    static func scrolling<S>(_ scroll: WritableKeyPath<S, Int>, limit: Int, page: Int) -> [ScreenKey<S>] {
        [
            .on(.up, label: "Scroll up") { s, _, _ in s[keyPath: scroll] = max(0, s[keyPath: scroll] - 1); return [] },
            .on(.down, label: "Scroll down") { s, _, _ in s[keyPath: scroll] = min(limit, s[keyPath: scroll] + 1); return [] },
            .on(.pageUp, label: "Page up") { s, _, _ in s[keyPath: scroll] = max(0, s[keyPath: scroll] - page); return [] },
            .on(.pageDown, label: "Page down") { s, _, _ in s[keyPath: scroll] = min(limit, s[keyPath: scroll] + page); return [] },
        ]
    }

    /// Keys that edit a text field: `edit` applies the edit to whichever field has the focus.
    static func textEditing<S>(allowTyping: Bool = true,
                               _ edit: @escaping (inout S, inout Context, TextEdit, Key) -> [Effect]) -> [ScreenKey<S>] {
        var rows: [ScreenKey<S>] = [
            .on(.backspace, label: "Erase before the cursor") { s, c, k in edit(&s, &c, .erase, k) },
            .on(.delete, label: "Erase at the cursor") { s, c, k in edit(&s, &c, .eraseForward, k) },
            .on(.left, label: "Move left in the field") { s, c, k in edit(&s, &c, .left, k) },
            .on(.right, label: "Move right in the field") { s, c, k in edit(&s, &c, .right, k) },
            .on(.home, label: "Start of the field") { s, c, k in edit(&s, &c, .home, k) },
            .on(.end, label: "End of the field") { s, c, k in edit(&s, &c, .end, k) },
        ]
        if allowTyping {
            rows.append(KeyBinding([.printable], label: "Type into the field") { s, c, k in edit(&s, &c, .type, k) })
        }
        return rows
    }

    /// The same keys for a screen whose focused field is one key path away.
    static func textEditing<S>(_ field: @escaping (S) -> WritableKeyPath<S, TextField>) -> [ScreenKey<S>] {
        textEditing { s, _, edit, key in
            s[keyPath: field(s)].apply(edit, key: key)
            return []
        }
    }
}
