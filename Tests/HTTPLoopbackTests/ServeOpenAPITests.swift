import CashierServer
import Foundation
import Testing

/// docs/openapi.yaml and the server agree: every documented route is served, and every served
/// route is documented.
@Suite struct ServeOpenAPITests {
    static let document: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/openapi.yaml"), encoding: .utf8)) ?? ""
    }()

    /// The operations under `paths:` (two-space path keys, four-space method keys): enough YAML
    /// for a file this repository writes in that shape.
    static func documented(_ yaml: String) -> Set<Routes.Route> {
        var out = Set<Routes.Route>()
        var inPaths = false
        var path: String?
        let methods = ["get", "post", "put", "patch", "delete", "head", "options"]
        for line in yaml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if !line.hasPrefix(" ") && !line.isEmpty { inPaths = line == "paths:"; path = nil; continue }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), !line.hasPrefix("   "), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":"), let p = path {
                let key = String(line.dropFirst(4).dropLast())
                if methods.contains(key) { out.insert(Routes.Route(method: key.uppercased(), path: p)) }
            }
        }
        return out
    }

    @Test func theDocumentListsExactlyTheServedRoutes() {
        let doc = Self.documented(Self.document)
        #expect(!doc.isEmpty, "docs/openapi.yaml was not found or has no paths")
        let served = Set(Routes.all)
        #expect(doc.subtracting(served).isEmpty, "documented but not served: \(doc.subtracting(served))")
        #expect(served.subtracting(doc).isEmpty, "served but not documented: \(served.subtracting(doc))")
        #expect(Self.document.hasPrefix("openapi: 3."))
    }

    @Test func everyDocumentedRouteAnswersOnARealServer() async throws {
        let w = try await ServeWorld()
        let samples = ["number": "G001", "trade_no": "CSH0000000001", "id": "1"]
        for route in Self.documented(Self.document) {
            var path = route.path
            for (name, value) in samples { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
            let r = try await w.call(route.method, path)
            // A 405 would mean the route is not really served; every handler answers with a body.
            #expect(!r.text.isEmpty && r.status != 405, "\(route.method) \(route.path): \(r.status) \(r.text)")
        }
        // An unknown path answers the error shape (issue 11), not the router's bare 404.
        let unknown = try await w.call("GET", "/v1/nothing-here")
        #expect(unknown.status == 404 && unknown.errorCode == "not_found")
        await w.stop()
    }

    @Test func healthAndReadiness() async throws {
        let w = try await ServeWorld()
        let live = try await w.call("GET", "/health")
        #expect(live.status == 200 && live.json["status"] as? String == "ok")
        let ready = try await w.call("GET", "/ready")
        #expect(ready.status == 200, "\(ready.text)")
        #expect(ready.json["migrations"] as? String == "current")
        w.platform.setDown(true)
        let down = try await w.call("GET", "/ready")
        #expect(down.status == 503)
        #expect((down.json["platform"] as? String)?.hasPrefix("unreachable") == true)
        w.platform.setDown(false)
        #expect(try await w.call("GET", "/ready").status == 200)
        await w.stop()
    }
}
