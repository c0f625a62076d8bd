import CofferClient
import Testing

@testable import CofferCLI

/// `coffer audit`, against what `bao audit` (OpenBao 2.7.2) prints and sends.
@Suite struct AuditCommandTests {
    let noInput = KeyValueInput(
        readFile: { path throws(CommandFailure) in throw .local("open \(path): no such file or directory") },
        readStandardInput: { [] })

    func device(_ arguments: [String]) throws -> AuditDevice {
        let enable = try AuditEnable.parse(arguments)
        return try AuditEnable.device(
            enable.arguments, path: enable.path, description: enable.description, local: enable.local,
            input: noInput)
    }

    @Test func enableTakesTheTypeThenItsOptions() throws {
        let enable = try AuditEnable.parse(["-path=cli2", "-description=hello", "-local", "file", "file_path=/x"])
        #expect(enable.path == "cli2" && enable.description == "hello" && enable.local)
        #expect(enable.arguments == ["file", "file_path=/x"])
        #expect(
            try device(["-path=cli2", "-description=hello", "-local", "file", "file_path=/x", "mode=0640"])
                == AuditDevice(
                    path: "cli2/", type: "file", description: "hello", options: ["file_path": "/x", "mode": "0640"],
                    local: true))
    }

    @Test func theTypeIsTheDefaultPath() throws {
        #expect(
            try device(["file", "file_path=/x"])
                == AuditDevice(path: "file/", type: "file", options: ["file_path": "/x"]))
        #expect(try device([" socket ", "address=127.0.0.1:9090"]).path == "socket/")
        #expect(try device(["-path=", "file"]).path == "file/")
        #expect(try device(["-path= /team/a// ", "file"]).path == "team/a/")
    }

    @Test func enableWithoutATypeOrWithABarewordFailsAsBaoDoes() {
        #expect(
            throws: CommandFailure.usage(
                "Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.")
        ) { try device(["-path=x"]) }
        #expect(
            throws: CommandFailure.usage(
                "Failed to parse K=V data: invalid key/value pair \"foo\": format must be key=value")
        ) { try device(["file", "foo"]) }
    }

    @Test func disableAndListCountTheirArgumentsAsBaoDoes() throws {
        #expect(throws: CommandFailure.usage("Not enough arguments (expected 1, got 0)")) {
            try AuditCommand.requireCount(1, of: [])
        }
        #expect(throws: CommandFailure.usage("Too many arguments (expected 1, got 2)")) {
            try AuditCommand.requireCount(1, of: ["a", "b"])
        }
        #expect(throws: CommandFailure.usage("Too many arguments (expected 0, got 1)")) {
            try AuditCommand.requireCount(0, of: try AuditList.parse(["-detailed", "extra"]).arguments)
        }
        try AuditCommand.requireCount(1, of: try AuditDisable.parse(["file/"]).arguments)
        #expect(try AuditList.parse(["-detailed"]).detailed)
    }

    @Test func devicePathsGetOneTrailingSlashAndNoLeadingOne() {
        #expect(AuditCommand.devicePath("file") == "file/")
        #expect(AuditCommand.devicePath(" /x3// ") == "x3/")
        #expect(AuditCommand.devicePath("team/a/") == "team/a/")
    }

    let devices: [String: AuditDevice] = [
        "file/": AuditDevice(path: "file/", type: "file", options: ["file_path": "/var/log/a.log"]),
        "cli2/": AuditDevice(
            path: "cli2/", type: "file", description: "hello",
            options: ["mode": "0640", "file_path": "/var/log/cli2.log", "log_raw": "true"], local: true),
    ]

    @Test func listPrintsATableWithNAForAnEmptyDescription() {
        #expect(
            AuditList.render(devices, detailed: false, format: .table) == """
                Path     Type    Description
                ----     ----    -----------
                cli2/    file    hello
                file/    file    n/a

                """)
    }

    /// bao prints the options in Go's random map order; Coffer sorts them.
    @Test func detailedListAddsReplicationAndSortedOptions() {
        #expect(
            AuditList.render(devices, detailed: true, format: .table) == """
                Path     Type    Description    Replication    Options
                ----     ----    -----------    -----------    -------
                cli2/    file    hello          local          file_path=/var/log/cli2.log log_raw=true mode=0640
                file/    file    n/a            replicated     file_path=/var/log/a.log

                """)
    }

    @Test func listAsJSONKeepsTheAPIMemberOrderWithOrWithoutDetail() {
        let expected = """
            {
              "cli2/": {
                "type": "file",
                "description": "hello",
                "options": {
                  "file_path": "/var/log/cli2.log",
                  "log_raw": "true",
                  "mode": "0640"
                },
                "local": true,
                "path": "cli2/"
              },
              "file/": {
                "type": "file",
                "description": "",
                "options": {
                  "file_path": "/var/log/a.log"
                },
                "local": false,
                "path": "file/"
              }
            }

            """
        #expect(AuditList.render(devices, detailed: false, format: .json) == expected)
        #expect(AuditList.render(devices, detailed: true, format: .json) == expected)
    }

    @Test func listAsYAMLSortsTheMembers() {
        #expect(
            AuditList.render(["file/": devices["file/"]!], detailed: false, format: .yaml) == """
                file/:
                  description: ""
                  local: false
                  options:
                    file_path: /var/log/a.log
                  path: file/
                  type: file

                """)
    }

    @Test func anEmptyListIsAnEmptyObjectInJSONAndYAML() {
        #expect(AuditList.render([:], detailed: false, format: .json) == "{}\n")
        #expect(AuditList.render([:], detailed: true, format: .yaml) == "{}\n")
    }
}
