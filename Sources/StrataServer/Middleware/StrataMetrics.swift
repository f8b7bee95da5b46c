import Prometheus
import StrataApp
import StrataCore

/// The server's Prometheus metrics, in a registry owned by the application (no global state).
public struct StrataMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// Messages stored.
    public let accepted: Counter
    /// Messages already stored, skipped.
    public let duplicates: Counter
    /// Messages quarantined.
    public let quarantined: Counter
    /// Time to commit one batch to the store.
    public let storeWriteLatency: DurationHistogram
    /// Time to answer a request.
    public let requestLatency: DurationHistogram

    /// Creates the metrics in a new registry.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        accepted = registry.makeCounter(name: "strata_messages_accepted_total", help: "Messages stored.")
        duplicates = registry.makeCounter(name: "strata_messages_duplicate_total",
                                          help: "Messages skipped because their messageId was already stored.")
        quarantined = registry.makeCounter(name: "strata_messages_quarantined_total",
                                           help: "Messages refused and kept in quarantine.")
        let buckets: [Duration] = [.microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                                   .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                   .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5)]
        storeWriteLatency = registry.makeDurationHistogram(
            name: "strata_store_write_seconds", buckets: buckets, help: "Time to commit one batch.")
        requestLatency = registry.makeDurationHistogram(
            name: "strata_http_request_seconds", buckets: buckets, help: "Time to answer an HTTP request.")
    }
}

extension StrataMetrics: IngestObserver {
    /// Counts a stored batch's messages and its commit time.
    public func stored(_ outcome: IngestOutcome, writeDuration: Duration) {
        storeWriteLatency.record(writeDuration)
        accepted.increment(by: Int64(outcome.accepted))
        duplicates.increment(by: Int64(outcome.duplicates))
        quarantined.increment(by: Int64(outcome.rejected.count))
    }
}
