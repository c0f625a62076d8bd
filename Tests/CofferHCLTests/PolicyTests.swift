import CofferHCL
import Testing

@Suite("An ACL policy")
struct PolicyTests {
    static let policy = """
        # Applications read and list their own secrets.
        path "secret/data/app/*" {
          capabilities = ["read", "list"]
        }

        path "secret/metadata/+/config" {
          capabilities = [
            "list",
          ]
        }

        path "secret/data/config" {
          capabilities = ["create", "update"]
          allowed_parameters = {
            "foo" = []
            "*"   = ["a"]
          }
          denied_parameters = {
            "admin" = []
          }
          required_parameters = ["foo"]
          min_wrapping_ttl    = "1s"
          max_wrapping_ttl    = "90s"
        }

        path "sys/policies/acl/*" { capabilities = ["deny"] }
        """

    @Test func pathsInOrder() throws {
        let paths = try HCLParser.parse(Self.policy, fileName: "app.hcl").blocks(ofType: "path")
        #expect(
            paths.map(\.labels) == [
                ["secret/data/app/*"], ["secret/metadata/+/config"], ["secret/data/config"], ["sys/policies/acl/*"],
            ]
        )
        #expect(paths.map(\.position.line) == [2, 6, 12, 26])
    }

    @Test func capabilities() throws {
        let paths = try HCLParser.parse(Self.policy).blocks(ofType: "path")
        let capabilities = paths.map { $0.body.attribute("capabilities")?.value }
        #expect(capabilities[0] == .list([.string("read"), .string("list")]))
        #expect(capabilities[1] == .list([.string("list")]))
        #expect(capabilities[2] == .list([.string("create"), .string("update")]))
        #expect(capabilities[3] == .list([.string("deny")]))
    }

    @Test func parameterConstraints() throws {
        let config = try #require(
            HCLParser.parse(Self.policy).blocks(ofType: "path").first { $0.labels == ["secret/data/config"] }
        )
        let allowed = try #require(config.body.attribute("allowed_parameters")?.value.objectValue)
        #expect(allowed.attributes.map(\.name) == ["foo", "*"])
        #expect(allowed.attribute("foo")?.value == .list([]))
        #expect(allowed.attribute("*")?.value == .list([.string("a")]))
        #expect(allowed.attribute("*")?.position == HCLPosition(line: 16, column: 5))
        #expect(config.body.attribute("denied_parameters")?.value.objectValue?.attribute("admin")?.value == .list([]))
        #expect(config.body.attribute("required_parameters")?.value == .list([.string("foo")]))
        #expect(config.body.attribute("max_wrapping_ttl")?.value == .string("90s"))
    }

    @Test func wholePathOnOneLine() throws {
        let text =
            #"path "secret/*" { capabilities = ["read", "list"] allowed_parameters = { "foo" = [] "*" = ["a"] } }"#
        let path = try #require(HCLParser.parse(text).blocks(ofType: "path").first)
        let allowed = HCLBody(attributes: [
            HCLAttribute(name: "foo", value: .list([]), position: HCLPosition(line: 1, column: 74)),
            HCLAttribute(name: "*", value: .list([.string("a")]), position: HCLPosition(line: 1, column: 85)),
        ])
        #expect(path.body.attribute("allowed_parameters")?.value == .object(allowed))
    }

    @Test func blockParameterFormIsAlsoAccepted() throws {
        let text = """
            path "secret/*" {
              capabilities = ["update"]
              allowed_parameters {
                "foo" = ["bar", "baz"]
              }
            }
            """
        let path = try #require(HCLParser.parse(text).blocks.first)
        let allowed = try #require(path.body.blocks(ofType: "allowed_parameters").first)
        #expect(allowed.body.attribute("foo")?.value == .list([.string("bar"), .string("baz")]))
    }
}
