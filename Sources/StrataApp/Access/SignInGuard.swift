import StrataCore
import Synchronization

/// The workspace's one `SignInThrottle`, shared by every request of the process.
public final class SignInGuard: Sendable {
    private let throttle: Mutex<SignInThrottle>

    /// A guard with the given limits.
    public init(policy: SignInThrottle.Policy = SignInThrottle.Policy()) {
        throttle = Mutex(SignInThrottle(policy: policy))
    }

    /// Runs `attempt` when the throttle admits it, and records its outcome (`nil`: a wrong
    /// e-mail or password).
    ///
    /// - Throws: `StrataError.rateLimited` with the seconds to wait, without running `attempt`.
    func attempt<T>(email: String, address: String, now: Int64, _ attempt: () throws -> T?) throws -> T? {
        if let wait = throttle.withLock({ $0.admit(email: email, address: address, now: now) }) {
            let seconds = Int((wait + 999) / 1000)
            throw StrataError(.rateLimited, "Too many failed sign-ins from this address; try again in \(seconds) s.",
                              retryAfterSeconds: seconds)
        }
        let result = try attempt()
        throttle.withLock {
            if result == nil { $0.failed(email: email, address: address, now: now) } else {
                $0.succeeded(email: email, address: address)
            }
        }
        return result
    }
}
