import CryptoExtras
import Foundation

/// The two RSA key pairs of the protocol, as PEM files in one folder (by default `keys/` beside
/// the store): the merchant's (it signs requests; the platform verifies with its public half) and
/// the platform's (it signs answers and notifies; the merchant verifies). Created on first use;
/// private halves are written with mode 0600. Never commit them.
public struct AlipayKeyFiles: Sendable, Equatable {
    public var merchantPrivate: String
    public var merchantPublic: String
    public var platformPrivate: String
    public var platformPublic: String

    public init(directory: String) {
        let dir = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        merchantPrivate = dir + "/merchant_private.pem"
        merchantPublic = dir + "/merchant_public.pem"
        platformPrivate = dir + "/platform_private.pem"
        platformPublic = dir + "/platform_public.pem"
    }

    public init(merchantPrivate: String, merchantPublic: String, platformPrivate: String, platformPublic: String) {
        self.merchantPrivate = merchantPrivate
        self.merchantPublic = merchantPublic
        self.platformPrivate = platformPrivate
        self.platformPublic = platformPublic
    }

    /// `<folder of the store>/keys`.
    public static func directory(besideStore store: String) -> String {
        let folder = (store as NSString).deletingLastPathComponent
        return (folder.isEmpty ? "." : folder) + "/keys"
    }

    /// Generates whichever pair is missing (a private key without its public file gets the public
    /// file back). Returns the pairs it created, by name, for the caller to report.
    @discardableResult
    public func ensure() throws -> [String] {
        var created: [String] = []
        if try Self.ensurePair(privatePath: merchantPrivate, publicPath: merchantPublic) { created.append("merchant") }
        if try Self.ensurePair(privatePath: platformPrivate, publicPath: platformPublic) { created.append("platform") }
        return created
    }

    public func merchantSigner() throws -> AlipaySigner { try AlipaySigner(pem: Self.read(merchantPrivate)) }
    public func merchantVerifier() throws -> AlipayVerifier { try AlipayVerifier(pem: Self.read(merchantPublic)) }
    public func platformSigner() throws -> AlipaySigner { try AlipaySigner(pem: Self.read(platformPrivate)) }
    public func platformVerifier() throws -> AlipayVerifier { try AlipayVerifier(pem: Self.read(platformPublic)) }

    public static func read(_ path: String) throws -> String {
        do { return try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw AlipaySignatureError.badKey("cannot read \(path); start `cashier sandbox serve` once to create the keys, or fix the path")
        }
    }

    private static func ensurePair(privatePath: String, publicPath: String) throws -> Bool {
        let fm = FileManager.default
        if fm.fileExists(atPath: privatePath) {
            if !fm.fileExists(atPath: publicPath) {
                let signer = try AlipaySigner(pem: read(privatePath))
                try write(signer.key.publicKey.pemRepresentation, to: publicPath, mode: 0o644)
            }
            return false
        }
        let key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        try write(key.pemRepresentation, to: privatePath, mode: 0o600)
        try write(key.publicKey.pemRepresentation, to: publicPath, mode: 0o644)
        return true
    }

    /// Written beside, then renamed: a crash never leaves half a key. The mode is set before any
    /// byte of a private key is written.
    static func write(_ text: String, to path: String, mode: Int) throws {
        let fm = FileManager.default
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]) }
        let temp = path + ".tmp-\(getpid())"
        guard fm.createFile(atPath: temp, contents: nil, attributes: [.posixPermissions: mode]) else {
            throw AlipaySignatureError.badKey("cannot create \(temp); check the folder's permissions")
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temp))
        try handle.write(contentsOf: Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
        try handle.close()
        try fm.setAttributes([.posixPermissions: mode], ofItemAtPath: temp)
        if rename(temp, path) != 0 { throw AlipaySignatureError.badKey("cannot rename \(temp) to \(path)") }
    }
}
