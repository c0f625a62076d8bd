import Testing

@testable import CofferCore

@Suite("ACL at scale")
struct PolicyScaleTests {
    /// Ten policies of a thousand rules each: exact paths, prefix globs and `+` patterns.
    static let acl: ACL = {
        let policies = (0..<10).map { group in
            let text = (0..<1000).map { index in
                let n = group * 1000 + index
                switch n % 4 {
                case 0: return "path \"secret/team-\(n)/config\" { capabilities = [\"read\"] }"
                case 1: return "path \"secret/team-\(n)/*\" { capabilities = [\"list\"] }"
                case 2: return "path \"kv/+/app-\(n)/+\" { capabilities = [\"update\"] }"
                default: return "path \"auth/app-\(n)*\" { capabilities = [\"create\"] }"
                }
            }.joined(separator: "\n")
            return try! Policy(name: "group-\(group)", text: text)
        }
        return ACL(policies: policies)
    }()

    @Test func everyKindOfRuleIsFoundAmongTenThousand() {
        let acl = Self.acl
        for n in stride(from: 0, to: 10_000, by: 97) {
            switch n % 4 {
            case 0: #expect(acl.capabilities(for: "secret/team-\(n)/config") == .read)
            case 1: #expect(acl.capabilities(for: "secret/team-\(n)/a/b") == .list)
            case 2: #expect(acl.capabilities(for: "kv/prod/app-\(n)/db") == .update)
            default: #expect(acl.capabilities(for: "auth/app-\(n)-login") == .create)
            }
        }
        #expect(acl.capabilities(for: "secret/team-10000/config") == [])
    }

    @Test func aLookupVisitsAHandfulOfNodesNotEveryRule() {
        let acl = Self.acl
        let exact = acl.rule(for: "secret/team-4/config", listing: false)
        #expect(exact.rule?.pattern == "secret/team-4/config")
        #expect(exact.visitedNodes == 0)
        let paths = ["secret/team-5/x/y", "kv/prod/app-6/db", "auth/app-7", "nothing/here/at/all", "secret/team-9/"]
        for path in paths {
            let lookup = acl.rule(for: path, listing: true)
            #expect(lookup.visitedNodes <= 8, "\(path) visited \(lookup.visitedNodes) nodes")
        }
    }
}
