import Foundation
import Testing
@testable import CashierConsole

@Suite struct ThemeTests {
    /// The repo's `themes/` folder, found from this file so it works from any working directory.
    static let themesDir = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes").path

    private func parse(_ text: String) throws(ThemeError) -> Theme {
        try ThemeLoader.parse(text, file: "test.toml")
    }

    private func error(_ text: String) -> ThemeError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func builtinThemesCoverEveryRole() {
        for theme in [ThemeLoader.builtinDefault, ThemeLoader.builtinMono] {
            for role in Role.allCases { #expect(theme.styles[role] != nil, "\(theme.name) lacks \(role)") }
        }
    }

    @Test func fileOverridesOnlyWhatItNames() throws {
        let theme = try parse("""
        name = "mine"
        [header]
        fg = "bright-yellow"
        [amount]
        underline = true
        """)
        let base = ThemeLoader.builtinDefault
        #expect(theme.name == "mine")
        #expect(theme.style(.header).foreground == .index(11))
        #expect(theme.style(.header).background == base.style(.header).background)
        #expect(theme.style(.header).bold == base.style(.header).bold)
        #expect(theme.style(.amount) == Style(bold: true, underline: true))
        for role in Role.allCases where role != .header && role != .amount {
            #expect(theme.style(role) == base.style(role))
        }
    }

    @Test func colourSpellings() throws {
        let theme = try parse("""
        [header]
        fg = 202
        bg = "default"
        [title]
        fg = "17"
        bg = "Bright-Black"
        """)
        #expect(theme.style(.header).foreground == .index(202))
        #expect(theme.style(.header).background == .terminalDefault)
        #expect(theme.style(.title).foreground == .index(17))
        #expect(theme.style(.title).background == .index(8))
    }

    @Test func unknownRoleNamesFileAndKey() {
        let error = error("[headr]\nbold = true")
        #expect(error?.file == "test.toml")
        #expect(error?.key == "headr")
        #expect(error?.description.contains("test.toml") == true)
        #expect(error?.description.contains("headr") == true)
    }

    @Test func unknownStyleKeyNamesFileAndKey() {
        let error = error("[header]\ncolour = \"red\"")
        #expect(error?.key == "header.colour")
        #expect(error?.description.contains("test.toml") == true)
        #expect(error?.description.contains("header.colour") == true)
    }

    @Test func unknownTopLevelScalarIsAnError() {
        #expect(error("font = \"big\"")?.key == "font")
    }

    @Test(arguments: ["\"purple\"", "256", "-1", "true", "\"bright-\""])
    func badColourNamesFileAndKey(_ value: String) {
        let error = error("[pending]\nbg = \(value)")
        #expect(error?.key == "pending.bg")
        #expect(error?.description.contains("test.toml") == true)
    }

    @Test func wrongValueTypes() {
        #expect(error("[header]\nbold = \"yes\"")?.key == "header.bold")
        #expect(error("header = 3")?.key == "header")
        #expect(error("monochrome = 1")?.key == "monochrome")
        #expect(error("name = 1")?.key == "name")
    }

    @Test func invalidTomlNamesTheFile() {
        let error = error("[header\nbold = true")
        #expect(error != nil)
        #expect(error?.key == nil)
        #expect(error?.description.contains("test.toml") == true)
    }

    @Test func monochromeFilesRejectColour() {
        #expect(error("monochrome = true\n[header]\nfg = \"red\"")?.key == "header.fg")
        #expect(error("monochrome = true\n[header]\nunderline = true")?.key == "header.underline")
        let theme = try? parse("monochrome = true\n[header]\nreverse = false")
        #expect(theme?.isMonochrome == true)
        #expect(theme?.style(.selection) == ThemeLoader.builtinMono.style(.selection))
    }

    @Test func monoHasNoColours() throws {
        let shipped = try ThemeLoader.load(file: Self.themesDir + "/mono.toml")
        for theme in [ThemeLoader.builtinMono, shipped] {
            #expect(theme.isMonochrome)
            for role in Role.allCases {
                let style = theme.style(role)
                #expect(style.foreground == .terminalDefault && style.background == .terminalDefault)
                #expect(!style.underline && !style.dim)
            }
        }
        #expect(shipped.styles == ThemeLoader.builtinMono.styles)
    }

    @Test func everyShippedThemeLoads() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.themesDir).filter { $0.hasSuffix(".toml") }
        #expect(Set(files).isSuperset(of: ["default.toml", "dark.toml", "light.toml", "high-contrast.toml", "mono.toml"]))
        for file in files {
            let name = String(file.dropLast(5))
            let (theme, error) = ThemeLoader.load(named: name, searchPaths: [Self.themesDir])
            #expect(error == nil, "\(file): \(String(describing: error))")
            #expect(theme.name == name)
        }
        let (shippedDefault, _) = ThemeLoader.load(named: "default", searchPaths: [Self.themesDir])
        #expect(shippedDefault.styles == ThemeLoader.builtinDefault.styles)
    }

    @Test func loadByNameFallsBackWithAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "[header]\nblink = true\n".write(to: dir.appendingPathComponent("bad.toml"), atomically: true, encoding: .utf8)

        let (bad, badError) = ThemeLoader.load(named: "bad", searchPaths: [dir.path])
        #expect(bad == ThemeLoader.builtinDefault)
        #expect(badError?.key == "header.blink")
        #expect(badError?.file.hasSuffix("bad.toml") == true)

        let (missing, missingError) = ThemeLoader.load(named: "nope", searchPaths: [dir.path])
        #expect(missing == ThemeLoader.builtinDefault)
        #expect(missingError != nil)

        // The built-ins need no file at all.
        #expect(ThemeLoader.load(named: "mono", searchPaths: []) == (ThemeLoader.builtinMono, nil))
        #expect(ThemeLoader.load(named: "default", searchPaths: []) == (ThemeLoader.builtinDefault, nil))
    }
}
