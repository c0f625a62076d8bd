import CofferAPI

/// The OpenAPI 3 document of mounted paths, made from their path tables, as
/// `sys/internal/specs/openapi` serves it: each path's operations, captures as path parameters,
/// declared fields as the request body (writes) or query parameters (reads), and the reference's
/// `x-vault-*` extensions.
struct OpenAPIDocument {
    /// One mount to describe: where it is mounted (ending in `/`) and the paths it serves there.
    struct Mount {
        let path: String
        let paths: [PathSpec]
    }

    private var paths: [String: [String: JSONValue]] = [:]
    private var operationIDs: Set<String> = []

    /// The whole document for `mounts`.
    static func make(_ mounts: [Mount], version: String) -> [String: JSONValue] {
        var document = OpenAPIDocument()
        for mount in mounts.sorted(by: { $0.path < $1.path }) {
            for spec in mount.paths { document.add(spec, under: mount.path) }
        }
        return [
            "openapi": "3.0.2",
            "info": [
                "title": "Coffer API",
                "description": "The HTTP API of Coffer, which speaks Vault's. Every route is prefixed with `/v1/`.",
                "version": .string(version),
            ],
            "paths": .object(document.paths.mapValues { .object($0) }),
            "components": ["schemas": [:]],
        ]
    }

    private mutating func add(_ spec: PathSpec, under mountPath: String) {
        let route = "/" + mountPath + spec.pattern.openAPITemplate
        var item: [String: JSONValue] = ["description": .string(spec.help)]
        let captures = spec.pattern.captureNames
        if !captures.isEmpty { item["parameters"] = .array(captures.map { Self.pathParameter($0, spec) }) }
        if spec.unauthenticated { item["x-vault-unauthenticated"] = true }
        if !spec.sudoOperations.isEmpty { item["x-vault-sudo"] = true }
        if spec.existenceCheck != nil { item["x-vault-createSupported"] = true }
        for (operations, method) in Self.methods where operations.contains(where: { spec.handlers[$0] != nil }) {
            item[method] = .object(operationObject(spec, method: method, route: route, listing: false))
        }
        merge(item, at: route)
        guard spec.handlers[.list] != nil else { return }
        var listing = item
        for (_, method) in Self.methods { listing[method] = nil }
        listing["get"] = .object(operationObject(spec, method: "get", route: route + "/", listing: true))
        merge(listing, at: route.hasSuffix("/") ? route : route + "/")
    }

    /// Adds `item` at `route`, keeping what an earlier pattern already put there.
    private mutating func merge(_ item: [String: JSONValue], at route: String) {
        paths[route] = (paths[route] ?? [:]).merging(item) { earlier, _ in earlier }
    }

    /// Each HTTP method and the operations it carries.
    private static let methods: [([Operation], String)] = [
        ([.read], "get"), ([.create, .update], "post"), ([.delete], "delete"), ([.patch], "patch"),
    ]

    private mutating func operationObject(_ spec: PathSpec, method: String, route: String, listing: Bool)
        -> [String: JSONValue]
    {
        var operation: [String: JSONValue] = [
            "summary": .string(spec.help),
            "operationId": .string(uniqueOperationID(method, route)),
            "tags": [.string(Self.tag(route))],
            "responses": ["200": ["description": "OK"], "204": ["description": "empty body"]],
        ]
        let captures = Set(spec.pattern.captureNames)
        let fields = (spec.fieldTable?.fields ?? []).filter { !captures.contains($0.name) }
        if listing {
            operation["parameters"] = [
                ["name": "list", "in": "query", "required": true, "description": "Must be true to list.",
                 "schema": ["type": "string", "enum": ["true"]]],
            ]
        } else if method == "get" || method == "delete" {
            if !fields.isEmpty {
                operation["parameters"] = .array(fields.map { field in
                    ["name": .string(field.name), "in": "query", "description": .string(field.description),
                     "schema": .object(field.type.openAPISchema)]
                })
            }
        } else if !fields.isEmpty || spec.fieldTable?.takesArbitraryFields == true {
            var properties: [String: JSONValue] = [:]
            for field in fields {
                var schema = field.type.openAPISchema
                schema["description"] = .string(field.description)
                if let fallback = field.defaultValue { schema["default"] = fallback }
                properties[field.name] = .object(schema)
            }
            var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
            if spec.fieldTable?.takesArbitraryFields == true { schema["additionalProperties"] = true }
            let mediaType = method == "patch" ? "application/merge-patch+json" : "application/json"
            operation["requestBody"] = ["content": .object([mediaType: ["schema": .object(schema)]])]
        }
        return operation
    }

    private static func pathParameter(_ name: String, _ spec: PathSpec) -> JSONValue {
        let description = spec.fieldTable?.byName[name]?.description ?? "The \(name) named in the path."
        return ["name": .string(name), "in": "path", "required": true, "description": .string(description),
                "schema": ["type": "string"]]
    }

    private static func tag(_ route: String) -> String {
        if route.hasBytePrefix("/sys/") { return "system" }
        return route.hasBytePrefix("/auth/") ? "auth" : "secrets"
    }

    /// `method` and `route` as an operation ID, unique in the document.
    private mutating func uniqueOperationID(_ method: String, _ route: String) -> String {
        let words = route.split { !$0.isLetter && !$0.isNumber && $0 != "_" }
        let base = ([method] + words.map(String.init)).joined(separator: "-")
        var candidate = base
        var next = 2
        while operationIDs.contains(candidate) {
            candidate = "\(base)-\(next)"
            next += 1
        }
        operationIDs.insert(candidate)
        return candidate
    }
}
