import ArgumentParser
import CashierCore
import CashierEngine
import Foundation
import Localization

struct Refund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: CLI.lang.t("cli.help.refund"),
        subcommands: [RequestRefund.self, ApproveRefund.self, RejectRefund.self, RetryRefund.self, ListRefunds.self])
}

func describe(_ ctx: Context, _ r: RefundRequestRecord, json: Bool) throws {
    let number = try ctx.engine.order(id: r.orderId)?.number ?? "#\(r.orderId)"
    let refunds = try ctx.engine.refundOrders(requestId: r.id)
    if json { printJSON(RefundRequestJSON(r, orderNumber: number, refunds: refunds)); return }
    print("Refund request \(r.id) for order \(number): \(r.amount.decimal) \(r.amount.currency.code), \(r.state.rawValue) (reason: \(r.reason); requested by \(r.requestedBy)\(r.decidedBy.map { "; decided by \($0)" } ?? ""))")
    for ro in refunds {
        print("  \(ro.refundNo) \(ro.method.rawValue) \(ro.amount.decimal): \(ro.state.rawValue)\(ro.message.map { " — \($0)" } ?? "")")
    }
}

struct RequestRefund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "request", abstract: CLI.lang.t("cli.help.refund_request"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.refund_order"))) var order: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.refund_amount"))) var amount: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.refund_reason"))) var reason: String
    @OptionGroup var actor: ActorOptions
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let channel = try actor.parsedChannel()
            let ctx = try Context(path: storeOptions.path)
            let o = try ctx.order(number: order)
            let minor = try parseAmount(amount, o.currency, what: "--amount")
            let r = try ctx.engine.requestRefund(orderId: o.id, amount: minor, reason: reason, by: actor.operatorName, channel: channel)
            try describe(ctx, r, json: json)
        }
    }
}

struct ApproveRefund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "approve", abstract: CLI.lang.t("cli.help.refund_approve"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.refund_request_id"))) var request: Int64
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.refund_approve_supervisor"))) var supervisor: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.supervisor_pin"))) var pin: String
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            _ = try await ctx.engine.approve(requestId: request, supervisor: supervisor, pin: pin)
            try describe(ctx, try ctx.engine.refundRequest(id: request)!, json: json)
        }
    }
}

struct RejectRefund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: CLI.lang.t("cli.help.refund_reject"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.refund_request_id"))) var request: Int64
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.refund_reject_supervisor"))) var supervisor: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.supervisor_pin"))) var pin: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.refund_reject_reason"))) var reason: String
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let r = try ctx.engine.reject(requestId: request, supervisor: supervisor, pin: pin, reason: reason)
            try describe(ctx, r, json: json)
        }
    }
}

struct RetryRefund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: CLI.lang.t("cli.help.refund_retry"))
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: ArgumentHelp(CLI.lang.t("cli.help.refund_number"))) var refund: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.refund_retry_supervisor"))) var supervisor: String
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.supervisor_pin"))) var pin: String

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            guard let id = try ctx.engine.refundOrder(refundNo: refund) else { throw Refusal(message: "There is no refund \(refund): check the refund number.") }
            let ro = try await ctx.engine.retryRefund(refundOrderId: id, supervisor: supervisor, pin: pin)
            print("Refund \(ro.refundNo): \(ro.state.rawValue)")
        }
    }
}

struct ListRefunds: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: CLI.lang.t("cli.help.refund_list"))
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: ArgumentHelp(CLI.lang.t("cli.help.refund_list_state"))) var state: String?
    @Flag(help: ArgumentHelp(CLI.lang.t("cli.help.json"))) var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            var s: RefundRequestState?
            if let state {
                guard let v = RefundRequestState(rawValue: state) else { throw Refusal(message: "Unknown state \"\(state)\": use requested, approved or rejected.") }
                s = v
            }
            let rows = try ctx.engine.refundRequests(state: s)
            if json {
                printJSON(try rows.map { RefundRequestJSON($0, orderNumber: try ctx.engine.order(id: $0.orderId)?.number ?? "", refunds: try ctx.engine.refundOrders(requestId: $0.id)) })
            } else if rows.isEmpty {
                print("No refund requests.")
            } else {
                for r in rows { try describe(ctx, r, json: false) }
            }
        }
    }
}
