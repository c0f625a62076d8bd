import CofferAPI
import Foundation

/// A token role: constraints and overrides that `auth/token/create/<role>` applies to new tokens.
struct TokenRole: Codable, Sendable, Equatable {
    var name: String
    var allowedPolicies: [String] = []
    var allowedPoliciesGlob: [String] = []
    var disallowedPolicies: [String] = []
    var disallowedPoliciesGlob: [String] = []
    var orphan = false
    var pathSuffix = ""
    var renewable = true
    var tokenPeriod: Int64 = 0
    var tokenExplicitMaxTTL: Int64 = 0
    var legacyPeriod: Int64 = 0
    var legacyExplicitMaxTTL: Int64 = 0
    var tokenNoDefaultPolicy = false
    var tokenType = "default-service"
    var tokenBoundCIDRs: [String] = []
    var legacyBoundCIDRs: [String] = []

    static let storagePrefix = "token/role/"

    /// The role's effective period and explicit max TTL (new or legacy field).
    var period: Int64 { tokenPeriod > 0 ? tokenPeriod : legacyPeriod }
    var explicitMaxTTL: Int64 { tokenExplicitMaxTTL > 0 ? tokenExplicitMaxTTL : legacyExplicitMaxTTL }

    /// Applies the role to a creation request; returns warnings for the client.
    /// True when the role names the policies its tokens may have; they then stand in for the
    /// parent's, which otherwise bound a child's.
    var limitsPolicies: Bool { !allowedPolicies.isEmpty || !allowedPoliciesGlob.isEmpty }

    /// A request that names no policies gets the role's allowed ones when the role names any
    /// (none but `default` for a role of globs only), else the parent's; either way the role's
    /// limits are checked, so a disallowed policy never comes from the parent unasked.
    func apply(to creation: inout TokenCreation, parentPolicies: [String]) throws(CoreError) -> [String] {
        var warnings: [String] = []
        creation.noDefaultPolicy = creation.noDefaultPolicy || tokenNoDefaultPolicy
        if creation.policies?.isEmpty ?? true { creation.policies = limitsPolicies ? allowedPolicies : parentPolicies }
        if creation.policies == [] && limitsPolicies {
            // A role of globs only: the token gets default alone, never the parent's policies.
            guard !creation.noDefaultPolicy else { throw .badRequest("token must have at least one policy") }
            creation.policies = ["default"]
        }
        if let requested = creation.policies {
            try check(policies: requested.map(Policy.canonicalForm), noDefault: creation.noDefaultPolicy)
        }
        creation.orphan = orphan
        if !renewable { creation.renewable = false }
        if period > 0 { creation.period = period }
        if explicitMaxTTL > 0 {
            if creation.explicitMaxTTL > 0 && creation.explicitMaxTTL != explicitMaxTTL {
                let lesser = min(creation.explicitMaxTTL, explicitMaxTTL)
                warnings.append(
                    "Explicit max TTL specified both during creation call and in role; using the lesser value of \(lesser) seconds"
                )
                creation.explicitMaxTTL = lesser
            } else {
                creation.explicitMaxTTL = explicitMaxTTL
            }
        }
        switch tokenType {
        case "service": creation.type = .service
        case "batch": creation.type = .batch
        default: break
        }
        creation.role = name
        if !tokenBoundCIDRs.isEmpty { creation.boundCIDRs = tokenBoundCIDRs }
        creation.path = "auth/token/create/\(name)" + (pathSuffix.isEmpty ? "" : "/\(pathSuffix)")
        return warnings
    }

    private func check(policies: [String], noDefault: Bool) throws(CoreError) {
        for policy in policies
        where disallowedPolicies.contains(policy) || disallowedPoliciesGlob.contains(where: { Self.glob($0, policy) }) {
            throw .badRequest("token policy \"\(policy)\" is disallowed by this role")
        }
        guard !allowedPolicies.isEmpty || !allowedPoliciesGlob.isEmpty else { return }
        let allowed = Set(allowedPolicies + (noDefault ? [] : ["default"]))
        let requested = policies + (noDefault ? [] : ["default"])
        for policy in requested
        where !allowed.contains(policy) && !allowedPoliciesGlob.contains(where: { Self.glob($0, policy) }) {
            throw .badRequest(
                "token policies (\(Self.quoted(Array(Set(requested)).sorted()))) must be subset of the role's allowed policies "
                    + "(\(Self.quoted(allowed.sorted()))) or glob policies (\(Self.quoted(allowedPoliciesGlob)))")
        }
    }

    /// `*` anywhere in `pattern` matches any run of characters.
    static func glob(_ pattern: String, _ name: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return pattern == name }
        guard name.hasBytePrefix(parts[0]), name.hasByteSuffix(parts[parts.count - 1]) else { return false }
        var rest = Substring(name.dropFirst(parts[0].count))
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.count >= parts[parts.count - 1].count
    }

    private static func quoted(_ names: [String]) -> String {
        "[" + names.map { "\"\($0)\"" }.joined(separator: " ") + "]"
    }

    static func load(_ name: String, from storage: any Storage) async throws(CoreError) -> TokenRole? {
        let bytes: [UInt8]?
        do { bytes = try await storage.get(storagePrefix + name) } catch {
            throw .internalError("failed to read a token role: \(error.message)")
        }
        guard let bytes, var role = try? JSONDecoder().decode(TokenRole.self, from: Data(bytes)) else { return nil }
        for duration in [\Self.tokenPeriod, \.tokenExplicitMaxTTL, \.legacyPeriod, \.legacyExplicitMaxTTL] {
            role[keyPath: duration] = BoundedDuration(clamping: role[keyPath: duration]).seconds
        }
        return role
    }
}
