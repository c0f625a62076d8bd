import CofferClient
import Foundation
import Testing

@testable import CofferCLI

@Suite struct LoginCredentialsTests {
    let input = KeyValueInput(
        readFile: { path throws(CommandFailure) in
            guard path == "/creds.json" else { throw .local("open \(path): no such file or directory") }
            return Array(#"{"username": "alice", "password": "pw", "attempt": 2}"#.utf8)
        },
        readStandardInput: { Array("s.fromStdin\n".utf8) }
    )

    func parse(_ arguments: [String], _ method: LoginMethod, path: String? = nil) throws(CommandFailure)
        -> LoginCredentials
    {
        try LoginCredentials.parse(arguments, method: method, path: path, input: input)
    }

    @Test func methodsAreNamedByTypeWithoutSlashes() throws {
        #expect(try LoginMethod.named("userpass") == .userpass)
        #expect(try LoginMethod.named("/approle/") == .approle)
        #expect(try LoginMethod.named("") == .token)
        #expect(
            throws: CommandFailure.usage(
                "Unknown auth method: UserPass. This command logs in with token, userpass, approle; log in to other "
                    + "methods with \"coffer write auth/<path>/login\".")
        ) { try LoginMethod.named("UserPass") }
    }

    @Test func aTokenIsTheFirstArgumentWithoutEqualsOrTheTokenKey() throws {
        #expect(try parse(["s.abc"], .token) == .token("s.abc"))
        #expect(try parse(["-"], .token) == .token("s.fromStdin\n"))
        #expect(try parse(["token=s.abc"], .token) == .token("s.abc"))
        #expect(try parse([], .token) == .token(nil))
        #expect(
            throws: CommandFailure.usage(
                "Error parsing configuration: invalid key/value pair \"b\": format must be key=value")
        ) {
            try parse(["a", "b"], .token)
        }
    }

    @Test func userpassIsMountedAtTheMountKeyThenThePathThenItsType() throws {
        #expect(
            try parse(["username=alice", "password=pw"], .userpass)
                == .userpass(mount: "userpass", username: "alice", password: "pw"))
        #expect(
            try parse(["username=alice", "password=pw"], .userpass, path: "people")
                == .userpass(mount: "people", username: "alice", password: "pw"))
        #expect(
            try parse(["username=alice", "mount=staff"], .userpass, path: "people")
                == .userpass(mount: "staff", username: "alice", password: nil))
    }

    @Test func aMissingOrEmptyPasswordIsLeftToAskFor() throws {
        #expect(
            try parse(["username=alice"], .userpass) == .userpass(mount: "userpass", username: "alice", password: nil))
        #expect(
            try parse(["username=alice", "password="], .userpass)
                == .userpass(mount: "userpass", username: "alice", password: nil))
    }

    @Test func valuesComeFromFilesAndStandardInputAsForWrite() throws {
        #expect(
            try parse(["@/creds.json"], .userpass) == .userpass(mount: "userpass", username: "alice", password: "pw"))
        #expect(
            try parse(["username=alice", "password=-"], .userpass)
                == .userpass(mount: "userpass", username: "alice", password: "s.fromStdin\n"))
    }

    @Test func aMissingUsernameOrRoleIDFailsLikeTheServersRefusal() {
        #expect(throws: CommandFailure.remote("Error authenticating: 'username' must be specified")) {
            try parse(["password=pw"], .userpass)
        }
        #expect(throws: CommandFailure.remote("Error authenticating: 'role_id' must be specified")) {
            try parse(["secret_id=s"], .approle)
        }
    }

    @Test func aKeyGivenTwiceIsAUsageError() {
        #expect(throws: CommandFailure.usage("Error parsing configuration: \"username\" must be one value, given once"))
        {
            try parse(["username=alice", "username=bob"], .userpass)
        }
    }

    @Test func appRoleSendsASecretIDOnlyWhenGiven() throws {
        #expect(
            try parse(["role_id=r", "secret_id=s"], .approle) == .appRole(mount: "approle", roleID: "r", secretID: "s"))
        #expect(try parse(["role_id=r"], .approle, path: "ci") == .appRole(mount: "ci", roleID: "r", secretID: nil))
    }
}
