/// What a text-editing key does to the focused field (`type` takes the character from the key).
enum TextEdit: Equatable, Sendable {
    case type, erase, eraseForward, left, right, home, end
    /// Whether the edit changes the text, not only the cursor.
    var changesText: Bool { self == .type || self == .erase || self == .eraseForward }
}

/// A one-line editable text and where its cursor is (counted in characters).
struct TextField: Equatable, Sendable {
    var text: String
    var cursor: Int
    /// Shown as bullets (PINs).
    var secret: Bool
    var maxLength: Int

    init(_ text: String = "", secret: Bool = false, maxLength: Int = 64) {
        self.text = text
        self.cursor = text.count
        self.secret = secret
        self.maxLength = maxLength
    }

    var isEmpty: Bool { text.isEmpty }

    /// Applies an edit; returns whether the text changed.
    @discardableResult
    mutating func apply(_ edit: TextEdit, key: Key) -> Bool {
        switch edit {
        case .type:
            guard case .char(let c) = key, text.count < maxLength else { return false }
            text.insert(c, at: text.index(text.startIndex, offsetBy: cursor))
            cursor += 1
            return true
        case .erase:
            guard cursor > 0 else { return false }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor - 1))
            cursor -= 1
            return true
        case .eraseForward:
            guard cursor < text.count else { return false }
            text.remove(at: text.index(text.startIndex, offsetBy: cursor))
            return true
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = text.count
        }
        return false
    }

    mutating func set(_ newText: String) {
        text = newText
        cursor = newText.count
    }

    /// What is drawn: bullets for secrets.
    var shown: String { secret ? String(repeating: "•", count: text.count) : text }
}

extension Grid {
    /// Draws a field as `[text   ]` taking `width` columns; the focused one marks its cursor cell.
    mutating func field(_ field: TextField, x: Int, y: Int, width: Int, focused: Bool, placeholder: String = "") {
        let inner = max(1, width - 2)
        let role: Role = focused ? .inputFocused : .input
        put("[", x: x, y: y, role: .dim)
        fill(x: x + 1, y: y, width: inner, height: 1, role: role)
        // Scroll so the cursor stays visible: drop characters from the left until it fits.
        var chars = Array(field.shown)
        var cursor = field.cursor
        while !chars.isEmpty, DisplayWidth.of(String(chars.prefix(cursor))) > inner - 1 {
            chars.removeFirst()
            cursor -= 1
        }
        let text = String(chars)
        if text.isEmpty && !placeholder.isEmpty && !focused {
            put(placeholder, x: x + 1, y: y, role: .dim, maxWidth: inner)
        } else {
            put(text, x: x + 1, y: y, role: role, maxWidth: inner)
        }
        if focused {
            let col = x + 1 + DisplayWidth.of(String(chars.prefix(cursor)))
            if col < x + 1 + inner, col < size.width, y < size.height {
                var cell = self[col, y]
                cell.role = .cursor
                self[col, y] = cell
            }
        }
        put("]", x: x + 1 + inner, y: y, role: .dim)
    }
}
