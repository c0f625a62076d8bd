import CofferCore

/// Registers every built-in auth method (besides `token`, which the core serves) with a registry.
public enum AuthMethods {
    /// `approle` and `userpass`.
    public static func register(in registry: inout EngineRegistry) {
        registry.registerCredential("approle") { _ in AppRoleBackend() }
        registry.registerCredential("userpass") { _ in UserpassBackend() }
    }
}
