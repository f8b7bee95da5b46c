import Foundation

/// This process's resident memory as the kernel counts it (`/proc/self/status`), for the
/// benchmarks that compare it with the index's own size.
enum ProcessMemory {
    /// Resident anonymous memory (heap, stacks; not the mapped database file), in bytes, or `nil`
    /// where `/proc` is not there.
    static func residentAnonymousBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("RssAnon:") {
            let digits = line.split(separator: " ").compactMap { Int($0) }
            return digits.first.map { $0 * 1024 }
        }
        return nil
    }
}
