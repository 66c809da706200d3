import Crypto
import CryptoExtras
import Foundation

/// Why a key or a signature was refused, in one sentence each.
public enum AlipaySignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    case badKey(String)
    case missingSignature
    case notBase64
    case mismatch
    case unsupportedSignType(String)

    public var description: String {
        switch self {
        case .badKey(let why): return "The RSA key could not be read (\(why)): give a PEM file of an RSA key of 2048 bits or more."
        case .missingSignature: return "The message carries no signature (sign): it is refused."
        case .notBase64: return "The signature is not base64: the message is refused."
        case .mismatch: return "The signature does not match the message and the key: the message is refused."
        case .unsupportedSignType(let t): return "sign_type \(t) is not supported: use RSA2 (SHA256withRSA)."
        }
    }
}

/// SHA256withRSA (RSASSA-PKCS1-v1_5 over SHA-256), Alipay's "RSA2", signing with a private key.
public struct AlipaySigner: Sendable {
    public let key: _RSA.Signing.PrivateKey

    public init(key: _RSA.Signing.PrivateKey) { self.key = key }

    /// Reads a PEM (PKCS#1 or PKCS#8), or the bare base64 body Alipay's console hands out.
    public init(pem: String) throws(AlipaySignatureError) {
        do { key = try _RSA.Signing.PrivateKey(pemRepresentation: AlipayPEM.wrap(pem, label: "PRIVATE KEY")) } catch {
            throw .badKey("\(error)")
        }
    }

    public func signature(for bytes: some DataProtocol) throws -> Data {
        try key.signature(for: SHA256.hash(data: bytes), padding: .insecurePKCS1v1_5).rawRepresentation
    }

    /// The base64 signature of a UTF-8 string, as it travels in `sign`.
    public func sign(_ text: String) -> String {
        // Signing with a valid in-memory key cannot fail short of memory exhaustion.
        (try? signature(for: Data(text.utf8)).base64EncodedString()) ?? ""
    }

    public var verifier: AlipayVerifier { AlipayVerifier(key: key.publicKey) }
}

/// The other side: checks a SHA256withRSA signature with the signer's public key.
public struct AlipayVerifier: Sendable {
    public let key: _RSA.Signing.PublicKey

    public init(key: _RSA.Signing.PublicKey) { self.key = key }

    public init(pem: String) throws(AlipaySignatureError) {
        do { key = try _RSA.Signing.PublicKey(pemRepresentation: AlipayPEM.wrap(pem, label: "PUBLIC KEY")) } catch {
            throw .badKey("\(error)")
        }
    }

    public func isValid(signature: some DataProtocol, for bytes: some DataProtocol) -> Bool {
        key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature),
                             for: SHA256.hash(data: bytes), padding: .insecurePKCS1v1_5)
    }

    /// Throws unless `signature` (base64) signs exactly `text` (UTF-8).
    public func verify(_ text: String, signature: String?) throws(AlipaySignatureError) {
        guard let signature, !signature.isEmpty else { throw .missingSignature }
        guard let raw = Data(base64Encoded: signature) else { throw .notBase64 }
        guard isValid(signature: raw, for: Data(text.utf8)) else { throw .mismatch }
    }

    public var pem: String { key.pemRepresentation }
}

enum AlipayPEM {
    /// Alipay's console shows keys as one base64 line; accept that as well as full PEM.
    static func wrap(_ text: String, label: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("-----BEGIN") { return trimmed }
        var lines: [String] = []
        var rest = Substring(trimmed.filter { !$0.isWhitespace })
        while !rest.isEmpty {
            lines.append(String(rest.prefix(64)))
            rest = rest.dropFirst(64)
        }
        return "-----BEGIN \(label)-----\n" + lines.joined(separator: "\n") + "\n-----END \(label)-----"
    }
}
