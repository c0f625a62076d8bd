import CofferCore
import CofferStorageTesting
import Testing

@Suite("InMemoryStorage")
struct InMemoryStorageTests {
    @Test("storage suite", arguments: StorageSuite.cases.map(\.name))
    func suite(_ name: String) async throws {
        let suiteCase = try #require(StorageSuite.cases.first { $0.name == name })
        try await suiteCase.run(InMemoryStorage())
    }
}
