import Foundation
import StrataCore
import StrataStore

/// A folder under the system's temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    /// The folder's path.
    public let path: String

    /// Creates an empty folder.
    public init() {
        path = (NSTemporaryDirectory() as NSString).appendingPathComponent("strata-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// A path inside the folder.
    public func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Builders for the messages tests send.
public enum Fixtures {
    /// A decoder with deterministic generated message ids.
    public static let decoder = MessageDecoder(makeMessageId: { UUID().uuidString })

    /// 2026-09-30T00:00:00Z in ms.
    public static let referenceTime: Int64 = 1_790_726_400_000

    /// Parses JSON text written in a test.
    public static func json(_ text: String) -> JSONValue {
        try! JSONValue.parse(Data(text.utf8))
    }

    /// A batch from JSON texts of Segment messages, received at `receivedAt`.
    public static func batch(_ messages: [String], receivedAt: Int64 = referenceTime) -> IngestBatch {
        decoder.batch(from: messages.map(json), receivedAt: receivedAt, source: "test")
    }

    /// A store on a temporary file.
    public static func database(in directory: TemporaryDirectory) throws -> AppDatabase {
        try AppDatabase.open(directory: directory.path)
    }
}
