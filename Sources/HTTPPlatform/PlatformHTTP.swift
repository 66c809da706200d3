import AsyncHTTPClient
import Foundation
import NIOCore

/// The transport of every platform adapter over HTTP (Alipay's here, WeChat Pay's in
/// WeChatPlatform): one client for the process, whose connecting gives up after 2 s, and a
/// deadline per call. Never shut down, so it may outlive every platform that uses it.
public enum PlatformHTTP {
    public static let client: HTTPClient = {
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .seconds(2), read: .seconds(60))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }()

    /// POSTs `body` and returns the text of a 2xx answer, or the reason there is none (a
    /// timeout, a refused connection, another status) in words fit for an "unknown" outcome.
    public static func post(_ url: String, contentType: String, body: String, timeoutSeconds: Double) async -> Result<String, NoAnswer> {
        await fetch(url, post: (contentType, body), timeoutSeconds: timeoutSeconds, limit: 1 << 20)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// The bytes of a 2xx answer to a GET (or a POST of `post`), up to `limit` bytes: bills are
    /// binary (ZIP, gzip) and larger than a trade's answer.
    public static func fetch(_ url: String, post: (contentType: String, body: String)? = nil, timeoutSeconds: Double,
                             limit: Int) async -> Result<[UInt8], NoAnswer> {
        var request = HTTPClientRequest(url: url)
        if let post {
            request.method = .POST
            request.headers.add(name: "Content-Type", value: post.contentType)
            request.body = .bytes(ByteBuffer(string: post.body))
        }
        let deadline = Int64(max(0.05, timeoutSeconds) * 1000)
        do {
            let response = try await client.execute(request, timeout: .milliseconds(deadline))
            let bytes = try await response.body.collect(upTo: limit)
            guard (200..<300).contains(Int(response.status.code)) else {
                return .failure(NoAnswer(reason: "the platform answered HTTP \(response.status.code)"))
            }
            return .success(Array(buffer: bytes))
        } catch {
            return .failure(NoAnswer(reason: "no answer from the platform (\(describe(error)))"))
        }
    }

    public struct NoAnswer: Error, Sendable {
        public let reason: String
    }

    public static func describe(_ error: any Error) -> String {
        if let e = error as? HTTPClientError {
            switch e {
            case .deadlineExceeded, .readTimeout, .connectTimeout: return "timeout"
            default: return "\(e)"
            }
        }
        return "\(error)"
    }
}
