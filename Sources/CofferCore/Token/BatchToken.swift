/// Batch tokens: the whole entry, encrypted and authenticated, is the token. Nothing is stored.
enum BatchToken {
    static let prefix = "hvb."
    private static let associatedData = Array("batch-token".utf8)

    static func isBatch(_ token: String) -> Bool { token.hasBytePrefix(prefix) }

    /// The token value carrying `entry`, sealed with the server's batch key.
    static func seal(_ entry: TokenEntry, key: [UInt8]) throws(CoreError) -> String {
        do {
            let sealed = try BarrierCiphertext.seal(
                entry.record, key: .init(data: key), term: 0, associatedData: associatedData)
            return prefix + Base64URL.encode(sealed)
        } catch {
            throw .internalError("failed to seal a batch token")
        }
    }

    /// The entry inside `token`, or nil when it was not issued by this server or was altered.
    static func open(_ token: String, key: [UInt8]) -> TokenEntry? {
        guard let sealed = Base64URL.decode(token.droppingBytes(prefix.utf8.count)),
            let plaintext = BarrierCiphertext.open(sealed, key: .init(data: key), associatedData: associatedData)
        else { return nil }
        return TokenEntry(record: plaintext)
    }
}
