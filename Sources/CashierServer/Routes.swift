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
        // Orders from a business system (integration keys).
        Route(method: "POST", path: "/v1/orders"),
        Route(method: "GET", path: "/v1/orders"),
        Route(method: "POST", path: "/v1/orders:batch"),
        Route(method: "POST", path: "/v1/orders/{number}/cancel"),
    ]

    /// Hummingbird style: `{number}` becomes `:number`.
    static func routerPath(_ path: String) -> RouterPath {
        RouterPath(path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: ""))
    }

    typealias Handler = @Sendable (Request, APIContext) async -> Response

    /// The methods a path declares, when it is one of ours (`{name}` matches one segment).
    static func methods(at path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let matching = all.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == parts.count && zip(pattern, parts).allSatisfy { p, s in
                p.hasPrefix("{") && p.hasSuffix("}") ? !s.isEmpty : p == s
            }
        }
        return matching.isEmpty ? nil : matching.map(\.method).sorted()
    }

    /// Methods answered with 405 on a known path that does not declare them.
    static let undeclaredMethods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD", "TRACE"]

    static func router(api: ChannelAPI, notify: NotifyRoute, wechatNotify: WeChatNotifyRoute, health: HealthRoutes) -> Router<APIContext> {
        let orders = OrderRoutes(api: api)
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
            Route(method: "POST", path: "/v1/orders"): orders.create,
            Route(method: "GET", path: "/v1/orders"): orders.list,
            Route(method: "POST", path: "/v1/orders:batch"): orders.batch,
            Route(method: "POST", path: "/v1/orders/{number}/cancel"): orders.cancel,
        ]
        let router = Router(context: APIContext.self)
        router.add(middleware: JSONNotFound())
        for route in all {
            guard let handler = handlers[route] else { preconditionFailure("no handler for \(route.method) \(route.path)") }
            router.on(routerPath(route.path), method: HTTPRequest.Method(route.method)!) { request, context -> Response in
                await handler(request, context)
            }
        }
        // A known path with a method it does not declare answers 405 with the methods it has.
        for (path, methods) in Dictionary(grouping: all, by: \.path) {
            let allowed = methods.map(\.method).sorted()
            for m in undeclaredMethods where !allowed.contains(m) {
                router.on(routerPath(path), method: HTTPRequest.Method(m)!) { request, _ -> Response in
                    var r = APIError.methodNotAllowed(m, path: path, allowed: allowed)
                        .response(APIError.language(request.headers[.acceptLanguage]))
                    r.headers[.allow] = allowed.joined(separator: ", ")
                    return r
                }
            }
        }
        return router
    }
}

/// An unknown path answers the API's JSON error shape, not an empty 404.
struct JSONNotFound: RouterMiddleware {
    typealias Context = APIContext
    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do { return try await next(request, context) } catch let e as any HTTPResponseError where e.status == .notFound {
            // A known path under a method nobody registers (QUERY, a made-up one): 405 all the same.
            let path = request.uri.path
            if let allowed = Routes.methods(at: path) {
                var r = APIError.methodNotAllowed(Validate.clip(request.method.rawValue), path: Validate.clip(path), allowed: allowed)
                    .response(APIError.language(request.headers[.acceptLanguage]))
                r.headers[.allow] = allowed.joined(separator: ", ")
                return r
            }
            return APIError.notFound("api.no_route", ["path": Validate.clip(path)])
                .response(APIError.language(request.headers[.acceptLanguage]))
        }
    }
}
