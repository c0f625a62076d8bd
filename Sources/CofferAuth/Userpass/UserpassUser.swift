import CofferAPI
import CofferCore

/// A userpass user: a password hash and the token a login gets. Stored at `user/<name>`, with
/// lowercase names.
struct UserpassUser: Sendable, Equatable {
    let name: String
    var password: PasswordHash
    var token = LoginTokenSettings()

    static func storageKey(_ name: String) -> String { "user/" + name }

    func record() -> [UInt8] {
        JSONValue.object(["name": .string(name), "password": password.record, "token": .object(token.apiValue)])
            .serialized()
    }

    init(name: String, password: PasswordHash) {
        self.name = name
        self.password = password
    }

    init(record bytes: [UInt8]) throws(CoreError) {
        guard let record = try? JSONValue(parsing: bytes).objectValue, let name = record["name"]?.stringValue,
            let password = PasswordHash(record: record["password"]), let token = record["token"]?.objectValue
        else { throw .internalError("a stored userpass user is damaged") }
        self.init(name: name, password: password)
        self.token = LoginTokenSettings(record: token)
    }
}
