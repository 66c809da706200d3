import Foundation
import TOMLKit

/// `~/.config/cashier/config.toml` (or $CASHIER_CONFIG): settings a store's engineer sets once.
struct Config {
    var theme: String?

    static var path: String {
        let env = ProcessInfo.processInfo.environment
        if let p = env["CASHIER_CONFIG"], !p.isEmpty { return p }
        let base = env["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (homeDirectory + "/.config")
        return base + "/cashier/config.toml"
    }

    /// A missing file is no error; a bad one is named with what to fix.
    static func load() -> (Config, String?) {
        let file = path
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return (Config(), nil) }
        do {
            let table = try TOMLTable(string: text)
            var config = Config()
            for key in table.keys {
                switch key {
                case "theme":
                    guard let name = table["theme"]?.string else { return (Config(), "\(file): theme must be a string such as \"dark\".") }
                    config.theme = name
                default:
                    return (config, "\(file): unknown key \"\(key)\": remove it (known keys: theme).")
                }
            }
            return (config, nil)
        } catch {
            return (Config(), "\(file) is not valid TOML (\(error)): fix or remove it.")
        }
    }

    /// Where theme files are looked up: beside the package (swift run), then the user's folder.
    static var themeSearchPaths: [String] {
        var paths: [String] = []
        if let env = ProcessInfo.processInfo.environment["CASHIER_THEMES"], !env.isEmpty { paths.append(env) }
        let source = URL(fileURLWithPath: #filePath)  // …/Sources/cashier/Config.swift
        paths.append(source.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("themes").path)
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<5 {
            paths.append(dir.appendingPathComponent("themes").path)
            dir = dir.deletingLastPathComponent()
        }
        paths.append((path as NSString).deletingLastPathComponent + "/themes")
        return paths
    }
}

/// $HOME as the user set it (Foundation's NSHomeDirectory reads the password database instead).
var homeDirectory: String {
    let home = ProcessInfo.processInfo.environment["HOME"] ?? ""
    return home.isEmpty ? NSHomeDirectory() : home
}
