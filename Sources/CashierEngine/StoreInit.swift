import CashierCore
import CashierStore

public typealias StoreInitOutcome = CashierStore.StoreInitOutcome

extension Engine {
    /// `cashier store init`: creates the schema at an SQLite path or in an empty PostgreSQL
    /// database, or brings a Cashier store up to date; anything else is refused without a write.
    public static func initializeStore(at address: String) throws(StoreError) -> StoreInitOutcome {
        try Store.initialize(at: address)
    }

    /// Whether a store address is a postgres:// URL rather than a path.
    public static func isStoreURL(_ address: String) -> Bool {
        Store.isPostgresAddress(address)
    }

    /// The store as messages name it: a path as it is, a URL with its password hidden.
    public static func storeName(_ address: String) -> String { Store.name(address) }

    /// A PostgreSQL store's host, port and database (nil for a path or a bad URL).
    public static func storeURLParts(_ address: String) -> [String]? { Store.urlParts(address) }

    /// Why a command cannot use this address (nil: a path, or a well-formed postgres:// URL).
    public static func refusal(forStoreAt address: String) -> String? {
        Store.refusal(forStoreAt: address)
    }

    /// `cashier store copy`: an SQLite store's every row into an empty PostgreSQL store (made
    /// first when its database is empty), then the invariants checked on both.
    public static func copyStore(from source: String, to target: String) throws -> (copy: StoreCopyOutcome, sourceViolations: Int, targetViolations: Int) {
        // Refused before either is opened: opening a path as the target would create a file there.
        if let refusal = Store.copyRefusal(from: source, to: target) { throw refusal }
        let from = try Store(path: source, mode: .existing)
        defer { from.close() }
        let to = try Store(path: target, mode: .createIfMissing)
        defer { to.close() }
        let copy = try from.copy(into: to)
        return (copy, try from.checkInvariants().count, try to.checkInvariants().count)
    }
}

public typealias StoreCopyOutcome = CashierStore.StoreCopyOutcome

