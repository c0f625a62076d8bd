import CofferAPI
import Foundation

extension Core {
    /// Runs one request through the pipeline: seal check, route, authenticate, authorize, handle.
    public func handle(_ request: Request) async throws(CoreError) -> CoreResponse {
        let requestID = UUID().uuidString.lowercased()
        if !isUnsealed {
            return try await handleSealed(request, requestID: requestID)
        }
        guard let (mount, relativePath) = mounts.route(request.path) else {
            try await authenticate(request)
            throw .unsupportedPath(request.path)
        }
        guard let (spec, captures) = mount.backend.route(relativePath) else {
            try await authenticate(request)
            throw .unsupportedPath(request.path)
        }
        if !spec.unauthenticated {
            try await authenticate(request)
        }
        let response = try await run(
            spec, captures: captures, relativePath: relativePath, mount: mount, request: request)
        return CoreResponse(response: response, requestID: requestID)
    }

    private func handleSealed(_ request: Request, requestID: String) async throws(CoreError) -> CoreResponse {
        let system = systemBackend
        let prefix = MountTable.systemPath
        guard request.path.hasPrefix(prefix),
            let (spec, captures) = system.route(String(request.path.dropFirst(prefix.count))),
            spec.availableWhileSealed
        else { throw .sealed }
        let relative = String(request.path.dropFirst(prefix.count))
        let mounted = MountTable.Mounted(
            entry: MountEntry(path: prefix, type: "system", description: "", accessor: "", uuid: ""),
            backend: system, storage: physical)
        let response = try await run(spec, captures: captures, relativePath: relative, mount: mounted, request: request)
        return CoreResponse(response: response, requestID: requestID)
    }

    /// Checks the client token; root tokens are granted every capability.
    func authenticate(_ request: Request) async throws(CoreError) {
        guard let token = request.clientToken, !token.isEmpty else { throw .permissionDenied }
        guard let entry = try await tokens.lookup(token), entry.isRoot else { throw .permissionDenied }
    }

    private func run(
        _ spec: PathSpec, captures: [String: String], relativePath: String, mount: MountTable.Mounted, request: Request
    ) async throws(CoreError) -> Response {
        var operation = request.operation
        if operation == .head { operation = .read }
        if spec.handlers[operation] == nil, operation == .create, spec.handlers[.update] != nil {
            operation = .update
        }
        guard let handler = spec.handlers[operation] else {
            if operation == .list { throw CoreError(.notFound, ["unsupported path"]) }
            throw mount.entry.type == "system"
                ? .unsupportedOperation : CoreError(.unsupportedOperation, ["unsupported operation"])
        }
        let backendRequest = BackendRequest(
            operation: operation, path: relativePath, captures: captures, data: request.data, query: request.query,
            storage: mount.storage, mountPath: mount.entry.path, original: request)
        do {
            return try await handler(backendRequest) ?? Response()
        } catch let error as CoreError {
            throw error
        } catch let error as StorageError {
            logger.error("storage failure", metadata: ["path": "\(request.path)", "error": "\(error.message)"])
            throw .internalError(error.message)
        } catch {
            logger.error("handler failure", metadata: ["path": "\(request.path)", "error": "\(error)"])
            throw .internalError("internal error")
        }
    }
}
