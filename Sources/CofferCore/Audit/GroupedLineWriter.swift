import Synchronization

/// Gathers the lines that requests ready at the same moment send to one file device, so they reach
/// the file in one system call instead of one each.
///
/// The first request to arrive leads: it yields once, so the requests already queued on the
/// executor get to add their lines, then writes them all and wakes each with its own outcome.
/// Every request still resumes only after its own line is in the file, so audit keeps failing
/// closed; a line the write did not take whole fails alone, as it would have on its own.
///
/// The leader runs on an event loop, so it never waits: when another write holds the file, or the
/// path now opens something that is not a regular file (a pipe), the lines go through `waits`,
/// one batch at a time, off the event loops.
final class GroupedLineWriter: Sendable {
    private enum Turn {
        case lead
        case written(AuditSinkError?)
    }

    private struct Group {
        var open = false
        var lines: [[UInt8]] = []
        /// The waiting requests, one per line but the leader's, which is first and has none.
        var waiting: [UnsafeContinuation<Turn, Never>?] = []
    }

    private let sink: FileAuditSink
    private let waits: SerialGate
    private let group = Mutex(Group())

    init(sink: FileAuditSink, waits: SerialGate) {
        self.sink = sink
        self.waits = waits
    }

    /// Returns once `line` is in the file; throws when it could not be written whole.
    func write(_ line: [UInt8]) async throws(AuditSinkError) {
        let turn = await withUnsafeContinuation { (continuation: UnsafeContinuation<Turn, Never>) in
            let joined = group.withLock { group in
                guard group.open else {
                    group = Group(open: true, lines: [line], waiting: [nil])
                    return false
                }
                group.lines.append(line)
                group.waiting.append(continuation)
                return true
            }
            if !joined { continuation.resume(returning: .lead) }
        }
        switch turn {
        case .written(let failure):
            if let failure { throw failure }
        case .lead:
            await Task.yield()
            let gathered = group.withLock { group in
                defer { group = Group() }
                return group
            }
            let outcomes = await write(gathered.lines)
            for (waiting, outcome) in zip(gathered.waiting, outcomes) { waiting?.resume(returning: .written(outcome)) }
            if let failure = outcomes[0] { throw failure }
        }
    }

    /// Each line's failure, nil for a line written whole.
    private func write(_ lines: [[UInt8]]) async -> [AuditSinkError?] {
        let attempted = sink.writeWithoutWaiting(lines: lines) ?? Array(repeating: .mustWait, count: lines.count)
        var outcomes: [AuditSinkError?] = []
        var waiting: [Int] = []
        for (index, outcome) in attempted.enumerated() {
            switch outcome {
            case .written: outcomes.append(nil)
            case .failed(let error): outcomes.append(error)
            case .mustWait:
                outcomes.append(nil)
                waiting.append(index)
            }
        }
        guard !waiting.isEmpty else { return outcomes }
        let sink = sink
        let rest = waiting.map { lines[$0] }
        let waited = await waits.run { () async -> [AuditSinkError?] in
            await BlockingWork.run { () -> [AuditSinkError?] in sink.write(lines: rest) }
        }
        for (index, outcome) in zip(waiting, waited) { outcomes[index] = outcome }
        return outcomes
    }
}
