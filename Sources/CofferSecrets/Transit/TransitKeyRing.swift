import CofferAPI
import CofferCore

/// A named transit key: its settings and every version still kept, as `transit/keys/<name>` shows.
///
/// Versions count from 1. `minDecryptionVersion` is the oldest version that may still decrypt,
/// sign-verify or HMAC-verify; `minEncryptionVersion` (0: the latest) the oldest that may encrypt;
/// versions below `minAvailableVersion` have been trimmed away for good.
struct TransitKeyRing: Sendable, Equatable {
    let name: String
    let type: TransitKeyType
    var derived = false
    var convergent = false
    var exportable = false
    var deletionAllowed = false
    var allowPlaintextBackup = false
    /// Seconds between automatic rotations; 0 turns them off.
    var autoRotatePeriod: Int64 = 0
    var minDecryptionVersion = 1
    var minEncryptionVersion = 0
    var minAvailableVersion = 0
    var latestVersion = 0
    /// The length of an `hmac` key ring's keys, in bytes.
    var hmacKeySize = 0
    var versions: [Int: TransitKeyVersion] = [:]

    /// The shortest automatic rotation period the API accepts.
    static let minimumAutoRotatePeriod: Int64 = 3600

    init(name: String, type: TransitKeyType) {
        self.name = name
        self.type = type
    }

    /// Adds a new latest version.
    mutating func rotate(at now: Timestamp) {
        latestVersion += 1
        versions[latestVersion] = TransitKeyVersion.generate(type, hmacKeySize: hmacKeySize, at: now)
    }

    /// Whether an automatic rotation is due at `now`.
    func rotationDue(at now: Timestamp) -> Bool {
        guard autoRotatePeriod > 0, let latest = versions[latestVersion] else { return false }
        return latest.created.adding(seconds: autoRotatePeriod) <= now
    }

    /// The version to encrypt, sign or HMAC with: `requested` (0 or nil: the latest), within bounds.
    func versionForWriting(_ requested: Int64?) throws(CoreError) -> (number: Int, key: TransitKeyVersion) {
        let number = Int(requested ?? 0) == 0 ? latestVersion : Int(requested ?? 0)
        guard number <= latestVersion else {
            throw .badRequest("requested version for encryption is higher than the latest key version")
        }
        guard number >= max(minEncryptionVersion, 1) else {
            throw .badRequest("requested version for encryption is less than the minimum encryption key version")
        }
        return (number, try version(number))
    }

    /// The version a ciphertext, signature or HMAC names, if policy still allows reading with it.
    func versionForReading(_ number: Int) throws(CoreError) -> TransitKeyVersion {
        guard number <= latestVersion else { throw .badRequest("invalid ciphertext: version is too new") }
        guard number >= minDecryptionVersion else {
            throw .badRequest("ciphertext or signature version is disallowed by policy (too old)")
        }
        return try version(number)
    }

    private func version(_ number: Int) throws(CoreError) -> TransitKeyVersion {
        guard let version = versions[number] else {
            throw .badRequest("key version \(number) of \"\(name)\" no longer exists; it was trimmed")
        }
        return version
    }

    /// The key read: settings and the versions that may still decrypt.
    func apiValue() throws(CoreError) -> [String: JSONValue] {
        var data: [String: JSONValue] = [
            "name": .string(name), "type": .string(type.rawValue), "derived": .bool(derived),
            "exportable": .bool(exportable), "deletion_allowed": .bool(deletionAllowed),
            "allow_plaintext_backup": .bool(allowPlaintextBackup), "auto_rotate_period": .int(autoRotatePeriod),
            "imported_key": false, "soft_deleted": false,
            "latest_version": .int(Int64(latestVersion)), "min_available_version": .int(Int64(minAvailableVersion)),
            "min_decryption_version": .int(Int64(minDecryptionVersion)),
            "min_encryption_version": .int(Int64(minEncryptionVersion)),
            "supports_encryption": .bool(type.supportsEncryption),
            "supports_decryption": .bool(type.supportsEncryption),
            "supports_signing": .bool(type.supportsSigning), "supports_derivation": .bool(type.supportsDerivation),
        ]
        if derived {
            data["kdf"] = "hkdf_sha256"
            data["convergent_encryption"] = .bool(convergent)
            if convergent { data["convergent_encryption_version"] = -1 }
        }
        if type == .hmac {
            data["key_size"] = .int(Int64(hmacKeySize))
            return data
        }
        var keys: [String: JSONValue] = [:]
        for (number, version) in versions where number >= minDecryptionVersion {
            if let curve = TransitCurve(type) {
                keys[String(number)] = [
                    "name": .string(type.curveName ?? ""), "creation_time": .string(version.created.rfc3339),
                    "public_key": .string(derived ? "" : try curve.publicKey(of: version.key)),
                    "certificate_chain": "",
                ]
            } else {
                keys[String(number)] = .int(version.created.nanoseconds / 1_000_000_000)
            }
        }
        data["keys"] = .object(keys)
        return data
    }
}
