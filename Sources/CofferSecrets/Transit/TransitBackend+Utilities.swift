import CofferAPI
import CofferCore
import Foundation

/// `random`, `hash` and `export`: random bytes, digests, and exportable keys in the clear.
extension TransitBackend {
    /// The largest `random` request, in bytes.
    static let maximumRandomBytes = 128 * 1024

    func random(_ request: BackendRequest) async throws -> Response? {
        let fields = TransitFields(request.fields)
        var source = request.captures["source"] ?? "platform"
        var count = try fields.int("bytes") ?? 32
        if let first = request.captures["first"] {
            if let number = Int64(first) { count = number } else { source = first }
        }
        if let text = request.captures["bytes"] {
            guard let number = Int64(text) else { throw CoreError.badRequest("'bytes' must be an integer") }
            count = number
        }
        var warnings: [String] = []
        switch source {
        case "platform", "all": break
        case "seal": warnings.append("no seal/entropy augmentation available, using platform entropy source")
        default:
            throw CoreError.badRequest(
                "unsupported entropy source \"\(source)\"; must be \"platform\", \"seal\" or \"all\"")
        }
        guard count >= 1 else { throw CoreError.badRequest("'bytes' cannot be less than 1") }
        guard count <= Self.maximumRandomBytes else {
            throw CoreError.badRequest("'bytes' should be less than \(Self.maximumRandomBytes)")
        }
        let format = try fields.string("format") ?? "base64"
        guard format == "base64" || format == "hex" else {
            throw CoreError.badRequest("unsupported encoding format \"\(format)\"; must be \"hex\" or \"base64\"")
        }
        let bytes = SecureRandom.bytes(Int(count))
        return Response(data: ["random_bytes": .string(Self.encode(bytes, format))], warnings: warnings)
    }

    func hash(_ request: BackendRequest) async throws -> Response? {
        let fields = TransitFields(request.fields)
        guard let input = try fields.bytes("input") else { throw CoreError.badRequest("input missing") }
        let algorithm = try TransitHashAlgorithm.named(request.captures["urlalgorithm"] ?? fields.string("algorithm"))
        let format = try fields.string("format") ?? "hex"
        guard format == "base64" || format == "hex" else {
            throw CoreError.badRequest("unsupported encoding format \(format); must be \"hex\" or \"base64\"")
        }
        return Response(data: ["sum": .string(Self.encode(algorithm.digest(input), format))])
    }

    /// `export/<kind>/<name>[/<version>]`: the keys of an exportable ring by version: symmetric and
    /// Ed25519 keys in base64, ECDSA keys in PEM.
    func export(_ request: BackendRequest) async throws -> Response? {
        guard let ring = try await keys.ring(request.capture("name"), in: request.storage) else {
            throw CoreError.notFoundEmpty
        }
        let kind = request.capture("kind")
        guard ring.exportable else { throw CoreError.badRequest("private key material is not exportable") }
        let material: (TransitKeyVersion) throws(CoreError) -> String
        switch kind {
        case "encryption-key":
            guard ring.type.supportsEncryption else {
                throw CoreError.badRequest("encryption not supported for the key")
            }
            material = { Data($0.key).base64EncodedString() }
        case "signing-key", "public-key":
            guard let curve = TransitCurve(ring.type) else {
                throw CoreError.badRequest("signing not supported for the key")
            }
            material =
                kind == "signing-key"
                ? { version throws(CoreError) in try curve.exportedPrivateKey(version.key) }
                : { version throws(CoreError) in try curve.exportedPublicKey(version.key) }
        case "hmac-key":
            material = { Data(ring.type == .hmac ? $0.key : $0.hmacKey).base64EncodedString() }
        default:
            throw CoreError.badRequest("invalid export type: \(kind)")
        }
        var versions = ring.versions.filter { $0.key >= ring.minDecryptionVersion }
        if let requested = request.captures["version"] {
            let number = requested == "latest" ? ring.latestVersion : Int(requested) ?? 0
            guard let version = versions[number] else {
                throw CoreError.badRequest("version does not exist or cannot be found")
            }
            versions = [number: version]
        }
        var exported: [String: JSONValue] = [:]
        for (number, version) in versions {
            exported[String(number)] = .string(try material(version))
        }
        return Response(data: [
            "name": .string(ring.name), "type": .string(ring.type.rawValue), "keys": .object(exported),
        ])
    }

    private static func encode(_ bytes: [UInt8], _ format: String) -> String {
        format == "hex" ? Hex.encode(bytes) : Data(bytes).base64EncodedString()
    }
}
