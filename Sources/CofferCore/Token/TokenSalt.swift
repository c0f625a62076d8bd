import Crypto

/// The token store's HMAC key, made once at unseal instead of once per hashed token.
///
/// `SymmetricKey` is an immutable value that swift-crypto does not mark `Sendable`; this
/// wrapper only ever reads it, so sharing it between tasks is safe.
struct TokenSalt: @unchecked Sendable {
    let key: SymmetricKey
}
