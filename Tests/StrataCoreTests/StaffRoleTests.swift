import Foundation
import StrataCore
import Testing

@Suite struct StaffRoleTests {
    // MARK: - Roles

    /// The whole permission matrix, written out so a change to any cell is noticed.
    static let expected: [StaffRole: Set<StaffRole.Permission>] = [
        .admin: Set(StaffRole.Permission.allCases),
        .operator: [.view, .editSegments, .editCampaigns, .exportMembers, .viewPersonalData],
        .analyst: [.view, .editSegments],
        .viewer: [.view],
    ]

    @Test(arguments: StaffRole.allCases)
    func roleHasExactlyItsPermissions(_ role: StaffRole) {
        let allowed = Self.expected[role]!
        for permission in StaffRole.Permission.allCases {
            #expect(role.may(permission) == allowed.contains(permission), "\(role) \(permission)")
        }
    }

    @Test func onlyAdminsManageSettingsAndOnlyAdminsAndOperatorsSeePersonalData() {
        #expect(StaffRole.allCases.filter { $0.may(.manageSettings) } == [.admin])
        #expect(StaffRole.allCases.filter { $0.may(.viewPersonalData) } == [.admin, .operator])
        #expect(StaffRole.allCases.filter { $0.may(.exportMembers) } == [.admin, .operator])
        #expect(StaffRole.allCases.filter { $0.may(.editCampaigns) } == [.admin, .operator])
        #expect(StaffRole.allCases.allSatisfy { $0.may(.view) })
    }

    @Test func rolesParseByNameIgnoringCase() throws {
        #expect(try StaffRole(name: "admin") == .admin)
        #expect(try StaffRole(name: "Operator") == .operator)
        #expect(try StaffRole(name: "ANALYST") == .analyst)
        #expect(try StaffRole(name: "viewer") == .viewer)
    }

    @Test func anUnknownRoleNamesTheRolesThereAre() {
        do {
            _ = try StaffRole(name: "superuser")
            Issue.record("superuser parsed as a role")
        } catch let error as StrataError {
            #expect(error.code == .invalidField)
            #expect(error.field == "role")
            #expect(error.message.contains("superuser"))
            #expect(error.message.contains("admin, operator, analyst, viewer"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
        #expect(throws: StrataError.self) { try StaffRole(name: "") }
    }

    @Test func rolesRoundTripThroughCodable() throws {
        let data = try JSONEncoder().encode(StaffRole.allCases)
        #expect(String(decoding: data, as: UTF8.self) == #"["admin","operator","analyst","viewer"]"#)
        #expect(try JSONDecoder().decode([StaffRole].self, from: data) == StaffRole.allCases)
    }

    // MARK: - Accounts

    static func fieldOfError(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as StrataError {
            #expect(error.code == .invalidField)
            return error.field ?? "?"
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func accountFieldsAreValidatedBeforeAnythingIsStored() {
        let good = "correct horse battery"
        #expect(Self.fieldOfError { try StaffAccount.validate(email: "ops@example.com", name: "Ops", password: good) } == nil)
        #expect(Self.fieldOfError { try StaffAccount.validate(email: "ops@example.com", name: "", password: nil) } == nil)
        for email in ["", "ops", "ops@", "@example.com", "ops@example", "o ps@example.com", "a@b@example.com",
                      String(repeating: "a", count: 250) + "@example.com"] {
            #expect(Self.fieldOfError { try StaffAccount.validate(email: email, name: "Ops", password: good) } == "email",
                    "\(email)")
        }
        #expect(Self.fieldOfError {
            try StaffAccount.validate(email: "ops@example.com", name: String(repeating: "名", count: 101), password: good)
        } == "name")
        #expect(Self.fieldOfError {
            try StaffAccount.validate(email: "ops@example.com", name: String(repeating: "名", count: 100), password: good)
        } == nil)
    }

    @Test func passwordsHaveTenToTwoHundredCharacters() {
        #expect(Self.fieldOfError { try StaffAccount.validate(password: "") } == "password")
        #expect(Self.fieldOfError { try StaffAccount.validate(password: "123456789") } == "password")
        #expect(Self.fieldOfError { try StaffAccount.validate(password: "1234567890") } == nil)
        #expect(Self.fieldOfError { try StaffAccount.validate(password: String(repeating: "x", count: 200)) } == nil)
        #expect(Self.fieldOfError { try StaffAccount.validate(password: String(repeating: "x", count: 201)) } == "password")
        // Characters, not bytes: ten Chinese characters are enough.
        #expect(Self.fieldOfError { try StaffAccount.validate(password: "一二三四五六七八九十") } == nil)
        #expect(Self.fieldOfError {
            try StaffAccount.validate(email: "ops@example.com", name: "Ops", password: "short")
        } == "password")
    }

    // MARK: - Personal data

    @Test func personalTraitsAreRecognised() {
        for trait in ["email", "Email", "work_email", "phone", "phone_number", "mobile", "name", "first_name", "username",
                      "address", "shipping_address", "id_card", "idcard", "wechat", "wechat_id", "openid", "ip", "IP",
                      "last_ip", "client_ip"] {
            #expect(MaskingPolicy().isPersonal(trait), "\(trait)")
        }
    }

    @Test func ordinaryTraitsAreNotPersonal() {
        // "ip" only counts as the whole name or a `_ip` suffix, not inside other words.
        for trait in ["city", "plan", "vip", "vip_level", "zip", "ship_date", "tip", "membership", "tier", "age",
                      "signup_source", "revenue"] {
            #expect(!MaskingPolicy().isPersonal(trait), "\(trait)")
        }
    }

    @Test func emailsKeepTheirFirstCharacterAndDomain() {
        #expect(MaskingPolicy().mask("alice@example.com", key: "email") == "a***@example.com")
        #expect(MaskingPolicy.maskEmail("bob.smith@mail.example.cn") == "b***@mail.example.cn")
        #expect(MaskingPolicy.maskEmail("x@y.z") == "x***@y.z")
        #expect(MaskingPolicy.maskEmail("@example.com") == "***")
        #expect(MaskingPolicy.maskEmail("not-an-email") == "***")
        // A value that is an email is masked as one whatever the trait is called.
        #expect(MaskingPolicy().mask("carol@example.com", key: "wechat") == "c***@example.com")
    }

    @Test func phonesKeepTheirFirstThreeAndLastFourDigits() {
        #expect(MaskingPolicy().mask("13812345678", key: "phone") == "138****5678")
        #expect(MaskingPolicy().mask("+8613812345678", key: "mobile") == "+86*******5678")
        #expect(MaskingPolicy.maskPhone("12345678") == "123*5678")
        #expect(MaskingPolicy.maskPhone("1234567") == "*****67")
        #expect(MaskingPolicy.maskPhone("12") == "*12")
        let masked = MaskingPolicy().mask("13812345678", key: "phone")
        #expect(!masked.contains("1234"))
        #expect(masked.count == 11)
    }

    @Test func otherPersonalTraitsKeepOnlyTheirFirstCharacter() {
        #expect(MaskingPolicy().mask("张三", key: "name") == "张***")
        #expect(MaskingPolicy().mask("Li", key: "name") == "L***")
        #expect(MaskingPolicy().mask("Alexander Hamilton", key: "name") == "A********")
        #expect(MaskingPolicy().mask("上海市浦东新区世纪大道100号", key: "address") == "上********")
        #expect(MaskingPolicy().mask("192.168.1.20", key: "ip") == "1********")
        #expect(MaskingPolicy().mask("", key: "name") == "")
        // Masking never reveals more than the first character of the original.
        let secret = "wx_secret_openid_value"
        #expect(!MaskingPolicy().mask(secret, key: "openid").contains("secret"))
    }
}
