import Foundation
import TOMLKit

/// Builds themes: a built-in base, then a TOML file that overrides only what it names.
///
/// File format: optional top-level `name = "…"` and `monochrome = true|false`, then one table per
/// `Role.rawValue` with any of `fg`, `bg`, `bold`, `reverse`, `underline`, `dim`. A monochrome file
/// starts from `builtinMono` and may use only bold and reverse; others start from `builtinDefault`.
/// A colour of `default` in any role but `normal` is drawn as the normal role's colour.
public enum ThemeLoader {
    /// Finds `<name>.toml` in the search paths (or takes `name` as a path when it has a `/` or
    /// ends in `.toml`). Never fails: a bad or missing file yields a built-in theme plus the error
    /// to show, so the console still starts. `default` and `mono` work without any file.
    public static func load(named name: String, searchPaths: [String]) -> (Theme, ThemeError?) {
        let fallback = name == builtinMono.name ? builtinMono : builtinDefault
        let candidates = name.contains("/") || name.hasSuffix(".toml")
            ? [name]
            : searchPaths.map { ($0 as NSString).appendingPathComponent(name + ".toml") }
        if let path = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            do {
                return (try load(file: path), nil)
            } catch {
                return (fallback, error)
            }
        }
        if name == builtinDefault.name || name == builtinMono.name { return (fallback, nil) }
        let known = availableThemes(searchPaths: searchPaths).joined(separator: ", ")
        return (fallback, ThemeError(file: candidates.first ?? name, key: nil,
                                     message: "no such theme file; pick one of \(known) or create it."))
    }

    /// Theme names found in the search paths, plus the built-in ones, sorted.
    public static func availableThemes(searchPaths: [String]) -> [String] {
        var names: Set = [builtinDefault.name, builtinMono.name]
        for dir in searchPaths {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
            for file in files where file.hasSuffix(".toml") { names.insert(String(file.dropLast(5))) }
        }
        return names.sorted()
    }

    public static func load(file path: String) throws(ThemeError) -> Theme {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ThemeError(file: path, key: nil, message: "cannot be read as UTF-8 text; check the path and its permissions.")
        }
        let fileName = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return try parse(text, file: path, defaultName: fileName)
    }

    /// Parses theme TOML; `file` is only used in error messages.
    public static func parse(_ text: String, file: String, defaultName: String = "custom") throws(ThemeError) -> Theme {
        let root: TOMLTable
        do {
            root = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(file: file, key: nil,
                             message: "is not valid TOML (\(error.description), \(error.source.begin.debugDescription)); fix the syntax.")
        } catch {
            throw ThemeError(file: file, key: nil, message: "is not valid TOML; fix the syntax.")
        }

        var name = defaultName
        var monochrome = false
        var roleTables: [(Role, TOMLTable)] = []
        for key in root.keys.sorted() {
            guard let value = root[key] else { continue }
            switch key {
            case "name":
                guard let text = value.string else { throw fail(file, key, "must be a string in quotes.") }
                name = text
            case "monochrome":
                guard let flag = value.bool else { throw fail(file, key, "must be true or false.") }
                monochrome = flag
            default:
                guard let role = Role(rawValue: key) else {
                    let roles = Role.allCases.map(\.rawValue).joined(separator: ", ")
                    throw fail(file, key, "is not a role; use one of \(roles), or remove it.")
                }
                guard let table = value.table else {
                    throw fail(file, key, "must be a table such as [\(key)] with fg, bg, bold, reverse, underline or dim.")
                }
                roleTables.append((role, table))
            }
        }

        var theme = monochrome ? builtinMono : builtinDefault
        theme.name = name
        for (role, table) in roleTables {
            theme.styles[role] = try style(role, table, base: theme.style(role), monochrome: monochrome, file: file)
        }
        return theme
    }

    private static func style(_ role: Role, _ table: TOMLTable, base: Style, monochrome: Bool,
                              file: String) throws(ThemeError) -> Style {
        var style = base
        for key in table.keys.sorted() {
            guard let value = table[key] else { continue }
            let path = "\(role.rawValue).\(key)"
            switch key {
            case "fg", "bg":
                let color = value.string.flatMap(ColorName.parse) ?? value.int.flatMap(ColorName.parse)
                guard let color else { throw fail(file, path, "is not a colour; \(ColorName.help).") }
                if monochrome && color != .terminalDefault {
                    throw fail(file, path, "sets a colour in a monochrome theme; remove it or set monochrome = false.")
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            case "bold", "reverse", "underline", "dim":
                guard let flag = value.bool else { throw fail(file, path, "must be true or false.") }
                if monochrome && flag && (key == "underline" || key == "dim") {
                    throw fail(file, path, "is not allowed in a monochrome theme (bold and reverse only); remove it or set monochrome = false.")
                }
                switch key {
                case "bold": style.bold = flag
                case "reverse": style.reverse = flag
                case "underline": style.underline = flag
                default: style.dim = flag
                }
            default:
                throw fail(file, path, "is not a style key; use fg, bg, bold, reverse, underline or dim.")
            }
        }
        return style
    }

    private static func fail(_ file: String, _ key: String, _ message: String) -> ThemeError {
        ThemeError(file: file, key: key, message: message)
    }
}
