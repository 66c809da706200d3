import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// WeChat Pay's messages: one flat element (`<xml>`, or `<root>` inside a refund notify's
/// req_info) whose children are the fields. Written with every value in CDATA, fields sorted,
/// empty values left out; read with Foundation's XMLParser (libxml2), refusing anything that is
/// not flat and any DTD (WeChat's own advice against XXE).
public enum WeChatXML {
    public enum Error: Swift.Error, Equatable, Sendable, CustomStringConvertible {
        case notXML(String)
        case forbiddenDTD
        case nested(String)
        case duplicate(String)

        public var description: String {
            switch self {
            case .notXML(let why): return "The message is not WeChat Pay XML (\(why)): it is refused."
            case .forbiddenDTD: return "The message carries a DTD or an entity declaration: it is refused (XXE)."
            case .nested(let name): return "The field \(name) holds elements of its own, which WeChat Pay messages never do: it is refused."
            case .duplicate(let name): return "The field \(name) appears twice: the message is refused."
            }
        }
    }

    /// `<xml><a><![CDATA[1]]></a>…</xml>`, fields in byte order of their names.
    public static func document(_ fields: [String: String], root: String = "xml") -> String {
        var out = "<\(root)>"
        for (name, value) in fields.sorted(by: { WeChatCanonical.precedes($0.key, $1.key) }) where !value.isEmpty {
            out += "<\(name)>\(cdata(value))</\(name)>"
        }
        return out + "</\(root)>"
    }

    /// A value as CDATA; a `]]>` inside it is split across two sections so it survives.
    static func cdata(_ value: String) -> String {
        "<![CDATA[" + value.replacingOccurrences(of: "]]>", with: "]]]]><![CDATA[>") + "]]>"
    }

    /// The root element's name and its fields (text and CDATA joined, kept exactly).
    public static func parse(_ text: String) throws(Error) -> (root: String, fields: [String: String]) {
        let upper = text.uppercased()
        if upper.contains("<!DOCTYPE") || upper.contains("<!ENTITY") { throw .forbiddenDTD }
        let reader = FlatReader()
        let parser = XMLParser(data: Data(text.utf8))
        parser.shouldResolveExternalEntities = false
        parser.delegate = reader
        // On Linux parse() may answer true after libxml2 recovered from an error: the error itself decides.
        let ok = parser.parse()
        if let problem = reader.problem { throw problem }
        if let error = parser.parserError { throw .notXML("libxml2 error \((error as NSError).code)") }
        guard ok, let root = reader.root else { throw .notXML("no root element") }
        return (root, reader.fields)
    }
}

/// Collects the children of the root; aborts at the first element nested deeper.
private final class FlatReader: NSObject, XMLParserDelegate {
    var depth = 0
    var root: String?
    var current: String?
    var text = ""
    var fields: [String: String] = [:]
    var problem: WeChatXML.Error?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        depth += 1
        switch depth {
        case 1: root = elementName
        case 2: current = elementName; text = ""
        default:
            problem = .nested(current ?? elementName)
            parser.abortParsing()
        }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred error: any Error) {
        if problem == nil { problem = .notXML("libxml2 error \((error as NSError).code)") }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if depth == 2 { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        if depth == 2 { text += String(decoding: block, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        if depth == 2, let name = current {
            if fields[name] != nil {
                problem = .duplicate(name)
                parser.abortParsing()
            }
            fields[name] = text
            current = nil
        }
        depth -= 1
    }
}
