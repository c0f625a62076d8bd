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
        let writer = GroupedLineWriter(sink: sink)
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
        try await GroupedLineWriter(sink: sink).write(Array("{\"alone\":true}\n".utf8))
        sink.close()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"alone\":true}\n")
    }

    @Test func linesThatCannotBeWrittenEachFailTheirOwnWrite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grouped-\(UUID().uuidString)")
        let path = folder.appendingPathComponent("audit.log").path
        defer { try? FileManager.default.removeItem(at: folder) }
        let sink = try FileAuditSink(options: ["file_path": path])
        let writer = GroupedLineWriter(sink: sink)
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
}
