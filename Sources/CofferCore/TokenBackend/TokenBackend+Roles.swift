import CofferAPI
import Foundation

/// `auth/token/roles` and `auth/token/roles/<name>`.
extension TokenBackend {
    func listRoles(_ request: BackendRequest) async throws -> Response? {
        let names = try await request.storage.list(prefix: TokenRole.storagePrefix)
        if names.isEmpty { throw CoreError.notFoundEmpty }
        return Response(data: ["keys": .array(names.map { .string($0) })])
    }

    func readRole(_ request: BackendRequest) async throws -> Response? {
        guard let role = try await TokenRole.load(request.capture("role_name"), from: request.storage) else {
            throw CoreError.notFoundEmpty
        }
        return Response(data: role.apiValue)
    }

    func writeRole(_ request: BackendRequest) async throws -> Response? {
        let name = request.capture("role_name")
        var role = try await TokenRole.load(name, from: request.storage) ?? TokenRole(name: name)
        try role.update(from: request.fields)
        try await request.storage.put(TokenRole.storagePrefix + name, Array(JSONEncoder().encode(role)))
        return nil
    }

    func deleteRole(_ request: BackendRequest) async throws -> Response? {
        try await request.storage.delete(TokenRole.storagePrefix + request.capture("role_name"))
        return nil
    }
}

extension TokenRole {
    /// The fields of a role write. None has a default: a write keeps what it does not give.
    static let fields = [
        FieldSpec("allowed_policies", .commaStringSlice, "Policies tokens from the role may have."),
        FieldSpec("allowed_policies_glob", .commaStringSlice, "Glob patterns of the policies tokens may have."),
        FieldSpec("disallowed_policies", .commaStringSlice, "Policies tokens from the role may not have."),
        FieldSpec("disallowed_policies_glob", .commaStringSlice, "Glob patterns of policies tokens may not have."),
        FieldSpec("orphan", .bool, "Whether tokens from the role are orphans."),
        FieldSpec("path_suffix", .string, "A suffix for the tokens' path, so they can be revoked by prefix."),
        FieldSpec("renewable", .bool, "Whether tokens from the role may be renewed (true when never set)."),
        FieldSpec("token_period", .duration, "Makes the tokens periodic, with this period."),
        FieldSpec("period", .duration, "The period, under its old name."),
        FieldSpec("token_explicit_max_ttl", .duration, "The hard end of the tokens' life."),
        FieldSpec("explicit_max_ttl", .duration, "The hard end of the tokens' life, under its old name."),
        FieldSpec("token_no_default_policy", .bool, "Whether to leave out the default policy."),
        FieldSpec("token_bound_cidrs", .commaStringSlice, "The networks the tokens may be used from."),
        FieldSpec("bound_cidrs", .commaStringSlice, "The networks the tokens may be used from, under the old name."),
        FieldSpec(
            "token_type", .string,
            "\"service\", \"batch\", \"default-service\" or \"default-batch\" (the first when never set)."),
    ]

    /// Applies the fields present in a write; absent fields keep their values.
    mutating func update(from fields: FieldValues) throws(CoreError) {
        allowedPolicies = try fields.strings("allowed_policies").map(Self.normalize) ?? allowedPolicies
        allowedPoliciesGlob = try fields.strings("allowed_policies_glob").map(Self.normalize) ?? allowedPoliciesGlob
        disallowedPolicies = try fields.strings("disallowed_policies").map(Self.normalize) ?? disallowedPolicies
        disallowedPoliciesGlob =
            try fields.strings("disallowed_policies_glob").map(Self.normalize) ?? disallowedPoliciesGlob
        orphan = try fields.bool("orphan") ?? orphan
        pathSuffix = try fields.string("path_suffix") ?? pathSuffix
        if !pathSuffix.isEmpty, !Self.isValidPathSuffix(pathSuffix) {
            throw .badRequest("given role path suffix contains invalid characters; must match \\w[\\w-.]+\\w")
        }
        renewable = try fields.bool("renewable") ?? renewable
        tokenPeriod = try fields.duration("token_period") ?? tokenPeriod
        legacyPeriod = try fields.duration("period") ?? legacyPeriod
        tokenExplicitMaxTTL = try fields.duration("token_explicit_max_ttl") ?? tokenExplicitMaxTTL
        legacyExplicitMaxTTL = try fields.duration("explicit_max_ttl") ?? legacyExplicitMaxTTL
        tokenNoDefaultPolicy = try fields.bool("token_no_default_policy") ?? tokenNoDefaultPolicy
        tokenBoundCIDRs = try fields.strings("token_bound_cidrs") ?? tokenBoundCIDRs
        if let invalid = tokenBoundCIDRs.first(where: { CIDRBlock($0) == nil }) {
            throw .badRequest("invalid CIDR block \"\(invalid)\" in token_bound_cidrs")
        }
        if let legacy = try fields.strings("bound_cidrs") {
            if let invalid = legacy.first(where: { CIDRBlock($0) == nil }) {
                throw .badRequest("invalid CIDR block \"\(invalid)\" in bound_cidrs")
            }
            legacyBoundCIDRs = legacy
            tokenBoundCIDRs = legacy
        }
        if let type = try fields.string("token_type") {
            guard ["service", "batch", "default-service", "default-batch"].contains(type) else {
                throw .badRequest("invalid 'token_type' value \"\(type)\"")
            }
            tokenType = type
        }
        if tokenType == "batch" && !orphan {
            throw .badRequest("'token_type' cannot be 'batch' when role is set to generate non-orphan tokens")
        }
    }

    /// A word character, then word characters, `-` or `.`, then a word character, as the reference
    /// requires: no slash, so a suffix cannot climb out of the role's token path.
    static func isValidPathSuffix(_ suffix: String) -> Bool {
        let bytes = Array(suffix.utf8)
        func isWord(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
        }
        guard bytes.count >= 3, let first = bytes.first, let last = bytes.last, isWord(first), isWord(last) else {
            return false
        }
        return bytes.dropFirst().dropLast().allSatisfy { isWord($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func normalize(_ names: [String]) -> [String] {
        Array(Set(names.map { $0.lowercased() })).sorted()
    }

    /// The role as `auth/token/roles/<name>` reads it.
    var apiValue: [String: JSONValue] {
        func strings(_ list: [String]) -> JSONValue { .array(list.map { .string($0) }) }
        var value: [String: JSONValue] = [
            "name": .string(name),
            "allowed_entity_aliases": .null,
            "allowed_policies": strings(allowedPolicies),
            "allowed_policies_glob": strings(allowedPoliciesGlob),
            "disallowed_policies": strings(disallowedPolicies),
            "disallowed_policies_glob": strings(disallowedPoliciesGlob),
            "orphan": .bool(orphan),
            "path_suffix": .string(pathSuffix),
            "renewable": .bool(renewable),
            "period": .int(legacyPeriod),
            "explicit_max_ttl": .int(legacyExplicitMaxTTL),
            "token_period": .int(period),
            "token_explicit_max_ttl": .int(explicitMaxTTL),
            "token_no_default_policy": .bool(tokenNoDefaultPolicy),
            "token_type": .string(tokenType),
        ]
        if !tokenBoundCIDRs.isEmpty {
            value["token_bound_cidrs"] = strings(
                tokenBoundCIDRs.map { $0.hasByteSuffix("/32") ? String($0.dropLast(3)) : $0 })
        }
        if !legacyBoundCIDRs.isEmpty { value["bound_cidrs"] = strings(legacyBoundCIDRs) }
        return value
    }
}
