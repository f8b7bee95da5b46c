import Foundation
import Hummingbird
import StrataCore
import StrataStore

/// A set of users as a streamed CSV download (segment and tag exports): profiles are read and
/// written a thousand at a time, so a million-member export never sits in memory whole.
enum MemberCSV {
    /// Users read from the store per chunk.
    static let chunk = 1000

    /// The `text/csv` response for `users`, named `filename` for the browser.
    static func response(users: UserSet, export: MemberExport, database: AppDatabase, filename: String) -> Response {
        let uids = users.map(Int64.init)
        let safeName = String(filename.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: export.header + "\r\n"))
            for start in stride(from: 0, to: uids.count, by: chunk) {
                let profiles = try database.profiles(uids: Array(uids[start..<min(start + chunk, uids.count)]))
                var text = ""
                for profile in profiles { text += export.line(profile) + "\r\n" }
                try await writer.write(ByteBuffer(string: text))
            }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [
            .contentType: "text/csv; charset=utf-8",
            .contentDisposition: "attachment; filename=\"\(safeName).csv\"",
        ], body: body)
    }
}
