import CofferCore
import CofferHCL
import Testing

@testable import coffer

@Suite("audit devices and switches in a server config")
struct AuditConfigTests {
    func load(_ text: String) throws(ConfigLoader.LoadError) -> ServerConfig {
        let body: HCLBody
        do { body = try HCLParser.parse(text, fileName: "server.hcl") } catch { throw .init(error.description) }
        return try ConfigInterpreter(file: "server.hcl").interpret(body)
    }

    @Test func auditBlocksAreDevices() throws {
        let config = try load(
            """
            unsafe_allow_api_audit_creation = true
            audit "file" "main" {
              description = "declared"
              local = true
              options {
                file_path = "/var/log/coffer/audit.log"
                log_raw = "false"
              }
            }
            """)
        #expect(config.allowsAPIAuditCreation == true)
        #expect(config.allowsAuditLogPrefixing == nil)
        #expect(
            config.auditDevices == [
                AuditDeviceEntry(
                    path: "main", type: "file", description: "declared",
                    options: ["file_path": "/var/log/coffer/audit.log", "log_raw": "false"], local: true)
            ])
    }

    @Test func optionsMustBeStringsAndBlocksNeedTwoLabels() {
        #expect(throws: ConfigLoader.LoadError.self) {
            try load("audit \"file\" \"x\" {\n  options {\n    log_raw = false\n  }\n}\n")
        }
        #expect(throws: ConfigLoader.LoadError.self) { try load("audit \"file\" {\n}\n") }
        #expect(throws: ConfigLoader.LoadError.self) { try load("audit \"file\" \"x\" {\n  color = \"red\"\n}\n") }
    }
}
