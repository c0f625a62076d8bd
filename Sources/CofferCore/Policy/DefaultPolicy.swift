/// The `default` policy Coffer writes when none is stored: what any token needs to look after itself.
///
/// Operators may rewrite it; Coffer never overwrites a stored `default`.
enum DefaultPolicy {
    /// The policy text, HCL.
    static let text = """
        # Coffer's default policy: attached to every token unless asked otherwise.
        # It lets a token manage itself and its own cubbyhole, and nothing else.

        # Inspect, extend and give up the token itself.
        path "auth/token/lookup-self" {
          capabilities = ["read"]
        }

        path "auth/token/renew-self" {
          capabilities = ["update"]
        }

        path "auth/token/revoke-self" {
          capabilities = ["update"]
        }

        # Ask what the token may do on given paths.
        path "sys/capabilities-self" {
          capabilities = ["update"]
        }

        # The policy set the token ends up with, as the web UI shows it.
        path "sys/internal/ui/resultant-acl" {
          capabilities = ["read"]
        }

        # Look up and renew the leases the token holds.
        path "sys/leases/lookup" {
          capabilities = ["update"]
        }

        path "sys/leases/renew" {
          capabilities = ["update"]
        }

        # Response wrapping: wrap data, inspect a wrapping token, unwrap it.
        path "sys/wrapping/wrap" {
          capabilities = ["update"]
        }

        path "sys/wrapping/lookup" {
          capabilities = ["update"]
        }

        path "sys/wrapping/unwrap" {
          capabilities = ["update"]
        }

        # Hash data, with the default algorithm or a named one.
        path "sys/tools/hash" {
          capabilities = ["update"]
        }

        path "sys/tools/hash/*" {
          capabilities = ["update"]
        }

        # Ask for approval of a control-group request.
        path "sys/control-group/request" {
          capabilities = ["update"]
        }

        # The token's private cubbyhole, which only it can see.
        path "cubbyhole/*" {
          capabilities = ["create", "read", "update", "delete", "list"]
        }
        """
}
