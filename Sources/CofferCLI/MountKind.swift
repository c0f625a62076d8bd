import CofferClient

/// What `secrets` and `auth` manage alike: secrets engines under `sys/mounts`, auth methods under
/// `sys/auth`.
enum MountKind {
    case secretsEngine, authMethod

    var noun: String { self == .secretsEngine ? "secrets engine" : "auth method" }

    /// Disables the mount at `path` and prints vault's confirmation.
    func disable(_ path: String, common: CommonOptions) async throws(CommandFailure) {
        try await common.withClient { (client, format) async throws(CommandFailure) in
            let mount = SecretsCommand.mountPath(path)
            do throws(ClientError) {
                switch self {
                case .secretsEngine: try await client.disableMount(path: mount)
                case .authMethod: try await client.disableAuth(path: mount)
                }
            } catch {
                throw .request("disabling \(noun) at \(mount)", error)
            }
            if format == .table { Console.out("Success! Disabled the \(noun) (if it existed) at: \(mount)\n") }
        }
    }
}
