import CofferAPI
import Foundation
import Testing

@testable import CofferCore

@Suite("PolicyStore")
struct PolicyStoreTests {
    private func loadedStore(_ storage: InMemoryStorage = InMemoryStorage()) async throws -> PolicyStore {
        let store = PolicyStore()
        try await store.load(storage: storage)
        return store
    }

    @Test func loadingWritesTheDefaultPolicy() async throws {
        let storage = InMemoryStorage()
        let store = try await loadedStore(storage)
        #expect(try await store.list() == ["default", "root"])
        let stored = try #require(try await store.read("default"))
        #expect(stored.text == DefaultPolicy.text)
        #expect(try await storage.get("policy/default") != nil)
    }

    @Test func loadingKeepsAnEditedDefaultPolicy() async throws {
        let storage = InMemoryStorage()
        try await loadedStore(storage).write("default", text: #"path "mine" { capabilities = ["read"] }"#)
        let reloaded = try await loadedStore(storage)
        #expect(try await reloaded.read("default")?.text == #"path "mine" { capabilities = ["read"] }"#)
    }

    @Test func theDefaultPolicyLetsATokenLookAfterItself() async throws {
        let acl = try await loadedStore().acl(for: ["default"])
        let grants: [(CofferCore.Operation, String)] = [
            (.read, "auth/token/lookup-self"), (.update, "auth/token/renew-self"), (.update, "auth/token/revoke-self"),
            (.update, "sys/capabilities-self"), (.update, "sys/wrapping/wrap"), (.update, "sys/wrapping/lookup"),
            (.update, "sys/wrapping/unwrap"), (.update, "sys/tools/hash"), (.update, "sys/tools/hash/sha2-512"),
            (.update, "sys/control-group/request"), (.update, "sys/leases/lookup"), (.update, "sys/leases/renew"),
            (.read, "sys/internal/ui/resultant-acl"), (.create, "cubbyhole/a"), (.read, "cubbyhole/a"),
            (.update, "cubbyhole/a"), (.delete, "cubbyhole/a"), (.list, "cubbyhole/"),
        ]
        for (operation, path) in grants {
            #expect(acl.authorize(operation: operation, path: path).isAllowed, "\(operation) \(path)")
        }
        #expect(!acl.authorize(operation: .read, path: "secret/a").isAllowed)
        #expect(!acl.authorize(operation: .update, path: "auth/token/create").isAllowed)
        #expect(!acl.capabilities(for: "cubbyhole/a").contains(.sudo))
    }

    @Test func writeReadListDelete() async throws {
        let storage = InMemoryStorage()
        let store = try await loadedStore(storage)
        let text = "path \"secret/*\" {\n  capabilities = [\"read\"]\n}\n"
        try await store.write("Dev-Team", text: text)
        let stored = try #require(try await store.read("dev-team"))
        #expect(stored.name == "dev-team" && stored.text == text && stored.version == 1 && stored.modified != nil)
        try await store.write("dev-team", text: text)
        #expect(try await store.read("dev-team")?.version == 2)
        #expect(try await store.read("DEV-TEAM")?.text == text)
        #expect(try await store.list() == ["default", "dev-team", "root"])
        let raw = try #require(try await storage.get("policy/dev-team"))
        #expect(try JSONDecoder().decode(StoredPolicy.self, from: Data(raw)).text == text)
        try await store.delete("dev-team")
        #expect(try await store.read("dev-team") == nil)
        #expect(try await store.list() == ["default", "root"])
        try await store.delete("never-existed")
    }

    @Test func anInvalidPolicyIsNotStored() async throws {
        let store = try await loadedStore()
        let error = await #expect(throws: PolicyError.self) {
            try await store.write("bad", text: #"path "a" { capabilities = ["fly"] }"#)
        }
        #expect(error?.code == .invalidRule)
        #expect(try await store.read("bad") == nil)
        await #expect(throws: PolicyError.self) { try await store.write("a/b", text: "") }
    }

    @Test func builtInPoliciesAreProtected() async throws {
        let store = try await loadedStore()
        let update = await #expect(throws: PolicyError.self) { try await store.write("ROOT", text: "") }
        #expect(update == PolicyError(.protected, "cannot update \"root\" policy"))
        let deleteRoot = await #expect(throws: PolicyError.self) { try await store.delete("root") }
        #expect(deleteRoot?.message == "cannot delete \"root\" policy")
        let deleteDefault = await #expect(throws: PolicyError.self) { try await store.delete("default") }
        #expect(deleteDefault?.message == "cannot delete default policy")
        #expect(try await store.read("root") == StoredPolicy(name: "root", text: ""))
    }

    @Test func rootAmongTheNamesGivesTheRootACL() async throws {
        let store = try await loadedStore()
        #expect(try await store.acl(for: ["default", "Root"]).isRoot)
        #expect(try await !store.acl(for: ["default"]).isRoot)
    }

    @Test func unknownPolicyNamesAreIgnored() async throws {
        let store = try await loadedStore()
        try await store.write("reader", text: #"path "secret/*" { capabilities = ["read"] }"#)
        let acl = try await store.acl(for: ["reader", "ghost", "not/valid"])
        #expect(acl.capabilities(for: "secret/x") == .read)
    }

    @Test func changingAPolicyChangesTheACLsBuiltWithIt() async throws {
        let store = try await loadedStore()
        try await store.write("app", text: #"path "secret/app" { capabilities = ["read"] }"#)
        try await store.write("other", text: #"path "secret/other" { capabilities = ["read"] }"#)
        #expect(try await store.acl(for: ["app", "default"]).capabilities(for: "secret/app") == .read)
        let untouched = try await store.acl(for: ["other"])

        try await store.write("app", text: #"path "secret/app" { capabilities = ["read", "update"] }"#)
        #expect(try await store.acl(for: ["default", "app"]).capabilities(for: "secret/app") == [.read, .update])
        #expect(
            try await store.acl(for: ["other"]).capabilities(for: "secret/other")
                == untouched.capabilities(for: "secret/other"))

        try await store.delete("app")
        #expect(try await store.acl(for: ["app", "default"]).capabilities(for: "secret/app") == [])
    }

    @Test func creatingAPolicyAnACLAlreadyNamedTakesEffect() async throws {
        let store = try await loadedStore()
        #expect(try await store.acl(for: ["late"]).capabilities(for: "secret/x") == [])
        try await store.write("late", text: #"path "secret/x" { capabilities = ["list"] }"#)
        #expect(try await store.acl(for: ["late"]).capabilities(for: "secret/x") == .list)
    }

    @Test func aSealedStoreRefusesEverything() async throws {
        let store = PolicyStore()
        let before = await #expect(throws: PolicyError.self) { try await store.list() }
        #expect(before?.code == .sealed)
        try await store.load(storage: InMemoryStorage())
        store.clear()
        await #expect(throws: PolicyError.self) { try await store.read("default") }
        await #expect(throws: PolicyError.self) { try await store.acl(for: ["default"]) }
        await #expect(throws: PolicyError.self) { try await store.write("x", text: "") }
        #expect(try await store.acl(for: ["root"]).isRoot)
    }

    @Test func aCorruptStoredPolicyFailsClosed() async throws {
        let storage = InMemoryStorage()
        let store = try await loadedStore(storage)
        try await storage.put("policy/broken", Array("not json".utf8))
        let error = await #expect(throws: PolicyError.self) { try await store.acl(for: ["broken"]) }
        #expect(error?.code == .storage(.corrupt))
        let unparsable = try JSONEncoder().encode(
            StoredPolicy(name: "old", text: #"path "a" { capabilities = ["x"] }"#))
        try await storage.put("policy/old", Array(unparsable))
        let parse = await #expect(throws: PolicyError.self) { try await store.read("old") }
        #expect(parse?.message.hasPrefix(#"the stored policy "old" does not parse: 1:12: "#) == true)
    }
}
