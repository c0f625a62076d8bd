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

        /// A problem at `position` of `file`; a JSON file's settings have no position (line 0), and
        /// the message names the setting instead.
        init(file: String, position: HCLPosition, _ message: String) {
            if position.line == 0 {
                description = "\(file): \(message)"
            } else {
                description = "\(file):\(position.line):\(position.column): \(message)"
            }
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
        return names.filter { $0.hasByteSuffix(".hcl") || $0.hasByteSuffix(".json") }.sorted().map { "\(path)/\($0)" }
    }

    static func loadFile(_ file: String) throws(LoadError) -> ServerConfig {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw LoadError("cannot read config file \(file)")
        }
        let body: HCLBody
        if file.hasByteSuffix(".json") {
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

    /// Vault settings accepted without effect; none weakens security (README lists them).
    static let topLevelWithoutEffect: Set<String> = [
        "disable_mlock", "ui", "cluster_addr", "disable_cache", "log_format", "pid_file", "plugin_directory",
    ]

    /// Why a block Vault knows is refused.
    static func unsupportedBlock(_ type: String) -> String {
        switch type {
        case "seal":
            return "seal blocks are not supported: Coffer seals with Shamir key shares only; remove the block"
        case "ha_storage":
            return "ha_storage is not supported: Coffer runs as a single node; remove the block"
        case "telemetry":
            return "telemetry is not supported: Coffer serves no metrics endpoint; remove the block"
        default:
            return "unsupported block \"\(type)\"; remove it"
        }
    }

    func interpret(_ body: HCLBody) throws(ConfigLoader.LoadError) -> ServerConfig {
        var config = ServerConfig()
        let storageBlocks = body.blocks(ofType: "storage") + body.blocks(ofType: "backend")
        if storageBlocks.count > 1 {
            throw .init(file: file, position: storageBlocks[1].position, "only one storage block is allowed")
        }
        if let block = storageBlocks.first { config.storage = try storage(block) }
        for block in body.blocks {
            switch block.type {
            case "storage", "backend": continue
            case "listener": config.listeners.append(try listener(block))
            case "audit": config.auditDevices.append(try auditDevice(block))
            default: throw .init(file: file, position: block.position, Self.unsupportedBlock(block.type))
            }
        }
        for attribute in body.attributes {
            switch attribute.name {
            case "api_addr": config.apiAddress = try string(attribute)
            case "cluster_name": config.clusterName = try string(attribute)
            case "default_lease_ttl": config.defaultLeaseTTL = try duration(attribute)
            case "max_lease_ttl": config.maxLeaseTTL = try duration(attribute)
            case "log_level": config.logLevel = try logLevel(attribute)
            case "unsafe_allow_api_audit_creation": config.allowsAPIAuditCreation = try bool(attribute)
            case "allow_audit_log_prefixing": config.allowsAuditLogPrefixing = try bool(attribute)
            case _ where Self.topLevelWithoutEffect.contains(attribute.name):
                continue
            default:
                if case .object = attribute.value {
                    throw .init(file: file, position: attribute.position, Self.unsupportedBlock(attribute.name))
                }
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
        case "inmem":
            try expectOnly([], in: block)
            return .inMemory
        case "sqlite":
            try expectOnly(["path"], in: block)
            guard let attribute = block.body.attribute("path") else {
                throw .init(file: file, position: block.position, "storage \"sqlite\" needs a path")
            }
            return .sqlite(path: try string(attribute))
        default:
            throw .init(
                file: file, position: block.position, "unknown storage type \"\(type)\"; use \"sqlite\" or \"inmem\"")
        }
    }

    /// Refuses any setting of `block` not in `names`, and any nested block.
    func expectOnly(_ names: Set<String>, in block: HCLBlock) throws(ConfigLoader.LoadError) {
        let kind = ([block.type] + block.labels.map { "\"\($0)\"" }).joined(separator: " ")
        if let unknown = block.body.attributes.first(where: { !names.contains($0.name) }) {
            throw .init(file: file, position: unknown.position, "\(kind): unknown setting \"\(unknown.name)\"")
        }
        if let nested = block.body.blocks.first {
            throw .init(file: file, position: nested.position, "\(kind): unsupported block \"\(nested.type)\"")
        }
    }

    func string(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> String {
        switch attribute.value {
        case .string(let s): return s
        case .int(let i): return String(i)
        default: throw .init(file: file, position: attribute.position, "\(attribute.name) must be a string")
        }
    }

    func bool(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> Bool {
        switch attribute.value {
        case .bool(let b): return b
        case .string(let s) where ["true", "1"].contains(s.lowercased()): return true
        case .string(let s) where ["false", "0", ""].contains(s.lowercased()): return false
        case .int(let i): return i != 0
        default: throw .init(file: file, position: attribute.position, "\(attribute.name) must be true or false")
        }
    }

    func duration(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> Int64 {
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

    func logLevel(_ attribute: HCLAttribute) throws(ConfigLoader.LoadError) -> String {
        let level = try string(attribute).lowercased()
        let known = ["trace", "debug", "info", "notice", "warn", "warning", "error", "critical"]
        guard known.contains(level) else {
            throw .init(
                file: file, position: attribute.position, "log_level must be one of \(known.joined(separator: ", "))")
        }
        return level
    }
}
