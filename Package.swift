// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Cashier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cashier", targets: ["cashier"]),
        .executable(name: "cashier-bench", targets: ["cashier-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // Pure domain: money, states, transition tables, allocation, the tender and its rules,
        // refusals with their remedies as data. No I/O.
        .target(name: "CashierCore"),
        // The product's two languages: message catalogues (TOML, one per language, with a glossary)
        // shipped as resources, the language choice, amounts and dates in each language's form.
        .target(name: "Localization", dependencies: [
            "CashierCore", .product(name: "TOMLKit", package: "TOMLKit"),
        ], resources: [.copy("Catalogues")]),
        // Small GRDB helpers shared by the store and the sandbox (cached statements).
        .target(name: "SQLiteSupport", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // The SQL seam: statements written once with `?` placeholders (a second, PostgreSQL form beside
        // the few that differ), bound values, rows out, transactions, the change counter. No I/O.
        .target(name: "SQLSeam"),
        // The seam over GRDB: IMMEDIATE write transactions on a DatabasePool; values bound with SQLite's C API.
        .target(name: "SQLSeamSQLite", dependencies: [
            "SQLSeam", "SQLiteSupport", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // The seam over PostgreSQL (PostgresNIO): READ COMMITTED writes, advisory-lock serialization,
        // retries of never-committed transactions, the database's clock; postgres:// URLs.
        .target(name: "SQLSeamPostgres", dependencies: [
            "SQLSeam",
            .product(name: "PostgresNIO", package: "postgres-nio"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // SQLite store: schema, compare-and-set transitions, locks, audit chain. Its pool is
        // internal: only the engine (and tests, and the benchmark's raw baseline) uses it.
        .target(name: "CashierStore", dependencies: [
            "CashierCore", "SQLiteSupport", "SQLSeam", "SQLSeamSQLite", "SQLSeamPostgres",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        // Platform protocol and the sandbox platform (its own SQLite file).
        .target(name: "PaymentPlatform", dependencies: [
            "CashierCore", "SQLiteSupport", "PlatformBills",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Checkout, re-payment, refunds, approvals, poller: the one way in. Only the engine (its tests
        // and the benchmark's raw baseline) depend on CashierStore; every front end goes through the engine.
        .target(name: "CashierEngine", dependencies: [
            "CashierCore", "CashierStore", "PaymentPlatform", "CashierReceipts", "PlatformBills", "Reconciliation", "Localization",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Receipt layout for thermal printers: plain text at 32/42/48 columns and ESC/POS bytes. No I/O.
        .target(name: "CashierReceipts", dependencies: ["CashierCore", "GB18030Text", "Localization"]),
        // GB18030/GBK text both ways (receipt printers, Alipay's bill files).
        .target(name: "GB18030Text"),
        // The system zlib (deflate for the bills' ZIP and gzip containers).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The platforms' daily bills in their own formats (Alipay's ZIP of GBK CSV files, WeChat
        // Pay's backtick text), written and parsed strictly into typed rows. No I/O.
        .target(name: "PlatformBills", dependencies: ["CashierCore", "AlipayProtocol", "GB18030Text", "CZlib"]),
        // The store's payments and refunds against a platform's bill: every difference with its
        // kind and the action it calls for. Pure.
        .target(name: "Reconciliation", dependencies: ["CashierCore", "PlatformBills"]),
        // Alipay-shaped open API: canonical strings, SHA256withRSA signing, yuan amounts, key files.
        .target(name: "AlipayProtocol", dependencies: [
            "CashierCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        // WeChat Pay's v2 merchant API: XML messages, MD5/HMAC-SHA256 signing, fen amounts, the
        // refund notify's AES-256-ECB req_info.
        .target(name: "WeChatPayProtocol", dependencies: [
            "CashierCore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        // A PaymentPlatform that speaks AlipayProtocol over HTTP (AsyncHTTPClient).
        .target(name: "HTTPPlatform", dependencies: [
            "CashierCore", "PaymentPlatform", "AlipayProtocol", "PlatformBills",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // A PaymentPlatform that speaks WeChat Pay v2 over HTTP (HTTPPlatform's transport).
        .target(name: "WeChatPlatform", dependencies: [
            "CashierCore", "PaymentPlatform", "WeChatPayProtocol", "HTTPPlatform", "PlatformBills",
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `cashier sandbox serve`: the sandbox platform behind an Alipay-shaped HTTP gateway and
        // WeChat Pay's v2 API, with notifies.
        .target(name: "SandboxServer", dependencies: [
            "CashierCore", "Localization", "PaymentPlatform", "AlipayProtocol", "WeChatPayProtocol", "PlatformBills",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // `cashier serve`: the store's HTTP service (notify receiver, channel API, health).
        .target(name: "CashierServer", dependencies: [
            "CashierCore", "CashierEngine", "Localization", "AlipayProtocol", "PaymentPlatform",
            "WeChatPayProtocol",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Delivers the webhook outbox: signed POSTs with retries, claimed with a lease (issue 11).
        .target(name: "Webhooks", dependencies: [
            "CashierCore", "CashierEngine",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .systemLibrary(name: "CNcursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        // QR Code symbols (ISO/IEC 18004) for payment links: byte mode, L/M/Q/H, versions 1–40. No I/O.
        .target(name: "QREncoder"),
        // The console: one Screen per screen (its own state, keys with their handlers, typed replies
        // and view) composed over a shared Context; effects run on lanes. Draws a cell grid; no ncurses.
        .target(name: "CashierConsole", dependencies: [
            "CashierCore", "QREncoder", "Localization",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // The only module that touches ncurses.
        .target(name: "CashierTerminal", dependencies: ["CNcursesw", "CashierConsole"]),
        // The console's backend implemented over the engine (used by the app and the benchmark); no store.
        .target(name: "ConsoleEngineBridge", dependencies: ["CashierConsole", "CashierEngine", "CashierCore"]),
        .executableTarget(name: "cashier", dependencies: [
            "CashierCore", "Localization", "PaymentPlatform", "CashierEngine",
            "CashierConsole", "CashierTerminal", "ConsoleEngineBridge",
            "CashierReceipts", "AlipayProtocol", "HTTPPlatform", "SandboxServer", "CashierServer", "PlatformBills",
            "WeChatPayProtocol", "WeChatPlatform", "Webhooks",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(name: "cashier-bench", dependencies: [
            "CashierCore", "CashierStore", "PaymentPlatform", "CashierEngine", "CashierConsole", "ConsoleEngineBridge", "PlatformBills", "Reconciliation",
            "CashierServer", "PostgresScratch", "SQLSeam", "SQLSeamPostgres",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        // A throwaway PostgreSQL server for this process (initdb into a temporary folder, fsync off, a
        // free loopback port, a watchdog that stops it when the process is gone): tests and the benchmark.
        .target(name: "PostgresScratch", dependencies: ["SQLSeam", "SQLSeamPostgres"]),
        // Test support: the test process's one scratch server, a database per test, the `.postgres` trait.
        .target(name: "PostgresTestSupport", dependencies: ["PostgresScratch", "SQLSeam", "SQLSeamPostgres"], path: "Tests/PostgresTestSupport"),
        // The seam's contract, on both engines: values, placeholders, errors, and each concurrency
        // guarantee the store will rely on (claims, the order lock, serialized numbering, retries).
        .testTarget(name: "SQLSeamTests", dependencies: [
            "SQLSeam", "SQLSeamSQLite", "SQLSeamPostgres", "PostgresTestSupport", "PostgresScratch",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CashierCoreTests", dependencies: ["CashierCore", "Localization"]),
        // Catalogue completeness, placeholder parity, unused keys (read from Sources/), the glossary.
        .testTarget(name: "LocalizationTests", dependencies: [
            "Localization", "CashierCore", .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .testTarget(name: "PaymentPlatformTests", dependencies: ["PaymentPlatform", "CashierCore", "PlatformBills"]),
        .testTarget(name: "CashierEngineTests", dependencies: [
            "CashierCore", "Localization", "CashierStore", "PaymentPlatform", "CashierEngine", "PlatformBills",
            "SQLSeam", "SQLSeamPostgres", "PostgresTestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CashierReceiptsTests", dependencies: ["CashierReceipts", "CashierCore"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "AlipayProtocolTests", dependencies: ["AlipayProtocol", "CashierCore"]),
        .testTarget(name: "PlatformBillsTests", dependencies: ["PlatformBills", "CashierCore", "GB18030Text"]),
        .testTarget(name: "ReconciliationTests", dependencies: ["Reconciliation", "PlatformBills", "PaymentPlatform", "CashierCore"]),
        .testTarget(name: "WeChatPayProtocolTests", dependencies: ["WeChatPayProtocol", "CashierCore"]),
        // Real servers on 127.0.0.1: sandbox gateway, HTTP platform client, notify receiver, channel API.
        .testTarget(name: "HTTPLoopbackTests", dependencies: [
            "CashierCore", "Localization", "CashierStore", "CashierEngine", "PaymentPlatform", "AlipayProtocol",
            "HTTPPlatform", "SandboxServer", "CashierServer", "WeChatPayProtocol", "WeChatPlatform", "PlatformBills", "Webhooks",
            "PostgresTestSupport", "SQLSeam", "SQLSeamPostgres",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
        ]),
        // Gallery/ holds the literal screens, read by path from the sources (not a bundled resource).
        .testTarget(name: "CashierConsoleTests", dependencies: ["CashierConsole", "CashierCore", "Localization"],
                    exclude: ["Gallery"]),
        // Matrices compared bit for bit with a reference encoder's (Fixtures/, made by make_fixtures.py).
        .testTarget(name: "QREncoderTests", dependencies: ["QREncoder", "CashierConsole"],
                    resources: [.copy("Fixtures")]),
        // Runs the built `cashier` binary: process races, kill -9, tmux end-to-end.
        .testTarget(name: "CashierCLITests", dependencies: ["CashierCore", "Localization", "CashierEngine", "cashier", "PostgresTestSupport", "SQLSeam", "SQLSeamPostgres"]),
    ]
)
