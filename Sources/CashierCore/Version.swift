/// The release of this build, printed by `cashier --version` and stamped nowhere else.
public enum CashierVersion {
    public static let current = "0.7.0"
}
