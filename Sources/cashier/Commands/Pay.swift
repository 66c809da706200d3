import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import Localization
import PaymentPlatform

struct Pay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.pay"),
        discussion: CLI.lang.t("cli.help.pay_discussion"))

    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.pay_orders"))) var orders: [String]
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.pay_cash"))) var cash: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.pay_tendered"))) var tendered: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.pay_online"))) var online: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.pay_code"))) var code: String?
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.pay_qr"))) var qr = false
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.pay_qr_platform"))) var qrPlatform: String = "alipay"
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.pay_coupon"))) var coupon: String?
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.pay_coupon_amount"))) var couponAmount: String?
    @OptionGroup var actor: ActorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let channel = try actor.parsedChannel()
            if code != nil && qr { throw Refusal(message: "Choose one online method: --code or --qr, not both.") }
            if tendered != nil && cash == nil { throw Refusal(message: "--tendered needs --cash: say how much of the total is paid in cash.") }
            let ctx = try Context(path: storeOptions.path)
            var ids: [Int64] = []
            var total: Int64 = 0
            var currency = Currency.cny
            for number in orders {
                let o = try ctx.order(number: number)
                ids.append(o.id); total += o.amount.minor; currency = o.currency
            }
            // Without --cash the cash part is none (not "what is left"): the CLI says every amount it wants.
            let cashMinor = try cash.map { try parseAmount($0, currency, what: "--cash") } ?? 0
            let tenderedMinor = try tendered.map { try parseAmount($0, currency, what: "--tendered") }
            let onlineMinor = try online.map { try parseAmount($0, currency, what: "--online") }
            let couponMinor = try couponAmount.map { try parseAmount($0, currency, what: "--coupon-amount") }
            if couponAmount != nil && coupon == nil { throw Refusal(message: "--coupon-amount needs --coupon CODE.") }
            var balance: Int64?
            if let code = coupon, couponMinor == nil {
                balance = try ctx.engine.coupon(code: code).balance.minor
            }
            let mode: PaymentPlan.Online
            if let code { mode = .code(code) } else if qr {
                guard let p = PlatformKind(rawValue: qrPlatform), p != .unionpay else {
                    throw Refusal(message: "Unknown --qr-platform \"\(qrPlatform)\": use alipay or wechat.")
                }
                mode = .qr(p)
            } else { mode = .none }
            if cash == nil && online == nil && mode == .none && coupon == nil {
                throw Refusal(message: "Say how to pay: --cash AMOUNT, --online AMOUNT with --code CODE or --qr, and/or --coupon CODE.")
            }
            let tender = Tender.fill(total: total, coupon: couponMinor, couponCode: coupon, couponBalance: balance,
                                     cash: cashMinor, tendered: tenderedMinor, online: onlineMinor, onlineMode: mode)
            let plan = PaymentPlan(orderIds: ids, tender: tender, operatorName: actor.operatorName, channel: channel)
            let snapshot = try await ctx.engine.pay(plan)
            if json { printJSON(PaymentJSON(snapshot)) } else { print(Human.payment(snapshot)) }
            // The receipt is written in the background: this process waits for it before it exits.
            await ctx.engine.flushReceipts()
            let outcome = Outcome.of(snapshot)
            if outcome == .failed || outcome == .closed {
                let po = snapshot.paymentOrder
                throw fail("Payment \(po?.tradeNo ?? "") was \(outcome == .failed ? "declined" : "closed"): \(po?.message ?? "no reason given"); re-pay with another code or method.")
            }
        }
    }
}
