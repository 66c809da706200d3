/// One screen: its own state, key table, update, replies and view. The app composes screens
/// (see `Compose.swift`): it hands each its slice of the state and the shared `Context`, and
/// nothing else, as TCA scopes a reducer and Bubble Tea gives each model its own update.
protocol Screen: Equatable, Sendable {
    /// The keys as they are now, each with what it does and, when it cannot act, why.
    func keys(_ context: Context) -> [ScreenKey<Self>]
    /// In a mode of its own (a dialog, a search field): the bar shows that mode's keys first.
    var isModal: Bool { get }
    /// The line above the key bar.
    func summary(_ context: Context) -> [StyledLine]
    func draw(into grid: inout Grid, _ body: Rect, _ context: Context)
    /// Reloads what the screen shows (F5, or another writer changed the store).
    mutating func refresh(_ context: inout Context) -> [Effect]
    /// A load the cashier asked for is out: a background refresh must not supersede it.
    func isLoading(_ context: Context) -> Bool
}

extension Screen {
    var isModal: Bool { false }
    mutating func refresh(_ context: inout Context) -> [Effect] { [] }
    func isLoading(_ context: Context) -> Bool { false }
}
