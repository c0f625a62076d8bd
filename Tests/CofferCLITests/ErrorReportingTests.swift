import ArgumentParser
import CofferClient
import Testing

@testable import CofferCLI

@Suite struct ErrorReportingTests {
    @Test func apiErrorReadsLikeVault() {
        let error = ClientError.api(
            method: "GET", url: "http://127.0.0.1:8212/v1/kv1/a", status: 403, errors: ["permission denied"],
            body: ["errors": ["permission denied"]])
        #expect(
            CommandFailure.request("reading kv1/a", error).message == """
                Error reading kv1/a: Error making API request.

                URL: GET http://127.0.0.1:8212/v1/kv1/a
                Code: 403. Errors:

                * permission denied
                """)
    }

    @Test func severalErrorsAreListedInOrder() {
        let error = ClientError.api(method: "PUT", url: "u", status: 400, errors: ["one", "two"], body: nil)
        #expect(error.description.hasSuffix("Code: 400. Errors:\n\n* one\n* two"))
    }

    @Test func transportErrorNamesMethodAndURL() {
        let error = ClientError.transport(method: "GET", url: "http://127.0.0.1:1/v1/x", reason: "connection refused")
        #expect(error.description == "Get \"http://127.0.0.1:1/v1/x\": connection refused")
    }

    @Test func exitCodesFollowVault() {
        let api = ClientError.api(method: "GET", url: "u", status: 500, errors: [], body: nil)
        #expect(CommandFailure.request("reading x", api).exitCode == 2)
        #expect(CommandFailure.remote("No value found at x").exitCode == 2)
        #expect(CommandFailure.local("Field \"x\" not present in secret").exitCode == 1)
        #expect(CommandFailure.usage("Must supply data or use -force").exitCode == 1)
    }

    @Test func reportingTurnsAFailureIntoItsExitCode() async {
        await #expect(throws: ExitCode(2)) {
            try await CommandFailure.reporting { () async throws(CommandFailure) in
                throw CommandFailure(message: "", exitCode: 2)
            }
        }
        await #expect(throws: Never.self) {
            try await CommandFailure.reporting { () async throws(CommandFailure) in }
        }
    }

    /// Runs a command against a port nothing listens on and returns its exit code.
    func exitCode(of command: any AsyncParsableCommand.Type, _ arguments: [String]) async throws -> Int32 {
        var parsed = try command.parseAsRoot(arguments)
        do {
            if var asyncCommand = parsed as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try parsed.run()
            }
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        }
    }

    @Test func unreachableServerExitsLikeVault() async throws {
        let address = "-address=http://127.0.0.1:1"
        #expect(try await exitCode(of: StatusCommand.self, [address]) == 1)
        #expect(try await exitCode(of: ReadCommand.self, [address, "secret/x"]) == 2)
        #expect(try await exitCode(of: ListCommand.self, [address, "secret/"]) == 2)
        #expect(try await exitCode(of: OperatorSeal.self, [address]) == 2)
    }

    @Test func localProblemsExitOneBeforeAnyRequest() async throws {
        let address = "-address=http://127.0.0.1:1"
        #expect(try await exitCode(of: WriteCommand.self, [address, "secret/x"]) == 1)
        #expect(try await exitCode(of: ReadCommand.self, [address, "-format=xml", "secret/x"]) == 1)
        #expect(try await exitCode(of: ReadCommand.self, [address, "-ca-cert=/nonexistent/ca.pem", "secret/x"]) == 1)
        #expect(try await exitCode(of: WriteCommand.self, [address, "secret/x", "a=@/nonexistent/file"]) == 1)
    }

    @Test func unknownFormatIsAUsageError() throws {
        #expect(throws: CommandFailure.usage("Invalid output format: xml")) { try OutputFormat.named("xml") }
        #expect(try OutputFormat.named("JSON") == .json)
    }

    @Test func environmentFallsBackFromCofferToVault() throws {
        let options = try CommonOptions.parse([])
        let env = ["VAULT_ADDR": "http://vault:8200", "VAULT_FORMAT": "yaml", "VAULT_SKIP_VERIFY": "true"]
        #expect(options.serverAddress(environment: env) == "http://vault:8200")
        #expect(options.serverAddress(environment: env.merging(["COFFER_ADDR": "http://c:1"]) { $1 }) == "http://c:1")
        #expect(options.serverAddress(environment: [:]) == "https://127.0.0.1:8200")
        #expect(try options.outputFormat(environment: env) == .yaml)
        #expect(options.skipVerify(environment: env))
        #expect(!options.skipVerify(environment: ["VAULT_SKIP_VERIFY": "false"]))
        let flagged = try CommonOptions.parse(["-address=http://flag:1", "-format=json"])
        #expect(flagged.serverAddress(environment: env) == "http://flag:1")
        #expect(try flagged.outputFormat(environment: env) == .json)
    }

    @Test func tokenComesFromEnvironmentThenTheTokenFile() {
        let file: (String) -> [UInt8]? = { $0 == "/home/ann/.coffer-token" ? Array("hvs.file\n".utf8) : nil }
        let home = ["HOME": "/home/ann"]
        #expect(CommonOptions.token(environment: home, readFile: file) == "hvs.file")
        #expect(CommonOptions.token(environment: home.merging(["VAULT_TOKEN": "v"]) { $1 }, readFile: file) == "v")
        let both = home.merging(["VAULT_TOKEN": "v", "COFFER_TOKEN": "c"]) { $1 }
        #expect(CommonOptions.token(environment: both, readFile: file) == "c")
        #expect(CommonOptions.token(environment: ["HOME": "/nobody"], readFile: file) == nil)
    }
}
