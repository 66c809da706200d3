import Foundation
import Logging

/// Logs go to a file beside the store, never over the screen.
enum LogSetup {
    nonisolated(unsafe) private static var done = false

    static func bootstrap(storePath: String) {
        guard !done else { return }
        done = true
        let folder = (storePath as NSString).deletingLastPathComponent
        let file = folder + "/cashier.log"
        LoggingSystem.bootstrap { label in FileLogHandler(label: label, path: file) }
    }
}

extension LogSetup {
    /// `cashier serve` has no screen to protect: it logs to the file and to stderr.
    static func bootstrapServer(storePath: String) {
        guard !done else { return }
        done = true
        let file = (storePath as NSString).deletingLastPathComponent + "/cashier.log"
        LoggingSystem.bootstrap { label in
            MultiplexLogHandler([FileLogHandler(label: label, path: file), StreamLogHandler.standardError(label: label)])
        }
    }
}

struct FileLogHandler: LogHandler {
    let label: String
    let path: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(event.level) [\(label)] pid=\(getpid()) \(event.message)\n"
        guard let handle = FileHandle(forWritingAtPath: path) ?? create() else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(line.utf8))
    }

    private func create() -> FileHandle? {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }
}
