/// The rules for names and PINs, in one place (the schema's triggers repeat the name rule).
public enum UserRules {
    public static let pinLengths = 4...8
    /// Actors the engine writes into the audit log itself: no person may take these names.
    public static let reserved: Set<String> = ["poller", "platform", "system", "setup"]

    public static func nameProblem(_ name: String) -> String? {
        let ascii = name.unicodeScalars.allSatisfy { $0.isASCII }
        let allowed = name.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) }
        guard ascii, allowed, (1...32).contains(name.count), name.first?.isLetter == true else {
            return "A user name is 1–32 letters, digits, '.', '-' or '_', starting with a letter (\"\(name)\" is not): choose another name."
        }
        if reserved.contains(name.lowercased()) {
            return "\"\(name)\" is reserved for the system's own audit entries: choose another name."
        }
        return nil
    }

    /// The PIN is never part of the sentence.
    public static func pinProblem(_ pin: String) -> String? {
        guard pinLengths.contains(pin.count), pin.allSatisfy({ ("0"..."9").contains($0) }) else {
            return "A PIN is 4 to 8 digits: choose another PIN."
        }
        return nil
    }

    /// PINs a supervisor may not hand out: one digit repeated, or a run up or down (1234, 9876).
    public static func weakPinProblem(_ pin: String) -> String? {
        let digits = pin.compactMap(\.wholeNumberValue)
        guard digits.count > 1 else { return nil }
        let steps = Set(zip(digits, digits.dropFirst()).map { $1 - $0 })
        if steps.count == 1, let step = steps.first, abs(step) <= 1 {
            return "That PIN is too easy to guess (one digit repeated, or a run such as 1234): choose another PIN."
        }
        return nil
    }
}
