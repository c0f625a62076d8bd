import CofferAPI

/// `?help=1` on any path, and `sys/internal/specs/openapi`: both made from the path tables.
extension Core {
    /// The help for the path `request` names (a path served for reading, else for listing): its
    /// route, synopsis and fields, or for a mount's root, what the backend is and its paths.
    /// Any live token may read it, as in the reference,
    /// whose ACL allows help everywhere; the body is the raw `{help, openapi, see_also}` the CLIs
    /// read, the document's paths relative to the mount as the reference gives them. It spends one
    /// use of a use-limited token, and the last use revokes the token, as any request does.
    func help(
        _ request: Request, mount: MountTable.Mounted, relativePath: String, trail: AuditTrail?
    ) async throws(CoreError) -> CoreResponse {
        let caller = try await authenticate(request)
        trail?.caller = caller
        trail?.allowed = true
        try await recordRequest(trail)
        let specs: [PathSpec]
        let text: String
        if relativePath.isEmpty {
            specs = mount.routes.specs
            text = PathHelp.text(backend: mount.backend.summary, paths: specs)
        } else {
            guard
                let (spec, _) = mount.routes.route(relativePath, operation: .read)
                    ?? mount.routes.route(relativePath, operation: .list)
            else {
                try await revokeIfExhausted(caller)
                throw .unsupportedPathInMount
            }
            specs = [spec]
            text = PathHelp.text(request: relativePath, spec: spec)
        }
        let document = OpenAPIDocument.make([.init(path: "", paths: specs)], version: CofferVersion.current)
        try await revokeIfExhausted(caller)
        let response = Response.raw(["help": .string(text), "openapi": .object(document), "see_also": .null])
        return CoreResponse(response: response, requestID: "")
    }
}
