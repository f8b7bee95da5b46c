/// A request to erase one person (个人信息删除, GDPR art. 17): a durable job that removes the
/// profile, every identity merged into it and everything that refers to them, in small steps
/// that resume after a crash.
///
/// The job holds no personal data: only the dense profile ids, who asked, and counts of what was
/// removed. In `suppress` mode keyed digests of the person's ids and addresses stay behind, so
/// re-sent events and later sends to them are refused; `deleteOnly` drops them at the end.
public struct ErasureJob: Sendable, Equatable {
    /// What stays behind once the person is gone.
    public enum Mode: String, Sendable, CaseIterable {
        /// Keep digests of the ids and addresses: re-sent events and later sends are refused.
        case suppress
        /// Remove everything; the same ids may come back later as a new person.
        case deleteOnly = "delete_only"
    }

    /// Where the job stands.
    public enum State: String, Sendable {
        /// Requested; the person is no longer visible, removal goes on.
        case running
        /// Everything is removed.
        case done
    }

    /// The job's id (`del_` and 20 hex digits), for `GET /api/v1/deletions/{job}`.
    public var id: String
    public var mode: Mode
    public var state: State
    /// The dense ids of the profile and of every profile merged into it.
    public var uids: [Int64]
    /// The principal that asked (`staff:ID`, `key:ID`, `cli`).
    public var requestedBy: String
    public var requestedAt: Int64
    public var finishedAt: Int64?
    /// The step under way: `events`, `rows`, `snapshots`, then `done`.
    public var step: String
    /// What was removed so far, by kind (`events`, `profiles`, `identities`, `outbox` …).
    public var removed: [String: Int]

    /// A job with every field given.
    public init(id: String, mode: Mode, state: State, uids: [Int64], requestedBy: String, requestedAt: Int64,
                finishedAt: Int64?, step: String, removed: [String: Int]) {
        self.id = id
        self.mode = mode
        self.state = state
        self.uids = uids
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.finishedAt = finishedAt
        self.step = step
        self.removed = removed
    }

    /// The job as the API and the CLI show it (no profile ids: they would link the job to a person).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "job": .string(id), "mode": .string(mode.rawValue), "state": .string(state.rawValue),
            "step": .string(step), "requested_by": .string(requestedBy),
            "requested_at": .string(Timestamp.format(requestedAt)),
            "removed": .object(removed.mapValues { .number(Double($0)) }),
        ]
        if let finishedAt { object["finished_at"] = .string(Timestamp.format(finishedAt)) }
        return .object(object)
    }

    /// Whether a job id has the shape Strata gives them (checked before any lookup).
    public static func isWellFormed(_ id: String) -> Bool {
        id.count == 24 && id.hasPrefix("del_") && id.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}
