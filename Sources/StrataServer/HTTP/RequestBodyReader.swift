import CompressNIO
import Foundation
import Hummingbird
import StrataCore

/// Reads a request body as JSON within a size limit, decompressing gzip first, so every
/// ingestion route enforces the same limits with the same messages.
public struct RequestBodyReader: Sendable {
    /// Largest body accepted, after decompression.
    public var limit: Int
    /// What the limit is called in error messages ("500 KB per batch").
    public var limitDescription: String

    /// A reader with a limit and its description.
    public init(limit: Int, limitDescription: String) {
        self.limit = limit
        self.limitDescription = limitDescription
    }

    /// The body as JSON.
    ///
    /// - Throws: `payloadTooLarge` (413) past the limit, `unsupportedEncoding` for an unknown or
    ///   corrupt encoding, `malformedJSON` with the error's position.
    func read(_ request: Request, gzipHint: Bool = false) async throws -> JSONValue {
        let buffer = try await bytes(request, gzipHint: gzipHint)
        return try json(buffer, contentEncoding: nil, gzipHint: false)
    }

    /// The body as UTF-8 text (uploads such as CSV files).
    ///
    /// - Throws: as `read`, and `invalidField` when the body is not UTF-8.
    func text(_ request: Request) async throws -> String {
        let buffer = try await bytes(request, gzipHint: false)
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw StrataError(.invalidField, "The upload is not UTF-8 text; save the file as UTF-8 CSV.", field: "body")
        }
        return text
    }

    /// The body's bytes within the limit, decompressed (for a digest of the request as well as its parse).
    func bytes(_ request: Request) async throws -> ByteBuffer {
        try await bytes(request, gzipHint: false)
    }

    /// The body's bytes within the limit, decompressed.
    private func bytes(_ request: Request, gzipHint: Bool) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw tooLarge(length)
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: limit)
        } catch let error as HTTPError where error.status == .contentTooLarge {
            throw tooLarge(nil)
        }
        return try decoded(buffer, contentEncoding: request.headers[.contentEncoding], gzipHint: gzipHint)
    }

    /// A received body decompressed as its `Content-Encoding` says (gzip or none; with
    /// `gzipHint`, a body starting with gzip's magic bytes is unpacked too, as PostHog's SDKs
    /// send it), within the limit. Pure, so the fuzzer can call it with any bytes.
    public func decoded(_ body: ByteBuffer, contentEncoding: String?, gzipHint: Bool) throws -> ByteBuffer {
        var buffer = body
        guard buffer.readableBytes <= limit else { throw tooLarge(buffer.readableBytes) }
        let encoding = contentEncoding?.lowercased().trimmingCharacters(in: .whitespaces)
        switch encoding {
        case nil, "", "identity":
            if gzipHint, buffer.readableBytesView.starts(with: [0x1f, 0x8b]) {
                buffer = try gunzip(buffer)
            }
        case "gzip", "x-gzip":
            buffer = try gunzip(buffer)
        default:
            throw StrataError(.unsupportedEncoding, "Content-Encoding \(encoding!) is not supported; send gzip or none.")
        }
        return buffer
    }

    /// A received body as JSON: `decoded`, then parsed.
    public func json(_ body: ByteBuffer, contentEncoding: String?, gzipHint: Bool) throws -> JSONValue {
        let buffer = try decoded(body, contentEncoding: contentEncoding, gzipHint: gzipHint)
        guard buffer.readableBytes > 0 else {
            throw StrataError(.malformedJSON, "The body is empty; send a JSON document.")
        }
        return try JSONValue.parse(Data(buffer.readableBytesView))
    }

    private func gunzip(_ compressed: ByteBuffer) throws -> ByteBuffer {
        var input = compressed
        do {
            // ByteBuffer rounds capacities up, so `maxSize` bounds memory but not the exact size.
            let output = try input.decompress(with: .gzip(), maxSize: limit)
            guard output.readableBytes <= limit else { throw tooLarge(nil) }
            return output
        } catch let error as StrataError {
            throw error
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw tooLarge(nil)
        } catch {
            throw StrataError(.unsupportedEncoding, "The gzip body could not be decompressed (\(error)); "
                + "send valid gzip or an uncompressed body.")
        }
    }

    private func tooLarge(_ size: Int?) -> StrataError {
        let actual = size.map { " (\($0) bytes)" } ?? ""
        return StrataError(.payloadTooLarge, "The body is too large\(actual): the limit is \(limitDescription) "
            + "(\(limit) bytes after decompression). Send smaller batches.")
    }
}
