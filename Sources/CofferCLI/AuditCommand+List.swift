import ArgumentParser
import CofferClient

/// `audit list [-detailed]`: the enabled audit devices.
struct AuditList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the enabled audit devices.",
        discussion: "With none enabled the table format says so and exits 2; json and yaml print an empty object."
    )

    @OptionGroup var common: CommonOptions

    @Flag(name: .vault("detailed"), help: "Show each device's replication and options too.")
    var detailed = false

    @Argument(help: .hidden)
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try AuditCommand.requireCount(0, of: arguments)
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let devices = try await CommandFailure.attempt("listing audits") { () async throws(ClientError) in
                    try await client.auditDevices()
                }
                if devices.isEmpty && format == .table {
                    Console.out("No audit devices are enabled.\n")
                    throw CommandFailure(message: "", exitCode: 2)
                }
                Console.out(Self.render(devices, detailed: detailed, format: format))
            }
        }
    }

    /// The devices as a table sorted by path (`-detailed` adds replication and options), or as
    /// JSON/YAML keyed by path.
    static func render(_ devices: [String: AuditDevice], detailed: Bool, format: OutputFormat) -> String {
        let sorted = devices.sorted { $0.key < $1.key }
        guard format == .table else {
            return OutputValue.ordered(sorted.map { OutputValue.Member(name: $0.key, value: json($0.value)) })
                .rendered(format)
        }
        guard detailed else {
            return Table.render(
                header: ["Path", "Type", "Description"],
                rows: sorted.map { [$0.key, $0.value.type, $0.value.description] })
        }
        return Table.render(
            header: ["Path", "Type", "Description", "Replication", "Options"],
            rows: sorted.map { path, device in
                [path, device.type, device.description, device.local ? "local" : "replicated", optionsText(device)]
            })
    }

    /// The device's options as `key=value` separated by spaces, sorted by key.
    static func optionsText(_ device: AuditDevice) -> String {
        device.options.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }

    /// One device with its members in the API's order.
    static func json(_ device: AuditDevice) -> OutputValue {
        .ordered([
            .plain("type", .string(device.type)),
            .plain("description", .string(device.description)),
            .plain("options", .object(device.options.mapValues { .string($0) })),
            .plain("local", .bool(device.local)),
            .plain("path", .string(device.path)),
        ])
    }
}
