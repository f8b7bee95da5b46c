/// Manual tags' members as last read, by name, with the revision they were read at; passed
/// back in so unchanged tags are not read again.
public typealias TagMemberCache = [String: (revision: Int64, users: UserSet)]
