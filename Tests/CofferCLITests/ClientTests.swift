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
}
