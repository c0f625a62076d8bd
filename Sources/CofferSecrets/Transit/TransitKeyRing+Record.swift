import CofferAPI
import CofferCore
import Foundation

/// How a key ring is stored: one JSON object per ring at `policy/<name>`, key material in base64.
/// The storage below the mount is already encrypted by the barrier.
extension TransitKeyRing {
    func record() -> [UInt8] {
        var versionRecords: [String: JSONValue] = [:]
        for (number, version) in versions {
            versionRecords[String(number)] = [
                "key": .string(Data(version.key).base64EncodedString()),
                "hmac_key": .string(Data(version.hmacKey).base64EncodedString()),
                "created": .int(version.created.nanoseconds),
            ]
        }
        let record: JSONValue = [
            "name": .string(name), "type": .string(type.rawValue), "derived": .bool(derived),
            "convergent": .bool(convergent), "exportable": .bool(exportable),
            "deletion_allowed": .bool(deletionAllowed), "allow_plaintext_backup": .bool(allowPlaintextBackup),
            "auto_rotate_period": .int(autoRotatePeriod), "min_decryption_version": .int(Int64(minDecryptionVersion)),
            "min_encryption_version": .int(Int64(minEncryptionVersion)),
            "min_available_version": .int(Int64(minAvailableVersion)), "latest_version": .int(Int64(latestVersion)),
            "hmac_key_size": .int(Int64(hmacKeySize)), "versions": .object(versionRecords),
        ]
        return record.serialized()
    }

    init(record bytes: [UInt8]) throws(CoreError) {
        let damaged = CoreError.internalError("a stored transit key is damaged")
        guard let record = try? JSONValue(parsing: bytes).objectValue,
            let name = record["name"]?.stringValue,
            let type = record["type"]?.stringValue.flatMap(TransitKeyType.init(rawValue:)),
            let versions = record["versions"]?.objectValue
        else { throw damaged }
        self.init(name: name, type: type)
        derived = record["derived"]?.boolValue ?? false
        convergent = record["convergent"]?.boolValue ?? false
        exportable = record["exportable"]?.boolValue ?? false
        deletionAllowed = record["deletion_allowed"]?.boolValue ?? false
        allowPlaintextBackup = record["allow_plaintext_backup"]?.boolValue ?? false
        autoRotatePeriod = BoundedDuration(stored: record["auto_rotate_period"]).seconds
        minDecryptionVersion = Int(record["min_decryption_version"]?.intValue ?? 1)
        minEncryptionVersion = Int(record["min_encryption_version"]?.intValue ?? 0)
        minAvailableVersion = Int(record["min_available_version"]?.intValue ?? 0)
        latestVersion = Int(record["latest_version"]?.intValue ?? 0)
        hmacKeySize = Int(record["hmac_key_size"]?.intValue ?? 0)
        for (number, value) in versions {
            guard let number = Int(number), let fields = value.objectValue,
                let key = fields["key"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
                let hmacKey = fields["hmac_key"]?.stringValue.flatMap({ Data(base64Encoded: $0) }),
                let created = fields["created"]?.intValue
            else { throw damaged }
            self.versions[number] = TransitKeyVersion(
                key: [UInt8](key), hmacKey: [UInt8](hmacKey), created: Timestamp(nanoseconds: created))
        }
    }
}
