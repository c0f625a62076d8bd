import CofferAPI

/// `sys/audit`: listing, enabling and disabling audit devices.
extension CofferClient {
    /// `GET /v1/sys/audit`: the enabled audit devices, keyed by path with a trailing `/`.
    public func auditDevices() async throws(ClientError) -> [String: AuditDevice] {
        let response = try await request("GET", "sys/audit")
        let data = APIResponse(status: response.status, body: response.data)
        return try data.decode([String: AuditDevice].self, method: "GET", url: url(for: "sys/audit"))
    }

    /// `PUT /v1/sys/audit/:path`: enables `device` at its path; the server refuses a path in use.
    public func enableAudit(_ device: AuditDevice) async throws(ClientError) {
        _ = try await request("PUT", "sys/audit/\(Self.withoutEnclosingSlashes(device.path))", body: device.enableBody)
    }

    /// `DELETE /v1/sys/audit/:path`: disables the device at `path`; succeeds when there is none.
    public func disableAudit(path: String) async throws(ClientError) {
        _ = try await request("DELETE", "sys/audit/\(Self.withoutEnclosingSlashes(path))")
    }
}
