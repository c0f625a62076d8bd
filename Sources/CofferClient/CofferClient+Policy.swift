extension CofferClient {
    /// `LIST /v1/sys/policies/acl`: the names of the ACL policies.
    public func policyNames() async throws(ClientError) -> [String] {
        let response = try await request("LIST", "sys/policies/acl")
        return response.data?["keys"]?.arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// `GET /v1/sys/policies/acl/:name`: the policy's HCL text, or nil when there is no such policy.
    public func policy(named name: String) async throws(ClientError) -> String? {
        do throws(ClientError) {
            let text = try await request("GET", "sys/policies/acl/\(name)").data?["policy"]?.stringValue
            return text?.isEmpty == false ? text : nil
        } catch  where error.statusCode == 404 {
            return nil
        }
    }

    /// `PUT /v1/sys/policies/acl/:name`: creates or replaces the policy with the HCL `rules`.
    public func writePolicy(named name: String, rules: String) async throws(ClientError) {
        _ = try await request("PUT", "sys/policies/acl/\(name)", body: ["policy": .string(rules)])
    }

    /// `DELETE /v1/sys/policies/acl/:name`: deletes the policy; deleting a missing one succeeds.
    public func deletePolicy(named name: String) async throws(ClientError) {
        _ = try await request("DELETE", "sys/policies/acl/\(name)")
    }
}
