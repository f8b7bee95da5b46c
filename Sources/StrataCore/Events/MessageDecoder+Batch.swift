extension MessageDecoder {
    /// Decodes a list of messages into a batch: each valid one becomes an entry, each invalid
    /// one a rejection with its index, reason and raw text, so nothing sent is lost.
    ///
    /// - Parameters:
    ///   - values: the messages.
    ///   - forcedType: the type implied by the endpoint, if any.
    ///   - defaults: what the enclosing batch shares.
    ///   - receivedAt: the receive time (ms).
    ///   - source: where the batch came from, kept with quarantined messages.
    ///   - fieldName: the name of the list in error fields (`batch`), or `nil` for a single message.
    public func batch(
        from values: [JSONValue], forcedType: MessageType? = nil, defaults: BatchDefaults = .none,
        receivedAt: Int64, source: String, fieldName: String? = "batch", indexOffset: Int = 0
    ) -> IngestBatch {
        var batch = IngestBatch(source: source)
        batch.entries.reserveCapacity(values.count)
        for (offset, value) in values.enumerated() {
            let index = offset + indexOffset
            let prefix = fieldName.map { "\($0)[\(index)]." } ?? ""
            do {
                let message = try decode(value, forcedType: forcedType, defaults: defaults, receivedAt: receivedAt,
                                         fieldPrefix: prefix)
                batch.entries.append(IngestBatch.Entry(index: index, message: message, raw: value))
            } catch let error as StrataError {
                batch.rejected.append(RejectedMessage(index: index, error: error, raw: value.jsonText))
            } catch {
                batch.rejected.append(RejectedMessage(
                    index: index, error: StrataError(.invalidField, "\(error)"), raw: value.jsonText))
            }
        }
        return batch
    }

    /// The batch-level defaults of a Segment `/v1/batch` body: its `context` and `sentAt`.
    ///
    /// - Throws: `StrataError` when they have the wrong type.
    public func batchDefaults(of body: [String: JSONValue]) throws -> BatchDefaults {
        let context = try object(body["context"], field: "context")
        _ = try object(body["integrations"], field: "integrations")
        let sentAt = try timestampText(body["sentAt"], field: "sentAt")
        return BatchDefaults(context: context, sentAt: sentAt)
    }
}
