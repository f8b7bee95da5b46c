import Foundation
import StrataCore
import StrataStore

/// Writes a set of users as CSV (segment and tag exports) through any sink: profiles are read
/// from the store a thousand at a time, so a million-member export never sits in memory whole.
/// The API streams it as a download, the CLI writes it to a file or standard output.
public struct MemberExportWriter: Sendable {
    let database: any WorkspaceStore
    /// The users to write.
    public let users: UserSet
    /// The columns.
    public let layout: MemberExport
    /// How personal data is shown in the file.
    let disclosure: Disclosure
    /// Profiles read from the store per chunk.
    public static let chunk = 1000

    /// Writes the header line, then the members' lines, one chunk of text at a time.
    public func write(_ sink: (String) async throws -> Void) async throws {
        try await sink(layout.header + "\r\n")
        let uids = users.map(Int64.init)
        for start in stride(from: 0, to: uids.count, by: Self.chunk) {
            var text = ""
            for profile in try database.profiles(uids: Array(uids[start..<min(start + Self.chunk, uids.count)])) {
                text += layout.line(profile.masked(by: disclosure)) + "\r\n"
            }
            try await sink(text)
        }
    }
}

extension AppServices {
    /// A CSV writer for the given users and columns, as `principal` may see them.
    public func memberExport(_ users: UserSet, layout: MemberExport, for principal: Principal) -> MemberExportWriter {
        MemberExportWriter(database: database, users: users, layout: layout, disclosure: principal.disclosure(settings.masking))
    }

}
