import CofferAPI
import CofferCore

/// `keys/…`: creating, reading, listing, configuring, rotating, trimming and deleting key rings.
extension TransitBackend {
    func listKeys(_ request: BackendRequest) async throws -> Response? {
        try await JSONObjectPaths.list(TransitKeyStore.prefix, in: request.storage)
    }

    func readKey(_ request: BackendRequest) async throws -> Response? {
        guard let ring = try await keys.ring(request.capture("name"), in: request.storage) else {
            throw CoreError.notFoundEmpty
        }
        return Response(data: try ring.apiValue())
    }

    /// Creates the ring unless it exists; either way answers with the ring as it now is.
    func createKey(_ request: BackendRequest) async throws -> Response? {
        let name = request.capture("name")
        if let existing = try await keys.ring(name, in: request.storage) {
            return Response(data: try existing.apiValue())
        }
        let fields = TransitFields(request.fields)
        let typeName = try fields.string("type") ?? ""
        let made = try newRing(
            name, typeName: typeName.isEmpty ? TransitKeyType.aes256GCM96.rawValue : typeName, fields: fields,
            derived: try fields.bool("derived") ?? false)
        let ring = try await keys.change(name, in: request.storage) { ring in
            if ring == nil { ring = made }
        }
        return Response(data: try ring?.apiValue())
    }

    /// A new ring with its first version, from the creation fields; also used by encrypt's upsert.
    func newRing(_ name: String, typeName: String, fields: TransitFields, derived: Bool) throws(CoreError)
        -> TransitKeyRing
    {
        guard let type = TransitKeyType(rawValue: typeName) else { throw .badRequest("unknown key type \(typeName)") }
        var ring = TransitKeyRing(name: name, type: type)
        ring.derived = derived
        ring.convergent = try fields.bool("convergent_encryption") ?? false
        if ring.convergent && !derived { throw .badRequest("convergent encryption requires derivation to be enabled") }
        if derived && !type.supportsDerivation || ring.convergent && !type.isSymmetric {
            throw .badRequest("key derivation and convergent encryption not supported for keys of type \(typeName)")
        }
        ring.exportable = try fields.declaredBool("exportable") ?? false
        ring.allowPlaintextBackup = try fields.declaredBool("allow_plaintext_backup") ?? false
        ring.autoRotatePeriod = try Self.autoRotatePeriod(fields) ?? 0
        if type == .hmac {
            let size = try fields.declaredInt("key_size") ?? 0
            guard (32...512).contains(size) else {
                throw .badRequest("invalid key size for HMAC key, must be between 32 and 512 bytes")
            }
            ring.hmacKeySize = Int(size)
        }
        ring.rotate(at: now())
        return ring
    }

    func deleteKey(_ request: BackendRequest) async throws -> Response? {
        let name = request.capture("name")
        try await keys.change(name, in: request.storage) { ring throws(CoreError) in
            guard let existing = ring else {
                throw .badRequest("error deleting policy \(name): could not delete key; not found")
            }
            guard existing.deletionAllowed else {
                throw .badRequest("error deleting policy \(name): deletion is not allowed for this key")
            }
            ring = nil
        }
        return nil
    }

    func configureKey(_ request: BackendRequest) async throws -> Response? {
        let name = request.capture("name")
        let fields = TransitFields(request.fields)
        var warnings: [String] = []
        let ring = try await keys.change(name, in: request.storage) { ring throws(CoreError) in
            guard var changed = ring else { throw .badRequest("no existing key named \(name) could be found") }
            warnings = try Self.configure(&changed, fields)
            ring = changed
        }
        return Response(data: try ring?.apiValue(), warnings: warnings)
    }

    /// Applies `keys/<name>/config` fields to `ring`; returns warnings.
    private static func configure(_ ring: inout TransitKeyRing, _ fields: TransitFields) throws(CoreError) -> [String] {
        var warnings: [String] = []
        if var minimum = try fields.int("min_decryption_version") {
            guard minimum >= 0 else { throw .badRequest("min decryption version cannot be negative") }
            if minimum == 0 {
                minimum = 1
                warnings.append("transit key versions are numbered from 1; the minimum decryption version is set to 1")
            }
            guard minimum <= ring.latestVersion else {
                throw .badRequest(
                    "cannot set min decryption version of \(minimum), latest key version is \(ring.latestVersion)")
            }
            guard minimum >= ring.minAvailableVersion else {
                throw .badRequest(
                    "cannot set min decryption version of \(minimum) below the min available version \(ring.minAvailableVersion)"
                )
            }
            ring.minDecryptionVersion = Int(minimum)
        }
        if let minimum = try fields.int("min_encryption_version") {
            guard minimum >= 0 else { throw .badRequest("min encryption version cannot be negative") }
            guard minimum <= ring.latestVersion else {
                throw .badRequest(
                    "cannot set min encryption version of \(minimum), latest key version is \(ring.latestVersion)")
            }
            ring.minEncryptionVersion = Int(minimum)
        }
        if ring.minEncryptionVersion > 0 && ring.minEncryptionVersion < ring.minDecryptionVersion {
            throw .badRequest(
                "cannot set min encryption/decryption values; min encryption version of \(ring.minEncryptionVersion) must be greater than or equal to min decryption version of \(ring.minDecryptionVersion)"
            )
        }
        if let allowed = try fields.bool("deletion_allowed") { ring.deletionAllowed = allowed }
        if let exportable = try fields.bool("exportable") {
            if exportable {
                ring.exportable = true
            } else if ring.exportable {
                warnings.append("export cannot be turned off for a key that has it on; the key stays exportable")
            }
        }
        if let backup = try fields.bool("allow_plaintext_backup") {
            if backup {
                ring.allowPlaintextBackup = true
            } else if ring.allowPlaintextBackup {
                warnings.append("plaintext backup cannot be turned off for a key that has it on")
            }
        }
        if let period = try autoRotatePeriod(fields) { ring.autoRotatePeriod = period }
        return warnings
    }

    private static func autoRotatePeriod(_ fields: TransitFields) throws(CoreError) -> Int64? {
        guard let period = try fields.declaredDuration("auto_rotate_period") else { return nil }
        guard period == 0 || period >= TransitKeyRing.minimumAutoRotatePeriod else {
            throw .badRequest("auto rotate period must be 0 to disable or at least an hour")
        }
        return period
    }

    func rotateKey(_ request: BackendRequest) async throws -> Response? {
        let at = now()
        let ring = try await keys.change(request.capture("name"), in: request.storage) { ring throws(CoreError) in
            guard ring != nil else { throw .badRequest("key not found") }
            ring?.rotate(at: at)
        }
        return Response(data: try ring?.apiValue())
    }

    func trimKey(_ request: BackendRequest) async throws -> Response? {
        let name = request.capture("name")
        let minimum = try request.fields.int("min_available_version")
        let ring = try await keys.change(name, in: request.storage) { ring throws(CoreError) in
            guard var trimmed = ring else { throw .badRequest("invalid key name \"\(name)\"; key not found") }
            guard let minimum else { throw .badRequest("missing min_available_version") }
            guard trimmed.minEncryptionVersion > 0 else {
                throw .badRequest("minimum available version cannot be set when minimum encryption version is not set")
            }
            guard minimum > 0 else { throw .badRequest("minimum available version should be positive") }
            guard minimum <= trimmed.minDecryptionVersion else {
                throw .badRequest("minimum available version should not be greater than minimum decryption version")
            }
            guard minimum <= trimmed.minEncryptionVersion else {
                throw .badRequest("minimum available version should not be greater than minimum encryption version")
            }
            guard minimum >= trimmed.minAvailableVersion else {
                throw .badRequest("minimum available version cannot be decremented")
            }
            trimmed.minAvailableVersion = Int(minimum)
            trimmed.versions = trimmed.versions.filter { $0.key >= minimum }
            ring = trimmed
        }
        return Response(data: try ring?.apiValue())
    }
}
