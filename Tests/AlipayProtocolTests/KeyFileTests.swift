import AlipayProtocol
import Foundation
import Testing

@Suite struct KeyFileTests {
    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "alipay-keys-\(UUID().uuidString)"
        return dir + "/keys"
    }

    func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func firstUseCreatesBothPairsPrivateHalvesReadableByTheOwnerOnly() throws {
        let keys = AlipayKeyFiles(directory: tempDir())
        #expect(try keys.ensure() == ["merchant", "platform"])
        #expect(try mode(keys.merchantPrivate) == 0o600)
        #expect(try mode(keys.platformPrivate) == 0o600)
        #expect(try mode(keys.merchantPublic) == 0o644)
        // The halves belong together, and the two pairs differ.
        let sign = try keys.merchantSigner().sign("x")
        try keys.merchantVerifier().verify("x", signature: sign)
        #expect(throws: AlipaySignatureError.mismatch) { try keys.platformVerifier().verify("x", signature: sign) }
        #expect(try keys.merchantSigner().key.keySizeInBits == 2048)
    }

    @Test func laterStartsKeepTheKeysAndALostPublicHalfIsRebuilt() throws {
        let keys = AlipayKeyFiles(directory: tempDir())
        try keys.ensure()
        let before = try String(contentsOfFile: keys.platformPrivate, encoding: .utf8)
        let publicBefore = try String(contentsOfFile: keys.platformPublic, encoding: .utf8)
        try FileManager.default.removeItem(atPath: keys.platformPublic)
        #expect(try keys.ensure() == [])
        #expect(try String(contentsOfFile: keys.platformPrivate, encoding: .utf8) == before)
        #expect(try String(contentsOfFile: keys.platformPublic, encoding: .utf8) == publicBefore)
    }

    @Test func aMissingOrBrokenKeyFileIsNamed() throws {
        let keys = AlipayKeyFiles(directory: tempDir())
        #expect(throws: AlipaySignatureError.self) { try keys.merchantSigner() }
        try keys.ensure()
        try "not a key".write(toFile: keys.merchantPublic, atomically: true, encoding: .utf8)
        #expect(throws: AlipaySignatureError.self) { try keys.merchantVerifier() }
    }

    @Test func theDefaultFolderIsBesideTheStore() {
        #expect(AlipayKeyFiles.directory(besideStore: "/data/cashier/store.sqlite") == "/data/cashier/keys")
        #expect(AlipayKeyFiles(directory: "/k/").platformPublic == "/k/platform_public.pem")
    }
}
