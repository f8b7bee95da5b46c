import Crypto
import Foundation
import StrataCore
import _CryptoExtras

/// Slow, salted password hashes for staff accounts: scrypt from swift-crypto, stored as
/// `scrypt$N$r$p$salt$hash` (base64) so the cost can rise later without breaking old hashes.
/// Never a plain or fast hash: one guess costs about 32 MB and tens of milliseconds.
public struct PasswordHash: Sendable {
    /// The CPU/memory cost (a power of two). 2¹⁵ with r = 8 uses 32 MB per hash.
    public var rounds: Int
    public var blockSize: Int
    public var parallelism: Int

    /// The production cost.
    public static let standard = PasswordHash(rounds: 1 << 15, blockSize: 8, parallelism: 1)

    /// Creates a hasher with a cost (tests use a low one).
    public init(rounds: Int, blockSize: Int = 8, parallelism: Int = 1) {
        self.rounds = rounds
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// A new hash of a password with a fresh random salt.
    public func hash(_ password: String) throws -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = try Self.derive(password, salt: salt, rounds: rounds, blockSize: blockSize, parallelism: parallelism)
        return "scrypt$\(rounds)$\(blockSize)$\(parallelism)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether a password matches a stored hash, compared in constant time.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$").map(String.init)
        guard parts.count == 6, parts[0] == "scrypt", let rounds = Int(parts[1]), let blockSize = Int(parts[2]),
              let parallelism = Int(parts[3]), let salt = Data(base64Encoded: parts[4]),
              let expected = Data(base64Encoded: parts[5]),
              rounds >= 2, rounds <= 1 << 20, rounds & (rounds - 1) == 0, (1...32).contains(blockSize),
              (1...16).contains(parallelism),
              let key = try? derive(password, salt: Array(salt), rounds: rounds, blockSize: blockSize,
                                    parallelism: parallelism, length: expected.count)
        else { return false }
        return key.count == expected.count && zip(key, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func derive(_ password: String, salt: [UInt8], rounds: Int, blockSize: Int, parallelism: Int,
                               length: Int = 32) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(from: Array(password.utf8), salt: salt, outputByteCount: length,
                                           rounds: rounds, blockSize: blockSize, parallelism: parallelism,
                                           maxMemory: 256 * 1024 * 1024)
        return key.withUnsafeBytes { Array($0) }
    }
}
