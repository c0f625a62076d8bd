import ArgumentParser
import CofferClient

/// `operator`: initialize, unseal and seal the server.
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator",
        abstract: "Initialize, unseal and seal the server.",
        subcommands: [OperatorInit.self, OperatorUnseal.self, OperatorSeal.self]
    )
}

/// `operator init`: makes the root key and prints the unseal key shares and the root token.
struct OperatorInit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Initialize the server: print its unseal key shares and initial root token."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("key-shares"), help: "Number of key shares to split the root key into.")
    var keyShares = 5

    @Option(name: .vault("key-threshold"), help: "Number of key shares needed to unseal.")
    var keyThreshold = 3

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                do throws(ClientError) {
                    let result = try await client.initialize(shares: keyShares, threshold: keyThreshold)
                    Console.out(Self.render(result, shares: keyShares, threshold: keyThreshold, format: format))
                } catch {
                    throw .request("initializing", error)
                }
            }
        }
    }

    /// What `init` prints: key shares and root token, as vault lays them out.
    static func render(_ result: InitResult, shares: Int, threshold: Int, format: OutputFormat) -> String {
        guard format == .table else {
            let value = OutputValue.ordered([
                .plain("unseal_keys_b64", .array(result.keysBase64.map { .string($0) })),
                .plain("unseal_keys_hex", .array(result.keys.map { .string($0) })),
                .plain("unseal_shares", .int(Int64(shares))),
                .plain("unseal_threshold", .int(Int64(threshold))),
                .plain("recovery_keys_b64", .null),
                .plain("recovery_keys_hex", .null),
                .plain("recovery_keys_shares", 0),
                .plain("recovery_keys_threshold", 0),
                .plain("root_token", .string(result.rootToken)),
            ])
            return value.rendered(format)
        }
        let keys = result.keysBase64.isEmpty ? result.keys : result.keysBase64
        var out = ""
        for (index, key) in keys.enumerated() { out += "Unseal Key \(index + 1): \(key)\n" }
        out += "\nInitial Root Token: \(result.rootToken)\n\n"
        let advice = [
            "The server is initialized with \(shares) key shares and a key threshold of \(threshold). "
                + "Give each share to a different person and keep them apart. Every time the server "
                + "starts or is sealed, \(threshold) of these shares are needed to unseal it.",
            "The server does not keep the root key. If fewer than \(threshold) shares survive, "
                + "its data can never be unsealed again.",
        ]
        out += advice.map { Wrap.lines($0, width: 78).joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
        return out
    }
}

/// `operator unseal`: gives one key share; prints the seal status after it.
struct OperatorUnseal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unseal",
        abstract: "Give one unseal key share to the server.",
        discussion: "Without KEY the share is read from the terminal with echo off."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .vault("reset"), help: "Forget the key shares given so far.")
    var reset = false

    @Argument(help: "An unseal key share; asked for when omitted.")
    var key: String?

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let share: String?
                if reset {
                    guard key == nil else { throw .usage("Too many arguments (expected 0 with -reset, got 1)") }
                    share = nil
                } else if let key {
                    share = key
                } else {
                    share = try Console.readHidden(prompt: "Unseal Key (will be hidden): ")
                }
                let seal: SealStatus
                do throws(ClientError) {
                    if let share {
                        seal = try await client.unseal(key: share)
                    } else {
                        seal = try await client.resetUnseal()
                    }
                } catch {
                    throw .request("unsealing", error)
                }
                let view = try await SealStatusView.completing(seal, client: client, failureCode: 2)
                Console.out(view.rendered(format))
            }
        }
    }
}

/// `operator seal`: seals the server; it serves nothing until unsealed again.
struct OperatorSeal: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seal",
        abstract: "Seal the server: it drops its keys and serves nothing until unsealed."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                do throws(ClientError) {
                    try await client.seal()
                } catch {
                    throw .request("sealing", error)
                }
                if format == .table { Console.out("Success! The server is sealed.\n") }
            }
        }
    }
}
