import CashierCore
import CashierStore

extension Engine {
    /// "cashier 0.7.0 (store schema 5, v2-channels)": what `cashier --version` prints.
    public static var versionLine: String {
        let schema = Store.schemaVersion
        return "cashier \(CashierVersion.current) (store schema \(schema.count), \(schema.newest))"
    }
}
