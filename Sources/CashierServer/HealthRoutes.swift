import CashierEngine
import Foundation
import Hummingbird
import PaymentPlatform

/// `/health`: the process answers. `/ready`: the store opens, its migrations are current and the
/// platform answers a query (the embedded sandbox reads its file; an HTTP platform is called).
struct HealthRoutes: Sendable {
    let engine: Engine

    struct Report: Encodable {
        var status: String
        var store: String
        var migrations: String
        var platform: String
    }

    func live(_ request: Request, _ context: APIContext) async -> Response {
        JSONOut.response(["status": "ok"])
    }

    func ready(_ request: Request, _ context: APIContext) async -> Response {
        var report = Report(status: "ready", store: "ok", migrations: "current", platform: "ok")
        if (try? engine.storeHoldsData()) == nil { report.store = "cannot be read" }
        if !engine.migrationsCurrent() { report.migrations = "not current" }
        // A trade number no checkout ever gets: any definite answer means the platform is there.
        for kind in engine.platform.routes.kinds {
            if case .unknown(let reason) = await engine.platform.routes.platforms[kind]!.query(tradeNo: "CSH0000000000") {
                report.platform = "unreachable (\(kind.displayName): \(reason))"
                break
            }
        }
        let ok = report.store == "ok" && report.migrations == "current" && report.platform == "ok"
        if !ok { report.status = "not ready" }
        return JSONOut.response(report, status: ok ? .ok : .serviceUnavailable)
    }
}
