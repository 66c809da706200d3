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
    ],
    targets: [
        // Pure domain: money, states, transition tables, allocation. No I/O.
        .target(name: "CashierCore"),
        // Small GRDB helpers shared by the store and the sandbox (cached statements).
        .target(name: "SQLiteSupport", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
        // SQLite store: schema, compare-and-set transitions, locks, audit chain.
        .target(name: "CashierStore", dependencies: [
            "CashierCore", "SQLiteSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "CryptoExtras", package: "swift-crypto"),
        ]),
        // Platform protocol and the sandbox platform (its own SQLite file).
        .target(name: "PaymentPlatform", dependencies: [
            "CashierCore", "SQLiteSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        // Checkout, re-payment, refunds, approvals, poller.
        .target(name: "CashierEngine", dependencies: [
            "CashierCore", "CashierStore", "PaymentPlatform",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .systemLibrary(name: "CNcursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CQRencode", pkgConfig: "libqrencode",
                       providers: [.apt(["libqrencode-dev"])]),
        // Screens as state + update + view into a cell grid; no ncurses here.
        .target(name: "CashierConsole", dependencies: [
            "CashierCore", "CQRencode",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        // The only module that touches ncurses.
        .target(name: "CashierTerminal", dependencies: ["CNcursesw", "CashierConsole"]),
        // The console's backend implemented over the engine (used by the app and the benchmark).
        .target(name: "ConsoleEngineBridge", dependencies: ["CashierConsole", "CashierEngine", "CashierStore", "CashierCore"]),
        .executableTarget(name: "cashier", dependencies: [
            "CashierCore", "CashierStore", "PaymentPlatform", "CashierEngine",
            "CashierConsole", "CashierTerminal", "ConsoleEngineBridge",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .executableTarget(name: "cashier-bench", dependencies: [
            "CashierCore", "CashierStore", "PaymentPlatform", "CashierEngine", "CashierConsole", "ConsoleEngineBridge",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CashierCoreTests", dependencies: ["CashierCore"]),
        .testTarget(name: "PaymentPlatformTests", dependencies: ["PaymentPlatform", "CashierCore"]),
        .testTarget(name: "CashierEngineTests", dependencies: [
            "CashierCore", "CashierStore", "PaymentPlatform", "CashierEngine",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "CashierConsoleTests", dependencies: ["CashierConsole", "CashierCore"]),
        // Runs the built `cashier` binary: process races, kill -9, tmux end-to-end.
        .testTarget(name: "CashierCLITests", dependencies: ["CashierCore", "cashier"]),
    ]
)
