import CofferAPI
import CofferCore
import Foundation

/// `role`, `role/<name>` and `role/<name>/role-id`.
extension AppRoleBackend {
    func listRoles(_ request: BackendRequest) async throws -> Response? {
        try await JSONObjectPaths.list("role/", in: request.storage)
    }

    func readRole(_ request: BackendRequest) async throws -> Response? {
        guard let role = try await store.role(Self.roleName(request), in: request.storage) else {
            throw CoreError.notFoundEmpty
        }
        return Response(data: role.apiValue)
    }

    func writeRole(_ request: BackendRequest) async throws -> Response? {
        let name = Self.roleName(request)
        let fields = request.fields
        try await store.locks.withLock(name) {
            let existing = try await store.role(name, in: request.storage)
            let customID = try fields.string("role_id") ?? ""
            var role =
                existing
                ?? AppRoleRole(name: name, roleID: customID.isEmpty ? UUID().uuidString.lowercased() : customID)
            try role.apply(fields, creating: existing == nil)
            var operations: [StorageOperation] = [.put(AppRoleStore.roleKey(name), role.record())]
            if existing == nil {
                operations += try await roleIDOperations(for: role, replacing: nil, in: request.storage)
            }
            try await request.storage.transaction(operations)
            store.forget(name)
        }
        return nil
    }

    func deleteRole(_ request: BackendRequest) async throws -> Response? {
        let name = Self.roleName(request)
        try await store.locks.withLock(name) {
            guard let role = try await store.role(name, in: request.storage) else { return }
            var operations: [StorageOperation] = [
                .delete(AppRoleStore.roleKey(name)),
                .delete(try await store.roleIDKey(role.roleID, in: request.storage)),
            ]
            for prefix in [AppRoleStore.secretIDPrefix(name), AppRoleStore.accessorPrefix(name)] {
                for key in try await request.storage.list(prefix: prefix) { operations.append(.delete(prefix + key)) }
            }
            try await request.storage.transaction(operations)
            store.forget(name)
        }
        return nil
    }

    func readRoleID(_ request: BackendRequest) async throws -> Response? {
        guard let role = try await store.role(Self.roleName(request), in: request.storage) else {
            throw CoreError.notFoundEmpty
        }
        return Response(data: ["role_id": .string(role.roleID)])
    }

    func writeRoleID(_ request: BackendRequest) async throws -> Response? {
        let name = Self.roleName(request)
        guard let roleID = try request.fields.string("role_id"), !roleID.isEmpty else {
            throw CoreError.badRequest("missing role_id")
        }
        try await store.locks.withLock(name) {
            guard var role = try await store.role(name, in: request.storage) else {
                throw CoreError(.notFound, ["role \"\(name)\" does not exist"])
            }
            guard role.roleID != roleID else { return }
            let previous = role.roleID
            role.roleID = roleID
            var operations = try await roleIDOperations(for: role, replacing: previous, in: request.storage)
            operations.append(.put(AppRoleStore.roleKey(name), role.record()))
            try await request.storage.transaction(operations)
            store.forget(name)
        }
        return nil
    }

    /// Index entries pointing `role`'s role ID at it, dropping `previous`; refuses an ID in use.
    private func roleIDOperations(for role: AppRoleRole, replacing previous: String?, in storage: any Storage)
        async throws -> [StorageOperation]
    {
        let key = try await store.roleIDKey(role.roleID, in: storage)
        if try await storage.get(key) != nil { throw CoreError.badRequest("role_id already in use") }
        var operations: [StorageOperation] = [.put(key, Array(role.name.utf8))]
        if let previous { operations.append(.delete(try await store.roleIDKey(previous, in: storage))) }
        return operations
    }
}
