import CashierEngine
import Hummingbird

/// Every route `cashier serve` answers, in one table: the router is built from it and the
/// OpenAPI test compares docs/openapi.yaml with it, so neither can drift from the other.
public enum Routes {
    public struct Route: Sendable, Hashable {
        public var method: String
        /// OpenAPI style: `/v1/orders/{number}`.
        public var path: String

        public init(method: String, path: String) { self.method = method; self.path = path }
    }

    public static let all: [Route] = [
        Route(method: "GET", path: "/health"),
        Route(method: "GET", path: "/ready"),
        Route(method: "GET", path: "/v1/orders/{number}"),
        Route(method: "POST", path: "/v1/payments"),
        Route(method: "GET", path: "/v1/payments/{trade_no}"),
        Route(method: "POST", path: "/v1/refunds"),
        Route(method: "GET", path: "/v1/refunds/{id}"),
        Route(method: "POST", path: "/notify/alipay"),
        Route(method: "POST", path: "/notify/wechat"),
    ]

    /// Hummingbird style: `{number}` becomes `:number`.
    static func routerPath(_ path: String) -> RouterPath {
        RouterPath(path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
    }

    typealias Handler = @Sendable (Request, APIContext) async -> Response

    static func router(api: ChannelAPI, notify: NotifyRoute, wechatNotify: WeChatNotifyRoute, health: HealthRoutes) -> Router<APIContext> {
        let handlers: [Route: Handler] = [
            Route(method: "GET", path: "/health"): health.live,
            Route(method: "GET", path: "/ready"): health.ready,
            Route(method: "GET", path: "/v1/orders/{number}"): api.order,
            Route(method: "POST", path: "/v1/payments"): api.startPayment,
            Route(method: "GET", path: "/v1/payments/{trade_no}"): api.payment,
            Route(method: "POST", path: "/v1/refunds"): api.requestRefund,
            Route(method: "GET", path: "/v1/refunds/{id}"): api.refund,
            Route(method: "POST", path: "/notify/alipay"): notify.handle,
            Route(method: "POST", path: "/notify/wechat"): wechatNotify.handle,
        ]
        let router = Router(context: APIContext.self)
        for route in all {
            guard let handler = handlers[route] else { preconditionFailure("no handler for \(route.method) \(route.path)") }
            router.on(routerPath(route.path), method: HTTPRequest.Method(route.method)!) { request, context -> Response in
                await handler(request, context)
            }
        }
        return router
    }
}
