import CofferAPI
import CofferHCL
import CofferHTTP
import Foundation

/// Reads `-config` files: HCL or JSON by extension, a directory meaning every such file in it.
enum ConfigLoader {
    /// A configuration problem, naming the file and, where known, line and column.
    struct LoadError: Error, CustomStringConvertible {
        let description: String

        init(_ description: String) { self.description = description }

        init(file: String, position: HCLPosition, _ message: String) {
            description = "\(file):\(position.line):\(position.column): \(message)"
        }
    }

    static func load(paths: [String]) throws(LoadError) -> ServerConfig {
        var config = ServerConfig()
        for path in paths {
            for file in try files(at: path) {
                config = config.merged(with: try loadFile(file))
            }
        }
        return config
    }

    private static func files(at path: String) throws(LoadError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw LoadError("config file \(path) does not exist")
        }
        guard isDirectory.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { $0.hasSuffix(".hcl") || $0.hasSuffix(".json") }.sorted().map { "\(path)/\($0)" }
    }

    static func loadFile(_ file: String) throws(LoadError) -> ServerConfig {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw LoadError("cannot read config file \(file)")
        }
        let body: HCLBody
        if file.hasSuffix(".json") {
            body = try JSONConfigBody.parse(text, file: file)
        } else {
            do { body = try HCLParser.parse(text, fileName: file) } catch { throw LoadError(error.description) }
        }
        return try ConfigInterpreter(file: file).interpret(body)
    }
}

/// Turns a parsed configuration body into a `ServerConfig`, checking every value.
struct ConfigInterpreter {
    let file: String

    func interpret(_ body: HCLBody) throws(ConfigLoader.LoadError) -> ServerConfig {
        var config = ServerConfig()
        let storageBlocks = body.blocks(ofType: "storage") + body.blocks(ofType: "backend")
        if storageBlocks.count > 1 {
            throw .init(file: file, position: storageBlocks[1].position, "only one storage block is allowed")
        }
        if let block = storageBlocks.first { config.storage = try storage(block) }
        for block in body.blocks(ofType: "listener") { config.listeners.append(try listener(block)) }
        for attribute in body.attributes {
            switch attribute.name {
            case "api_addr": config.apiAddress = try string(attribute)
            case "cluster_name": config.clusterName = try string(attribute)
            case "default_lease_ttl": config.defaultLeaseTTL = try duration(attribute)
            case "max_lease_ttl": config.maxLeaseTTL = try duration(attribute)
            case "log_level": config.logLevel = try logLevel(attribute)
            case "disable_mlock": config.disableMlock = try bool(attribute)
            case "ui", "cluster_addr", "disable_cache", "log_format", "pid_file", "log_file", "plugin_directory":
                continue
            default:
                throw .init(file: file, position: attribute.position, "unknown setting \"\(attribute.name)\"")
            }
        }
        return config
    }

    private func storage(_ block: HCLBlock) throws(ConfigLoader.LoadError) -> ServerConfig.StorageChoice {
        guard let type = block.labels.first else {
            throw .init(
                file: file, position: block.position, "storage block needs a type, e.g. storage \"sqlite\" { … }")
        }
        switch type {
        case "inmem": return .inMemory
        case "sqlite":
            guard let attribute = block.body.attribute("path") else {
                throw .init(file: file, position: block.position, "storage \"sqlite\" needs a path")
            }
            return .sqlite(path: try string(attribute))
        default:
            throw .init(
                file: file, position: block.position, "unknown storage type \"\(type)\"; use \"sqlite\" or \"inmem\"")
        }
    }

    private func listener(_ block: HCLBlock) throws(ConfigLoader.LoadError) -> ListenerSettings {
        guard block.labels.first == "tcp" else {
            throw .init(file: file, position: block.position, "only listener \"tcp\" is supported")
        }
        let body = block.body
        let addressText =
            try body.attribute("address").map { attribute throws(ConfigLoader.LoadError) in
                try string(attribute)
            } ?? "127.0.0.1:8200"
        guard let colon = addressText.lastIndex(of: ":"),
            let port = Int(addressText[addressText.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw .init(
                file: file, position: body.attribute("address")?.position ?? block.position,
                "listener address \"\(addressText)\" must be host:port")
        }
        var host = String(addressText[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        var settings = ListenerSettings(host: host.isEmpty ? "0.0.0.0" : host, port: port)
        if let size = body.attribute("max_request_size") {
            guard case .int(let value) = size.value else {
                throw .init(file: file, position: size.position, "max_request_size must be a number of bytes")
            }
            if value > 0 { settings.maxRequestSize = Int(value) }
        }
        let tlsDisabled =
            try body.attribute("tls_disable").map { attribute throws(ConfigLoader.LoadError) in
                try bool(attribute)
            } ?? false
        if !tlsDisabled {
            guard let cert = body.attribute("tls_cert_file"), let key = body.attribute("tls_key_file") else {
                throw .init(
                    file: file, position: block.position,
                    "listener needs tls_cert_file and tls_key_file, or tls_disable = true")
            }
            settings.tls = .init(certificateFile: try string(cert), keyFile: try string(key))
        }
        return settings
    }

    private func string(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> String {
        switch attribute.value {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: throw .init(file: file, position: attribute.position, "\(attribute.name) must be a string")
        }
    }

    private func bool(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> Bool {
        switch attribute.value {
        case .bool(let b): return b
        case .string(let s) where ["true", "1"].contains(s.lowercased()): return true
        case .string(let s) where ["false", "0", ""].contains(s.lowercased()): return false
        case .int(let i): return i != 0
        default: throw .init(file: file, position: attribute.position, "\(attribute.name) must be true or false")
        }
    }

    private func duration(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> Int64 {
        do throws(DurationError) {
            switch attribute.value {
            case .int(let seconds): return try BoundedDuration(seconds: seconds).seconds
            case .string(let text): return try BoundedDuration(parsing: text).seconds
            default: break
            }
        } catch {
            throw .init(file: file, position: attribute.position, "\(attribute.name): \(error.description)")
        }
        throw .init(file: file, position: attribute.position, "\(attribute.name) must be a duration like \"768h\"")
    }

    private func logLevel(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> String {
        let level = try string(attribute).lowercased()
        let known = ["trace", "debug", "info", "notice", "warn", "warning", "error", "critical"]
        guard known.contains(level) else {
            throw .init(
                file: file, position: attribute.position, "log_level must be one of \(known.joined(separator: ", "))")
        }
        return level
    }
}
