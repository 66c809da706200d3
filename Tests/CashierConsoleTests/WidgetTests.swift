import Testing
import CashierCore
@testable import CashierConsole

@Suite struct WidgetTests {
    @Test func textFieldEditsAtTheCursor() {
        var f = TextField("acd", maxLength: 5)
        var changes: [Bool] = []
        f.apply(.left, key: .left)
        f.apply(.left, key: .left)
        changes.append(f.apply(.type, key: .char("b")))
        #expect(f.text == "abcd" && f.cursor == 2)
        f.apply(.home, key: .home)
        changes.append(f.apply(.erase, key: .backspace))
        changes.append(f.apply(.eraseForward, key: .delete))
        #expect(f.text == "bcd")
        f.apply(.end, key: .end)
        changes.append(f.apply(.erase, key: .backspace))
        #expect(f.text == "bc")
        for c in "王xy" { f.apply(.type, key: .char(c)) }
        #expect(f.text == "bc王xy")
        // Full: more typing is refused.
        changes.append(f.apply(.type, key: .char("z")))
        #expect(changes == [true, false, true, true, false])
    }

    @Test func fieldsDrawBracketsCursorAndScroll() {
        var grid = Grid(size: Size(width: 12, height: 3))
        grid.field(TextField("1234567890123"), x: 0, y: 0, width: 10, focused: true)
        grid.field(TextField("12", secret: true), x: 0, y: 1, width: 10, focused: false)
        grid.field(TextField(""), x: 0, y: 2, width: 10, focused: false, placeholder: "none")
        #expect(grid.lines == ["[7890123 ]  ", "[••      ]  ", "[none    ]  "])
        // The cursor sits after the text, in the cursor role; the rest is the focused-input role.
        #expect(grid[8, 0].role == .cursor)
        #expect(grid[1, 0].role == .inputFocused)
        #expect(grid[1, 1].role == .input)
        #expect(grid[1, 2].role == .dim)
    }

    @Test func tablesPadByDisplayWidth() {
        let table = Table([Column("Name", nil), Column("Amount", 8, right: true)], totalWidth: 20)
        #expect(table.widths == [11, 8])
        #expect(table.text(["王小明", "1.00"]) == "王小明          1.00")
        #expect(table.text(["Zoë Müller", "12.00"]) == "Zoë Müller     12.00")
        #expect(table.text(["佐藤花子佐藤花子", "3.00"]) == "佐藤花子佐…     3.00")
        #expect(DisplayWidth.of(table.text(["佐藤花子佐藤花子", "3.00"])) == 20)
    }

    @Test func keyBarDropsWhatDoesNotFit() {
        var grid = Grid(size: Size(width: 20, height: 1))
        let items: [KeyBinding<String>] = [.on(.function(1), label: "Help", "help"), .on(.function(2), label: "Pay", "pay"),
                                           .on(.function(3), label: "Search", "search")]
        grid.keyBar(items, y: 0)
        #expect(grid.lines == ["F1Help  F2Pay       "])
        #expect(grid.roles(row: 0).prefix(9) == [.keyBarKey, .keyBarKey, .keyBar, .keyBar, .keyBar, .keyBar, .keyBar, .keyBar, .keyBarKey])
        #expect(grid[19, 0].role == .keyBar)
    }

    @Test func dialogBoxes() {
        var grid = Grid(size: Size(width: 16, height: 5))
        grid.centredBox(width: 14, height: 4, title: "Cancel?")
        grid.put("y/n", x: 3, y: 2, role: .dialog)
        #expect(grid.lines == [
            " ┌─ Cancel? ──┐ ",
            " │            │ ",
            " │ y/n        │ ",
            " └────────────┘ ",
            "                ",
        ])
        #expect(grid[4, 0].role == .dialogTitle)
        #expect(grid[2, 3].role == .dialog)
    }

    @Test func bannersAndWrapping() {
        var grid = Grid(size: Size(width: 20, height: 3))
        grid.banner("PAID", x: 0, y: 0, width: 20, role: .succeeded)
        #expect(grid.lines == ["                    ", "      P A I D       ", "                    "])
        #expect(grid.roles(row: 2).allSatisfy { $0 == .succeeded })
        #expect(wrap("one two three four", width: 9) == ["one two", "three", "four"])
    }

    @Test func formats() {
        #expect(Fmt.countdown(60_000) == "1:00")
        #expect(Fmt.countdown(42_001) == "0:43")
        #expect(Fmt.countdown(-5) == "0:00")
        #expect(Fmt.time(1_790_000_000_000, utc) == "14:13:20")
        #expect(Fmt.date(1_790_000_000_000, utc) == "2026-09-21")
        #expect(Fmt.status(.partiallyRefunded) == "partially refunded")
    }

    @Test func keyMatchingPrefersEarlierRows() {
        let table: [KeyBinding<String>] = [
            .on(.char("t"), label: "Type filter", "cycle the type"),
            KeyBinding([.printable], label: "Type", run: "type"),
        ]
        #expect(KeyTable.binding(for: .char("t"), in: table)?.run == "cycle the type")
        #expect(KeyTable.binding(for: .char("王"), in: table)?.run == "type")
        #expect(KeyTable.binding(for: .enter, in: table)?.label == nil)
        #expect(KeyTable.binding(for: .char("\u{7}"), in: table)?.label == nil)
    }
}
