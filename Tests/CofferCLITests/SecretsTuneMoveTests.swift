import ArgumentParser
import CofferClient
import Testing

@testable import CofferCLI

@Suite struct SecretsTuneMoveTests {
    @Test func secretsGroupHoldsTuneAndMove() {
        let names = SecretsCommand.configuration.subcommands.map { $0.configuration.commandName }
        #expect(names == ["enable", "disable", "list", "tune", "move"])
    }

    @Test func tuneSendsEveryGivenFlag() throws {
        let tune = try SecretsTune.parse([
            "-default-lease-ttl=1h", "-max-lease-ttl", "90m", "-description=team kv", "-listing-visibility=unauth",
            "-audit-non-hmac-request-keys=a", "-audit-non-hmac-request-keys=b", "-audit-non-hmac-response-keys=c",
            "-options=x=y=z", "-version=2", "team/",
        ])
        #expect(tune.path == "team/")
        #expect(
            try tune.requestBody() == [
                "default_lease_ttl": "3600s", "max_lease_ttl": "5400s", "description": "team kv",
                "listing_visibility": "unauth", "audit_non_hmac_request_keys": ["a", "b"],
                "audit_non_hmac_response_keys": ["c"], "options": ["x": "y=z", "version": "2"],
            ])
    }

    @Test func tuneSendsNothingForUnsetFlags() throws {
        #expect(try SecretsTune.parse(["kv"]).requestBody() == [:])
    }

    @Test func tuneKeepsAnEmptyDescriptionAndSystemTTL() throws {
        let tune = try SecretsTune.parse(["-description=", "-max-lease-ttl=system", "-default-lease-ttl=0", "kv"])
        #expect(try tune.requestBody() == ["description": "", "max_lease_ttl": "system"])
    }

    @Test func tuneRejectsABadTTLAndABadOption() throws {
        #expect(throws: (any Error).self) { try SecretsTune.parse(["-default-lease-ttl=soon", "kv"]) }
        let tune = try SecretsTune.parse(["-options=oops", "kv"])
        #expect(throws: CommandFailure.usage("Invalid option \"oops\": format must be key=value")) {
            try tune.requestBody()
        }
    }

    @Test func moveTakesSourceAndDestination() throws {
        let move = try SecretsMove.parse(["-address=http://127.0.0.1:1", "secret/", "generic"])
        #expect(move.source == "secret/" && move.destination == "generic")
        #expect(throws: (any Error).self) { try SecretsMove.parse(["secret/"]) }
    }

    @Test func moveWaitsUntilATerminalStatusAndSaysSoOnce() async throws {
        var answers = ["in-progress", "in-progress", "success", "failure"]
        var waits = 0
        let status = try await SecretsMove.finalStatus(attempts: 5, interval: .zero) {
            waits += 1
        } status: {
            () async throws(ClientError) in
            answers.removeFirst()
        }
        #expect(status == "success" && waits == 1 && answers == ["failure"])
    }

    @Test func moveGivesUpAfterItsAttempts() async throws {
        var asked = 0
        let status = try await SecretsMove.finalStatus(attempts: 3, interval: .zero) {
        } status: {
            () async throws(ClientError) in
            asked += 1
            return "in-progress"
        }
        #expect(status == "in-progress" && asked == 3)
    }
}
