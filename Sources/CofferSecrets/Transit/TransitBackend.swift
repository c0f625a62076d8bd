import CofferAPI
import CofferCore

/// The transit engine: encryption as a service. Named key rings encrypt, decrypt, rewrap, sign,
/// verify and HMAC data that is never stored; the keys themselves never leave the server unless
/// a ring is made exportable.
///
/// Storage layout, inside the mount's own view: `policy/<name>`, one key ring (`TransitKeyRing`).
struct TransitBackend: Backend {
    let keys = TransitKeyStore()
    /// The clock that stamps key versions and decides when an automatic rotation is due.
    let now: @Sendable () -> Timestamp

    init(now: @escaping @Sendable () -> Timestamp = Timestamp.now) {
        self.now = now
    }

    let summary = "Encryption as a service: named key rings encrypt, decrypt, sign, verify and HMAC data that\nthe engine never stores."

    var paths: [PathSpec] {
        let name = Fields.name
        return [
            PathSpec("keys", help: "List the key rings.").on(.list, handler: listKeys).fields(),
            PathSpec("keys/{name}", help: "Create, read and delete a key ring.")
                .on(.create, .update, handler: createKey)
                .on(.read, handler: readKey)
                .on(.delete, handler: deleteKey)
                .fields(
                    name, Fields.type, Fields.derived, Fields.convergent, Fields.exportable, Fields.plaintextBackup,
                    Fields.keySize, Fields.autoRotatePeriod),
            PathSpec("keys/{name}/config", help: "Configure a key ring.").on(.update, handler: configureKey)
                .fields(
                    name, Fields.minDecryptionVersion, Fields.minEncryptionVersion, Fields.deletionAllowed,
                    Fields.exportable, Fields.plaintextBackup, Fields.autoRotatePeriod),
            PathSpec("keys/{name}/rotate", help: "Add a new version to a key ring.").on(.update, handler: rotateKey)
                .fields(name),
            PathSpec("keys/{name}/trim", help: "Remove old versions for good.").on(.update, handler: trimKey)
                .fields(name, Fields.minAvailableVersion),
            PathSpec("encrypt/{name}", help: "Encrypt base64 plaintext; creates the key ring if needed.")
                .on(.create, .update, handler: encrypt)
                .exists(ringExists)
                .fields(
                    name, Fields.plaintext, Fields.context, Fields.keyVersion, Fields.type, Fields.convergent,
                    Fields.batchInput),
            PathSpec("decrypt/{name}", help: "Decrypt a ciphertext.").on(.update, handler: decrypt)
                .fields(name, Fields.ciphertext, Fields.context, Fields.batchInput),
            PathSpec("rewrap/{name}", help: "Re-encrypt a ciphertext with the latest version.")
                .on(.update, handler: rewrap)
                .fields(name, Fields.ciphertext, Fields.context, Fields.keyVersion, Fields.batchInput),
            PathSpec("datakey/plaintext/{name}", help: "Generate a data key, returned also in plaintext.")
                .on(.update) { try await dataKey($0, includePlaintext: true) }
                .fields(name, Fields.context, Fields.keyVersion, Fields.bits),
            PathSpec("datakey/wrapped/{name}", help: "Generate a data key, returned only encrypted.")
                .on(.update) { try await dataKey($0, includePlaintext: false) }
                .fields(name, Fields.context, Fields.keyVersion, Fields.bits),
            PathSpec("hmac/{name}", help: "HMAC the input with a key ring.").on(.update, handler: hmac)
                .fields(name, Fields.input, Fields.keyVersion, Fields.algorithm, Fields.batchInput),
            PathSpec("hmac/{name}/{urlalgorithm}", help: "HMAC the input with the named digest.")
                .on(.update, handler: hmac)
                .fields(name, Fields.urlAlgorithm, Fields.input, Fields.keyVersion, Fields.algorithm, Fields.batchInput),
            PathSpec("sign/{name}", help: "Sign the input.").on(.update, handler: sign).fields(Fields.signing),
            PathSpec("sign/{name}/{urlalgorithm}", help: "Sign the input's named digest.").on(.update, handler: sign)
                .fields(Fields.signing + [Fields.urlAlgorithm]),
            PathSpec("verify/{name}", help: "Verify a signature or HMAC.").on(.update, handler: verify)
                .fields(Fields.verifying),
            PathSpec("verify/{name}/{urlalgorithm}", help: "Verify a signature or HMAC made with the named digest.")
                .on(.update, handler: verify)
                .fields(Fields.verifying + [Fields.urlAlgorithm]),
            PathSpec("export/{kind}/{name}", help: "Export every version of an exportable key ring.")
                .on(.read, handler: export).fields(name, Fields.kind),
            PathSpec("export/{kind}/{name}/{version}", help: "Export one version of an exportable key ring.")
                .on(.read, handler: export).fields(name, Fields.kind, Fields.version),
            PathSpec("random", help: "Random bytes.").on(.update, handler: random).fields(Fields.random),
            PathSpec("random/{first}", help: "Random bytes: a count or a source.").on(.update, handler: random)
                .fields(Fields.random + [Fields.first]),
            PathSpec("random/{source}/{bytes}", help: "Random bytes from a source.").on(.update, handler: random)
                .fields(Fields.random + [Fields.source]),
            PathSpec("hash", help: "The SHA-256 digest of the input.").on(.update, handler: hash).fields(Fields.hashing),
            PathSpec("hash/{urlalgorithm}", help: "The named digest of the input.").on(.update, handler: hash)
                .fields(Fields.hashing + [Fields.urlAlgorithm]),
        ]
    }

    private func ringExists(_ request: BackendRequest) async throws -> Bool {
        try await keys.ring(request.capture("name"), in: request.storage) != nil
    }

    /// The ring a request names, rotated first if an automatic rotation is due; `missing` is the
    /// error when there is none.
    func ring(_ request: BackendRequest, missing: String) async throws -> TransitKeyRing {
        guard let ring = try await keys.ringForUse(request.capture("name"), in: request.storage, now: now()) else {
            throw CoreError.badRequest(missing)
        }
        return ring
    }
}
