import CofferAPI
import CofferCore
import Foundation

/// `encrypt`, `decrypt`, `rewrap` and `datakey`: the symmetric key rings' work.
extension TransitBackend {
    func encrypt(_ request: BackendRequest) async throws -> Response? {
        let members = try TransitFields.Members(request)
        let ring = try await encryptionRing(request, members)
        return try TransitFields.perItem(members) { fields in
            guard let plaintext = try fields.bytes("plaintext") else {
                throw CoreError.badRequest("missing plaintext to encrypt")
            }
            return try Self.seal(plaintext, ring, fields)
        }
    }

    func decrypt(_ request: BackendRequest) async throws -> Response? {
        let ring = try await ring(request, missing: "encryption key not found")
        try Self.requireEncryption(ring, "decryption")
        return try TransitFields.perItem(request, errorFields: ["plaintext": ""]) { fields in
            let plaintext = try Self.open(ring, fields)
            return ["plaintext": .string(Data(plaintext).base64EncodedString())]
        }
    }

    func rewrap(_ request: BackendRequest) async throws -> Response? {
        let ring = try await ring(request, missing: "encryption key not found")
        try Self.requireEncryption(ring, "encryption")
        return try TransitFields.perItem(request) { fields in
            try Self.seal(try Self.open(ring, fields), ring, fields)
        }
    }

    func dataKey(_ request: BackendRequest, includePlaintext: Bool) async throws -> Response? {
        let ring = try await ring(request, missing: "encryption key not found")
        try Self.requireEncryption(ring, "encryption")
        let fields = TransitFields(request.fields)
        let bits = try fields.int("bits") ?? 256
        guard [128, 256, 512].contains(bits) else { throw CoreError.badRequest("invalid bit length") }
        let key = SecureRandom.bytes(Int(bits) / 8)
        var data = try Self.seal(key, ring, fields)
        if includePlaintext { data["plaintext"] = .string(Data(key).base64EncodedString()) }
        return Response(data: data)
    }

    /// The ring to encrypt with. A missing one is made from the request's `type`, `derived` (implied
    /// by a `context`) and `convergent_encryption`: the path's existence check has already made the
    /// policy check ask for `create` on a missing ring, so a caller that got here may create it.
    private func encryptionRing(_ request: BackendRequest, _ members: TransitFields.Members) async throws
        -> TransitKeyRing
    {
        let name = request.capture("name")
        if let ring = try await keys.ringForUse(name, in: request.storage, now: now()) {
            try Self.requireEncryption(ring, "encryption")
            return ring
        }
        let fields = TransitFields(request.fields)
        let typeName = try fields.string("type") ?? ""
        let derived = try fields.context() != nil || members.first?.context() != nil
        let made = try newRing(
            name, typeName: typeName.isEmpty ? TransitKeyType.aes256GCM96.rawValue : typeName, fields: fields,
            derived: derived)
        try Self.requireEncryption(made, "encryption")
        let ring = try await keys.change(name, in: request.storage) { ring in
            if ring == nil { ring = made }
        }
        guard let ring else { throw CoreError.badRequest("encryption key not found") }
        return ring
    }

    private static func requireEncryption(_ ring: TransitKeyRing, _ operation: String) throws(CoreError) {
        guard ring.type.supportsEncryption else {
            throw .badRequest("message \(operation) not supported for key type \(ring.type.rawValue)")
        }
    }

    /// `{ciphertext, key_version}` for `plaintext` under the requested (or latest) version.
    private static func seal(_ plaintext: [UInt8], _ ring: TransitKeyRing, _ fields: TransitFields) throws(CoreError)
        -> [String: JSONValue]
    {
        let (number, version) = try ring.versionForWriting(try fields.int("key_version"))
        let cipher = try TransitCipher(ring, version, context: try fields.context())
        let ciphertext = TransitCiphertext(version: number, bytes: try cipher.encrypt(plaintext))
        return ["ciphertext": .string(ciphertext.text()), "key_version": .int(Int64(number))]
    }

    /// The plaintext of the request's `ciphertext`.
    private static func open(_ ring: TransitKeyRing, _ fields: TransitFields) throws(CoreError) -> [UInt8] {
        guard let text = try fields.string("ciphertext"), !text.isEmpty else {
            throw .badRequest("missing ciphertext to decrypt")
        }
        let ciphertext = try TransitCiphertext(parsing: text, kind: "ciphertext")
        let version = try ring.versionForReading(ciphertext.version)
        return try TransitCipher(ring, version, context: try fields.context()).decrypt(ciphertext.bytes)
    }
}
