import Foundation
import NIOCore
import StrataChannels
import StrataCore
import StrataServer

/// The readers of untrusted input, each as a fuzz target: a function of arbitrary bytes that
/// may throw a `StrataError` (the input was refused, as it should be) but must never crash,
/// hang or break an invariant (checked with `precondition`, which crashes so the fuzzer keeps
/// the input).
enum FuzzTargets {
    typealias Target = @Sendable ([UInt8]) -> Void

    /// Every target by name (the names of `Fuzz/corpus/…` and `scripts/fuzz`).
    static let all: [String: Target] = [
        "segment-message": segmentMessage, "posthog": postHog, "rule-text": ruleText, "rule-json": ruleJSON,
        "campaign": campaign, "scoring-model": scoringModel, "template": template, "csv": csv,
        "http-body": httpBody, "timestamp": timestamp,
    ]

    static let decoder = MessageDecoder(limits: .segment, makeMessageId: { "fuzz" })
    static let receivedAt: Int64 = 1_790_000_000_000

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
    static func json(_ bytes: [UInt8]) -> JSONValue? { try? JSONValue.parse(Data(bytes)) }

    /// A Segment message or batch body, as `/v1/track` and `/v1/batch` read it.
    static let segmentMessage: Target = { bytes in
        guard let value = json(bytes) else { return }
        _ = try? decoder.decode(value, receivedAt: receivedAt)
        if case .object(let body) = value, let messages = body["batch"]?.arrayValue,
           let defaults = try? decoder.batchDefaults(of: body) {
            let batch = decoder.batch(from: messages, defaults: defaults, receivedAt: receivedAt, source: "fuzz")
            precondition(batch.entries.count + batch.rejected.count == messages.count, "a message was lost")
        }
    }

    /// A PostHog capture body.
    static let postHog: Target = { bytes in
        guard let value = json(bytes) else { return }
        let translator = PostHogTranslator(decoder: decoder)
        let (events, _, sentAt) = translator.events(in: value)
        for (i, event) in events.prefix(200).enumerated() {
            _ = try? translator.translate(event, receivedAt: receivedAt, sentAt: sentAt, fieldPrefix: "batch[\(i)].")
        }
    }

    /// The rule text form; what it reads must survive the JSON form unchanged.
    static let ruleText: Target = { bytes in
        guard let rule = try? SegmentRule(text: text(bytes)) else { return }
        let again = try? SegmentRule(json: rule.json)
        precondition(again == rule, "the JSON form of a parsed rule reads back differently")
        _ = rule.describe(in: .english)
    }

    /// The rule JSON form.
    static let ruleJSON: Target = { bytes in
        guard let value = json(bytes), let rule = try? SegmentRule(json: value) else { return }
        precondition((try? SegmentRule(json: rule.json)) == rule, "a rule's JSON does not read back")
        _ = rule.describe(in: .chinese)
    }

    /// A campaign definition.
    static let campaign: Target = { bytes in
        guard let value = json(bytes), let campaign = try? Campaign(json: value) else { return }
        _ = campaign.json
    }

    /// A scoring model.
    static let scoringModel: Target = { bytes in
        guard let value = json(bytes), let model = try? ScoringModel(json: value) else { return }
        _ = model.json
    }

    /// A message template, compiled and rendered for a user with nested traits.
    static let template: Target = { bytes in
        let message = CampaignMessage(subject: "s", body: text(bytes), html: text(bytes))
        guard let compiled = try? MessageRenderer().compile(message) else { return }
        let context = MessageRenderer.context(uid: 1, userId: "u1", traits: ["name": "小明", "vip": true,
                                                                               "tags": .array(["a", "b"]),
                                                                               "address": .object(["city": "上海"])],
                                              computed: ["revenue": .number(12.5)], campaign: "c", variant: "A", links: [:])
        _ = compiled.render(context)
    }

    /// The CSV readers: tag uploads, channel spend, the shared event layout's lines.
    static let csv: Target = { bytes in
        let text = text(bytes)
        _ = try? UserIdList(text: text, limit: 100_000)
        _ = try? ChannelSpend.entries(csv: text)
        for (number, line) in CSVText.lines(text).prefix(100) {
            _ = try? CSVEventLayout.events.message(line: line, lineNumber: number, fileTag: "fuzz")
            _ = try? CSVEventLayout.users.message(line: line, lineNumber: number, fileTag: "fuzz")
        }
    }

    /// A request body: gzip (the first byte chooses how it is declared) and JSON, within 64 KB.
    static let httpBody: Target = { bytes in
        guard let first = bytes.first else { return }
        let reader = RequestBodyReader(limit: 64 * 1024, limitDescription: "64 KB")
        let encoding: String? = first % 3 == 0 ? "gzip" : first % 3 == 1 ? nil : "identity"
        _ = try? reader.json(ByteBuffer(bytes: bytes.dropFirst()), contentEncoding: encoding, gzipHint: first % 2 == 0)
    }

    /// Timestamps and `as_of` texts in two zones.
    static let timestamp: Target = { bytes in
        let text = text(bytes)
        if let ms = Timestamp.parse(text) {
            precondition(Timestamp.parse(Timestamp.format(ms)) == ms, "a formatted timestamp reads back differently")
        }
        for zone in ["Asia/Shanghai", "America/New_York"] {
            _ = AsOf.parse(text, timeZone: TimeZone(identifier: zone)!)
        }
        _ = try? WorkspaceSettings().startOfDay(text, field: "day")
    }
}
