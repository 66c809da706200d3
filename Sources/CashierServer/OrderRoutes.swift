import CashierCore
import CashierEngine
import Foundation
import Hummingbird

/// Orders from a business system (`integration` keys): create one or a batch, cancel, and the
/// catch-up list. Any key may read; only an integration key may write orders.
struct OrderRoutes: Sendable {
    let api: ChannelAPI
    var engine: Engine { api.engine }

    static let orderFields: Set<String> = ["number", "type", "customer", "currency", "lines", "expires_at", "note", "metadata"]

    func integrationCaller(_ request: Request) throws -> ChannelKeyRecord {
        let key = try api.caller(request)
        guard key.channel == .integration else {
            throw APIError(status: .forbidden, code: "forbidden", words: .key("api.intake.integration_only", [:]))
        }
        return key
    }

    /// POST /v1/orders: 201 with the new order; 200 with the stored one when the same order was sent before.
    func create(_ request: Request, _ context: APIContext) async -> Response {
        var request = request
        return await answering(request, context) {
            let key = try integrationCaller(request)
            let bytes = try await request.body(context, upTo: ServerLimits.maxOrderBody)
            let draft = try OrderJSON.draft(try JSONValue.parse(bytes), path: "")
            switch try engine.createOrders([draft], by: key.operatorName, channel: .integration) {
            case .created(let list):
                return JSONOut.response(try out(list[0].order), status: list[0].created ? .created : .ok)
            case .refused(let r):
                throw OrderJSON.refusal(r, single: true)
            }
        }
    }

    /// POST /v1/orders:batch {"orders": [...]}: up to 1,000 orders, all or nothing.
    func batch(_ request: Request, _ context: APIContext) async -> Response {
        var request = request
        return await answering(request, context) {
            let key = try integrationCaller(request)
            let bytes = try await request.body(context, upTo: ServerLimits.maxBatchBody)
            let body = try JSONFields(try JSONValue.parse(bytes), allowed: ["orders"])
            let items = try body.array("orders")
            guard (1...OrderLimits.batch).contains(items.count) else {
                throw APIError.invalid("api.intake.batch_size", ["given": items.count, "max": OrderLimits.batch], field: "orders")
            }
            var drafts: [OrderDraft] = []
            var problems: [APIError.Item] = []
            for (i, item) in items.enumerated() {
                do throws(APIError) { drafts.append(try OrderJSON.draft(item, path: "orders[\(i)]")) } catch {
                    problems.append(.init(index: i, number: nil, field: error.field ?? "orders[\(i)]", words: error.words))
                }
            }
            guard problems.isEmpty else {
                throw APIError.invalid("api.intake.batch_refused", ["refused": problems.count, "given": items.count], field: "orders", items: problems)
            }
            switch try engine.createOrders(drafts, by: key.operatorName, channel: .integration) {
            case .created(let list):
                struct Out: Encodable { var orders: [OrderOut]; var created: Int }
                let orders = try list.map { try out($0.order) }
                let made = list.filter(\.created).count
                return JSONOut.response(Out(orders: orders, created: made), status: made > 0 ? .created : .ok)
            case .refused(let r):
                throw OrderJSON.refusal(r, single: false)
            }
        }
    }

    /// POST /v1/orders/{number}/cancel {"reason": "..."}
    func cancel(_ request: Request, _ context: APIContext) async -> Response {
        var request = request
        return await answering(request, context) {
            let key = try integrationCaller(request)
            let number = try Validate.orderNumber(context.parameters.get("number") ?? "")
            let body = try JSONFields(try JSONValue.parse(try await request.smallBody(context)), allowed: ["reason"])
            let reason = try body.requiredString("reason")
            if let p = OrderRules.reasonProblem(reason) { throw APIError.invalid(p, field: "reason") }
            let o = try engine.cancelOrder(number: number, reason: reason, by: key.operatorName, channel: .integration)
            return JSONOut.response(try out(o))
        }
    }

    /// GET /v1/orders?status=&type=&updated_since=&limit=&cursor=: oldest change first.
    func list(_ request: Request, _ context: APIContext) async -> Response {
        await answering(request, context) {
            _ = try api.caller(request)
            let q = try OrderJSON.listQuery(request.uri.queryParameters)
            let page = try engine.orderChanges(q)
            struct Out: Encodable { var orders: [OrderOut]; var next_cursor: String? }
            let next = page.count == q.limit ? page.last.map { "\($0.updatedAt)-\($0.id)" } : nil
            return JSONOut.response(Out(orders: try page.map { try out($0) }, next_cursor: next))
        }
    }

    func out(_ o: OrderRecord) throws -> OrderOut {
        OrderOut(o, lines: try engine.orderLines(orderId: o.id), lock: try engine.lockHolder(orderId: o.id), now: engine.clock.now())
    }
}

extension Request {
    /// The body up to a route's own limit, refused with 413 past it.
    mutating func body(_ context: APIContext, upTo limit: Int) async throws -> [UInt8] {
        do {
            return Array(try await collectBody(upTo: limit).readableBytesView)
        } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
            throw APIError(status: .contentTooLarge, code: "too_large", words: .key("api.too_large", ["max": String(limit)]))
        }
    }
}
