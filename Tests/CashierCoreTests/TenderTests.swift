import CashierCore
import Localization
import Testing

/// The one tender model alone: its defaulting and its rules, as every front end uses them.
@Suite struct TenderTests {
    @Test func untouchedAmountsTakeWhatTheGivenOnesLeave() {
        // Nothing typed, a code method: online takes it all.
        #expect(Tender.fill(total: 10_000, coupon: nil, couponCode: nil, couponBalance: nil, cash: nil, tendered: nil,
                            online: nil, onlineMode: .code("x")) == Tender(cash: 0, online: 10_000, onlineMode: .code("x")))
        // Cash typed: online takes the rest; what was handed over stays as given.
        #expect(Tender.fill(total: 10_000, coupon: nil, couponCode: nil, couponBalance: nil, cash: 3_000, tendered: 5_000,
                            online: nil, onlineMode: .qr(.alipay))
                == Tender(cash: 3_000, tendered: 5_000, online: 7_000, onlineMode: .qr(.alipay)))
        // Online typed: cash takes the rest.
        #expect(Tender.fill(total: 10_000, coupon: nil, couponCode: nil, couponBalance: nil, cash: nil, tendered: nil,
                            online: 4_000, onlineMode: .qr(.wechat)).cash == 6_000)
        // No online method: cash takes it, online is none.
        #expect(Tender.fill(total: 10_000, coupon: nil, couponCode: nil, couponBalance: nil, cash: nil, tendered: nil,
                            online: nil, onlineMode: .none) == Tender(cash: 10_000))
    }

    @Test func aCouponCoversWhatTheOthersLeaveUpToItsBalance() {
        let big = Tender.fill(total: 10_000, coupon: nil, couponCode: "VIP200", couponBalance: 20_000, cash: nil, tendered: nil,
                              online: nil, onlineMode: .code("x"))
        #expect(big.coupon == 10_000 && big.online == 0 && big.cash == 0)
        let small = Tender.fill(total: 10_000, coupon: nil, couponCode: "GIFT50", couponBalance: 5_000, cash: 2_000, tendered: nil,
                                online: nil, onlineMode: .code("x"))
        #expect(small.coupon == 5_000 && small.cash == 2_000 && small.online == 3_000)
        let afterCash = Tender.fill(total: 10_000, coupon: nil, couponCode: "VIP200", couponBalance: 20_000, cash: 7_000,
                                    tendered: nil, online: nil, onlineMode: .none)
        #expect(afterCash.coupon == 3_000 && afterCash.cash == 7_000 && afterCash.online == 0)
        #expect(Tender.fill(total: 10_000, coupon: 1_000, couponCode: "GIFT50", couponBalance: nil, cash: nil, tendered: nil,
                            online: nil, onlineMode: .none).cash == 9_000)
    }

    @Test func changeAndHandedOver() {
        #expect(Tender(cash: 3_000, tendered: 5_000).change == 2_000)
        #expect(Tender(cash: 3_000).handedOver == 3_000 && Tender(cash: 3_000).change == 0)
    }

    @Test func everyRuleAsData() throws {
        #expect(Tender(cash: 9_999).problems(total: 10_000) == [.totalsDiffer(sum: 9_999, total: 10_000)])
        #expect(Tender(cash: 10_000, tendered: 5_000).problems(total: 10_000) == [.tenderedBelowCash(tendered: 5_000, cash: 10_000)])
        #expect(Tender(online: 10_000).problems(total: 10_000) == [.onlineWithoutMethod(online: 10_000)])
        #expect(Tender(cash: 10_000, onlineMode: .qr(.alipay)).problems(total: 10_000) == [.methodWithoutOnline])
        #expect(Tender(online: 10_000, onlineMode: .code("  ")).shapeProblems == [.noPaymentCode])
        #expect(Tender(online: 10_000, onlineMode: .code("123")).shapeProblems == [.badPaymentCode(.unknownFormat(length: 3))])
        #expect(Tender(online: 10_000, onlineMode: .code("28000000000000000004")).shapeProblems == [])
        #expect(Tender(coupon: 1_000, cash: 9_000).shapeProblems == [.couponWithoutCode])
        #expect(Tender.couponBalanceProblem(amount: 6_000, balance: 5_000) == .couponOverBalance(amount: 6_000, balance: 5_000))
        #expect(Tender.couponBalanceProblem(amount: 5_000, balance: 5_000) == nil)
    }

    @Test func theEnginesWordsForTheRules() {
        #expect(Refused(Tender.Problem.totalsDiffer(sum: 9_999, total: 10_000).refusal(.cny))
                == .invalid("The amounts add up to 99.99 but the orders total 100.00: make coupon + cash + online equal the total."))
        #expect(Refused(Tender.Problem.tenderedBelowCash(tendered: 5_000, cash: 10_000).refusal(.cny))
                == .invalid("Cash tendered (50.00) is less than the cash amount (100.00): take more cash or lower the cash amount."))
        let online = Tender.Problem.onlineWithoutMethod(online: 1).refusal(.cny)
        #expect(online.remedy == .chooseOnlineMethod && online.kind == .invalid)
    }

    @Test func theOneCouponCheck() {
        let c = CouponBalance(code: "GIFT50", balance: Money(minor: 5_000, currency: .cny), expiresAt: 1_000)
        #expect(c.problem(at: 999) == nil && c.problem(at: 999, currency: .cny) == nil)
        #expect(c.problem(at: 1_000) == .expired(at: 1_000))
        #expect(c.problem(at: 0, currency: .jpy) == .otherCurrency(.cny))
        #expect(CouponBalance(code: "X", balance: Money(minor: 0, currency: .cny), expiresAt: 1_000).problem(at: 0) == .usedUp)
    }
}
