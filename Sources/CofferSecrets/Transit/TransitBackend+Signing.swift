import CofferAPI
import CofferCore
import Foundation

/// `hmac`, `sign` and `verify`.
extension TransitBackend {
    func hmac(_ request: BackendRequest) async throws -> Response? {
        let ring = try await ring(request, missing: "encryption key not found")
        return try TransitFields.perItem(request) { fields in
            guard let input = try fields.bytes("input") else { throw CoreError.badRequest("missing input for HMAC") }
            let algorithm = try Self.algorithm(request, fields, field: "algorithm")
            let (number, version) = try ring.versionForWriting(try fields.int("key_version"))
            let code = algorithm.authenticationCode(input, key: Self.hmacKey(ring, version))
            return ["hmac": .string(TransitCiphertext(version: number, bytes: code).text())]
        }
    }

    func sign(_ request: BackendRequest) async throws -> Response? {
        let ring = try await ring(request, missing: "signing key not found")
        guard let curve = TransitCurve(ring.type) else {
            throw CoreError.badRequest("key type \(ring.type.rawValue) does not support signing")
        }
        return try TransitFields.perItem(request) { fields in
            if try fields.bool("prehashed") == true {
                throw CoreError.badRequest("prehashed input is not supported; send the input itself")
            }
            let input = try fields.bytes("input") ?? []
            let marshaling = try Self.marshaling(fields)
            let (number, version) = try ring.versionForWriting(try fields.int("key_version"))
            let key = try TransitCipher.keyMaterial(ring, version.key, context: try fields.context())
            let signature = try curve.sign(
                input, privateKey: key, hash: try Self.algorithm(request, fields, field: "hash_algorithm"),
                marshaling: marshaling)
            var result: [String: JSONValue] = [
                "signature": .string(
                    TransitCiphertext(version: number, bytes: signature).text(base64URL: marshaling == .jws)),
                "key_version": .int(Int64(number)),
            ]
            if ring.derived { result["public_key"] = .string(try curve.publicKey(of: key)) }
            return result
        }
    }

    func verify(_ request: BackendRequest) async throws -> Response? {
        let ring = try await ring(request, missing: "encryption key not found")
        return try TransitFields.perItem(request) { fields in
            let input = try fields.bytes("input") ?? []
            if let signature = try fields.string("signature") {
                return ["valid": .bool(try Self.verifySignature(signature, of: input, ring, request, fields))]
            }
            guard let text = try fields.string("hmac") else {
                throw CoreError.badRequest("neither a 'signature' nor an 'hmac' were given to verify")
            }
            let given = try TransitCiphertext(parsing: text, kind: "HMAC")
            let version = try ring.versionForReading(given.version)
            let algorithm = try Self.algorithm(request, fields, field: "algorithm")
            let expected = algorithm.authenticationCode(input, key: Self.hmacKey(ring, version))
            return ["valid": .bool(Self.constantTimeEqual(expected, given.bytes))]
        }
    }

    private static func verifySignature(
        _ text: String, of input: [UInt8], _ ring: TransitKeyRing, _ request: BackendRequest, _ fields: TransitFields
    ) throws(CoreError) -> Bool {
        guard let curve = TransitCurve(ring.type) else {
            throw .badRequest("key type \(ring.type.rawValue) does not support verification")
        }
        let marshaling = try marshaling(fields)
        let signature = try TransitCiphertext(parsing: text, kind: "signature", base64URL: marshaling == .jws)
        let version = try ring.versionForReading(signature.version)
        let key = try TransitCipher.keyMaterial(ring, version.key, context: try fields.context())
        return try curve.verify(
            signature.bytes, of: input, privateKey: key,
            hash: try algorithm(request, fields, field: "hash_algorithm"), marshaling: marshaling)
    }

    /// The digest named in the path, else in `field`, else SHA-256.
    private static func algorithm(_ request: BackendRequest, _ fields: TransitFields, field: String) throws(CoreError)
        -> TransitHashAlgorithm
    {
        if let fromPath = request.captures["urlalgorithm"] { return try TransitHashAlgorithm.named(fromPath) }
        let named = try fields.string(field)
        let general = try fields.string("algorithm")
        return try TransitHashAlgorithm.named(named ?? general)
    }

    private static func marshaling(_ fields: TransitFields) throws(CoreError) -> TransitCurve.Marshaling {
        let name = try fields.string("marshaling_algorithm") ?? ""
        guard let marshaling = name.isEmpty ? .asn1 : TransitCurve.Marshaling(rawValue: name) else {
            throw .badRequest("invalid marshaling type \"\(name)\"")
        }
        return marshaling
    }

    /// An `hmac` ring HMACs with its keys; the other types with each version's separate HMAC key.
    private static func hmacKey(_ ring: TransitKeyRing, _ version: TransitKeyVersion) -> [UInt8] {
        ring.type == .hmac ? version.key : version.hmacKey
    }

    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return zip(lhs, rhs).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
