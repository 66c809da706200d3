import CashierConsole
import CashierCore
import Localization
import Testing

/// The engine's refusals reach the console with their kind, the remedy worded with its keys.
@Suite struct RemedyWordsTests {
    @Test func theConsoleWordsRemediesWithItsKeys() {
        let e = BackendError(CashierError(.conflict, "Refund request 7 pays 10.00 in cash but the drawer of shift 3 (supervisor) should hold only 5.00",
                                          remedy: .cashInThenApprove))
        #expect(e.kind == .conflict)
        #expect(e.message == "Refund request 7 pays 10.00 in cash but the drawer of shift 3 (supervisor) should hold only 5.00: press i for cash in in the drawer (F8) first, then approve.")
        let shift = BackendError(CashierError(.conflict, "cashier has no open shift", remedy: .openShift(operatorName: "cashier", purpose: .takePayments)))
        #expect(shift.message == "cashier has no open shift: log out (F9) and in again, and count the opening float, to take payments at the counter.")
    }

    @Test func noRemedyWordsNamesAnotherFrontEndsOption() {
        let remedies: [Remedy] = [.nameTerminal, .checkShiftNumber, .nameShiftToClose, .openShift(operatorName: "a", purpose: .moveCash),
                                  .cashInThenApprove, .checkUserName, .chooseExistingOperator, .checkAPIKey, .chooseOnlineMethod,
                                  .configurePlatform(.unionpay)]
        for r in remedies {
            #expect(!r.consoleWords.contains("--") && !r.consoleWords.contains("`"), "\(r)")
            let plain = Language.en.plainWords(r)
            #expect(!plain.contains("--") && !plain.contains("`") && !plain.contains("press"), "\(r)")
        }
    }

    @Test func theConsolesOwnRefusalsAreInvalidInput() {
        #expect(BackendError("Type the amount.").kind == .invalid)
        #expect(BackendError(CashierError.forbidden("Wrong PIN.")).message == "Wrong PIN.")
    }
}
