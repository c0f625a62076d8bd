import CofferAPI
import CofferCore
import Foundation

/// `role/<name>/secret-id…` and `custom-secret-id`: issuing, listing, reading and destroying secret IDs.
extension AppRoleBackend {
    func issueSecretID(_ request: BackendRequest, custom: Bool) async throws -> Response? {
        let name = Self.roleName(request)
        let fields = request.fields
        let secretID: String
        if custom {
            guard let chosen = try fields.string("secret_id"), !chosen.isEmpty else {
                throw CoreError.badRequest("missing secret_id")
            }
            secretID = chosen
        } else {
            secretID = UUID().uuidString.lowercased()
        }
        let metadata = try Self.metadata(try fields.json("metadata"))
        let cidrList = try LoginTokenSettings.checkedCIDRs(try fields.strings("cidr_list") ?? [])
        let tokenBoundCIDRs = try LoginTokenSettings.checkedCIDRs(try fields.strings("token_bound_cidrs") ?? [])
        let entry = try await store.locks.withLock(name) { () async throws -> AppRoleSecretID in
            guard let role = try await store.role(name, in: request.storage) else {
                throw CoreError(.notFound, ["role \"\(name)\" does not exist"])
            }
            let numUses = try fields.int("num_uses") ?? role.secretIDNumUses
            guard numUses >= 0 else { throw CoreError.badRequest("num_uses cannot be negative") }
            if role.secretIDNumUses > 0 && (numUses == 0 || numUses > role.secretIDNumUses) {
                throw CoreError.badRequest("num_uses cannot be higher than the role's secret_id_num_uses")
            }
            let ttl = try fields.duration("ttl") ?? role.secretIDTTL
            if role.secretIDTTL > 0 && (ttl == 0 || ttl > role.secretIDTTL) {
                throw CoreError.badRequest("ttl cannot be longer than the role's secret_id_ttl")
            }
            let key = try await store.secretIDKey(role: name, secretID: secretID, in: request.storage)
            if try await request.storage.get(key) != nil {
                throw CoreError.badRequest("failed to store secret_id: SecretID is already registered")
            }
            var entry = AppRoleSecretID(accessor: UUID().uuidString.lowercased(), ttl: ttl, created: now())
            entry.metadata = metadata
            entry.numUses = numUses
            entry.cidrList = cidrList
            entry.tokenBoundCIDRs = tokenBoundCIDRs
            let hash = String(key.droppingBytes(AppRoleStore.secretIDPrefix(name).utf8.count))
            try await request.storage.transaction([
                .put(key, entry.record()), .put(AppRoleStore.accessorPrefix(name) + entry.accessor, Array(hash.utf8)),
            ])
            return entry
        }
        return Response(data: [
            "secret_id": .string(secretID), "secret_id_accessor": .string(entry.accessor),
            "secret_id_num_uses": .int(entry.numUses), "secret_id_ttl": .int(entry.ttl),
        ])
    }

    func listSecretIDs(_ request: BackendRequest) async throws -> Response? {
        let name = Self.roleName(request)
        guard try await store.role(name, in: request.storage) != nil else {
            throw CoreError.badRequest("role \"\(name)\" does not exist")
        }
        let accessors = try await request.storage.list(prefix: AppRoleStore.accessorPrefix(name))
        guard !accessors.isEmpty else { throw CoreError.notFoundEmpty }
        return Response(data: ["keys": .array(accessors.sorted().map { .string($0) })])
    }

    func lookupSecretID(_ request: BackendRequest) async throws -> Response? {
        guard let key = try await secretIDKey(request) else { return nil }
        guard let entry = try await liveSecretID(at: key, role: Self.roleName(request), in: request.storage) else {
            return nil
        }
        return Response(data: entry.apiValue)
    }

    func destroySecretID(_ request: BackendRequest) async throws -> Response? {
        guard let key = try await secretIDKey(request) else { return nil }
        try await destroy(key, role: Self.roleName(request), in: request.storage)
        return nil
    }

    func lookupSecretIDAccessor(_ request: BackendRequest) async throws -> Response? {
        let key = try await accessorTarget(request)
        guard let entry = try await liveSecretID(at: key, role: Self.roleName(request), in: request.storage) else {
            throw Self.unknownAccessor(try request.fields.string("secret_id_accessor") ?? "")
        }
        return Response(data: entry.apiValue)
    }

    func destroySecretIDAccessor(_ request: BackendRequest) async throws -> Response? {
        try await destroy(try await accessorTarget(request), role: Self.roleName(request), in: request.storage)
        return nil
    }

    /// Deletes every expired secret ID of every role.
    func tidySecretIDs(_ request: BackendRequest) async throws -> Response? {
        var removed = 0
        for folder in try await request.storage.list(prefix: "secret-id/") where folder.hasByteSuffix("/") {
            let role = String(folder.dropLast())
            for hash in try await request.storage.list(prefix: AppRoleStore.secretIDPrefix(role)) {
                let key = AppRoleStore.secretIDPrefix(role) + hash
                if try await store.secretID(at: key, in: request.storage)?.isExpired(at: now()) == true {
                    try await destroy(key, role: role, in: request.storage)
                    removed += 1
                }
            }
        }
        return Response(warnings: removed > 0 ? ["removed \(removed) expired secret IDs"] : [])
    }

    /// The secret ID at `key`, deleting it instead when it has expired.
    func liveSecretID(at key: String, role: String, in storage: any Storage) async throws -> AppRoleSecretID? {
        guard let entry = try await store.secretID(at: key, in: storage) else { return nil }
        guard entry.isExpired(at: now()) else { return entry }
        try await destroy(key, role: role, in: storage)
        return nil
    }

    /// Removes a secret ID and its accessor in one transaction.
    func destroy(_ key: String, role: String, in storage: any Storage) async throws {
        guard let entry = try await store.secretID(at: key, in: storage) else { return }
        try await storage.transaction([.delete(key), .delete(AppRoleStore.accessorPrefix(role) + entry.accessor)])
    }

    private func secretIDKey(_ request: BackendRequest) async throws -> String? {
        guard let secretID = try request.fields.string("secret_id"), !secretID.isEmpty else {
            throw CoreError.badRequest("missing secret_id")
        }
        let name = Self.roleName(request)
        guard try await store.role(name, in: request.storage) != nil else {
            throw CoreError.badRequest("role \"\(name)\" does not exist")
        }
        return try await store.secretIDKey(role: name, secretID: secretID, in: request.storage)
    }

    private func accessorTarget(_ request: BackendRequest) async throws -> String {
        guard let accessor = try request.fields.string("secret_id_accessor"), !accessor.isEmpty else {
            throw CoreError.badRequest("missing secret_id_accessor")
        }
        // An accessor names a storage key; one that could not be stored names none.
        guard !accessor.utf8.contains(0) else { throw Self.unknownAccessor(accessor) }
        let key = try await store.secretIDKey(role: Self.roleName(request), accessor: accessor, in: request.storage)
        guard let key else { throw Self.unknownAccessor(accessor) }
        return key
    }

    private static func unknownAccessor(_ accessor: String) -> CoreError {
        CoreError(.notFound, ["failed to find accessor entry for secret_id_accessor: \"\(accessor)\""])
    }

    /// Secret ID metadata: a JSON object, or text holding one, of string values.
    static func metadata(_ value: JSONValue?) throws(CoreError) -> [String: String] {
        var object: [String: JSONValue]
        switch value {
        case nil, .null?, .string("")?: return [:]
        case .object(let members)?: object = members
        case .string(let text)?:
            guard let parsed = try? JSONValue(parsing: Array(text.utf8)).objectValue else {
                throw .badRequest("failed to parse metadata: it must be a JSON object of strings")
            }
            object = parsed
        default: throw .badRequest("failed to parse metadata: it must be a JSON object of strings")
        }
        var metadata: [String: String] = [:]
        for (key, member) in object {
            switch member {
            case .string(let text): metadata[key] = text
            case .int, .double, .bool: metadata[key] = String(decoding: member.serialized(), as: UTF8.self)
            default: throw .badRequest("failed to parse metadata: it must be a JSON object of strings")
            }
        }
        return metadata
    }
}
