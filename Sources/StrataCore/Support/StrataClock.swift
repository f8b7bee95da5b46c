import Foundation

/// The one source of "now" for Strata: wall-clock milliseconds since 1970 (UTC).
///
/// Every service, store and entry point takes the clock it is given instead of reading the
/// system time, so tests can fix or move time:
///
/// ```swift
/// let clock = StrataClock.fixed(Timestamp.parse("2026-09-30T12:00:00Z")!)
/// ```
public struct StrataClock: Sendable {
    private let read: @Sendable () -> Int64

    /// A clock that reads `read` each time it is asked.
    public init(_ read: @escaping @Sendable () -> Int64) {
        self.read = read
    }

    /// The current instant in milliseconds since 1970-01-01T00:00:00Z.
    public func now() -> Int64 { read() }

    /// The system's wall clock.
    public static let system = StrataClock { Int64(Date().timeIntervalSince1970 * 1000) }

    /// A clock that always answers `instant` (for tests).
    public static func fixed(_ instant: Int64) -> StrataClock { StrataClock { instant } }
}
