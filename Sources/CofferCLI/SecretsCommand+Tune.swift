import ArgumentParser
import CofferClient

/// `secrets tune PATH`: changes the settings of a mounted secrets engine.
struct SecretsTune: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tune",
        abstract: "Tune the settings of the secrets engine at a path."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("default-lease-ttl"), help: "The mount's default lease TTL, or system; 0 keeps it.")
    var defaultLeaseTTL: LeaseTTLArgument?

    @Option(name: .vault("max-lease-ttl"), help: "The mount's maximum lease TTL, or system; 0 keeps it.")
    var maxLeaseTTL: LeaseTTLArgument?

    @Option(name: .vault("description"), help: "A new description of the mount.")
    var description: String?

    @Option(name: .vault("listing-visibility"), help: "Whether the UI lists the mount: unauth or hidden.")
    var listingVisibility: String?

    @Option(
        name: .vault("audit-non-hmac-request-keys"),
        help: "A request data key audit devices log in clear; repeatable.")
    var auditNonHMACRequestKeys: [String] = []

    @Option(
        name: .vault("audit-non-hmac-response-keys"),
        help: "A response data key audit devices log in clear; repeatable.")
    var auditNonHMACResponseKeys: [String] = []

    @Option(name: .vault("options"), help: "An engine option as key=value; repeatable.")
    var options: [String] = []

    @Option(name: .vault("version"), help: "The engine version, for kv: sets the option version.")
    var version: Int?

    @Argument(help: "The engine's mount path.")
    var path: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let body = try requestBody()
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let mount = SecretsCommand.mountPath(path)
                let response = try await CommandFailure.attempt("tuning secrets engine \(mount)") {
                    () async throws(ClientError) in
                    try await client.tuneMount(path: mount, body: body)
                }
                guard format == .table else { return }
                Console.err(SecretOutput.warningBlock(response.warnings))
                Console.out("Success! Tuned the secrets engine at: \(mount)\n")
            }
        }
    }

    /// The tune request's members: only the settings a flag names.
    func requestBody() throws(CommandFailure) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let value = defaultLeaseTTL?.wireValue { body["default_lease_ttl"] = .string(value) }
        if let value = maxLeaseTTL?.wireValue { body["max_lease_ttl"] = .string(value) }
        if let description { body["description"] = .string(description) }
        if let listingVisibility { body["listing_visibility"] = .string(listingVisibility) }
        if !auditNonHMACRequestKeys.isEmpty {
            body["audit_non_hmac_request_keys"] = .array(auditNonHMACRequestKeys.map { .string($0) })
        }
        if !auditNonHMACResponseKeys.isEmpty {
            body["audit_non_hmac_response_keys"] = .array(auditNonHMACResponseKeys.map { .string($0) })
        }
        let engineOptions = try SecretsEnable.engineOptions(options, version: version)
        if !engineOptions.isEmpty { body["options"] = .object(engineOptions.mapValues { .string($0) }) }
        return body
    }
}

/// A lease TTL flag's value: `system` for the server's default, or a duration as `DurationArgument` takes it.
struct LeaseTTLArgument: ExpressibleByArgument, Equatable {
    /// What the API is sent: `system` or whole seconds such as `3600s`; nil for a zero duration, which
    /// leaves the setting as it is, as vault's flag does.
    let wireValue: String?

    /// The TTL `argument` spells, or nil when it is neither `system` nor a duration.
    init?(argument: String) {
        if argument == "system" {
            wireValue = argument
        } else if let duration = DurationArgument(argument: argument) {
            wireValue = duration.seconds == 0 ? nil : "\(duration.seconds)s"
        } else {
            return nil
        }
    }
}
