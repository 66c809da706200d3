import AsyncHTTPClient
import CashierCore
import CashierEngine
import CashierServer
import Foundation
import Logging
import NIOCore

/// Orders in over HTTP: `POST /v1/orders` from `clients` concurrent clients, beside `GET /health`
/// from as many in the same run against the same server (the HTTP floor). Returns (orders/s, health/s).
func apiCreateRates(_ engine: Engine, orders: Int, clients: Int = 8) async throws -> (Double, Double) {
    let key = try engine.addChannelKey(channel: .integration, operatorName: "cashier", label: "bench").1
    var logger = Logger(label: "cashier.bench.serve")
    logger.logLevel = .critical
    let server = StoreServer(engine: engine, options: .init(host: "127.0.0.1", port: 0, runPoller: false), logger: logger)
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let stop = StopHandle()
    let task = Task { try await server.run(signals: false, stop: stop) { continuation.yield($0) } }
    var it = ports.makeAsyncIterator()
    guard let port = await it.next(), port > 0 else { throw CashierError.bug("the bench's server did not start") }
    defer { stop.stop() }
    let base = "http://127.0.0.1:\(port)"

    /// `count` requests split over `clients` tasks; returns the seconds the lot took.
    func run(_ count: Int, _ request: @escaping @Sendable (Int) -> HTTPClientRequest) async throws -> Double {
        try await secondsAsync {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for c in 0..<clients {
                    group.addTask {
                        for i in stride(from: c, to: count, by: clients) {
                            let response = try await HTTPClient.shared.execute(request(i), timeout: .seconds(60))
                            _ = try await response.body.collect(upTo: 1 << 20)
                            guard response.status.code < 300 else { throw CashierError.bug("bench request \(i) answered \(response.status.code)") }
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }
    let health = try await run(orders) { _ in HTTPClientRequest(url: base + "/health") }
    let create = try await run(orders) { i in
        var r = HTTPClientRequest(url: base + "/v1/orders")
        r.method = .POST
        r.headers.add(name: "Authorization", value: "Bearer \(key)")
        r.headers.add(name: "Content-Type", value: "application/json")
        r.body = .bytes(ByteBuffer(string: """
            {"number":"API-\(i)","type":"fees","customer":"Customer \(i % 89)","currency":"CNY",\
            "lines":[{"name":"Term fee","quantity":1,"unit_price":"\(100 + i % 900).00"},{"name":"Books","quantity":2,"unit_price":"12.50"}]}
            """))
        return r
    }
    stop.stop()
    _ = await task.result
    return (Double(orders) / create, Double(orders) / health)
}

/// A CSV of `orders` orders of two lines each (the README's header), as a business exports it.
func writeImportFile(_ path: String, orders: Int) throws {
    var text = "number,type,line_name,quantity,unit_price,customer,currency,expires_at,note\n"
    text.reserveCapacity(orders * 120)
    for i in 0..<orders {
        let number = String(format: "IMP%09d", i), customer = "Customer \(i % 89)"
        text += "\(number),fees,Term fee,1,\(100 + i % 900).00,\(customer),CNY,,\n"
        text += "\(number),fees,Books,2,12.50,\(customer),CNY,,\n"
    }
    try text.write(toFile: path, atomically: false, encoding: .utf8)
}

/// `cashier order import` as the CLI runs it: read and check the file, then one create call.
/// Returns (seconds reading and checking the file, seconds storing).
func importFile(_ engine: Engine, path: String) throws -> (Double, Double) {
    var file: OrderFile?
    let currency = try engine.storeCurrency()
    let parse = try seconds { file = try OrderFile.read(path: path, currency: currency, now: engine.clock.now()) }
    guard let file else { throw CashierError.bug("the bench's file was not read") }
    var made = 0
    let store = try seconds {
        guard case .created(let list) = try engine.createOrders(file.orders, by: "cashier", channel: .counter) else {
            throw CashierError.bug("the bench's import was refused")
        }
        made = list.count
    }
    guard made == file.orders.count else { throw CashierError.bug("imported \(made) of \(file.orders.count)") }
    return (parse, store)
}
