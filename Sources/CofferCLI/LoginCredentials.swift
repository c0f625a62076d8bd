import CofferClient

/// What `login` authenticates with, read from its `key=value` arguments as vault reads them: a
/// `mount` key, else `-path`, else the method's type, says where the method is mounted.
enum LoginCredentials: Equatable {
    /// An existing token; nil (none or an empty one given) is asked for.
    case token(String?)
    /// A userpass user; a nil password (none or an empty one given) is asked for.
    case userpass(mount: String, username: String, password: String?)
    /// An AppRole role ID, with the secret ID its role may require.
    case appRole(mount: String, roleID: String, secretID: String?)

    /// The credentials `arguments` give for `method` mounted at `path` (the method's type when nil).
    /// For the token method a first argument without `=` is the token itself (`-` reads it from
    /// standard input). A missing username or role ID fails as the server's refusal would (exit 2).
    static func parse(_ arguments: [String], method: LoginMethod, path: String?, input: KeyValueInput)
        throws(CommandFailure) -> LoginCredentials
    {
        var arguments = arguments
        if method == .token, let first = arguments.first, !first.contains("=") {
            arguments[0] = "token=" + first
        }
        let values = try strings(input.parse(arguments, heading: "Error parsing configuration"))
        let mount = values["mount"] ?? path.flatMap { $0.isEmpty ? nil : $0 } ?? method.rawValue
        switch method {
        case .token:
            return .token(values["token"])
        case .userpass:
            guard let username = values["username"] else {
                throw .remote("Error authenticating: 'username' must be specified")
            }
            return .userpass(mount: mount, username: username, password: values["password"])
        case .approle:
            guard let roleID = values["role_id"] else {
                throw .remote("Error authenticating: 'role_id' must be specified")
            }
            return .appRole(mount: mount, roleID: roleID, secretID: values["secret_id"])
        }
    }

    /// The non-empty values of `object` as text (a number or boolean as JSON writes it); a key
    /// given more than once, or an array or object value, is a usage failure.
    private static func strings(_ object: [String: JSONValue]) throws(CommandFailure) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in object {
            let text: String
            switch value {
            case .string(let string): text = string
            case .int, .double, .bool: text = JSONText.scalarText(value)
            case .null: continue
            case .array, .object:
                throw .usage("Error parsing configuration: \"\(key)\" must be one value, given once")
            }
            if !text.isEmpty { result[key] = text }
        }
        return result
    }
}
