@testable import CofferCore
import Testing

@Suite("canonical request paths")
struct RequestPathTests {
    @Test(arguments: [
        ("/secret/data/app", "secret/data/app"), ("/secret/data/app/", "secret/data/app/"),
        ("/secret%2Fdata%2Fapp", "secret/data/app"), ("/secret/data/admin%2F", "secret/data/admin/"),
        ("/", ""), ("/a/.../b", "a/.../b"), ("/a/b%20c", "a/b c"), ("/a/%2E%2E%2E", "a/..."),
    ])
    func cleanPathsAreDecodedOnce(raw: String, canonical: String) {
        #expect(RequestPath.resolve(Substring(raw)) == .canonical(canonical))
    }

    @Test(arguments: [
        ("/secret//data/admin", "/secret/data/admin"), ("/secret/data//admin/", "/secret/data/admin/"),
        ("/secret/data/./admin", "/secret/data/admin"), ("/secret/data/x/../admin", "/secret/data/admin"),
        ("/secret/data/admin/.", "/secret/data/admin"), ("//sys/health", "/sys/health"),
        ("/../../sys/health", "/sys/health"), ("/a/b/..", "/a"), ("/a//", "/a/"), ("/sys", "/sys/"),
        ("/sys/remount/..", "/sys/"), ("/%73ys/remount/..", "/%73ys/"),
        ("/secret/x\u{0600}/../admin", "/secret/admin"),
    ])
    func uncleanRawPathsAreRedirected(raw: String, cleaned: String) {
        #expect(RequestPath.resolve(Substring(raw)) == .redirect(cleaned))
    }

    @Test(arguments: [
        ("/secret/data/%2e%2e/data/admin", RequestPath.relativePathRefusal),
        ("/secret/data/%2E/admin", RequestPath.relativePathRefusal),
        ("/secret/data/..%2Fadmin", RequestPath.relativePathRefusal),
        ("/secret/data/a%2F%2Fb", "invalid path: empty path segment"),
        ("/%2Fsecret/data/admin", "invalid path: empty path segment"),
        ("/secret/data/admin%00", "invalid path: control character"),
        ("/secret/data/a%0Ab", "invalid path: control character"),
        ("/secret/data/zz/../a/b%00", "invalid path: control character"),
        ("/secret/data/a%zz", "invalid path: malformed percent-encoding"),
        ("/secret//a%zz", "invalid path: malformed percent-encoding"),
        ("/secret/data/a%4", "invalid path: malformed percent-encoding"),
        ("/secret/data/%FF", "invalid path: malformed percent-encoding"),
    ])
    func decodedRelativeEmptyOrControlPathsAreRefused(raw: String, reason: String) {
        #expect(RequestPath.resolve(Substring(raw)) == .refused(reason))
    }

    @Test func aCanonicalPathKeepsNoEmptySegmentButATrailingOne() {
        #expect(RequestPath.check("a/b/") == .canonical)
        #expect(RequestPath.check("a//b") == .emptySegment)
        #expect(RequestPath.check("/a") == .emptySegment)
        #expect(RequestPath.check("a/./b") == .relativeSegment)
        #expect(RequestPath.check("a/..") == .relativeSegment)
    }
}

@Suite("path tables and trailing slashes")
struct TrailingSlashRoutingTests {
    private struct Sample: Backend {
        let summary = "Sample paths."
        var paths: [PathSpec] {
            [
                PathSpec("policy", help: "").on(.list) { _ in nil },
                PathSpec("policy/{name}", help: "").on(.read) { _ in nil },
                PathSpec("data/{path*}", help: "").on(.read) { _ in nil },
                PathSpec("mounts/{path*}/tune", help: "").on(.read) { _ in nil },
            ]
        }
    }

    @Test func aTrailingSlashStaysInTheLastNameOfAnyButAList() throws {
        let table = PathTable(Sample())
        #expect(try #require(table.route("policy/admin/", operation: .read)).1["name"] == "admin/")
        #expect(try #require(table.route("policy/admin", operation: .read)).1["name"] == "admin")
        #expect(try #require(table.route("data/a/b/", operation: .delete)).1["path"] == "a/b/")
        #expect(table.route("mounts/a/tune/", operation: .read) == nil)
        #expect(try #require(table.route("policy/", operation: .list)).0.pattern.description == "policy")
        #expect(table.route("policy/", operation: .read) == nil)
    }

    @Test func aRestCaptureHoldsItsSegmentsJoinedByOneSlash() throws {
        let table = PathTable(Sample())
        #expect(try #require(table.route("data/a/b/c", operation: .read)).1["path"] == "a/b/c")
        #expect(try #require(table.route("data/a//b///c", operation: .read)).1["path"] == "a/b/c")
        #expect(try #require(table.route("data/é/ü", operation: .read)).1["path"] == "é/ü")
        #expect(try #require(table.route("mounts/a/b/tune", operation: .read)).1["path"] == "a/b")
        #expect(try #require(table.route("mounts//a//b//tune", operation: .read)).1["path"] == "a/b")
        #expect(try #require(table.route("data", operation: .read)).1["path"] == "")
    }
}

@Suite("a path table tries its patterns in their order")
struct PathTableOrderTests {
    private struct Ordered: Backend {
        let summary = "Patterns that overlap."
        var paths: [PathSpec] {
            [
                PathSpec("keys/{name}/rotate", help: "").on(.update) { _ in nil },
                PathSpec("{name}/config", help: "").on(.read) { _ in nil },
                PathSpec("keys/{name}", help: "").on(.read) { _ in nil },
                PathSpec("{path*}", help: "").on(.read) { _ in nil },
                PathSpec("keys", help: "").on(.list) { _ in nil },
            ]
        }
    }

    @Test func theFirstPatternInTableOrderWinsWhateverItsFirstSegment() throws {
        let table = PathTable(Ordered())
        func pattern(_ path: String, _ operation: Operation = .read) throws -> String {
            try #require(table.route(path, operation: operation)).0.pattern.description
        }
        #expect(try pattern("keys/a/rotate") == "keys/{name}/rotate")
        #expect(try pattern("keys/config") == "{name}/config")
        #expect(try pattern("keys/a") == "keys/{name}")
        #expect(try pattern("keys") == "{path*}")
        #expect(try pattern("other/config") == "{name}/config")
        #expect(try pattern("other/a/b") == "{path*}")
        #expect(try #require(table.route("", operation: .read)).1["path"] == "")
    }
}

@Suite("normalized names are authorized in their normal form")
struct NormalizedCaptureTests {
    @Test func theNormalizedPathReplacesEachDeclaredCapture() {
        let spec = PathSpec("role/{role}/secret-id", help: "").normalizing("role") { $0.lowercased() }
        #expect(
            spec.normalizedPath(
                "auth/approle/role/ADMIN/secret-id", mountPath: "auth/approle/",
                captures: ["role": "ADMIN"], operation: .update) == "auth/approle/role/admin/secret-id")
        #expect(
            spec.normalizedPath(
                "auth/approle/role/admin/secret-id", mountPath: "auth/approle/",
                captures: ["role": "admin"], operation: .update) == nil)
    }

    @Test func aSpecWithoutTheCaptureIsLeftAlone() {
        let spec = PathSpec("policy", help: "").normalizing("name") { $0.lowercased() }
        #expect(spec.normalizers.isEmpty)
    }

    @Test func mountNamesLoseTheirSlashes() {
        let spec = PathSpec("mounts/{path*}", help: "").normalizing("path", with: MountTable.bareName)
        #expect(
            spec.normalizedPath("sys/mounts/kept/", mountPath: "sys/", captures: ["path": "kept/"], operation: .delete)
                == "sys/mounts/kept")
    }
}
