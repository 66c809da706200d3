import CashierCore
import CashierEngine
@testable import cashier
import Testing

/// The engine and store leave remedies as data; the CLI words them, and shows exactly the
/// sentences it showed when the store wrote them itself.
@Suite struct WordingTests {
    func said(_ kind: CashierError.Kind, _ message: String, _ remedy: Remedy) -> String {
        Wording.sentence(CashierError(kind, message, remedy: remedy))
    }

    @Test func everyRemedyInTheCLIsWords() {
        #expect(said(.conflict, "cashier has no open shift", .openShift(operatorName: "cashier", purpose: .takePayments))
                == "cashier has no open shift: open one (`cashier shift open --operator cashier`) to take payments at the counter.")
        #expect(said(.conflict, "alice has no open shift", .openShift(operatorName: "alice", purpose: .moveCash))
                == "alice has no open shift: open one (`cashier shift open --operator alice`) to move cash in or out of the drawer.")
        #expect(said(.conflict, "Refund request 7 pays 10.00 in cash but the drawer of shift 3 (supervisor) should hold only 5.00", .cashInThenApprove)
                == "Refund request 7 pays 10.00 in cash but the drawer of shift 3 (supervisor) should hold only 5.00: put cash in first (`cashier shift cash-in`), then approve.")
        #expect(said(.invalid, "The terminal name is empty", .nameTerminal) == "The terminal name is empty: pass --terminal or set CASHIER_TERMINAL.")
        #expect(Wording.sentence(CashierError.noShift(9)) == "There is no shift 9: check the shift number with `cashier shift show`.")
        #expect(said(.notFound, "bob has no open shift", .nameShiftToClose)
                == "bob has no open shift: name the shift to close (`cashier shift show` lists them).")
        #expect(Wording.sentence(CashierError.noUser("zed", .checkUserName)) == "There is no user \"zed\": check the name with `cashier user list`.")
        #expect(Wording.sentence(CashierError.noUser("zed", .chooseExistingOperator)) == "There is no user \"zed\": pass --operator with an existing user.")
        #expect(said(.notFound, "There is no API key 4", .checkAPIKey) == "There is no API key 4: see `cashier serve key list`.")
        #expect(said(.invalid, "An online amount needs a payment code or a QR payment", .chooseOnlineMethod)
                == "An online amount needs a payment code (--code) or a QR payment (--qr): scan the customer's code or choose QR.")
        #expect(Wording.sentence(CashierError.noPlatform(.unionpay))
                == "This store takes no UnionPay payments (no platform is configured for them): add [platform.unionpay] to \(Config.path), or take another method.")
        #expect(said(.internal, "The store could not be written (disk I/O error)", .retryThenCheckStore)
                == "The store could not be written (disk I/O error): try again; if it persists, run `cashier check`.")
    }

    @Test func aRefusalWithoutRemedyIsItsSentence() {
        #expect(Wording.sentence(CashierError.conflict("Order G1 is already paid.")) == "Order G1 is already paid.")
    }

    @Test func storeErrorsInTheCLIsWords() {
        #expect(Wording.sentence(StoreError.noStore("/x/s.sqlite")) == "There is no store at /x/s.sqlite: create one with `cashier demo --store /x/s.sqlite` or pass --store with an existing store.")
        #expect(Wording.sentence(StoreError.notAStore("/x/s.sqlite")) == "/x/s.sqlite is not a Cashier store: pass --store with a Cashier store file, or a new path to create one.")
        #expect(Wording.sentence(StoreError.cannotCreate("/x/s.sqlite", "denied")) == "Cannot create the store at /x/s.sqlite (denied): choose a folder you can write to with --store.")
    }
}
