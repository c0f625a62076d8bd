import Foundation
import Testing

@testable import CofferClient

@Suite struct ClientTests {
    @Test func urlsAreUnderV1AndPercentEncoded() async {
        let client = CofferClient(address: "http://127.0.0.1:8200/", token: nil, caCertPath: nil, skipVerify: false)
        #expect(client.address == "http://127.0.0.1:8200")
        #expect(client.url(for: "/secret/my app?x") == "http://127.0.0.1:8200/v1/secret/my%20app%3Fx")
        #expect(client.url(for: "sys/mounts/kv-1_a.b~/") == "http://127.0.0.1:8200/v1/sys/mounts/kv-1_a.b~/")
        await client.shutdown()
    }

    @Test func queryParametersAreSortedAndEncoded() async {
        let client = CofferClient(address: "http://h:1", token: nil, caCertPath: nil, skipVerify: false)
        #expect(client.url(for: "secret/data/a", query: ["version": "2"]) == "http://h:1/v1/secret/data/a?version=2")
        #expect(client.url(for: "x", query: ["b": "1 2", "a": "&"]) == "http://h:1/v1/x?a=%26&b=1%202")
        await client.shutdown()
    }

    @Test func copiesShareTheConnectionsButNotTheTokenOrWrapping() async {
        let client = CofferClient(address: "http://h:1", token: "t", caCertPath: nil, skipVerify: false, wrapTTL: "60s")
        #expect(client.withToken("other").token == "other" && client.token == "t")
        #expect(client.withoutWrapping().wrapTTL == nil && client.wrapTTL == "60s")
        await client.shutdown()
    }

    @Test func aBodyThatIsNotJSONIsShownRaw() {
        let error = ClientError.raw(method: "PATCH", url: "http://h/v1/secret/data/x", status: 404, message: "")
        #expect(
            error.description
                == "Error making API request.\n\nURL: PATCH http://h/v1/secret/data/x\nCode: 404. Raw Message:\n\n")
        #expect(ClientError.raw(method: "GET", url: "u", status: 502, message: "bad gateway").errors == ["bad gateway"])
    }

    @Test func tokenRequestsSendOnlyWhatWasChosen() {
        var request = TokenCreateRequest()
        #expect(request.body == ["renewable": true] && request.path == "auth/token/create")
        request.ttl = 90
        request.orphan = true
        request.metadata = ["k": "v"]
        #expect(request.body == ["renewable": true, "ttl": "90s", "no_parent": true, "meta": ["k": "v"]])
    }

    @Test func refusedConnectionIsATransportError() async {
        let client = CofferClient(address: "http://127.0.0.1:1", token: "t", caCertPath: nil, skipVerify: false)
        await #expect {
            _ = try await client.request("LIST", "secret/")
        } throws: { error in
            guard let error = error as? ClientError else { return false }
            return error.code == .transport && error.method == "LIST" && error.url == "http://127.0.0.1:1/v1/secret/"
                && error.statusCode == nil
        }
        await client.shutdown()
    }

    @Test func addressWithoutSchemeIsRefusedBeforeSending() async {
        let client = CofferClient(address: "127.0.0.1:8200", token: nil, caCertPath: nil, skipVerify: false)
        await #expect {
            _ = try await client.sealStatus()
        } throws: { error in
            (error as? ClientError)?.code == .invalidRequest
        }
        await client.shutdown()
    }

    @Test func responseExposesDataAndWarnings() {
        let response = APIResponse(status: 200, body: ["data": ["a": 1], "warnings": ["w"]])
        #expect(response.data == ["a": 1])
        #expect(response.warnings == ["w"])
        #expect(APIResponse(status: 204, body: nil).data == nil)
        #expect(APIResponse(status: 200, body: ["data": nil]).data == nil)
    }

    @Test func sealStatusDecodesTheWireNames() throws {
        let text = #"""
            {"type":"shamir","initialized":true,"sealed":true,"t":2,"n":3,"progress":1,"nonce":"5ab0",
             "version":"2.7.2","commit_date":"2026-10-26T20:32:27Z","migration":false,"recovery_seal":false,
             "storage_type":"inmem","build_date":"","cluster_name":"c","cluster_id":"id"}
            """#
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let status = try APIResponse(status: 200, body: body).decode(SealStatus.self, method: "GET", url: "u")
        #expect(status.threshold == 2 && status.shares == 3 && status.progress == 1 && status.sealed)
        #expect(status.commitDate == "2026-10-26T20:32:27Z" && status.storageType == "inmem")
        #expect(status.clusterName == "c" && status.clusterID == "id" && status.recoverySeal == false)
    }

    @Test func bodyOfTheWrongShapeIsAnInvalidResponse() {
        #expect {
            _ = try APIResponse(status: 200, body: ["sealed": "yes"]).decode(SealStatus.self, method: "GET", url: "u")
        } throws: { error in
            (error as? ClientError)?.code == .invalidResponse
        }
    }

    /// `GET sys/audit` of OpenBao 2.7.2 holds the table twice, at the top level and under `data`.
    @Test func auditTableDecodesFromData() throws {
        let text = #"""
            {"file/":{"description":"","local":false,"options":{"file_path":"/var/log/a.log"},"path":"file/",
             "type":"file"},"request_id":"583c57c5-cd53-38dd-d2f3-dea20cb33151","lease_id":"","renewable":false,
             "lease_duration":0,"data":{"cli2/":{"description":"hello","local":true,"options":{"mode":"0640",
             "file_path":"/var/log/cli2.log"},"path":"cli2/","type":"file"},"file/":{"description":"","local":false,
             "options":{"file_path":"/var/log/a.log"},"path":"file/","type":"file"}},"wrap_info":null,
             "warnings":null,"auth":null}
            """#
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
        let table = try APIResponse(status: 200, body: APIResponse(status: 200, body: body).data)
            .decode([String: AuditDevice].self, method: "GET", url: "u")
        #expect(
            table == [
                "cli2/": AuditDevice(
                    path: "cli2/", type: "file", description: "hello",
                    options: ["file_path": "/var/log/cli2.log", "mode": "0640"], local: true),
                "file/": AuditDevice(path: "file/", type: "file", options: ["file_path": "/var/log/a.log"]),
            ])
        let sparse = try APIResponse(status: 200, body: ["x/": ["type": "socket", "options": nil]])
            .decode([String: AuditDevice].self, method: "GET", url: "u")
        #expect(sparse == ["x/": AuditDevice(path: "", type: "socket")])
    }

    /// The body `bao audit enable -output-curl-string` shows: every member sent, options as strings.
    @Test func enablingAnAuditDeviceSendsEveryMember() {
        let device = AuditDevice(path: "cli2/", type: "file", options: ["file_path": "/var/log/cli2.log"])
        #expect(
            device.enableBody == [
                "type": "file", "description": "", "options": ["file_path": "/var/log/cli2.log"], "local": false,
            ])
    }
}
