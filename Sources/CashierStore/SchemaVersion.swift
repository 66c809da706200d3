extension Store {
    /// The schema this build writes: how many migrations it knows and the newest one's name.
    /// A store holding a migration not in this list is refused as written by a newer version.
    public static var schemaVersion: (count: Int, newest: String) {
        let ids = Schema.migrator.migrations
        return (ids.count, ids.last ?? "none")
    }
}
