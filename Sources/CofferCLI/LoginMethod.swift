/// The auth methods `login -method=TYPE` logs in with; TYPE is the method's type, not where it is mounted.
enum LoginMethod: String, CaseIterable {
    /// Looks an existing token up and keeps it.
    case token
    /// Logs in with a username and password.
    case userpass
    /// Logs in with a role ID and, when the role binds one, a secret ID.
    case approle

    /// The method `type` names, without enclosing slashes (empty is `token`), or a usage failure
    /// listing the methods this command knows.
    static func named(_ type: String) throws(CommandFailure) -> LoginMethod {
        var trimmed = Substring(type)
        while trimmed.hasBytePrefix("/") { trimmed = trimmed.dropFirst() }
        while trimmed.hasByteSuffix("/") { trimmed = trimmed.droppingLastBytes(1) }
        if trimmed.isEmpty { return .token }
        guard let method = LoginMethod(rawValue: String(trimmed)) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw .usage(
                "Unknown auth method: \(trimmed). This command logs in with \(known); log in to other methods "
                    + "with \"coffer write auth/<path>/login\".")
        }
        return method
    }
}
