import Foundation
import Hummingbird
import StrataCore
import StrataApp

/// A set of users as a streamed CSV download (segment and tag exports): profiles are read and
/// written a thousand at a time, so a million-member export never sits in memory whole.
enum MemberCSV {
    /// The `text/csv` response for an export, named `filename` for the browser.
    static func response(_ export: MemberExportWriter, filename: String) -> Response {
        // An ASCII name for every client, and the real one (a segment named in Chinese) as RFC 6266's filename*.
        let asciiName = String(filename.unicodeScalars.map {
            $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") ? Character($0) : "_"
        })
        let encodedName = (filename + ".csv").addingPercentEncoding(
            withAllowedCharacters: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
                .intersection(CharacterSet(charactersIn: Unicode.Scalar(0x21)...Unicode.Scalar(0x7E)))) ?? asciiName
        let body = ResponseBody { writer in
            try await export.write { try await writer.write(ByteBuffer(string: $0)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(asciiName).csv\"; filename*=UTF-8''\(encodedName)",
        ], body: body)
    }
}
