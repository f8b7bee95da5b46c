import Crypto
import Foundation
import StrataChannels
import Testing

/// Standard Webhooks signing: the six-case vector the product spec requires, the scheme checked
/// against an HMAC computed here independently, and the published Standard Webhooks vector.
@Suite("WebhookSigner")
struct WebhookSignerTests {
    static let newKey = Data((0..<32).map { UInt8(($0 * 37 + 11) % 256) })
    static let oldKey = Data(repeating: 0xA5, count: 32)
    static let newSecret = "whsec_" + newKey.base64EncodedString()
    static let oldSecret = "whsec_" + oldKey.base64EncodedString()
    static let id = "msg_2KqPz9X"
    static let timestamp: Int64 = 1_790_726_400
    static let body = Data(#"{"type":"campaign.message","user":{"id":"u1"},"text":"héllo 你好"}"#.utf8)

    static func headers(_ signer: WebhookSigner, id: String = id, timestamp: Int64 = timestamp, body: Data = body)
        -> [String: String]
    {
        Dictionary(uniqueKeysWithValues: signer.headers(id: id, timestamp: timestamp, body: body))
    }

    /// The six cases of the spec, each with what verification must answer (`nil`: accepted).
    enum Case: String, CaseIterable, CustomTestStringConvertible {
        case valid, tamperedBody, wrongSecret, staleByMoreThanFiveMinutes, missingHeader, twoSignaturesKeyRotation
        var testDescription: String { rawValue }
    }

    @Test("spec vector", arguments: Case.allCases)
    func specVector(_ vector: Case) throws {
        let signer = WebhookSigner(secrets: [Self.newSecret])
        let headers = Self.headers(signer)
        func outcome(_ receiver: WebhookSigner, _ headers: [String: String], body: Data = Self.body,
                     now: Int64 = Self.timestamp + 10) -> WebhookSigner.VerificationError?
        {
            do {
                try receiver.verify(headers: headers, body: body, now: now)
                return nil
            } catch {
                return error
            }
        }
        switch vector {
        case .valid:
            #expect(outcome(signer, headers) == nil)
            // Header names are case-insensitive on the receiving side (HTTP header names are).
            let upper = Dictionary(uniqueKeysWithValues: headers.map { ($0.key.uppercased(), $0.value) })
            #expect(outcome(signer, upper) == nil)
        case .tamperedBody:
            var tampered = Self.body
            tampered[tampered.count - 3] ^= 0x01
            #expect(outcome(signer, headers, body: tampered) == .badSignature)
            #expect(outcome(signer, headers, body: Self.body + Data(" ".utf8)) == .badSignature)
            // The id and the timestamp are signed too.
            var otherId = headers
            otherId["webhook-id"] = "msg_other"
            #expect(outcome(signer, otherId) == .badSignature)
            var otherTime = headers
            otherTime["webhook-timestamp"] = String(Self.timestamp + 1)
            #expect(outcome(signer, otherTime) == .badSignature)
        case .wrongSecret:
            let stranger = WebhookSigner(secrets: [WebhookSigner.newSecret()])
            #expect(outcome(stranger, headers) == .badSignature)
            #expect(outcome(WebhookSigner(secrets: [Self.oldSecret]), headers) == .badSignature)
        case .staleByMoreThanFiveMinutes:
            #expect(outcome(signer, headers, now: Self.timestamp + 301) == .staleTimestamp)
            #expect(outcome(signer, headers, now: Self.timestamp - 301) == .staleTimestamp)
            #expect(outcome(signer, headers, now: Self.timestamp + 3600) == .staleTimestamp)
            // Five minutes exactly is still within tolerance.
            #expect(outcome(signer, headers, now: Self.timestamp + 300) == nil)
            #expect(outcome(signer, headers, now: Self.timestamp - 300) == nil)
        case .missingHeader:
            for name in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
                var partial = headers
                partial[name] = nil
                #expect(outcome(signer, partial) == .missingHeader(name))
                partial[name] = ""
                #expect(outcome(signer, partial) == .missingHeader(name))
            }
            #expect(outcome(signer, [:]) == .missingHeader("webhook-id"))
        case .twoSignaturesKeyRotation:
            let rotating = WebhookSigner(secrets: [Self.oldSecret, Self.newSecret])
            let rotated = Self.headers(rotating)
            let entries = try #require(rotated["webhook-signature"]).split(separator: " ")
            #expect(entries.count == 2)
            #expect(entries.allSatisfy { $0.hasPrefix("v1,") })
            #expect(outcome(WebhookSigner(secrets: [Self.newSecret]), rotated) == nil, "a receiver knowing only the new key")
            #expect(outcome(WebhookSigner(secrets: [Self.oldSecret]), rotated) == nil, "a receiver knowing only the old key")
            #expect(outcome(WebhookSigner(secrets: [WebhookSigner.newSecret()]), rotated) == .badSignature)
            // Rotation does not weaken the other checks.
            #expect(outcome(WebhookSigner(secrets: [Self.newSecret]), rotated, body: Data("{}".utf8)) == .badSignature)
            #expect(outcome(WebhookSigner(secrets: [Self.oldSecret]), rotated, now: Self.timestamp + 301) == .staleTimestamp)
        }
    }

    @Test("the signature is base64(HMAC-SHA256(base64decode(secret), id.timestamp.body)), computed independently")
    func independentHMAC() {
        var content = Data("\(Self.id).\(Self.timestamp).".utf8)
        content.append(Self.body)
        let expected = Data(HMAC<SHA256>.authenticationCode(for: content, using: SymmetricKey(data: Self.newKey)))
            .base64EncodedString()
        let signer = WebhookSigner(secrets: [Self.newSecret])
        #expect(signer.signature(id: Self.id, timestamp: Self.timestamp, body: Self.body) == "v1," + expected)
        let headers = Self.headers(signer)
        #expect(headers["webhook-id"] == Self.id)
        #expect(headers["webhook-timestamp"] == String(Self.timestamp))
        #expect(headers["webhook-signature"] == "v1," + expected)

        // Two keys sign in the order given, one entry each, separated by one space.
        var oldContent = Data("\(Self.id).\(Self.timestamp).".utf8)
        oldContent.append(Self.body)
        let old = Data(HMAC<SHA256>.authenticationCode(for: oldContent, using: SymmetricKey(data: Self.oldKey)))
            .base64EncodedString()
        #expect(WebhookSigner(secrets: [Self.oldSecret, Self.newSecret])
            .signature(id: Self.id, timestamp: Self.timestamp, body: Self.body) == "v1,\(old) v1,\(expected)")
    }

    @Test("the published Standard Webhooks test vector")
    func publishedVector() throws {
        let signer = WebhookSigner(secrets: ["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"])
        let body = Data(#"{"test": 2432232314}"#.utf8)
        #expect(signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body)
            == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
        try signer.verify(headers: ["webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek", "webhook-timestamp": "1614265330",
                                    "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="],
                          body: body, now: 1_614_265_330)
    }

    @Test("entries that are not v1, or not base64, are skipped rather than accepted or fatal")
    func otherEntries() throws {
        let signer = WebhookSigner(secrets: [Self.newSecret])
        var headers = Self.headers(signer)
        let good = try #require(headers["webhook-signature"])
        let mac = good.dropFirst(3)
        headers["webhook-signature"] = "v2,\(mac)"
        #expect(throws: WebhookSigner.VerificationError.badSignature) {
            try signer.verify(headers: headers, body: Self.body, now: Self.timestamp)
        }
        headers["webhook-signature"] = "v1,!!!notbase64 v1a,\(mac) \(good)"
        try signer.verify(headers: headers, body: Self.body, now: Self.timestamp)
        headers["webhook-timestamp"] = "9223372036854775807"
        #expect(throws: WebhookSigner.VerificationError.staleTimestamp) {
            try signer.verify(headers: headers, body: Self.body, now: Self.timestamp)
        }
        headers["webhook-timestamp"] = "soon"
        #expect(throws: WebhookSigner.VerificationError.staleTimestamp) {
            try signer.verify(headers: headers, body: Self.body, now: Self.timestamp)
        }
    }

    @Test("a fresh secret is whsec_ and 32 random bytes, and signs")
    func newSecret() throws {
        let a = WebhookSigner.newSecret(), b = WebhookSigner.newSecret()
        #expect(a != b)
        #expect(a.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(a.dropFirst(6)))?.count == 32)
        let signer = WebhookSigner(secrets: [a])
        try signer.verify(headers: Self.headers(signer), body: Self.body, now: Self.timestamp)
    }

    /// A receiver reads `webhook-timestamp` from the sender; an extreme value must be refused as
    /// stale, not trap on `abs(now - timestamp)` overflowing and take the receiving process down.
    @Test("an extreme webhook-timestamp is refused, not a crash")
    func extremeTimestamp() async {
        await #expect(processExitsWith: .success) {
            let signer = WebhookSigner(secrets: ["whsec_" + Data(repeating: 7, count: 32).base64EncodedString()])
            do {
                try signer.verify(headers: ["webhook-id": "m", "webhook-timestamp": "-9223372036854775808",
                                            "webhook-signature": "v1,AAAA"], body: Data(), now: 1_790_726_400)
                exit(1)
            } catch let error as WebhookSigner.VerificationError {
                exit(error == .staleTimestamp ? 0 : 2)
            } catch {
                exit(3)
            }
        }
    }
}
