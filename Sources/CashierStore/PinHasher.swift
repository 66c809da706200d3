import CryptoExtras
import Crypto
import Foundation

/// PINs are stored only as salted PBKDF2-SHA256 hashes: "pbkdf2-sha256$ROUNDS$SALT$HASH" (hex).
/// The rounds are in the string so stores made for tests may use fewer, and old hashes stay valid.
public enum PinHasher {
    public static let defaultRounds = 210_000

    public static func hash(_ pin: String, rounds: Int = defaultRounds) -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &rng) }
        return "pbkdf2-sha256$\(rounds)$\(hex(salt))$\(derive(pin, salt: salt, rounds: rounds))"
    }

    public static func verify(_ pin: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]),
              let salt = unhex(parts[2]) else { return false }
        let computed = derive(pin, salt: salt, rounds: rounds)
        // Constant-time comparison: timing must not tell how much of the hash matched.
        guard computed.utf8.count == parts[3].utf8.count else { return false }
        return zip(computed.utf8, parts[3].utf8).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func derive(_ pin: String, salt: [UInt8], rounds: Int) -> String {
        let key = try! KDF.Insecure.PBKDF2.deriveKey(from: Array(pin.utf8), salt: salt, using: .sha256,
                                                      outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { hex(Array($0)) }
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func unhex(_ text: String) -> [UInt8]? {
        var out: [UInt8] = []
        var chars = Array(text.utf8)
        guard chars.count % 2 == 0 else { return nil }
        while !chars.isEmpty {
            guard let b = UInt8(String(decoding: chars.prefix(2), as: UTF8.self), radix: 16) else { return nil }
            out.append(b)
            chars.removeFirst(2)
        }
        return out
    }
}
