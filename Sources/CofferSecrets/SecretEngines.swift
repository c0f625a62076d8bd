import CofferCore

/// Registers every built-in secrets engine with a registry.
public enum SecretEngines {
    /// `kv` (option `version`: "1", the default as in Vault, or "2"), its `generic` alias for version 1
    /// and its `kv-v2` alias for version 2; `transit`.
    public static func register(in registry: inout EngineRegistry, defaultLeaseTTL: Int64) {
        registry.register("kv") { context throws(CoreError) in
            switch context.entry.options["version"] ?? "" {
            case "", "1":
                let ttl = context.entry.defaultLeaseTTL > 0 ? context.entry.defaultLeaseTTL : defaultLeaseTTL
                return KVv1Backend(defaultLeaseTTL: ttl)
            case "2":
                return KVv2Backend()
            case let version:
                throw CoreError.badRequest("kv version \"\(version)\" is not supported; use version 1 or 2")
            }
        }
        registry.onOptionsChange("kv") { context, options throws(CoreError) in
            let old = context.entry.options["version"] ?? "1"
            let new = options["version"] ?? old
            switch (old.isEmpty ? "1" : old, new) {
            case ("1", "2"):
                try await KVUpgrade.upgrade(context.storage, now: .now())
                return [
                    "Upgrading mount from version 1 to version 2. This mount will be unavailable for a brief period and will resume service shortly."
                ]
            case ("2", "1"):
                throw CoreError.badRequest("cannot downgrade mount from version 2")
            case (let from, let to) where from == to:
                return []
            case (_, let to):
                throw CoreError.badRequest("invalid version provided: \(to)")
            }
        }
        registry.register("transit") { _ in TransitBackend() }
        registry.registerAlias("generic", of: "kv", options: ["version": "1"])
        registry.registerAlias("kv-v2", of: "kv", options: ["version": "2"])
    }
}
