import ArgumentParser
import Testing

@testable import CofferCLI

@Suite struct ArgumentParsingTests {
    @Test func singleDashLongFlagsWithEquals() throws {
        let read = try ReadCommand.parse([
            "-format=json", "-field=password", "-address=http://127.0.0.1:1", "secret/app",
        ])
        #expect(read.common.format == "json")
        #expect(read.field == "password")
        #expect(read.common.address == "http://127.0.0.1:1")
        #expect(read.path == "secret/app")
    }

    @Test func singleDashFlagWithSeparateValueAndDoubleDash() throws {
        let read = try ReadCommand.parse(["-format", "yaml", "--ca-cert=/tmp/ca.pem", "-tls-skip-verify", "kv/x"])
        #expect(read.common.format == "yaml")
        #expect(read.common.caCert == "/tmp/ca.pem")
        #expect(read.common.tlsSkipVerify)
    }

    @Test func writeTakesPathThenPairsAndALoneDash() throws {
        let write = try WriteCommand.parse(["-force", "kv/a", "a=1", "b=@file", "-"])
        #expect(write.force)
        #expect(write.path == "kv/a")
        #expect(write.data == ["a=1", "b=@file", "-"])
    }

    @Test func unknownFlagIsRejected() {
        #expect(throws: (any Error).self) { try ReadCommand.parse(["-nosuchflag", "kv/a"]) }
    }

    @Test func operatorInitDefaultsToFiveSharesThresholdThree() throws {
        let defaults = try OperatorInit.parse([])
        #expect(defaults.keyShares == 5 && defaults.keyThreshold == 3)
        let custom = try OperatorInit.parse(["-key-shares=3", "-key-threshold=2"])
        #expect(custom.keyShares == 3 && custom.keyThreshold == 2)
    }

    @Test func unsealKeyIsOptionalAndResetIsAFlag() throws {
        #expect(try OperatorUnseal.parse([]).key == nil)
        #expect(try OperatorUnseal.parse(["abc"]).key == "abc")
        #expect(try OperatorUnseal.parse(["-reset"]).reset)
    }

    @Test func secretsEnableGathersRepeatedOptions() throws {
        let enable = try SecretsEnable.parse([
            "-path=team", "-description=team kv", "-version=2", "-options=a=b", "-options=c=d=e", "kv",
        ])
        #expect(enable.type == "kv" && enable.path == "team" && enable.description == "team kv")
        let options = try SecretsEnable.engineOptions(enable.options, version: enable.version)
        #expect(options == ["a": "b", "c": "d=e", "version": "2"])
    }

    @Test func engineOptionWithoutEqualsIsAUsageError() {
        #expect(throws: CommandFailure.usage("Invalid option \"oops\": format must be key=value")) {
            try SecretsEnable.engineOptions(["oops"], version: nil)
        }
    }

    @Test func rootListsEveryCommandGroup() {
        let names = CofferCLI.commands.map { $0.configuration.commandName }
        #expect(
            names == [
                "status", "operator", "read", "write", "delete", "list", "secrets", "auth", "audit", "kv", "token",
                "lease", "policy", "login", "print", "unwrap", "path-help", "version",
            ])
    }

    @Test func mountPathsGetOneTrailingSlash() {
        #expect(SecretsCommand.mountPath("/kv//") == "kv/")
        #expect(SecretsCommand.mountPath("team/kv") == "team/kv/")
    }
}
