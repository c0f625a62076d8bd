import CofferAPI
import Testing

@testable import CofferCore

@Suite("an answer's JSON body")
struct ResponseBodyTests {
    private static let answers: [Response] = [
        Response(data: ["value": "secret", "n": .int(3)]),
        Response(data: ["only": .array([.bool(true), .null])], warnings: ["first", "a \"quoted\" one"]),
        Response(auth: ["client_token": "hvs.x", "policies": .array(["default"])], leaseDuration: 3600, renewable: true),
        Response(wrapInfo: ["token": "hvs.w", "ttl": .int(60)]),
        Response(data: ["type": "kv", "path": "secret/"], framing: .envelopeAndRaw),
        Response.raw(["initialized": .bool(true), "sealed": .bool(false)]),
        Response(data: [:]),
    ]

    @Test func theEnvelopeWrittenFieldByFieldIsTheSortedDictionarysText() throws {
        for (index, answer) in Self.answers.enumerated() {
            var response = answer
            response.leaseID = index == 2 ? "auth/token/create/h1" : ""
            let core = CoreResponse(response: response, requestID: "req-\(index)")
            #expect(core.serializedBody() == JSONValue.object(core.body).serialized(), "answer \(index)")
        }
    }

    @Test func anObjectOfOneMemberIsWrittenAsAnyOther() {
        #expect(String(decoding: JSONValue.object(["k\n": "v"]).serialized(), as: UTF8.self) == #"{"k\n":"v"}"#)
        #expect(String(decoding: JSONValue.object(["b": 1, "a": 2]).serialized(), as: UTF8.self) == #"{"a":2,"b":1}"#)
    }
}
