/// The rules for names and PINs, in one place (the schema's triggers repeat the name rule).
public enum UserRules {
    public static let pinLengths = 4...8
    /// Actors the engine writes into the audit log itself: no person may take these names.
    public static let reserved: Set<String> = ["poller", "platform", "system", "setup"]

    public static func nameProblem(_ name: String) -> CashierError? {
        let ascii = name.unicodeScalars.allSatisfy { $0.isASCII }
        let allowed = name.allSatisfy { $0.isLetter || $0.isNumber || "._-".contains($0) }
        guard ascii, allowed, (1...32).contains(name.count), name.first?.isLetter == true else {
            return .invalid("refusal.user.bad_name", ["name": .text(name)])
        }
        if reserved.contains(name.lowercased()) {
            return .invalid("refusal.user.reserved_name", ["name": .text(name)])
        }
        return nil
    }

    /// The PIN is never part of the sentence.
    public static func pinProblem(_ pin: String) -> CashierError? {
        guard pinLengths.contains(pin.count), pin.allSatisfy({ ("0"..."9").contains($0) }) else {
            return .invalid("refusal.user.bad_pin")
        }
        return nil
    }

    /// PINs a supervisor may not hand out: one digit repeated, or a run up or down (1234, 9876).
    public static func weakPinProblem(_ pin: String) -> CashierError? {
        let digits = pin.compactMap(\.wholeNumberValue)
        guard digits.count > 1 else { return nil }
        let steps = Set(zip(digits, digits.dropFirst()).map { $1 - $0 })
        if steps.count == 1, let step = steps.first, abs(step) <= 1 {
            return .invalid("refusal.user.weak_pin")
        }
        return nil
    }
}

/// What only a supervisor may do: a cashier's refusal names it, each in its own sentence.
public enum SupervisorAction: Sendable, Equatable {
    case approveShiftClose, runZReport, approveRefunds, rejectRefunds, retryRefunds
    case addUsers, disableUsers, enableUsers, resetPins, browseAuditLog, resolveReconciliationItem

    var key: String {
        switch self {
        case .approveShiftClose: return "refusal.supervisor_only.approve_shift_close"
        case .runZReport: return "refusal.supervisor_only.run_z_report"
        case .approveRefunds: return "refusal.supervisor_only.approve_refunds"
        case .rejectRefunds: return "refusal.supervisor_only.reject_refunds"
        case .retryRefunds: return "refusal.supervisor_only.retry_refunds"
        case .addUsers: return "refusal.supervisor_only.add_users"
        case .disableUsers: return "refusal.supervisor_only.disable_users"
        case .enableUsers: return "refusal.supervisor_only.enable_users"
        case .resetPins: return "refusal.supervisor_only.reset_pins"
        case .browseAuditLog: return "refusal.supervisor_only.browse_audit_log"
        case .resolveReconciliationItem: return "refusal.supervisor_only.resolve_reconciliation_item"
        }
    }
}

extension CashierError {
    /// "User alice is a cashier: only a supervisor can …".
    public static func supervisorOnly(_ user: String, _ action: SupervisorAction) -> Self {
        .forbidden(action.key, ["user": .text(user)])
    }
}
