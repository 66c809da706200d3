import AlipayProtocol
import Foundation
import Testing

/// SHA256withRSA against Wycheproof's published vectors (see Vectors.swift).
@Suite struct SignatureVectorTests {
    let signer = try! AlipaySigner(pem: Wycheproof.privateKeyPEM)
    let verifier = try! AlipayVerifier(pem: Wycheproof.publicKeyPEM)

    @Test func signingReproducesThePublishedSignatures() throws {
        for c in Wycheproof.valid {
            let sig = try signer.signature(for: Wycheproof.bytes(c.msgHex))
            #expect(Array(sig) == Wycheproof.bytes(c.sigHex), "tcId \(c.tcId)")
        }
    }

    @Test func publishedSignaturesVerify() {
        for c in Wycheproof.valid {
            #expect(verifier.isValid(signature: Wycheproof.bytes(c.sigHex), for: Wycheproof.bytes(c.msgHex)), "tcId \(c.tcId)")
        }
    }

    @Test func thePublishedInvalidSignatureIsRefused() {
        let c = Wycheproof.invalidBER
        #expect(!verifier.isValid(signature: Wycheproof.bytes(c.sigHex), for: Wycheproof.bytes(c.msgHex)))
    }

    @Test func aSignatureForAnotherMessageOrAFlippedBitIsRefused() {
        let test = Wycheproof.valid[1]  // "Test"
        #expect(!verifier.isValid(signature: Wycheproof.bytes(test.sigHex), for: Array("Tesu".utf8)))
        var flipped = Wycheproof.bytes(test.sigHex)
        flipped[100] ^= 0x01
        #expect(!verifier.isValid(signature: flipped, for: Wycheproof.bytes(test.msgHex)))
    }

    @Test func theBase64FormRoundTripsAndNamesItsRefusals() throws {
        let text = "app_id=2021000000000000&biz_content={\"out_trade_no\":\"CSH1\"}&method=alipay.trade.pay"
        let sign = signer.sign(text)
        #expect(Data(base64Encoded: sign)?.count == 256)
        try verifier.verify(text, signature: sign)
        #expect(throws: AlipaySignatureError.mismatch) { try verifier.verify(text + "x", signature: sign) }
        #expect(throws: AlipaySignatureError.missingSignature) { try verifier.verify(text, signature: nil) }
        #expect(throws: AlipaySignatureError.notBase64) { try verifier.verify(text, signature: "!!!") }
    }

    @Test func anotherKeyDoesNotVerify() throws {
        let other = try AlipaySigner(key: .init(keySize: .bits2048))
        let sign = other.sign("hello")
        #expect(throws: AlipaySignatureError.mismatch) { try verifier.verify("hello", signature: sign) }
        try other.verifier.verify("hello", signature: sign)
    }

    @Test func bareBase64KeysAsAlipaysConsoleShowsThemAreAccepted() throws {
        let body = Wycheproof.publicKeyPEM.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        let bare = try AlipayVerifier(pem: body)
        #expect(bare.isValid(signature: Wycheproof.bytes(Wycheproof.valid[1].sigHex), for: Array("Test".utf8)))
    }
}
