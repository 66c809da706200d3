import CashierCore
import CashierEngine
@testable import cashier
import Testing

/// The engine and store leave remedies as data; the CLI words them, and shows exactly the
/// sentences it showed when the store wrote them itself.
@Suite struct WordingTests {
    func said(_ kind: CashierError.Kind, _ message: String, _ remedy: Remedy) -> String {
        Wording.sentence(CashierError(kind, message, remedy: remedy), .en)
    }

    @Test func everyRemedyInTheCLIsWords() {
        #expect(said(.conflict, "cashier has no open shift", .openShift(operatorName: "cashier", purpose: .takePayments))
                == "cashier has no open shift: open one (`cashier shift open --operator cashier`) to take payments at the counter.")
        #expect(said(.conflict, "alice has no open shift", .openShift(operatorName: "alice", purpose: .moveCash))
                == "alice has no open shift: open one (`cashier shift open --operator alice`) to move cash in or out of the drawer.")
        #expect(said(.conflict, "Refund request 7 pays 10.00 in cash but the drawer of shift 3 (supervisor) should hold only 5.00", .cashInThenApprove)
                == "Refund request 7 pays 10.00 in cash but the drawer of shift 3 (supervisor) should hold only 5.00: put cash in first (`cashier shift cash-in`), then approve.")
        #expect(said(.invalid, "The terminal name is empty", .nameTerminal) == "The terminal name is empty: pass --terminal or set CASHIER_TERMINAL.")
        #expect(Wording.sentence(CashierError.noShift(9), .en) == "There is no shift 9: check the shift number with `cashier shift show`.")
        #expect(said(.notFound, "bob has no open shift", .nameShiftToClose)
                == "bob has no open shift: name the shift to close (`cashier shift show` lists them).")
        #expect(Wording.sentence(CashierError.noUser("zed", .checkUserName), .en) == "There is no user \"zed\": check the name with `cashier user list`.")
        #expect(Wording.sentence(CashierError.noUser("zed", .chooseExistingOperator), .en) == "There is no user \"zed\": pass --operator with an existing user.")
        #expect(said(.notFound, "There is no API key 4", .checkAPIKey) == "There is no API key 4: see `cashier serve key list`.")
        #expect(said(.invalid, "An online amount needs a payment code or a QR payment", .chooseOnlineMethod)
                == "An online amount needs a payment code (--code) or a QR payment (--qr): scan the customer's code or choose QR.")
        #expect(Wording.sentence(CashierError.noPlatform(.unionpay), .en)
                == "This store takes no UnionPay payments (no platform is configured for them): add [platform.unionpay] to \(Config.path), or take another method.")
        #expect(said(.internal, "The store could not be written (disk I/O error)", .retryThenCheckStore)
                == "The store could not be written (disk I/O error): try again; if it persists, run `cashier check`.")
    }

    @Test func remediesAndStoreErrorsInChinese() {
        #expect(Wording.words(.checkShiftNumber, .zh) == "请用 `cashier shift show` 核对班次号")
        #expect(Wording.words(.openShift(operatorName: "alice", purpose: .takePayments), .zh)
                == "请先开班（`cashier shift open --operator alice`），才能在收银台收款")
        #expect(Wording.sentence(CashierError(.invalid, "x", remedy: .chooseOnlineMethod), .zh)
                == "线上金额需要付款码（--code）或扫码支付（--qr）：请扫描顾客的付款码，或选择扫码支付。")
        #expect(Wording.sentence(StoreError.noStore("/x/s.sqlite"), .zh)
                == "/x/s.sqlite 处没有门店：用 `cashier demo --store /x/s.sqlite` 创建一个，或用 --store 指定已有门店。")
    }

    @Test func aRefusalWithoutRemedyIsItsSentence() {
        #expect(Wording.sentence(CashierError.conflict("Order G1 is already paid."), .en) == "Order G1 is already paid.")
    }

    @Test func storeErrorsInTheCLIsWords() {
        #expect(Wording.sentence(StoreError.noStore("/x/s.sqlite"), .en) == "There is no store at /x/s.sqlite: create one with `cashier demo --store /x/s.sqlite` or pass --store with an existing store.")
        #expect(Wording.sentence(StoreError.notAStore("/x/s.sqlite"), .en) == "/x/s.sqlite is not a Cashier store: pass --store with a Cashier store file, or a new path to create one.")
        #expect(Wording.sentence(StoreError.cannotCreate("/x/s.sqlite", "denied"), .en) == "Cannot create the store at /x/s.sqlite (denied): choose a folder you can write to with --store.")
    }
}
