import CashierCore
import Foundation
import Hummingbird
import Localization

/// A refusal of the channel API: an HTTP status, a stable code and one sentence saying what is
/// wrong and what to do. Rendered as `{"error": {"code": "...", "message": "..."}}`; the code is
/// language-neutral, the message follows the request's Accept-Language.
struct APIError: Error, Equatable, CustomStringConvertible {
    /// The sentence, kept as data until the answer is written in the client's language.
    enum Words: Equatable {
        case key(String, [String: String])
        case engine(CashierError)
        /// An amount that does not parse, worded by the catalogue's `input.*`.
        case amount(MoneyParseError)
    }

    var status: HTTPResponse.Status
    var code: String
    var words: Words
    /// The input field at fault (a JSON path such as `lines[0].unit_price`), when one is.
    var field: String? = nil
    /// A batch's refused items, each with its own field and sentence.
    var items: [Item]? = nil

    struct Item: Equatable {
        var index: Int
        var number: String?
        var field: String
        var words: Words

        func worded(_ l: Language) -> Worded { Worded(index: index, number: number, field: field, message: APIError.message(words, l)) }
        struct Worded: Encodable { var index: Int; var number: String?; var field: String; var message: String }
    }

    var message: String { message(.en) }

    /// The refusal as a field's problem (the CLI's JSON Lines import reads bodies as the API does).
    var problem: FieldProblem {
        switch words {
        case .key(let key, let args): return FieldProblem(field ?? "", key, args.mapValues { .text($0) })
        case .engine(let e): return FieldProblem(field ?? "", e)
        case .amount(let e): return FieldProblem(field ?? "", .invalid("refusal.amount", ["why": .amountProblem(e)]))
        }
    }
    var description: String { "\(status.code) \(code): \(message)" }

    func message(_ l: Language) -> String { Self.message(words, l) }

    static func message(_ words: Words, _ l: Language) -> String {
        switch words {
        case .key(let key, let args):
            if let count = args["count"].flatMap({ Int($0) }) { return l.plural(key, count: count, args) }
            return l.t(key, args)
        case .engine(let e): return Self.sentence(e, l)
        case .amount(let e): return l.words(e)
        }
    }

    static func words(_ key: String, _ args: [String: any CustomStringConvertible]) -> Words { .key(key, args.mapValues(\.description)) }
    static func invalid(_ key: String, _ args: [String: any CustomStringConvertible] = [:]) -> APIError {
        .init(status: .unprocessableContent, code: "invalid", words: words(key, args))
    }
    static func badRequest(_ key: String, _ args: [String: any CustomStringConvertible] = [:]) -> APIError {
        .init(status: .badRequest, code: "bad_request", words: words(key, args))
    }
    static func notFound(_ key: String, _ args: [String: any CustomStringConvertible] = [:]) -> APIError {
        .init(status: .notFound, code: "not_found", words: words(key, args))
    }
    static func conflict(_ key: String, _ args: [String: any CustomStringConvertible] = [:]) -> APIError {
        .init(status: .conflict, code: "conflict", words: words(key, args))
    }
    static let unauthorized = APIError(status: .unauthorized, code: "unauthorized", words: .key("api.unauthorized", [:]))
    static let tooLarge = APIError(status: .contentTooLarge, code: "too_large", words: .key("api.too_large", ["max": String(ServerLimits.maxBody)]))
    // A field's refusal: the sentence from the catalogue, the field named in the answer.
    static func invalid(_ key: String, _ args: [String: any CustomStringConvertible] = [:], field: String, items: [Item]? = nil) -> APIError {
        .init(status: .unprocessableContent, code: "invalid", words: words(key, args), field: field, items: items)
    }
    static func invalid(_ problem: FieldProblem, field: String) -> APIError {
        .init(status: .unprocessableContent, code: "invalid", words: .engine(problem.refusal), field: field)
    }
    static func conflict(_ problem: FieldProblem, field: String) -> APIError {
        .init(status: .conflict, code: "conflict", words: .engine(problem.refusal), field: field)
    }
    /// A known path under a method it does not declare; `allowed` are the methods it has.
    static func methodNotAllowed(_ method: String, path: String, allowed: [String]) -> APIError {
        let key = allowed.count == 1 ? "api.method_not_allowed" : "api.method_not_allowed_either"
        return .init(status: .methodNotAllowed, code: "method_not_allowed",
                     words: words(key, ["method": method, "path": path, "methods": allowed.joined(separator: ", ")]))
    }

    /// The engine's refusals: the kind chooses the status and the code, the API words the remedy.
    init(_ e: CashierError) {
        switch e.kind {
        case .invalid: self.init(status: .unprocessableContent, code: "invalid", words: .engine(e))
        case .notFound: self.init(status: .notFound, code: "not_found", words: .engine(e))
        case .conflict: self.init(status: .conflict, code: "conflict", words: .engine(e))
        case .forbidden: self.init(status: .forbidden, code: "forbidden", words: .engine(e))
        case .internal: self.init(status: .internalServerError, code: "internal", words: .engine(e))
        }
    }

    /// The API's words for a remedy: what a channel's client can do, else the plain words.
    static func sentence(_ e: CashierError, _ l: Language = .en) -> String {
        guard let remedy = e.remedy else { return l.words(e) }
        let words = switch remedy {
        case .chooseExistingOperator: l.t("api.remedy_existing_operator")
        case .chooseOnlineMethod: l.t("api.remedy_online_method")
        case .configurePlatform(let kind): l.t("api.remedy_configure_platform", ["table": kind.configTable])
        default: l.plainWords(remedy)
        }
        return l.t("api.with_remedy", ["what": l.words(e), "remedy": words])
    }

    init(status: HTTPResponse.Status, code: String, words: Words, field: String? = nil, items: [Item]? = nil) {
        self.status = status; self.code = code; self.words = words; self.field = field; self.items = items
    }

    var response: Response { response(.en) }

    func response(_ l: Language) -> Response {
        struct Body: Encodable {
            struct Inner: Encodable { var code: String; var message: String; var field: String?; var items: [Item.Worded]? }
            var error: Inner
        }
        var r = JSONOut.response(Body(error: .init(code: code, message: message(l), field: field, items: items?.map { $0.worded(l) })), status: status)
        if status == .unauthorized { r.headers[.wwwAuthenticate] = "Bearer" }
        r.headers[.contentLanguage] = l.rawValue
        return r
    }
}

extension APIError {
    /// The language an Accept-Language header asks for: the first of zh and en it names, by
    /// quality (English when it names neither).
    static func language(_ header: String?) -> Language {
        guard let header else { return .en }
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let fields = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = fields.first, let l = Language(code: tag) else { continue }
            let q = fields.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if q > 0, q > (best?.1 ?? -1) { best = (l, q) }
        }
        return best?.0 ?? .en
    }
}

enum ServerLimits {
    /// Channel requests are a few order numbers and a code: 16 KiB is plenty.
    static let maxBody = 16 * 1024
    /// At most this many orders in one payment.
    static let maxOrders = 50
    /// One order: 100 lines of 100 characters, a note and metadata fit with room to spare.
    static let maxOrderBody = 128 * 1024
    /// A batch of up to 1,000 orders (docs/openapi.yaml says so too).
    static let maxBatchBody = 8 * 1024 * 1024
}

enum JSONOut {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// Runs a handler body, turning every refusal into its JSON answer. Anything unexpected is a 500
/// with a sentence, never a stack trace.
func answering(_ request: Request, _ context: APIContext, _ body: () async throws -> Response) async -> Response {
    let lang = APIError.language(request.headers[.acceptLanguage])
    do {
        return try await body()
    } catch let e as APIError {
        return e.response(lang)
    } catch let e as CashierError {
        return APIError(e).response(lang)
    } catch let e as MoneyParseError {
        return APIError(status: .unprocessableContent, code: "invalid", words: .amount(e)).response(lang)
    } catch {
        context.logger.error("request failed: \(error)")
        return APIError(status: .internalServerError, code: "internal", words: .key("api.internal", ["error": "\(error)"])).response(lang)
    }
}
