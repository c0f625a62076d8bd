import CofferAPI
import Foundation

/// `sys/init`, `sys/seal-status`, `sys/unseal`, `sys/seal`.
extension SystemBackend {
    func initStatus(_ request: BackendRequest) async throws -> Response? {
        .raw(["initialized": .bool(try await core.sealStatus().initialized)])
    }

    func initialize(_ request: BackendRequest) async throws -> Response? {
        let fields = FieldReader(request.data)
        let shares: Int64
        let threshold: Int64
        do {
            shares = try fields.int("secret_shares") ?? 0
            threshold = try fields.int("secret_threshold") ?? 0
        } catch {
            throw CoreError.badRequest("failed to decode JSON input: \(error.description)")
        }
        let result = try await core.initialize(shares: Int(clamping: shares), threshold: Int(clamping: threshold))
        return .raw([
            "keys": .array(result.shares.map { .string(Hex.encode($0)) }),
            "keys_base64": .array(result.shares.map { .string(Data($0).base64EncodedString()) }),
            "root_token": .string(result.rootToken),
        ])
    }

    func sealStatus(_ request: BackendRequest) async throws -> Response? {
        .raw(try await statusBody())
    }

    func unseal(_ request: BackendRequest) async throws -> Response? {
        let fields = FieldReader(request.data)
        if try fields.bool("reset") == true {
            await core.resetUnseal()
            return .raw(try await statusBody())
        }
        guard let keyText = try fields.string("key"), !keyText.isEmpty else {
            throw CoreError.badRequest("'key' must be specified in request body as JSON, or 'reset' set to true")
        }
        guard let key = Hex.decode(keyText) ?? Data(base64Encoded: keyText).map(Array.init) else {
            throw CoreError.badRequest("'key' must be a valid hex or base64 string")
        }
        if core.isUnsealed { return .raw(try await statusBody()) }
        guard key.count >= 16 else { throw CoreError.badRequest("invalid key: key is shorter than minimum 16 bytes") }
        _ = try await core.unseal(share: key)
        return .raw(try await statusBody())
    }

    func seal(_ request: BackendRequest) async throws -> Response? {
        guard core.isUnsealed else { return nil }
        let caller = try await core.authenticate(request.original)
        try await core.authorize(caller, operation: .update, path: "sys/seal", data: [:], sudo: true)
        await core.seal()
        return nil
    }

    private func statusBody() async throws(CoreError) -> [String: JSONValue] {
        let status = try await core.sealStatus()
        var body: [String: JSONValue] = [
            "type": "shamir",
            "initialized": .bool(status.initialized),
            "sealed": .bool(status.sealed),
            "t": .int(Int64(status.threshold)),
            "n": .int(Int64(status.shares)),
            "progress": .int(Int64(status.progress)),
            "nonce": .string(status.nonce),
            "recovery_seal": false,
            "version": .string(CofferVersion.current),
            "commit_date": .string(CofferVersion.releaseDate),
            "migration": false,
            "storage_type": .string(core.config.storageType),
        ]
        if !status.sealed {
            body["cluster_name"] = .string(core.config.clusterName)
            body["cluster_id"] = .string(core.clusterID.withLock { $0 })
        }
        return body
    }
}
