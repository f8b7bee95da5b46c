import StrataCore

/// Erasing a person (个人信息删除): requesting it, following it. One implementation for the API,
/// the dashboard and the CLI; only admins may (`erasePersonalData`).
public struct ErasureUseCases: Sendable {
    let app: AppServices
    let principal: Principal

    /// Starts erasing the person with a known or anonymous id (or `#uid`) and wakes the worker.
    ///
    /// Idempotent: for a person already erased or being erased, returns their job with
    /// `created == false`.
    /// - Throws: `notFound` when nobody has that id and nobody with it was erased.
    public func erase(_ id: String, mode: ErasureJob.Mode) throws -> (job: ErasureJob, created: Bool) {
        try principal.require(.erasePersonalData)
        let trimmed = id.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw StrataError(.invalidParameter, "Give the user's id.", field: "userId") }
        let uid: Int64
        if trimmed.hasPrefix("#"), let dense = Int64(trimmed.dropFirst()) {
            uid = dense
        } else if let profile = try app.database.profile(externalId: trimmed) {
            uid = profile.uid
        } else if let job = try app.database.erasure(ofExternalId: trimmed) {
            return (job, false)
        } else {
            throw StrataError(.notFound, "No user with id \"\(principal.disclosure(app.settings.masking).show(id: trimmed))\" "
                                + "(known or anonymous), and no erasure of one.", field: "userId")
        }
        let requested = try app.database.requestErasure(uid: uid, mode: mode, requestedBy: principal.actor)
        app.erasureWorker.wake()
        return requested
    }

    /// A job by id.
    ///
    /// - Throws: `invalidParameter` for an id of the wrong shape, `notFound` for an unknown one.
    public func job(_ id: String) throws -> ErasureJob {
        try principal.require(.erasePersonalData)
        guard ErasureJob.isWellFormed(id) else {
            throw StrataError(.invalidParameter, "A deletion job id is del_ followed by 20 hex digits.", field: "job")
        }
        guard let job = try app.database.erasureJob(id) else {
            throw StrataError(.notFound, "No deletion job \(id).", field: "job")
        }
        return job
    }

    /// The latest jobs, newest first.
    public func recent(limit: Int) throws -> [ErasureJob] {
        try principal.require(.erasePersonalData)
        return try app.database.recentErasures(limit: limit)
    }

    /// Runs a job to its end here and now (the CLI, which has no background worker).
    public func finish(_ id: String) async throws -> ErasureJob {
        try principal.require(.erasePersonalData)
        return try await app.erasureWorker.finish(id)
    }
}
