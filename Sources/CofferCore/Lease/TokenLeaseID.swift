/// A token's lease ID: the path that created the token, then `h` and the hex HMAC of the token
/// under the token store's salt, as the reference forms it (`auth/userpass/login/alice/h6f2…`).
/// The HMAC is the token's storage key in another spelling, so the lease leads to the token and
/// reveals nothing of it.
enum TokenLeaseID {
    static func make(path: String, tokenKey: String, encoding: SaltedHMAC.Encoding) -> String? {
        let hex: String
        switch encoding {
        case .hex: hex = tokenKey
        case .base64url:
            guard let bytes = Base64URL.decode(tokenKey) else { return nil }
            hex = Hex.encode(bytes)
        }
        return path + "/h" + hex
    }

    /// The storage key of the token whose lease `leaseID` is, or nil when its last segment is no
    /// token HMAC.
    static func tokenKey(of leaseID: String, encoding: SaltedHMAC.Encoding) -> String? {
        guard let (_, last) = leaseID.splitAtLastSlash() else { return nil }
        guard last.count == 65, last.first == "h", let bytes = Hex.decode(String(last.dropFirst())) else {
            return nil
        }
        switch encoding {
        case .hex: return String(last.dropFirst())
        case .base64url: return Base64URL.encode(bytes)
        }
    }
}
