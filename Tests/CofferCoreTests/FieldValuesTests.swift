import CofferAPI
@testable import CofferCore
import Testing

@Suite("declared fields")
struct FieldValuesTests {
    private let table = FieldTable(
        [
            FieldSpec("ttl", .duration, "How long."),
            FieldSpec("policies", .commaStringSlice, "Which policies."),
            FieldSpec("names", .stringSlice, "Which names."),
            FieldSpec("renewable", .bool, "Whether it renews.", default: true),
            FieldSpec("uses", .int, "How many uses."),
            FieldSpec("kind", .lowerCaseString, "Which kind."),
            FieldSpec("meta", .keyValuePairs, "Metadata."),
            FieldSpec("options", .map, "Options."),
        ], takesArbitraryFields: false)

    private func values(_ data: [String: JSONValue]) throws(CoreError) -> FieldValues {
        try FieldValues(data, table: table, captures: [:])
    }

    private func refusal(_ data: [String: JSONValue]) -> CoreError? {
        do {
            _ = try values(data)
            return nil
        } catch { return error }
    }

    @Test func durationsComeAsTextOrSeconds() throws {
        #expect(try values(["ttl": "1h"]).duration("ttl") == 3600)
        #expect(try values(["ttl": 90]).duration("ttl") == 90)
        #expect(try values(["ttl": "90"]).duration("ttl") == 90)
        #expect(try values(["ttl": ""]).duration("ttl") == nil)
        #expect(try values(["ttl": .null]).isGiven("ttl") == false)
    }

    @Test func aWrongTypeIsA400NamingTheField() throws {
        let negative = try #require(refusal(["ttl": "-5s"]))
        #expect(negative.code == .badRequest)
        #expect(negative.description.hasPrefix("Field validation failed: error converting input for field \"ttl\": "))
        #expect(refusal(["ttl": .array([])])?.code == .badRequest)
        #expect(refusal(["uses": "many"])?.description.hasPrefix("Field validation failed: error converting input for field \"uses\"") == true)
        #expect(refusal(["renewable": "yes"])?.code == .badRequest)
        #expect(refusal(["renewable": .double(2.5)])?.code == .badRequest)
        #expect(refusal(["renewable": 2])?.code == .badRequest)
        #expect(refusal(["meta": ["novalue"]])?.code == .badRequest)
        #expect(refusal(["options": "text"])?.code == .badRequest)
    }

    @Test func fieldsTheTableDoesNotDeclareAreNotConverted() {
        #expect(refusal(["other": .array([.object([:])])]) == nil)
    }

    @Test func aBodyMemberNamedLikeACaptureIsLeftToTheHandler() throws {
        let given = try FieldValues(["uses": ["not", "a", "number"]], table: table, captures: ["uses": "3"])
        #expect(try given.isGiven("uses") == false)
    }

    @Test func listsComeAsCommaTextOrArrays() throws {
        #expect(try values(["policies": "a, b,,c"]).strings("policies") == ["a", "b", "c"])
        #expect(try values(["policies": [" a ", "b"]]).strings("policies") == ["a", "b"])
        #expect(try values(["names": "a,b"]).strings("names") == ["a,b"])
        #expect(try values(["names": ""]).strings("names") == [])
        #expect(try values(["names": 7]).strings("names") == ["7"])
    }

    @Test func scalarsAreReadLeniently() throws {
        #expect(try values(["renewable": "f"]).bool("renewable") == false)
        #expect(try values(["renewable": 1]).bool("renewable") == true)
        #expect(try values(["uses": "12"]).int("uses") == 12)
        #expect(try values(["uses": .double(3)]).int("uses") == 3)
        #expect(try values(["kind": "Service"]).string("kind") == "service")
        #expect(try values(["meta": ["a=b", "c=d=e"]]).pairs("meta") == ["a": "b", "c": "d=e"])
        #expect(try values(["meta": ["n": 1, "t": true]]).pairs("meta") == ["n": "1", "t": "true"])
    }

    @Test func aDefaultIsReadButNotGiven() throws {
        let empty = try values([:])
        #expect(try empty.bool("renewable") == true)
        #expect(try empty.isGiven("renewable") == false)
        #expect(try values(["renewable": false]).bool("renewable") == false)
    }

    @Test func readingAnUndeclaredFieldOrAsAnotherTypeIsAFaultInTheHandler() throws {
        let given = try values(["ttl": 5])
        #expect(throws: CoreError.self) { try given.string("undeclared") }
        #expect(throws: CoreError.self) { try given.string("ttl") }
        do {
            _ = try given.int("ttl")
            Issue.record("an int read of a duration field was allowed")
        } catch { #expect(error.code == .internalError) }
    }

    @Test func theWarningNamesUnknownFieldsSortedButNotCaptures() {
        let data: [String: JSONValue] = ["zeta": 1, "alpha": 2, "ttl": 3, "name": "x"]
        #expect(
            table.unrecognizedWarning(data, captures: ["name": "x"])
                == "Endpoint ignored these unrecognized parameters: [alpha zeta]")
        #expect(table.unrecognizedWarning(["ttl": 1], captures: [:]) == nil)
        let arbitrary = FieldTable([], takesArbitraryFields: true)
        #expect(arbitrary.unrecognizedWarning(data, captures: [:]) == nil)
    }
}
