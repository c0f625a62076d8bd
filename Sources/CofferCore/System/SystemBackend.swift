import CofferAPI

/// The `sys/` backend: seal lifecycle, health, and mounts. Always mounted; cannot be moved.
struct SystemBackend: Backend {
    unowned let core: Core

    var paths: [PathSpec] {
        [
            PathSpec("init", help: "Initialize a new server.")
                .on(.read, handler: initStatus).on(.update, handler: initialize).whileSealed(),
            PathSpec("seal-status", help: "The seal status.").on(.read, handler: sealStatus).whileSealed(),
            PathSpec("unseal", help: "Submit an unseal key share.").on(.update, handler: unseal).whileSealed(),
            PathSpec("seal", help: "Seal the server.").on(.update, handler: seal).whileSealed(),
            PathSpec("health", help: "Health as a status code.").on(.read, handler: health).whileSealed(),
            PathSpec("leader", help: "High-availability status.").on(.read, handler: leader).whileSealed(),
            PathSpec("mounts", help: "List secrets engines.").on(.read, handler: listMounts),
            PathSpec("mounts/{path*}", help: "Enable, read or disable a secrets engine.")
                .on(.read, handler: readMount).on(.update, handler: enableMount).on(.delete, handler: disableMount),
            PathSpec("internal/ui/mounts", help: "Mounts visible to the caller.")
                .on(.read, handler: listVisibleMounts).withoutToken(),
            PathSpec("internal/ui/mounts/{path*}", help: "The mount serving a path.")
                .on(.read, handler: readVisibleMount),
        ]
    }
}
