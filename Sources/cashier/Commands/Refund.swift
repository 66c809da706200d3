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
    static let configuration = CommandConfiguration(commandName: "request", abstract: "Ask for a full or partial refund of a paid order.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Order number.") var order: String
    @Option(help: "Amount to refund.") var amount: String
    @Option(help: "Why the customer gets money back.") var reason: String
    @OptionGroup var actor: ActorOptions
    @Flag(help: "Machine-readable output.") var json = false

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
    static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a refund request with a supervisor's PIN.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Refund request id.") var request: Int64
    @Option(help: "The approving supervisor.") var supervisor: String
    @Option(help: "The supervisor's PIN.") var pin: String
    @Flag(help: "Machine-readable output.") var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            _ = try await ctx.engine.approve(requestId: request, supervisor: supervisor, pin: pin)
            try describe(ctx, try ctx.engine.refundRequest(id: request)!, json: json)
        }
    }
}

struct RejectRefund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "reject", abstract: "Reject a refund request with a supervisor's PIN.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Refund request id.") var request: Int64
    @Option(help: "The rejecting supervisor.") var supervisor: String
    @Option(help: "The supervisor's PIN.") var pin: String
    @Option(help: "Why it is refused.") var reason: String
    @Flag(help: "Machine-readable output.") var json = false

    func run() async throws {
        try await guarded {
            let ctx = try Context(path: storeOptions.path)
            let r = try ctx.engine.reject(requestId: request, supervisor: supervisor, pin: pin, reason: reason)
            try describe(ctx, r, json: json)
        }
    }
}

struct RetryRefund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Retry a failed refund with the same refund number.")
    @OptionGroup var storeOptions: StoreOptions
    @Argument(help: "Refund number (RF…).") var refund: String
    @Option(help: "The supervisor.") var supervisor: String
    @Option(help: "The supervisor's PIN.") var pin: String

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
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List refund requests.")
    @OptionGroup var storeOptions: StoreOptions
    @Option(help: "requested, approved or rejected.") var state: String?
    @Flag(help: "Machine-readable output.") var json = false

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
