import Foundation
import StrataCore
import StrataStore
import StrataTestSupport
import Testing

@Suite struct QueryTests {
    let directory = TemporaryDirectory()

    func seeded() async throws -> AppDatabase {
        let database = try Fixtures.database(in: directory)
        var messages: [String] = []
        for i in 1...30 {
            let city = i % 3 == 0 ? "Shanghai" : "Beijing"
            messages.append(#"{"type":"identify","userId":"user\#(i)","traits":{"city":"\#(city)"},"timestamp":"2026-09-01T00:00:00Z"}"#)
            for d in 0..<(i % 5) {
                messages.append(#"{"type":"track","userId":"user\#(i)","event":"purchase","properties":{"revenue":1},"timestamp":"2026-09-0\#(d + 2)T00:00:00Z"}"#)
            }
        }
        _ = try await database.ingest(Fixtures.batch(messages))
        return database
    }

    @Test func filtersUsersByTraitAndComputedAttributesAndPages() async throws {
        let database = try await seeded()
        var query = UserQuery()
        query.traitEquals["city"] = "Shanghai"
        query.atLeast[.purchaseCount] = 3
        let users = try database.users(query)
        let expected: [String?] = ["user3", "user9", "user18", "user24"]
        #expect(users.map(\.userId) == expected)
        var page = UserQuery()
        page.limit = 20
        let first = try database.users(page)
        page.afterUid = first.last?.uid
        let second = try database.users(page)
        #expect(first.count == 20 && second.count == 10)
        #expect(Set(first.map(\.uid)).isDisjoint(with: second.map(\.uid)))
        var search = UserQuery()
        search.idContains = "user2"
        #expect(Set(try database.users(search).compactMap(\.userId)) == Set(["user2"] + (20...29).map { "user\($0)" }))
    }

    @Test func listsEventsNewestFirstWithKeysetPaging() async throws {
        let database = try await seeded()
        var query = EventQuery()
        query.name = "purchase"
        query.limit = 7
        var seen: [Int64] = []
        var pages = 0
        while pages < 20 {
            let page = try database.events(query)
            seen += page.map(\.id)
            pages += 1
            guard page.count == query.limit, let last = page.last else { break }
            query.before = (last.timestamp, last.id)
        }
        #expect(seen.count == (1...30).reduce(0) { $0 + $1 % 5 })
        #expect(Set(seen).count == seen.count)
        var ranged = EventQuery()
        ranged.from = Timestamp.parse("2026-09-03")
        ranged.to = Timestamp.parse("2026-09-04")
        ranged.limit = 1000
        #expect(try database.events(ranged).allSatisfy { $0.event == "purchase" && Timestamp.format($0.timestamp).hasPrefix("2026-09-03") })
    }

    @Test func keysAreStoredHashedAndCanBeRevoked() throws {
        let database = try Fixtures.database(in: directory)
        let (key, record) = try database.createKey(kind: .write, name: "ios app")
        #expect(key.hasPrefix("wk_") && key.count == 35)
        #expect(try database.activeKeys()[APIKeyFormat.hash(key)]?.kind == .write)
        #expect(try database.keys().map(\.prefix) == [String(key.prefix(10))])
        try database.revokeKey(id: record.id)
        #expect(try database.activeKeys().isEmpty)
        #expect(throws: StrataError.self) { try database.revokeKey(id: record.id) }
    }
}
