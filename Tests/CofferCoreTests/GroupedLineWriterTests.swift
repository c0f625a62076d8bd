@testable import CofferCore
import Foundation
import Testing

@Suite("grouped audit lines")
struct GroupedLineWriterTests {
    private func temporaryLog() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("grouped-\(UUID().uuidString).log").path
    }

    @Test func linesWrittenAtOnceAllReachTheFileWholeAndOnce() async throws {
        let path = temporaryLog()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try FileAuditSink(options: ["file_path": path])
        let writer = GroupedLineWriter(sink: sink, waits: SerialGate())
        let lines = (0..<500).map { Array("{\"n\":\($0),\"pad\":\"\(String(repeating: "x", count: $0 % 97))\"}\n".utf8) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for line in lines { group.addTask { try await writer.write(line) } }
            try await group.waitForAll()
        }
        sink.close()
        let written = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(written.count == lines.count)
        #expect(Set(written) == Set(lines.map { String(decoding: $0.dropLast(), as: UTF8.self) }))
    }

    @Test func aGroupOfOneLineIsWrittenAsItIs() async throws {
        let path = temporaryLog()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try FileAuditSink(options: ["file_path": path])
        try await GroupedLineWriter(sink: sink, waits: SerialGate()).write(Array("{\"alone\":true}\n".utf8))
        sink.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"alone\":true}\n")
    }

    @Test func linesThatCannotBeWrittenEachFailTheirOwnWrite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grouped-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("audit.log").path
        defer { try? FileManager.default.removeItem(at: folder) }
        let sink = try FileAuditSink(options: ["file_path": path])
        let writer = GroupedLineWriter(sink: sink, waits: SerialGate())
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(throws: AuditSinkError.self) { try sink.reopen() }
        let failures = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<20 {
                group.addTask {
                    do { try await writer.write(Array("{\"n\":\(index)}\n".utf8)) } catch { return true }
                    return false
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(failures == 20)
        try FileManager.default.removeItem(atPath: path)
        try await writer.write(Array("{\"after\":true}\n".utf8))
        sink.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"after\":true}\n")
    }

    /// A path that opens a pipe makes its writes wait for the reader: they go off the event loops.
    @Test func linesForAPipeAreWrittenOffTheEventLoops() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grouped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("audit.log").path
        let sink = try FileAuditSink(options: ["file_path": path])
        let writer = GroupedLineWriter(sink: sink, waits: SerialGate())
        try FileManager.default.removeItem(atPath: path)
        #expect(mkfifo(path, 0o600) == 0)
        let reader = open(path, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try sink.reopen()
        #expect(sink.writeWithoutWaiting(lines: [Array("{}\n".utf8)]).map { outcomes in
            outcomes.allSatisfy { if case .mustWait = $0 { true } else { false } }
        } == true)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 { group.addTask { try await writer.write(Array("{\"n\":\(index)}\n".utf8)) } }
            try await group.waitForAll()
        }
        sink.close()
        var received = [UInt8](repeating: 0, count: 65536)
        let count = read(reader, &received, received.count)
        let lines = String(decoding: received.prefix(max(0, count)), as: UTF8.self).split(separator: "\n")
        #expect(Set(lines) == Set((0..<40).map { "{\"n\":\($0)}" }))
    }

    /// A write still in flight when the device is disabled fails instead of opening the file again.
    @Test func aClosedDeviceOpensNothingAgain() async throws {
        let path = temporaryLog()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sink = try FileAuditSink(options: ["file_path": path])
        let writer = GroupedLineWriter(sink: sink, waits: SerialGate())
        sink.close()
        await #expect(throws: AuditSinkError.self) { try await writer.write(Array("{}\n".utf8)) }
        try sink.reopen()
        await #expect(throws: AuditSinkError.self) { try await writer.write(Array("{}\n".utf8)) }
        #expect(try String(contentsOfFile: path, encoding: .utf8).isEmpty)
    }
}
