import CNcursesw
import CashierConsole

/// Turns what `wget_wch` returned into a console `Key`; nil for keys the console has no use for.
enum KeyDecoder {
    /// A `KEY_CODE_YES` result: a key ncurses decoded from an escape sequence.
    static func special(_ code: Int32) -> Key? {
        if code > KEY_F0 && code <= KEY_F0 + 63 { return .function(Int(code - KEY_F0)) }
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        // Keypad corners and the vt220 Find/Select keys are what some terminals send for these.
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_HOME, KEY_A1, KEY_FIND: return .home
        case KEY_END, KEY_C1, KEY_SELECT: return .end
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        default: return nil
        }
    }

    /// An `OK` result: a character, including the control codes raw mode passes through.
    static func character(_ code: UInt32) -> Key? {
        switch code {
        case 13, 10: return .enter
        case 27: return .escape
        case 9: return .tab
        case 127, 8: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + code))))
        case 0..<32, 0x80..<0xA0: return nil
        default: return Unicode.Scalar(code).map { .char(Character($0)) }
        }
    }
}
