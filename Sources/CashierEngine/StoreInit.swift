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

    /// Why a command other than `store init` cannot use this address (nil: an SQLite path).
    public static func refusal(forStoreAt address: String) -> String? {
        Store.refusal(forStoreAt: address)
    }
}
