import CofferCore
import Crypto
import Foundation

/// The signature curves transit keys can use, and what each does with a raw private key.
enum TransitCurve: Sendable {
    case ed25519, p256, p384, p521

    /// How ECDSA signatures are written: DER (`asn1`, the default) or `r‖s` (`jws`).
    enum Marshaling: String, Sendable {
        case asn1, jws
    }

    init?(_ type: TransitKeyType) {
        switch type {
        case .ed25519: self = .ed25519
        case .ecdsaP256: self = .p256
        case .ecdsaP384: self = .p384
        case .ecdsaP521: self = .p521
        default: return nil
        }
    }

    private var ecdsa: (any ECDSAPrivateKey.Type)? {
        switch self {
        case .ed25519: nil
        case .p256: P256.Signing.PrivateKey.self
        case .p384: P384.Signing.PrivateKey.self
        case .p521: P521.Signing.PrivateKey.self
        }
    }

    func generatePrivateKey() -> [UInt8] {
        guard let ecdsa else { return [UInt8](Curve25519.Signing.PrivateKey().rawRepresentation) }
        return [UInt8](ecdsa.init(compactRepresentable: false).rawRepresentation)
    }

    /// The public key as key reads show it: base64 for Ed25519, PEM (SubjectPublicKeyInfo) for ECDSA.
    func publicKey(of privateKey: [UInt8]) throws(CoreError) -> String {
        do {
            guard let ecdsa else {
                let key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey)
                return key.publicKey.rawRepresentation.base64EncodedString()
            }
            return try ecdsa.init(rawRepresentation: privateKey).publicKeyPEM + "\n"
        } catch {
            throw Self.damaged
        }
    }

    /// The private key as `export/signing-key` shows it: Ed25519 as base64 of seed and public key,
    /// ECDSA as PKCS #8 PEM.
    func exportedPrivateKey(_ privateKey: [UInt8]) throws(CoreError) -> String {
        do {
            guard let ecdsa else {
                let key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey)
                return Data(privateKey + key.publicKey.rawRepresentation).base64EncodedString()
            }
            return try ecdsa.init(rawRepresentation: privateKey).privateKeyPEM
        } catch {
            throw Self.damaged
        }
    }

    /// The public key as `export/public-key` shows it (PEM without the final line break).
    func exportedPublicKey(_ privateKey: [UInt8]) throws(CoreError) -> String {
        let text = try publicKey(of: privateKey)
        return text.hasByteSuffix("\n") ? String(text.dropLast()) : text
    }

    /// A signature of `message`; ECDSA signs its `hash`, Ed25519 the message itself.
    func sign(
        _ message: [UInt8], privateKey: [UInt8], hash: TransitHashAlgorithm, marshaling: Marshaling
    ) throws(CoreError) -> [UInt8] {
        do {
            guard let ecdsa else {
                return [UInt8](try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey).signature(for: message))
            }
            return try ecdsa.init(rawRepresentation: privateKey).sign(message, hash: hash, marshaling: marshaling)
        } catch {
            throw Self.damaged
        }
    }

    /// Whether `signature` is a valid signature of `message` by `privateKey`'s public half.
    func verify(
        _ signature: [UInt8], of message: [UInt8], privateKey: [UInt8], hash: TransitHashAlgorithm,
        marshaling: Marshaling
    ) throws(CoreError) -> Bool {
        do {
            guard let ecdsa else {
                let key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey).publicKey
                return key.isValidSignature(signature, for: message)
            }
            return try ecdsa.init(rawRepresentation: privateKey).verify(
                signature, of: message, hash: hash, marshaling: marshaling)
        } catch {
            throw Self.damaged
        }
    }

    private static let damaged = CoreError.internalError("the stored transit key material is damaged")
}

/// What the three NIST curves' signing keys share, so one implementation serves them all.
private protocol ECDSAPrivateKey {
    associatedtype Signature: ECDSASignature
    associatedtype PublicKey: ECDSAPublicKey where PublicKey.Signature == Signature

    init(compactRepresentable: Bool)
    init<Bytes: ContiguousBytes>(rawRepresentation: Bytes) throws
    var rawRepresentation: Data { get }
    var pemRepresentation: String { get }
    var publicKey: PublicKey { get }
    func signature<D: Digest>(for digest: D) throws -> Signature
}

private protocol ECDSASignature {
    init<Bytes: DataProtocol>(rawRepresentation: Bytes) throws
    init<Bytes: DataProtocol>(derRepresentation: Bytes) throws
    var rawRepresentation: Data { get }
    var derRepresentation: Data { get }
}

private protocol ECDSAPublicKey {
    associatedtype Signature
    var pemRepresentation: String { get }
    func isValidSignature<D: Digest>(_ signature: Signature, for digest: D) -> Bool
}

extension P256.Signing.PrivateKey: ECDSAPrivateKey {}
extension P256.Signing.ECDSASignature: ECDSASignature {}
extension P256.Signing.PublicKey: ECDSAPublicKey {}
extension P384.Signing.PrivateKey: ECDSAPrivateKey {}
extension P384.Signing.ECDSASignature: ECDSASignature {}
extension P384.Signing.PublicKey: ECDSAPublicKey {}
extension P521.Signing.PrivateKey: ECDSAPrivateKey {}
extension P521.Signing.ECDSASignature: ECDSASignature {}
extension P521.Signing.PublicKey: ECDSAPublicKey {}

extension ECDSAPrivateKey {
    var publicKeyPEM: String { publicKey.pemRepresentation }
    var privateKeyPEM: String { pemRepresentation }

    func sign(_ message: [UInt8], hash: TransitHashAlgorithm, marshaling: TransitCurve.Marshaling) throws -> [UInt8] {
        let signature: Signature =
            switch hash {
            case .sha2_256: try signature(for: SHA256.hash(data: message))
            case .sha2_384: try signature(for: SHA384.hash(data: message))
            case .sha2_512: try signature(for: SHA512.hash(data: message))
            }
        return [UInt8](marshaling == .jws ? signature.rawRepresentation : signature.derRepresentation)
    }

    func verify(
        _ bytes: [UInt8], of message: [UInt8], hash: TransitHashAlgorithm, marshaling: TransitCurve.Marshaling
    ) -> Bool {
        guard
            let signature = try?
                (marshaling == .jws
                ? Signature(rawRepresentation: bytes)
                : Signature(derRepresentation: bytes))
        else { return false }
        switch hash {
        case .sha2_256: return publicKey.isValidSignature(signature, for: SHA256.hash(data: message))
        case .sha2_384: return publicKey.isValidSignature(signature, for: SHA384.hash(data: message))
        case .sha2_512: return publicKey.isValidSignature(signature, for: SHA512.hash(data: message))
        }
    }
}
