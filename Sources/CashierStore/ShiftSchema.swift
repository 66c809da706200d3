/// Migration "v2-shifts": shifts, cash movements and Z reports. Empty until its tables exist (an empty one is not registered).
enum ShiftSchema {
    static let v2 = ("v2-shifts", "")
}
