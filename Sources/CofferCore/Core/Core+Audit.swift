import CofferAPI
import Foundation

/// Audit devices: enabling and disabling them, and recording each request and answer.
extension Core {
    static let auditTableKey = "core/audit"

    /// Enables a device: checks its options, opens its file, makes its salt, stores it unless the
    /// config file declared it.
    func enableAudit(_ requested: AuditDeviceEntry) async throws(CoreError) {
        var entry = requested
        entry.path = MountTable.normalize(entry.path)
        if audit.entries.contains(where: { $0.path.hasBytePrefix(entry.path) || entry.path.hasBytePrefix($0.path) }) {
            throw .badRequest("path already in use")
        }
        if entry.uuid.isEmpty {
            entry.uuid = entry.declared ? "declared-" + MountTable.bareName(entry.path) : UUID().uuidString.lowercased()
        }
        let device = try await makeAuditDevice(entry)
        if let file = (device.sink as? FileAuditSink)?.openFile,
            let other = audit.all.first(where: { ($0.sink as? FileAuditSink)?.openFile == file })
        {
            // Each device cuts off its own failed partial line from the end of its file; two
            // appending to one file would cut into each other's lines.
            device.sink.close()
            throw .badRequest("the file is already written by audit device \"\(other.entry.path)\"")
        }
        if !entry.declared {
            var stored = try await storedAuditDevices()
            stored.append(entry)
            try await saveAuditDevices(stored)
        }
        audit.add(device)
        logger.info("enabled audit device", metadata: ["path": "\(entry.path)", "type": "\(entry.type)"])
    }

    /// Disables the device at `path`; a device the config file declared stays.
    func disableAudit(_ rawPath: String) async throws(CoreError) {
        let path = MountTable.normalize(rawPath)
        guard let device = audit.device(at: path) else { return }
        if device.entry.declared { throw .badRequest("cannot disable configuration-managed audit device") }
        try await saveAuditDevices(try await storedAuditDevices().filter { $0.path != path })
        audit.remove(path)
        logger.info("disabled audit device", metadata: ["path": "\(path)"])
    }

    /// The device's HMAC of `input`, as its lines write it.
    func auditHash(_ rawPath: String, input: String) throws(CoreError) -> String {
        let path = MountTable.normalize(rawPath)
        guard let device = audit.device(at: path) else { throw .badRequest("unknown audit backend \"\(path)\"") }
        return device.record.hasher.hash(input)
    }

    /// Enables the declared devices, then the stored ones, at unseal.
    func loadAuditDevices() async throws(CoreError) {
        for entry in config.declaredAuditDevices {
            var declared = entry
            declared.declared = true
            try await enableAudit(declared)
        }
        for entry in try await storedAuditDevices() where audit.device(at: entry.path) == nil {
            do { audit.add(try await makeAuditDevice(entry)) } catch {
                logger.error("audit device could not be opened", metadata: ["path": "\(entry.path)", "error": "\(error)"])
                throw error
            }
        }
    }

    /// Reopens every device's file (SIGHUP, for logrotate); returns the errors by device path.
    public func reopenAuditDevices() async -> [String: String] {
        await audit.reopenAll()
    }

    // MARK: - Recording

    /// Records the request line before its handler runs; a failure refuses the request.
    func recordRequest(_ trail: AuditTrail?) async throws(CoreError) {
        guard let trail, !trail.requestRecorded else { return }
        if trail.allowed == nil { trail.allowed = true }
        try await audit.record("request", path: trail.request.path) { $0.requestLine(trail, error: nil) }
        trail.requestRecorded = true
    }

    /// Records the answer; a failure replaces it with a 500.
    func recordResponse(_ trail: AuditTrail, _ answer: CoreResponse) async throws(CoreError) {
        try await audit.record("response", path: trail.request.path) { $0.responseLine(trail, response: answer, error: nil) }
    }

    /// Records a refused or failed request: its request line if none was written, then the error.
    func recordFailure(_ trail: AuditTrail, _ error: CoreError) async throws(CoreError) {
        if !trail.requestRecorded {
            try await audit.record("request", path: trail.request.path) { $0.requestLine(trail, error: error) }
            trail.requestRecorded = true
        }
        try await audit.record("response", path: trail.request.path) { $0.responseLine(trail, response: nil, error: error) }
    }

    // MARK: - Storage

    /// A device ready to record: its options checked, its file open, its salt loaded or made.
    private func makeAuditDevice(_ entry: AuditDeviceEntry) async throws(CoreError) -> AuditBroker.Device {
        if entry.options["prefix"] != nil, !config.allowsAuditLogPrefixing {
            throw .badRequest("audit log prefixing is not allowed")
        }
        let format = try AuditFormat(options: entry.options)
        let sink: any AuditSink
        switch entry.type {
        case "file": sink = try FileAuditSink(options: entry.options)
        case "socket":
            let options = entry.options
            sink = try await BlockingWork.run { () throws(CoreError) in try SocketAuditSink(options: options) }
        case "syslog":
            let options = entry.options
            sink = try await BlockingWork.run { () throws(CoreError) in try SyslogAuditSink(options: options) }
        case "http":
            throw .badRequest("audit devices of type \"http\" are not available in Coffer; use file, socket or syslog")
        default: throw .badRequest("unknown backend type: \"\(entry.type)\"")
        }
        let hasher = AuditHasher(salt: try await auditSalt(entry.uuid))
        let record = AuditRecord(device: entry.path, hasher: hasher, format: format)
        return AuditBroker.Device(entry: entry, record: record, sink: sink)
    }

    private func auditSalt(_ uuid: String) async throws(CoreError) -> String {
        let key = "audit/\(uuid)/salt"
        do {
            if let existing = try await barrier.get(key) { return String(decoding: existing, as: UTF8.self) }
            let fresh = UUID().uuidString.lowercased()
            try await barrier.put(key, Array(fresh.utf8))
            return fresh
        } catch {
            throw .internalError("failed to load the audit salt: \(error.message)")
        }
    }

    private func storedAuditDevices() async throws(CoreError) -> [AuditDeviceEntry] {
        do {
            guard let bytes = try await barrier.get(Self.auditTableKey) else { return [] }
            return try JSONDecoder().decode([AuditDeviceEntry].self, from: Data(bytes))
        } catch let error as StorageError {
            throw .internalError("failed to read the audit table: \(error.message)")
        } catch {
            throw .internalError("the stored audit table is unreadable")
        }
    }

    private func saveAuditDevices(_ entries: [AuditDeviceEntry]) async throws(CoreError) {
        do { try await barrier.put(Self.auditTableKey, Array(try JSONEncoder().encode(entries))) } catch let error as StorageError {
            throw .internalError("failed to store the audit table: \(error.message)")
        } catch {
            throw .internalError("failed to encode the audit table")
        }
    }
}
