import Foundation
import GRDB
import StrataCore

extension AppDatabase {
    /// The saved segments, tags and scoring models rules can refer to, reading a manual tag's
    /// members only when its revision differs from the cached one.
    public func membershipDirectory(cache: TagMemberCache = [:]) throws -> (MembershipDirectory, TagMemberCache) {
        var members: [String: MembershipDirectory.TagMembers] = [:]
        var fresh: TagMemberCache = [:]
        for stored in try tags() {
            let name = stored.tag.name
            if let segment = stored.tag.segment {
                members[name] = .followsSegment(segment)
                continue
            }
            if let cached = cache[name], cached.revision == stored.revision {
                fresh[name] = cached
            } else {
                fresh[name] = (stored.revision, try tagMembers(named: name))
            }
            members[name] = .users(fresh[name]!.users)
        }
        let directory = MembershipDirectory(
            segments: Dictionary(uniqueKeysWithValues: try segments().map { ($0.name, $0.rule) }),
            tags: members,
            scoringModels: Dictionary(uniqueKeysWithValues: try scoringModels().map { ($0.name, $0) }))
        return (directory, fresh)
    }
}
