import CofferAPI
import CofferCore
import Foundation

/// The engine's records in one mount's storage; `KVv2Backend` documents the layout.
struct KVv2Store: Sendable {
    let storage: any Storage

    static let configKey = "config"

    static func metadataKey(_ path: String) -> String { "metadata/" + path }

    static func versionKey(_ path: String, _ version: Int64) -> String { "versions/\(path)/\(version)" }

    /// The mount's settings, or the defaults when none were written.
    func config() async throws -> KVv2Config {
        guard let bytes = try await storage.get(Self.configKey) else { return KVv2Config() }
        var config = try decode(KVv2Config.self, bytes, what: "configuration")
        config.deleteVersionAfter = min(config.deleteVersionAfter, BoundedDuration.maximumSeconds)
        return config
    }

    func saveConfig(_ config: KVv2Config) async throws {
        try await storage.put(Self.configKey, try encode(config))
    }

    /// The metadata of `path`, nil when the key does not exist.
    func metadata(_ path: String) async throws -> KVKeyMetadata? {
        guard let bytes = try await storage.get(Self.metadataKey(path)) else { return nil }
        return try KVKeyMetadata(record: bytes)
    }

    /// The data of one version, nil when it is absent (destroyed or trimmed).
    func data(_ path: String, version: Int64) async throws -> [String: JSONValue]? {
        guard let bytes = try await storage.get(Self.versionKey(path, version)) else { return nil }
        guard let object = try? JSONValue(parsing: bytes).objectValue else {
            throw CoreError.internalError("the stored key/value version is unreadable")
        }
        return object
    }

    func saveMetadata(_ path: String, _ metadata: KVKeyMetadata) async throws {
        try await storage.put(Self.metadataKey(path), metadata.record)
    }

    /// The write that stores `metadata` for `path`, for use in a transaction.
    func putMetadata(_ path: String, _ metadata: KVKeyMetadata) -> StorageOperation {
        .put(Self.metadataKey(path), metadata.record)
    }

    /// The write that stores one version's data, for use in a transaction.
    func putData(_ path: String, version: Int64, _ data: [String: JSONValue]) -> StorageOperation {
        .put(Self.versionKey(path, version), JSONValue.object(data).serialized())
    }

    private func encode(_ value: some Encodable) throws -> [UInt8] {
        do { return Array(try JSONEncoder().encode(value)) } catch {
            throw CoreError.internalError("failed to encode a key/value record")
        }
    }

    private func decode<Value: Decodable>(_ type: Value.Type, _ bytes: [UInt8], what: String) throws -> Value {
        do { return try JSONDecoder().decode(type, from: Data(bytes)) } catch {
            throw CoreError.internalError("the stored key/value \(what) is unreadable")
        }
    }
}
