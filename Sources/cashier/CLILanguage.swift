import Foundation
import Localization

/// The language of this run: `--lang` (taken out of the command line before the parser sees it,
/// so every command accepts it), else the config file's `language`, else the locale, else English.
enum CLI {
    static let lang: Language = LanguageChoice.resolve(flag: LanguageChoice.extract(Array(CommandLine.arguments.dropFirst())).lang,
                                                       config: Config.load().0.language)
}
