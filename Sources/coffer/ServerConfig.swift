import CofferCore
import CofferHTTP

/// The server's configuration, merged from every `-config` file (later files win).
struct ServerConfig: Equatable {
    /// Where the server keeps its data.
    enum StorageChoice: Equatable {
        case inMemory
        case sqlite(path: String)

        var typeName: String {
            switch self {
            case .inMemory: return "inmem"
            case .sqlite: return "sqlite"
            }
        }
    }

    var storage: StorageChoice?
    var listeners: [ListenerSettings] = []
    var apiAddress: String?
    var clusterName: String?
    var defaultLeaseTTL: Int64?
    var maxLeaseTTL: Int64?
    var logLevel: String?
    /// `audit "<type>" "<path>" { … }` blocks: devices enabled at every unseal.
    var auditDevices: [AuditDeviceEntry] = []
    var allowsAPIAuditCreation: Bool?
    var allowsAuditLogPrefixing: Bool?

    /// `other` layered over `self`: its settings win, its listeners are added.
    func merged(with other: ServerConfig) -> ServerConfig {
        var result = self
        result.storage = other.storage ?? storage
        result.listeners += other.listeners
        result.apiAddress = other.apiAddress ?? apiAddress
        result.clusterName = other.clusterName ?? clusterName
        result.defaultLeaseTTL = other.defaultLeaseTTL ?? defaultLeaseTTL
        result.maxLeaseTTL = other.maxLeaseTTL ?? maxLeaseTTL
        result.auditDevices += other.auditDevices
        result.allowsAPIAuditCreation = other.allowsAPIAuditCreation ?? allowsAPIAuditCreation
        result.allowsAuditLogPrefixing = other.allowsAuditLogPrefixing ?? allowsAuditLogPrefixing
        result.logLevel = other.logLevel ?? logLevel
        return result
    }
}
