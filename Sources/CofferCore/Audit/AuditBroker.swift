import CofferAPI
import Logging
import Synchronization

/// The enabled audit devices, and the rule that makes audit fail closed: while any device is
/// enabled, a line counts as recorded only when at least one device wrote it, and a request whose
/// line no device could write is refused with a 500 before it runs (or, for its answer, before
/// the client sees it).
final class AuditBroker: Sendable {
    /// An enabled device; shared by reference, so recording a line copies no device.
    final class Device: Sendable {
        let entry: AuditDeviceEntry
        let record: AuditRecord
        let sink: any AuditSink
        /// Lets one write at a time reach a sink that can wait: the lines queued behind a stalled
        /// peer wait as suspended tasks, not as threads blocked on the sink's lock.
        let writes = SerialGate()
        /// Groups the lines of requests ready together into one write, for a file device.
        let grouped: GroupedLineWriter?

        init(entry: AuditDeviceEntry, record: AuditRecord, sink: any AuditSink) {
            self.entry = entry
            self.record = record
            self.sink = sink
            if let file = sink as? FileAuditSink, case .file = file.target {
                grouped = GroupedLineWriter(sink: file, waits: writes)
            } else {
                grouped = nil
            }
        }
    }

    /// What a client gets when nothing could record its request: the reference's answer.
    static let failure = CoreError.internalError("internal error")

    private let devices = Mutex<[Device]>([])
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
    }

    var isEnabled: Bool { devices.withLock { !$0.isEmpty } }

    var entries: [AuditDeviceEntry] { devices.withLock { $0.map(\.entry) } }

    /// The enabled devices.
    var all: [Device] { devices.withLock { $0 } }

    func device(at path: String) -> Device? { devices.withLock { $0.first { $0.entry.path == path } } }

    /// Writes the line `make` builds for each device; throws `failure` unless one device wrote it.
    func record(_ what: String, path: String, _ make: (AuditRecord) -> [UInt8]) async throws(CoreError) {
        let current = devices.withLock { $0 }
        guard !current.isEmpty else { return }
        var recorded = false
        for device in current {
            let line = make(device.record)
            do throws(AuditSinkError) {
                if device.sink.mayBlock {
                    let sink = device.sink
                    try await device.writes.run { () async throws(AuditSinkError) in
                        try await BlockingWork.run { () throws(AuditSinkError) in try sink.write(line) }
                    }
                } else if let grouped = device.grouped {
                    try await grouped.write(line)
                } else {
                    try device.sink.write(line)
                }
                recorded = true
            } catch {
                logger.error(
                    "audit device failed to record a \(what)",
                    metadata: ["device": "\(device.entry.path)", "path": "\(path)", "error": "\(error.description)"])
            }
        }
        if !recorded {
            logger.error("no audit device recorded the \(what); refusing it", metadata: ["path": "\(path)"])
            throw Self.failure
        }
    }

    func add(_ device: Device) {
        devices.withLock { $0.append(device) }
    }

    /// Removes and closes the device at `path`; returns its entry.
    @discardableResult
    func remove(_ path: String) -> AuditDeviceEntry? {
        let removed = devices.withLock { devices -> Device? in
            guard let index = devices.firstIndex(where: { $0.entry.path == path }) else { return nil }
            return devices.remove(at: index)
        }
        removed?.sink.close()
        return removed?.entry
    }

    /// Reopens every device's file or connection (SIGHUP), off the event loops; returns the
    /// errors by device path.
    func reopenAll() async -> [String: String] {
        var errors: [String: String] = [:]
        for device in devices.withLock({ $0 }) {
            let sink = device.sink
            do { try await BlockingWork.run { () throws(AuditSinkError) in try sink.reopen() } } catch {
                errors[device.entry.path] = error.description
            }
        }
        return errors
    }

    /// Closes and forgets every device (on seal).
    func clear() {
        for device in devices.withLock({ devices in defer { devices = [] }; return devices }) { device.sink.close() }
    }
}
