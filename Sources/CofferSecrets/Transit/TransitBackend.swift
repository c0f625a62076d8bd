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
        [
            PathSpec("keys", help: "List the key rings.").on(.list, handler: listKeys),
            PathSpec("keys/{name}", help: "Create, read and delete a key ring.")
                .on(.create, .update, handler: createKey)
                .on(.read, handler: readKey)
                .on(.delete, handler: deleteKey),
            PathSpec("keys/{name}/config", help: "Configure a key ring.").on(.update, handler: configureKey),
            PathSpec("keys/{name}/rotate", help: "Add a new version to a key ring.").on(.update, handler: rotateKey),
            PathSpec("keys/{name}/trim", help: "Remove old versions for good.").on(.update, handler: trimKey),
            PathSpec("encrypt/{name}", help: "Encrypt base64 plaintext; creates the key ring if needed.")
                .on(.create, .update, handler: encrypt)
                .exists(ringExists),
            PathSpec("decrypt/{name}", help: "Decrypt a ciphertext.").on(.update, handler: decrypt),
            PathSpec("rewrap/{name}", help: "Re-encrypt a ciphertext with the latest version.")
                .on(.update, handler: rewrap),
            PathSpec("datakey/plaintext/{name}", help: "Generate a data key, returned also in plaintext.")
                .on(.update) { try await dataKey($0, includePlaintext: true) },
            PathSpec("datakey/wrapped/{name}", help: "Generate a data key, returned only encrypted.")
                .on(.update) { try await dataKey($0, includePlaintext: false) },
            PathSpec("hmac/{name}", help: "HMAC the input with a key ring.").on(.update, handler: hmac),
            PathSpec("hmac/{name}/{algorithm}", help: "HMAC the input with the named digest.")
                .on(.update, handler: hmac),
            PathSpec("sign/{name}", help: "Sign the input.").on(.update, handler: sign),
            PathSpec("sign/{name}/{algorithm}", help: "Sign the input's named digest.").on(.update, handler: sign),
            PathSpec("verify/{name}", help: "Verify a signature or HMAC.").on(.update, handler: verify),
            PathSpec("verify/{name}/{algorithm}", help: "Verify a signature or HMAC made with the named digest.")
                .on(.update, handler: verify),
            PathSpec("export/{kind}/{name}", help: "Export every version of an exportable key ring.")
                .on(.read, handler: export),
            PathSpec("export/{kind}/{name}/{version}", help: "Export one version of an exportable key ring.")
                .on(.read, handler: export),
            PathSpec("random", help: "Random bytes.").on(.update, handler: random),
            PathSpec("random/{first}", help: "Random bytes: a count or a source.").on(.update, handler: random),
            PathSpec("random/{source}/{bytes}", help: "Random bytes from a source.").on(.update, handler: random),
            PathSpec("hash", help: "The SHA-256 digest of the input.").on(.update, handler: hash),
            PathSpec("hash/{algorithm}", help: "The named digest of the input.").on(.update, handler: hash),
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
