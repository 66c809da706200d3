import Foundation
import SQLSeam
import SQLSeamPostgres

/// What `cashier store init` did.
public struct StoreInitOutcome: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case created
        case upgraded([String])
        case upToDate
    }
    public let kind: Kind
    /// The store as messages name it (a PostgreSQL URL with its password hidden).
    public let location: String
}

extension Store {
    /// Creates the store's schema at `address` (an SQLite path, or a postgres:// URL naming an
    /// empty database), or brings an existing Cashier store up to date. A file or database that is
    /// something else, or a store written by a newer version, is refused without a write.
    public static func initialize(at address: String) throws(StoreError) -> StoreInitOutcome {
        guard PostgresLocation.isURL(address) else {
            let fresh = ((try? FileManager.default.attributesOfItem(atPath: address)[.size] as? Int) ?? 0) == 0
            let store = try Store(path: address, mode: .createIfMissing)
            store.close()
            return StoreInitOutcome(kind: fresh ? .created : .upToDate, location: address)
        }
        let location: PostgresLocation
        do { location = try PostgresLocation.parse(address) } catch { throw .refused(error.message) }
        return try initialize(location)
    }

    static func initialize(_ location: PostgresLocation) throws(StoreError) -> StoreInitOutcome {
        let name = location.description
        let db = PostgresDatabase(location, connections: 1, applicationName: "cashier store init")
        defer { db.close() }
        func refuse(_ verdict: PostgresSchema.Verdict) throws(StoreError) {
            switch verdict {
            case .stranger: throw .notAStore(name)
            case .cashier(let applied, _):
                let unknown = PostgresSchema.migrator.unknown(in: applied)
                if !unknown.isEmpty { throw .newerVersion(name, unknown) }
            case .empty: break
            }
        }
        // Looked at first by a read-only transaction: a stranger's database or a newer store is
        // refused without a single write.
        let before: PostgresSchema.Verdict
        do { before = try db.read { x in try PostgresSchema.inspect(x) } } catch { throw .cannotOpen(name, Self.reason(error)) }
        try refuse(before)
        do {
            return try db.write(.serialized(key: PostgresSchema.initLockKey)) { x in
                // Again under the lock: another host's init may have run in between.
                let now = try PostgresSchema.inspect(x)
                try refuse(now)
                var hasTable = false
                if case .cashier(_, let t) = now { hasTable = t }
                let ran = try PostgresSchema.migrator.migrate(x, tableExists: hasTable)
                let kind: StoreInitOutcome.Kind = now == .empty ? .created : (ran.isEmpty ? .upToDate : .upgraded(ran))
                return StoreInitOutcome(kind: kind, location: name)
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw .cannotCreate(name, Self.reason(error))
        }
    }

    static func reason(_ error: any Error) -> String {
        (error as? SQLError)?.message ?? "\(error)"
    }

    public static func isPostgresAddress(_ address: String) -> Bool { PostgresLocation.isURL(address) }

    /// Nil for an SQLite path or a well-formed postgres:// URL; for a bad URL, its sentence.
    public static func refusal(forStoreAt address: String) -> String? {
        guard PostgresLocation.isURL(address) else { return nil }
        do {
            _ = try PostgresLocation.parse(address)
            return nil
        } catch {
            return error.message
        }
    }

    public static func name(_ address: String) -> String {
        (try? PostgresLocation.parse(address))?.description ?? address
    }

    public static func urlParts(_ address: String) -> [String]? {
        guard PostgresLocation.isURL(address), let l = try? PostgresLocation.parse(address) else { return nil }
        return [l.host, String(l.port), l.database]
    }
}
