import CofferCore

/// The fields of transit's paths, as the reference names and types them.
extension TransitBackend {
    enum Fields {
        static let name = FieldSpec("name", .string, "The key ring's name.")
        static let type = FieldSpec(
            "type", .string, "The key type: aes128-gcm96, aes256-gcm96, chacha20-poly1305, ed25519, ecdsa-p256, "
                + "ecdsa-p384, ecdsa-p521 or hmac.")
        static let derived = FieldSpec("derived", .bool, "Whether each request derives its key from a context.")
        static let convergent = FieldSpec(
            "convergent_encryption", .bool, "Whether equal plaintexts in one context encrypt equally; needs derived.")
        static let exportable = FieldSpec("exportable", .bool, "Whether the keys may be exported.")
        static let plaintextBackup = FieldSpec(
            "allow_plaintext_backup", .bool, "Whether a backup of the ring may hold its keys in plaintext.")
        static let keySize = FieldSpec("key_size", .int, "The size in bytes of an hmac key, 32 to 512.")
        static let autoRotatePeriod = FieldSpec(
            "auto_rotate_period", .duration, "How often the ring rotates by itself; 0 never, else at least an hour.")
        static let minDecryptionVersion = FieldSpec(
            "min_decryption_version", .int, "The oldest version that may still decrypt, verify or rewrap.")
        static let minEncryptionVersion = FieldSpec(
            "min_encryption_version", .int, "The oldest version that may encrypt or sign; 0 for the latest.")
        static let deletionAllowed = FieldSpec("deletion_allowed", .bool, "Whether the ring may be deleted.")
        static let minAvailableVersion = FieldSpec(
            "min_available_version", .int, "The oldest version to keep; older ones are removed for good.")
        static let plaintext = FieldSpec("plaintext", .string, "The base64 plaintext to encrypt.")
        static let ciphertext = FieldSpec("ciphertext", .string, "The ciphertext, vault:v<version>:<base64>.")
        static let context = FieldSpec("context", .string, "The base64 context a derived ring derives its key from.")
        static let keyVersion = FieldSpec("key_version", .int, "The version to use; the latest when not given.")
        static let batchInput = FieldSpec(
            "batch_input", .json, "A list of items, each with this path's fields, answered in batch_results.")
        static let bits = FieldSpec("bits", .int, "The data key's size in bits: 128, 256 or 512.", default: 256)
        static let input = FieldSpec("input", .string, "The base64 input.")
        static let algorithm = FieldSpec(
            "algorithm", .string, "The digest: sha2-224, sha2-256, sha2-384, sha2-512, sha3-… or sha1.")
        static let urlAlgorithm = FieldSpec("urlalgorithm", .string, "The digest, named in the path.")
        static let hashAlgorithm = FieldSpec("hash_algorithm", .string, "The digest signatures are made over.")
        static let marshaling = FieldSpec(
            "marshaling_algorithm", .string, "How an ECDSA signature is written: asn1 or jws.")
        static let signing = [
            name, input, keyVersion, context, algorithm, hashAlgorithm, marshaling,
            FieldSpec("prehashed", .bool, "Whether the input is already a digest; not supported."), batchInput,
        ]
        static let verifying = [
            name, input, context, algorithm, hashAlgorithm, marshaling,
            FieldSpec("signature", .string, "The signature to verify."),
            FieldSpec("hmac", .string, "The HMAC to verify."), batchInput,
        ]
        static let kind = FieldSpec("kind", .string, "What to export: encryption-key, signing-key or hmac-key.")
        static let version = FieldSpec("version", .string, "The version to export, or latest.")
        static let format = FieldSpec("format", .string, "The output's encoding: hex or base64.")
        static let random = [
            FieldSpec("bytes", .int, "How many random bytes.", default: 32), format,
        ]
        static let first = FieldSpec("first", .string, "A count of bytes, or a source.")
        static let source = FieldSpec("source", .string, "The source: platform, seal or all.")
        static let hashing = [input, algorithm, format]
    }
}
