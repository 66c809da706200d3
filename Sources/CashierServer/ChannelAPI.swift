import CashierCore
import Localization
import CashierEngine
import HTTPTypes
import Hummingbird
import PaymentPlatform

/// The channel API for PC web, mini-program and app: look up orders, start and query online
/// payments through the same engine path as the counter, and request refunds for a supervisor.
struct ChannelAPI: Sendable {
    let engine: Engine

    /// The key in `Authorization: Bearer …`; every failure is the same 401.
    func caller(_ request: Request) throws -> ChannelKeyRecord {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
              let key = try engine.authenticateChannelKey(String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces))
        else { throw APIError.unauthorized }
        return key
    }

    /// A payment channel's key: an integration key creates orders but never pays or refunds.
    func payingCaller(_ request: Request) throws -> ChannelKeyRecord {
        let key = try caller(request)
        guard key.channel.mayPay else {
            throw APIError(status: .forbidden, code: "forbidden", words: .key("api.intake.integration_cannot_pay", [:]))
        }
        return key
    }

    func order(_ request: Request, _ context: APIContext) async -> Response {
        await answering(request, context) {
            _ = try caller(request)
            let number = try Validate.orderNumber(context.parameters.get("number") ?? "")
            let o = try findOrder(number)
            let out = OrderOut(o, lines: try engine.orderLines(orderId: o.id), lock: try engine.lockHolder(orderId: o.id),
                               now: engine.clock.now())
            return JSONOut.response(out)
        }
    }

    /// POST /v1/payments {"orders": [...], "method": "code"|"qr", "code": "...", "platform": "alipay", "amount": "12.34"}
    func startPayment(_ request: Request, _ context: APIContext) async -> Response {
        var request = request
        return await answering(request, context) {
            let key = try payingCaller(request)
            let body = try JSONInput(try await request.smallBody(context), allowed: ["orders", "method", "code", "platform", "amount"])
            let numbers = try body.strings("orders").map { n throws(APIError) in try Validate.orderNumber(n) }
            guard !numbers.isEmpty else { throw APIError.invalid("api.orders_empty") }
            guard numbers.count <= ServerLimits.maxOrders else {
                throw APIError.invalid("api.too_many_orders", ["max": ServerLimits.maxOrders])
            }
            let orders = try numbers.map { try findOrder($0) }
            let total = orders.reduce(Int64(0)) { $0 + $1.amount.minor }
            if let text = try body.string("amount") {
                let amount = try Money.parse(text, currency: orders[0].currency)
                guard amount.minor == total else {
                    throw APIError.invalid("api.amount_mismatch", ["amount": amount.decimal, "total": Money.format(minor: total, currency: orders[0].currency)])
                }
            }
            let mode = try onlineMode(body)
            let fingerprint = SHA256Hex.of("\(numbers.joined(separator: ","))|\(mode)|\(total)")
            let idem = try request.headers[HTTPField.Name("Idempotency-Key")!].map { k throws(APIError) in try Validate.idempotencyKey(k) }
            if let idem {
                switch try engine.claimIdempotency(keyId: key.id, idemKey: idem, requestHash: fingerprint) {
                case .fresh: break
                case .replay(let checkoutId):
                    var r = JSONOut.response(PaymentOut(try engine.snapshot(checkoutId: checkoutId)))
                    r.headers[HTTPField.Name("Idempotency-Replayed")!] = "true"
                    return r
                case .mismatch:
                    throw APIError.invalid("api.idempotency_reused", ["key": idem])
                case .inProgress:
                    throw APIError.conflict("api.idempotency_starting", ["key": idem])
                }
            }
            context.logger.info("channel \(key.channel.rawValue) key \(key.id) starting a payment for \(numbers.joined(separator: " "))")
            let plan = PaymentPlan(orderIds: orders.map(\.id), online: total, onlineMode: mode,
                                   operatorName: key.operatorName, channel: key.channel)
            let snapshot: PaymentSnapshot
            do {
                snapshot = try await engine.pay(plan)
            } catch {
                if let idem { try? engine.finishIdempotency(keyId: key.id, idemKey: idem, checkoutId: nil) }
                throw error
            }
            if let idem { try engine.finishIdempotency(keyId: key.id, idemKey: idem, checkoutId: snapshot.checkout.id) }
            context.logger.info("channel \(key.channel.rawValue) key \(key.id) started checkout \(snapshot.checkout.id) (\(numbers.joined(separator: " ")))")
            return JSONOut.response(PaymentOut(snapshot), status: .created)
        }
    }

    func payment(_ request: Request, _ context: APIContext) async -> Response {
        await answering(request, context) {
            let key = try caller(request)
            let tradeNo = try Validate.tradeNo(context.parameters.get("trade_no") ?? "")
            // Another channel's payment is as unknown to this key as a missing one.
            guard let po = try engine.paymentOrder(tradeNo: tradeNo),
                  let snapshot = try? engine.snapshot(checkoutId: po.checkoutId), snapshot.checkout.channel == key.channel.rawValue
            else { throw APIError.notFound("api.no_payment", ["trade": tradeNo]) }
            return JSONOut.response(PaymentOut(snapshot))
        }
    }

    /// POST /v1/refunds {"order": "...", "amount": "12.34", "reason": "..."}: a request only; a
    /// supervisor approves or rejects it at the console.
    func requestRefund(_ request: Request, _ context: APIContext) async -> Response {
        var request = request
        return await answering(request, context) {
            let key = try payingCaller(request)
            let body = try JSONInput(try await request.smallBody(context), allowed: ["order", "amount", "reason"])
            let o = try findOrder(try Validate.orderNumber(try body.requiredString("order")))
            let amount = try Money.parse(try body.requiredString("amount"), currency: o.currency)
            let reason = try Validate.text(try body.requiredString("reason"), field: "reason", max: min(200, OrderLimits.reason))
            let r = try engine.requestRefund(orderId: o.id, amount: amount.minor, reason: reason, by: key.operatorName, channel: key.channel)
            context.logger.info("channel \(key.channel.rawValue) key \(key.id) requested refund \(r.id) of \(amount) on \(o.number)")
            return JSONOut.response(RefundOut(r, orderNumber: o.number, parts: []), status: .created)
        }
    }

    func refund(_ request: Request, _ context: APIContext) async -> Response {
        await answering(request, context) {
            let key = try caller(request)
            let text = context.parameters.get("id") ?? ""
            guard let id = Int64(text), id > 0, text.utf8.count <= 18 else {
                throw APIError.invalid("api.bad_request_id", ["text": Validate.clip(text)])
            }
            guard let r = try engine.refundRequest(id: id), r.channel == key.channel.rawValue,
                  let o = try engine.order(id: r.orderId) else {
                throw APIError.notFound("api.no_refund_request", ["id": id])
            }
            return JSONOut.response(RefundOut(r, orderNumber: o.number, parts: try engine.refundOrders(requestId: id)))
        }
    }

    private func findOrder(_ number: String) throws -> OrderRecord {
        guard let o = try engine.order(number: number) else {
            throw APIError.notFound("api.no_order", ["number": number])
        }
        return o
    }

    private func onlineMode(_ body: JSONInput) throws -> PaymentPlan.Online {
        switch try body.requiredString("method") {
        case "code":
            if try body.string("platform") != nil {
                throw APIError.invalid("api.platform_only_qr")
            }
            return .code(try Validate.paymentCode(try body.requiredString("code")))
        case "qr":
            if try body.string("code") != nil { throw APIError.invalid("api.code_only_code") }
            let name = try body.string("platform") ?? "alipay"
            guard let p = PlatformKind(rawValue: name), p != .unionpay else {
                throw APIError.invalid("api.unknown_platform", ["name": Validate.clip(name)])
            }
            return .qr(p)
        case let other:
            throw APIError.invalid("api.unknown_method", ["name": Validate.clip(other)])
        }
    }
}
