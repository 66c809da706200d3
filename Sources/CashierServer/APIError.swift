import CashierCore
import Foundation
import Hummingbird

/// A refusal of the channel API: an HTTP status, a stable code and one sentence saying what is
/// wrong and what to do. Rendered as `{"error": {"code": "...", "message": "..."}}`.
struct APIError: Error, Equatable, CustomStringConvertible {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    /// The input field at fault (a JSON path such as `lines[0].unit_price`), when one is.
    var field: String? = nil
    /// A batch's refused items, each with its own field and sentence.
    var items: [Item]? = nil

    struct Item: Encodable, Equatable {
        var index: Int
        var number: String?
        var field: String
        var message: String
    }

    var description: String { "\(status.code) \(code): \(message)" }

    static func invalid(_ m: String) -> APIError { .init(status: .unprocessableContent, code: "invalid", message: m) }
    static func invalid(_ m: String, field: String, items: [Item]? = nil) -> APIError {
        .init(status: .unprocessableContent, code: "invalid", message: m, field: field, items: items)
    }
    static func conflict(_ m: String, field: String, items: [Item]? = nil) -> APIError {
        .init(status: .conflict, code: "conflict", message: m, field: field, items: items)
    }
    static func badRequest(_ m: String) -> APIError { .init(status: .badRequest, code: "bad_request", message: m) }
    static func notFound(_ m: String) -> APIError { .init(status: .notFound, code: "not_found", message: m) }
    static func conflict(_ m: String) -> APIError { .init(status: .conflict, code: "conflict", message: m) }
    static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized",
        message: "A valid API key is required: send it as `Authorization: Bearer csk_…` (create one with `cashier serve key add`).")
    static let tooLarge = APIError(
        status: .contentTooLarge, code: "too_large",
        message: "The request body is larger than \(ServerLimits.maxBody) bytes: send less.")

    /// The engine's refusals: the kind chooses the status and the code, the API words the remedy.
    init(_ e: CashierError) {
        let message = Self.sentence(e)
        switch e.kind {
        case .invalid: self = .invalid(message)
        case .notFound: self = .notFound(message)
        case .conflict: self = .conflict(message)
        case .forbidden: self = .init(status: .forbidden, code: "forbidden", message: message)
        case .internal: self = .init(status: .internalServerError, code: "internal", message: message)
        }
    }

    /// The API's words for a remedy: what a channel's client can do, else the plain words.
    static func sentence(_ e: CashierError) -> String {
        guard let remedy = e.remedy else { return e.message }
        let words = switch remedy {
        case .chooseExistingOperator: "the API key's operator must be an existing user (create a key for one)"
        case .chooseOnlineMethod: "send \"method\": \"code\" with the customer's \"code\", or \"method\": \"qr\""
        case .configurePlatform(let kind): "the store's configuration needs \(kind.configTable) for these; pay with another method"
        default: remedy.plainWords
        }
        return "\(e.message): \(words)."
    }

    init(status: HTTPResponse.Status, code: String, message: String, field: String? = nil, items: [Item]? = nil) {
        self.status = status; self.code = code; self.message = message; self.field = field; self.items = items
    }

    var response: Response {
        struct Body: Encodable {
            struct Inner: Encodable { var code: String; var message: String; var field: String?; var items: [Item]? }
            var error: Inner
        }
        var r = JSONOut.response(Body(error: .init(code: code, message: message, field: field, items: items)), status: status)
        if status == .unauthorized { r.headers[.wwwAuthenticate] = "Bearer" }
        return r
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
func answering(_ context: APIContext, _ body: () async throws -> Response) async -> Response {
    do {
        return try await body()
    } catch let e as APIError {
        return e.response
    } catch let e as CashierError {
        return APIError(e).response
    } catch let e as MoneyParseError {
        return APIError.invalid(e.description).response
    } catch {
        context.logger.error("request failed: \(error)")
        return APIError(status: .internalServerError, code: "internal",
                        message: "The store could not answer (\(error)): try again.").response
    }
}
