/// A time limit on the report running in the current task (报表超时). The engines' long loops
/// look at it every few tens of thousands of steps and stop early once it has passed; the
/// caller then discards the partial answer and tells the client to retry later. Kept in a task
/// local, so the engines' signatures stay those of pure functions and a report run without a
/// limit (tests, benchmarks, the CLI) never stops.
public enum ReportDeadline {
    /// The instant the current report must finish by, if any.
    @TaskLocal public static var current: ContinuousClock.Instant?

    /// Whether the current report has run past its limit.
    public static var passed: Bool {
        guard let current else { return false }
        return ContinuousClock.now >= current
    }

    /// Runs `work` with a limit of `seconds` from now, and says whether the limit passed
    /// during it (then `work`'s answer is partial and must be discarded).
    public static func run<T>(seconds: Double, _ work: () throws -> T) rethrows -> (value: T, timedOut: Bool) {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        let value = try $current.withValue(deadline) { try work() }
        return (value, ContinuousClock.now >= deadline)
    }
}
