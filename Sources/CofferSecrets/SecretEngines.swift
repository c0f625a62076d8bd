import CofferCore

/// Registers every built-in secrets engine with a registry.
public enum SecretEngines {
    /// `kv` (version 1 for now) and its `generic` alias.
    public static func register(in registry: inout EngineRegistry, defaultLeaseTTL: Int64) {
        registry.register("kv") { context throws(CoreError) in
            if let version = context.entry.options["version"], version != "1" {
                throw CoreError.badRequest("kv version \(version) is not supported yet; use version 1")
            }
            let ttl = context.entry.defaultLeaseTTL > 0 ? context.entry.defaultLeaseTTL : defaultLeaseTTL
            return KVv1Backend(defaultLeaseTTL: ttl)
        }
        registry.registerAlias("generic", of: "kv", options: ["version": "1"])
    }
}
