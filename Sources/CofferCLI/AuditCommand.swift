import ArgumentParser
import CofferClient

/// `audit`: enable, disable and list audit devices.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Enable, disable and list audit devices.",
        subcommands: [AuditEnable.self, AuditDisable.self, AuditList.self]
    )

    /// `path` as a device's path prints: trimmed, without leading slashes, with one trailing slash.
    static func devicePath(_ path: String) -> String {
        SecretsCommand.mountPath(path.trimmingWhitespace)
    }

    /// Vault's usage failure when there are not `expected` arguments.
    static func requireCount(_ expected: Int, of arguments: [String]) throws(CommandFailure) {
        if arguments.count < expected {
            throw .usage("Not enough arguments (expected \(expected), got \(arguments.count))")
        }
        if arguments.count > expected {
            throw .usage("Too many arguments (expected \(expected), got \(arguments.count))")
        }
    }
}

/// `audit enable [-path=P] [-description=D] [-local] TYPE [key=value...]`: enables an audit device.
struct AuditEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable",
        abstract: "Enable an audit device at a path.",
        discussion: "The options follow the type as key=value, such as file_path=/var/log/coffer/audit.log for a "
            + "file device; key=@file reads a value from a file, and - or @file.json alone reads a JSON object of "
            + "options."
    )

    @OptionGroup var common: CommonOptions

    @Option(name: .vault("path"), help: "Where to enable the device; defaults to its type.")
    var path: String?

    @Option(name: .vault("description"), help: "A description of the device.")
    var description = ""

    @Flag(name: .vault("local"), help: "Keep the device on this cluster instead of replicating it.")
    var local = false

    @Argument(help: "The device's type (file, socket, syslog or http), then its options as key=value.")
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let device = try Self.device(
                arguments, path: path, description: description, local: local, input: .process)
            try await common.withClient { (client, format) async throws(CommandFailure) in
                try await CommandFailure.attempt("enabling audit device") { () async throws(ClientError) in
                    try await client.enableAudit(device)
                }
                if format == .table {
                    Console.out("Success! Enabled the \(device.type) audit device at: \(device.path)\n")
                }
            }
        }
    }

    /// The device the arguments and flags describe; a missing type or an option that is not
    /// `key=value` is a usage failure.
    static func device(
        _ arguments: [String], path: String?, description: String, local: Bool, input: KeyValueInput
    ) throws(CommandFailure) -> AuditDevice {
        guard let type = arguments.first?.trimmingWhitespace else {
            throw .usage(
                "Error enabling audit device: audit type missing. Valid types include 'file', 'socket' and 'syslog'.")
        }
        let chosenPath = path.map(\.trimmingWhitespace).flatMap { $0.isEmpty ? nil : $0 } ?? type
        return AuditDevice(
            path: AuditCommand.devicePath(chosenPath), type: type, description: description,
            options: try input.parseAsStrings(Array(arguments.dropFirst())), local: local)
    }
}

/// `audit disable PATH`: disables the audit device at a path.
struct AuditDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable",
        abstract: "Disable the audit device at a path.",
        discussion: "Succeeds when no device is enabled there. A device declared in the server's configuration "
            + "cannot be disabled this way."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: ArgumentHelp("The device's path.", valueName: "path"))
    var arguments: [String] = []

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try AuditCommand.requireCount(1, of: arguments)
            let path = AuditCommand.devicePath(arguments[0])
            try await common.withClient { (client, format) async throws(CommandFailure) in
                try await CommandFailure.attempt("disabling audit device") { () async throws(ClientError) in
                    try await client.disableAudit(path: path)
                }
                if format == .table { Console.out("Success! Disabled audit device (if it was enabled) at: \(path)\n") }
            }
        }
    }
}
