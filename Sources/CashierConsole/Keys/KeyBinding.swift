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

/// One row of a key table: the data that drives dispatch, the key bar and the help overlay.
struct KeyBinding: Equatable, Sendable {
    var keys: [KeyMatch]
    var command: Command
    var label: String
    var inBar: Bool
    /// Why the key does nothing right now; shown in the message line when it is pressed.
    var disabled: String?
    /// How help names the keys, e.g. "F3 /".
    var keyText: String

    init(_ keys: [KeyMatch], _ command: Command, _ label: String, bar: Bool = false,
         disabled: String? = nil, keyText: String? = nil) {
        self.keys = keys
        self.command = command
        self.label = label
        self.inBar = bar
        self.disabled = disabled
        self.keyText = keyText ?? keys.map { match -> String in
            if case .key(let k) = match { return k.description }
            return "a-z 0-9"
        }.joined(separator: " ")
    }

    /// Builds a binding on named keys.
    static func on(_ keys: Key..., do command: Command, _ label: String, bar: Bool = false,
                   disabled: String? = nil) -> KeyBinding {
        KeyBinding(keys.map(KeyMatch.key), command, label, bar: bar, disabled: disabled)
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

enum KeyTable {
    /// The first binding that takes `key`: earlier rows win, so screens list specific keys
    /// before the catch-all printable row.
    static func binding(for key: Key, in table: [KeyBinding]) -> KeyBinding? {
        table.first { $0.keys.contains { $0.matches(key) } }
    }

    /// The key bar's items: F-keys by number (kept when disabled, so they do not jump about),
    /// then the other keys that work now, in table order.
    static func barItems(_ table: [KeyBinding]) -> [KeyBinding] {
        var seen = Set<String>()
        let shown = table.filter {
            $0.inBar && ($0.disabled == nil || $0.functionNumber != nil) && seen.insert($0.barKeyText).inserted
        }
        let fkeys = shown.filter { $0.functionNumber != nil }.sorted { $0.functionNumber! < $1.functionNumber! }
        return fkeys + shown.filter { $0.functionNumber == nil }
    }

    /// Keys that edit the focused text field.
    static func textEditing(allowTyping: Bool = true) -> [KeyBinding] {
        var rows: [KeyBinding] = [
            .on(.backspace, do: .erase, "Erase before the cursor"),
            .on(.delete, do: .eraseForward, "Erase at the cursor"),
            .on(.left, do: .fieldLeft, "Move left in the field"),
            .on(.right, do: .fieldRight, "Move right in the field"),
            .on(.home, do: .fieldHome, "Start of the field"),
            .on(.end, do: .fieldEnd, "End of the field"),
        ]
        if allowTyping { rows.append(KeyBinding([.printable], .type, "Type into the field")) }
        return rows
    }
}
