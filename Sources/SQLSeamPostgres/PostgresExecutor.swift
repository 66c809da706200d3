import Foundation
import Logging
import PostgresNIO
import SQLSeam

/// One PostgreSQL connection inside a transaction: `?` placeholders become `$n`, values are bound
/// (never spliced into the text), rows come back as the seam's values.
final class PostgresExecutor: SQLExecutor {
    let connection: PostgresConnection
    let logger: Logger
    var dialect: SQLDialect { .postgres }
    /// Rows changed so far in this transaction (the change counter is bumped only when some were).
    private(set) var changed = 0

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    @discardableResult
    func execute(_ statement: SQLStatement, _ values: [SQLValue]) throws(SQLError) -> Int {
        let result = try run(statement.text(for: .postgres), values)
        let n = result.metadata.rows ?? 0
        changed += n
        return n
    }

    func rows(_ statement: SQLStatement, _ values: [SQLValue]) throws(SQLError) -> [SQLRow] {
        let result = try run(statement.text(for: .postgres), values)
        // An UPDATE … RETURNING changes rows as it returns them.
        if result.metadata.command != "SELECT" { changed += result.metadata.rows ?? 0 }
        var out: [SQLRow] = []
        out.reserveCapacity(result.rows.count)
        // The columns are mapped once, from the first row, for all the rows.
        var layout: SQLColumns?
        for row in result.rows {
            var values: [SQLValue] = []
            for cell in row { values.append(try Self.value(cell)) }
            let columns = layout ?? SQLColumns(row.map(\.columnName))
            layout = columns
            out.append(SQLRow(layout: columns, values: values))
        }
        return out
    }

    /// Runs text as it is (no placeholders): BEGIN, COMMIT, SET.
    func raw(_ sql: String) throws(SQLError) {
        _ = try run(sql, [], numbering: false)
    }

    private func run(_ sql: String, _ values: [SQLValue], numbering: Bool = true) throws(SQLError) -> PostgresQueryResult {
        let text: String
        if numbering {
            let (numbered, count) = SQLStatement.numberingPlaceholders(sql)
            guard count == values.count else {
                throw .other("the statement has \(count) placeholders but \(values.count) values: \(sql)")
            }
            text = numbered
        } else {
            text = sql
        }
        var binds = PostgresBindings(capacity: values.count)
        for v in values {
            switch v {
            case .null: binds.appendNull()
            case .integer(let i): binds.append(i)
            case .text(let s): binds.append(s)
            case .blob(let b): binds.append(ByteBuffer(bytes: b))
            }
        }
        // A connection the server has ended may take a query and never answer it: refuse at once.
        guard !connection.isClosed else { throw .unreachable("the server closed this connection") }
        do {
            return try Self.wait(connection.query(PostgresQuery(unsafeSQL: text, binds: binds), logger: logger), on: connection)
        } catch {
            throw Self.translate(error)
        }
    }

    /// No statement of the store takes this long: past it the connection is given up for broken
    /// (closed, its transaction rolled back by the server) rather than waited on for ever.
    static let answerTimeout: TimeAmount = .seconds(60)

    static func wait<T: Sendable>(_ future: EventLoopFuture<T>, on connection: PostgresConnection) throws -> T {
        let promise = future.eventLoop.makePromise(of: T.self)
        let timeout = future.eventLoop.scheduleTask(in: answerTimeout) {
            promise.fail(SQLError.unreachable("no answer from the server within \(answerTimeout.nanoseconds / 1_000_000_000) s"))
            let closing: EventLoopFuture<Void> = connection.close()
            _ = closing
        }
        future.whenComplete { result in
            timeout.cancel()
            promise.completeWith(result)
        }
        return try promise.futureResult.wait()
    }

    static func value(_ cell: PostgresCell) throws(SQLError) -> SQLValue {
        guard cell.bytes != nil else { return .null }
        do {
            switch cell.dataType {
            case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
            case .bool: return .integer(try cell.decode(Bool.self) ? 1 : 0)
            case .numeric:
                // SUM(bigint) is numeric: exact, and read back as an integer when it is one.
                let d = try cell.decode(Decimal.self)
                let text = "\(d)"
                return Int64(text).map(SQLValue.integer) ?? .text(text)
            case .text, .varchar, .name, .bpchar: return .text(try cell.decode(String.self))
            case .bytea: return .blob(Array((try cell.decode(ByteBuffer.self)).readableBytesView))
            default: throw SQLError.decoding("column \(cell.columnName) has type \(cell.dataType), which the store does not use")
            }
        } catch let e as SQLError {
            throw e
        } catch {
            throw .decoding("column \(cell.columnName): \(error)")
        }
    }

    /// Why a connection could not be made, as a person reads it ("cannot connect to
    /// 127.0.0.1:5432: Connection refused"), not the driver's nested description.
    static func connectFailure(_ underlying: (any Error)?) -> String {
        func reason(_ error: any Error) -> String {
            (error as? IOError).map { String(cString: strerror($0.errnoCode)) } ?? "\(error)"
        }
        if let c = underlying as? NIOConnectionError {
            let why = c.connectionErrors.first.map { reason($0.error) }
                ?? (c.dnsAError ?? c.dnsAAAAError).map { _ in "the host name is not known" } ?? "no address to try"
            return "cannot connect to \(c.host):\(c.port): \(why)"
        }
        return "cannot connect: " + (underlying.map(reason) ?? "no reason given")
    }

    static func translate(_ error: any Error) -> SQLError {
        if let e = error as? SQLError { return e }
        guard let e = error as? PSQLError else { return .other("\(error)") }
        if e.code == .server, let info = e.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? "\(e)"
            switch state {
            case "23505": return .uniqueViolation(info[.constraintName].map { "\(message) (\($0))" } ?? message)
            case "40001", "40P01": return .serializationFailure(message)
            case "P0001": return .refusedByTrigger(message)
            case _ where state.hasPrefix("23"): return .constraintViolation(message)
            case _ where state.hasPrefix("08") || state.hasPrefix("57P"): return .unreachable(message)
            default: return .other(message)
            }
        }
        switch e.code {
        case .connectionError:
            return .unreachable(connectFailure(e.underlying))
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
            return .unreachable("\(e.code)\(e.underlying.map { ": \($0)" } ?? "")")
        default:
            return .other("\(e)")
        }
    }
}
