import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension EngineConfig {
    /// `CASHIER_TERMINAL`, else the host name (read with gethostname: no DNS lookup).
    public static func defaultTerminal(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let t = env["CASHIER_TERMINAL"]?.trimmingCharacters(in: .whitespaces), !t.isEmpty { return t }
        let size = 256
        var buffer = [CChar](repeating: 0, count: size)
        guard gethostname(&buffer, size - 1) == 0 else { return "terminal" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "terminal" : name
    }
}
