import Hummingbird

/// The request context of `cashier serve`: small bodies only.
struct APIContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }

    /// The largest route limit (a batch of orders); each route collects its body up to its own.
    var maxUploadSize: Int { ServerLimits.maxBatchBody }
}

extension Request {
    /// The body, refused with 413 past the limit.
    mutating func smallBody(_ context: APIContext) async throws -> [UInt8] {
        do {
            let buffer = try await collectBody(upTo: ServerLimits.maxBody)
            return Array(buffer.readableBytesView)
        } catch let e as any HTTPResponseError where e.status == .contentTooLarge {
            throw APIError.tooLarge
        }
    }
}
