import Testing
@testable import QREncoder

/// Our symbols against python-qrcode's, module for module (fixtures from Fixtures/make_fixtures.py).
@Suite struct ReferenceMatrixTests {
    @Test(arguments: ReferenceFixtures.cases)
    func matrixEqualsTheReference(_ c: ReferenceFixtures.Case) throws {
        let symbol = try QREncoder.encode(bytes: c.bytes, level: c.level, minimumVersion: c.minimumVersion, mask: c.requestedMask)
        #expect(symbol.version == c.version)
        #expect(symbol.mask == c.mask, "mask chosen by the penalty rule")
        let rows = ReferenceFixtures.text(symbol.modules)
        #expect(rows.count == c.rows.count)
        let differing = zip(rows, c.rows).enumerated().filter { $0.element.0 != $0.element.1 }.map(\.offset)
        #expect(differing.isEmpty, "rows that differ: \(differing.prefix(10))")
    }

    @Test func theFixturesCoverWhatTheyClaim() {
        let cases = ReferenceFixtures.cases
        #expect(cases.count >= 60)
        #expect(Set(cases.map(\.level)) == Set(QRErrorCorrection.allCases))
        #expect(Set(cases.compactMap(\.requestedMask)) == Set(0...7))
        #expect(cases.contains { $0.requestedMask == nil && $0.version == 40 })
        #expect(cases.contains { $0.bytes.isEmpty })
        #expect(cases.contains { $0.bytes.contains { $0 >= 0x80 } })
    }

    /// Every version at every level, the data filling the symbol: block structure, alignment
    /// patterns, remainder bits and version information, each checked through the whole matrix.
    @Test func everyVersionAndLevelMatchesTheReferenceDigest() throws {
        let digests = ReferenceFixtures.digests
        #expect(digests.count == 160)
        for d in digests {
            let data = ReferenceFixtures.filler(QREncoder.byteCapacity(version: d.version, level: d.level))
            let symbol = try QREncoder.encode(bytes: data, level: d.level, minimumVersion: d.version, mask: d.mask)
            #expect(symbol.version == d.version)
            let digest = ReferenceFixtures.fnv1a64(ReferenceFixtures.text(symbol.modules).joined(separator: "\n"))
            #expect(digest == d.digest, "version \(d.version)-\(d.level)")
        }
    }

    @Test func byteCapacityMatchesTheReference() {
        let capacities = ReferenceFixtures.capacities
        #expect(capacities.count == 160)
        for c in capacities {
            #expect(QREncoder.byteCapacity(version: c.version, level: c.level) == c.bytes, "version \(c.version)-\(c.level)")
        }
    }
}
