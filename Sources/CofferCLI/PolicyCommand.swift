import ArgumentParser
import CofferClient

/// `policy`: write, read, list, delete and format ACL policies.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Write, read, list, delete and format ACL policies.",
        subcommands: [PolicyWrite.self, PolicyRead.self, PolicyList.self, PolicyDelete.self, PolicyFormat.self]
    )

    /// A policy name as the server stores it: trimmed and lowercased.
    static func normalized(_ name: String) -> String {
        name.trimmingWhitespace.lowercased()
    }
}

/// `policy write NAME FILE|-`: uploads a policy from a file or standard input.
struct PolicyWrite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "write",
        abstract: "Upload a policy from a file, or from standard input with -."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The policy's name; stored lowercased.")
    var name: String

    @Argument(help: "The HCL file, or - for standard input.")
    var file: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, _) async throws(CommandFailure) in
                let source = file.trimmingWhitespace
                let bytes: [UInt8]
                do throws(CommandFailure) {
                    bytes = try source == "-" ? Console.readStandardInput() : Console.readFile(source)
                } catch {
                    let action = source == "-" ? "Error reading policy" : "Error opening policy file"
                    throw .remote("\(action): \(error.message)")
                }
                let stored = PolicyCommand.normalized(name)
                try await CommandFailure.attempt("uploading policy") { () async throws(ClientError) in
                    try await client.writePolicy(named: stored, rules: String(decoding: bytes, as: UTF8.self))
                }
                if stored != name { Console.err("Policy name was converted from \"\(name)\" to \"\(stored)\"\n") }
                Console.out("Success! Uploaded policy: \(stored)\n")
            }
        }
    }
}

/// `policy read NAME`: prints a policy's HCL text.
struct PolicyRead: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "read",
        abstract: "Print a policy's rules."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The policy's name.")
    var name: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let stored = PolicyCommand.normalized(name)
                let rules = try await CommandFailure.attempt("reading policy named \(stored)") {
                    () async throws(ClientError) in try await client.policy(named: stored)
                }
                guard let rules else { throw .remote("No policy named: \(stored)") }
                Console.out(Self.render(rules, format: format))
            }
        }
    }

    /// The rules trimmed in the table format, else as the `policy` member of an object.
    static func render(_ rules: String, format: OutputFormat) -> String {
        guard format == .table else { return OutputValue.plain(["policy": .string(rules)]).rendered(format) }
        return rules.trimmingWhitespace + "\n"
    }
}

/// `policy list`: the names of the ACL policies.
struct PolicyList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the names of the ACL policies."
    )

    @OptionGroup var common: CommonOptions

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, format) async throws(CommandFailure) in
                let names = try await CommandFailure.attempt("listing policies") { () async throws(ClientError) in
                    try await client.policyNames()
                }
                Console.out(Self.render(names, format: format))
            }
        }
    }

    /// One name a line, or the names as a JSON or YAML list.
    static func render(_ names: [String], format: OutputFormat) -> String {
        guard format == .table else { return OutputValue.plain(.array(names.map { .string($0) })).rendered(format) }
        return names.map { $0 + "\n" }.joined()
    }
}

/// `policy delete NAME`: deletes a policy; tokens holding it lose its grants at once.
struct PolicyDelete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete a policy."
    )

    @OptionGroup var common: CommonOptions

    @Argument(help: "The policy's name.")
    var name: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            try await common.withClient { (client, _) async throws(CommandFailure) in
                let stored = PolicyCommand.normalized(name)
                try await CommandFailure.attempt("deleting \(stored)") { () async throws(ClientError) in
                    try await client.deletePolicy(named: stored)
                }
                Console.out("Success! Deleted policy: \(stored)\n")
            }
        }
    }
}

/// `policy fmt FILE`: rewrites a policy file in HCL's canonical layout after checking it is a policy.
struct PolicyFormat: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Rewrite a policy file in the canonical layout.",
        discussion: "The file is read as HCL and checked to be a policy (path blocks with known keys and "
            + "capabilities) before it is replaced. Comments are kept."
    )

    @Argument(help: "The policy file to format in place.")
    var file: String

    func run() async throws {
        try await CommandFailure.reporting { () async throws(CommandFailure) in
            let path = file.trimmingWhitespace
            let source: [UInt8]
            do throws(CommandFailure) {
                source = try Console.readFile(path)
            } catch {
                throw .local("Error reading source file: \(error.message)")
            }
            let formatted = try Self.format(String(decoding: source, as: UTF8.self))
            do throws(CommandFailure) {
                try Console.writeFile(path, Array(formatted.utf8))
            } catch {
                throw .local("Error writing result: \(error.message)")
            }
            Console.out("Success! Formatted policy: \(path)\n")
        }
    }

    /// `source` in the canonical layout, or why it is not a policy.
    static func format(_ source: String) throws(CommandFailure) -> String {
        let document: PolicyDocument
        do throws(PolicySyntaxError) {
            document = try PolicyDocument(parsing: source)
        } catch {
            throw .local("failed to parse policy: \(error)")
        }
        if let problem = document.problem { throw .local("failed to parse policy: \(problem)") }
        return PolicyFormatter.format(document)
    }
}
