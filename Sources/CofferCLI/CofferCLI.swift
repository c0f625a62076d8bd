import ArgumentParser

/// The CLI's command groups, for the `coffer` root command to list as subcommands.
public enum CofferCLI {
    /// Every command: status, operator, read, write, delete, list, secrets, auth, audit, kv, token, lease,
    /// policy, login, print, unwrap, path-help, version.
    public static let commands: [any ParsableCommand.Type] = [
        StatusCommand.self, OperatorCommand.self, ReadCommand.self, WriteCommand.self, DeleteCommand.self,
        ListCommand.self, SecretsCommand.self, AuthCommand.self, AuditCommand.self, KVCommand.self, TokenCommand.self,
        LeaseCommand.self, PolicyCommand.self, LoginCommand.self, PrintCommand.self, UnwrapCommand.self,
        PathHelpCommand.self, VersionCommand.self,
    ]
}
