import Hummingbird

/// The request context of `cashier serve`: small bodies only.
struct APIContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) { coreContext = .init(source: source) }

    var maxUploadSize: Int { ServerLimits.maxBody }
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
