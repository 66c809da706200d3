@testable import CashierConsole
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

    /// The engine's refusal (a key, values and a remedy) is worded in the language shown, the
    /// remedy with the console's keys.
    @Test func theEnginesRefusalInChinese() {
        let shift = BackendError(CashierError(.conflict, "refusal.shift.no_open_shift", ["user": "cashier"],
                                              remedy: .openShift(operatorName: "cashier", purpose: .takePayments)))
        #expect(shift.text(.en) == "cashier has no open shift: log out (F9) and in again, and count the opening float, to take payments at the counter.")
        #expect(shift.text(.zh) == "cashier 没有开着的班次：\(Language.zh.t("console.remedy.open_shift_to_pay"))。")
        let held = BackendError(CashierError.conflict("refusal.refund.over_refundable", ["number": "G001", "left": .amount(Money(minor: 1234, currency: .cny))]))
        #expect(held.text(.en) == "Order G001 has 12.34 left to refund: request at most that.")
        #expect(held.text(.zh) == "订单 G001 还可退款 ¥12.34：申请金额最多这么多。")
    }

    /// At the log-in screen in Chinese, a refusal from the engine reads in Chinese, whole.
    @Test func aRefusalAtTheConsoleInChinese() {
        var h = Harness.$startLanguage.withValue(.zh) { Harness(loggedInAs: nil) }
        h.type("tries")
        h.press(.enter)
        h.type("1234")
        h.pressSettled(.enter)
        #expect(h.state.message == .error("tries 的 PIN 错误：请重试（还剩 4 次）。"))
        let text = h.render().text
        #expect(text.contains("tries 的 PIN 错误：请重试（还剩 4 次）。"), "\(text)")
        // Names (the user typed, the key bar's way back to English) are all the ASCII words left.
        let words = text.split(whereSeparator: { !($0.isASCII && $0.isLetter) })
            .filter { $0.count >= 3 && !["tries", "English", "Store", "Enter", "Esc", "Tab"].contains(String($0)) && !$0.allSatisfy(\.isUppercase) }
        #expect(words.isEmpty, "\(words)")
    }

    @Test func theConsolesOwnRefusalsAreInvalidInput() {
        #expect(BackendError("Type the amount.").kind == .invalid)
        #expect(BackendError(CashierError.forbidden("Wrong PIN.")).message == "Wrong PIN.")
    }
}
