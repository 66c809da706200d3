import CashierCore
import SQLSeam
import SQLSeamPostgres

extension Store {
    /// Opens a PostgreSQL store: a Cashier store is brought up to date as an SQLite one is on
    /// open; an empty database is made a store only with `.createIfMissing`; a stranger's database,
    /// or one written by a newer version, is refused without a write (`Store.initialize` decides).
    convenience init(postgres address: String, mode: OpenMode, clock: (any Clock)?, filesFolder: String?,
                     connections: Int = 8, applicationName: String = "cashier") throws(StoreError) {
        let location: PostgresLocation
        do { location = try PostgresLocation.parse(address) } catch { throw .refused(error.message) }
        let name = location.description
        let db = PostgresDatabase(location, connections: connections, changeCounter: PostgresSchema.changeCounter,
                                  applicationName: applicationName)
        do {
            let verdict: PostgresSchema.Verdict
            do { verdict = try db.read { x in try PostgresSchema.inspect(x) } } catch { throw StoreError.cannotOpen(name, Self.reason(error)) }
            switch verdict {
            case .stranger: throw StoreError.notAStore(name)
            case .empty where mode == .existing: throw StoreError.noStore(name)
            case .cashier(let applied, _) where Set(applied) == Set(PostgresSchema.migrator.steps.map(\.id)):
                break  // up to date: no write, not even the init lock
            default: _ = try Store.initialize(location)  // creates, migrates, or refuses a newer store
            }
        } catch let e as StoreError {
            db.close()
            throw e
        } catch {
            db.close()
            throw .cannotOpen(name, Self.reason(error))
        }
        self.init(postgres: db, location: name, clock: clock ?? DatabaseClock(db), filesFolder: filesFolder)
    }
}
