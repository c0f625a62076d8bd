import CofferHCL
import Testing

@Suite("A Vault server config")
struct VaultConfigTests {
    static let config = """
        # Coffer server configuration
        storage "sqlite" {
          path = "/var/lib/coffer"
        }

        // Legacy name for storage, still accepted.
        backend "inmem" {}

        listener "tcp" {
          address     = "127.0.0.1:8200"
          tls_disable = true
        }

        listener "tcp" {
          address         = "0.0.0.0:8201"
          tls_cert_file   = "/etc/coffer/tls/server.crt"
          tls_key_file    = "/etc/coffer/tls/server.key"
          tls_min_version = "tls12"
        }

        /* Addresses that clients and other nodes use. */
        api_addr          = "https://coffer.example.com:8200"
        cluster_addr      = "https://10.0.0.5:8201"
        default_lease_ttl = "768h"
        max_lease_ttl     = "8760h"
        disable_mlock     = true
        ui                = true
        cache_size        = 131072

        telemetry {
          prometheus_retention_time = "30s"
          disable_hostname          = true
        }

        seal "transit" {
          address    = "https://unsealer.example.com:8200"
          key_name   = "autounseal"
          mount_path = "transit/"
        }
        """

    @Test func topLevelAttributes() throws {
        let body = try HCLParser.parse(Self.config, fileName: "coffer.hcl")
        #expect(body.attribute("api_addr")?.value == .string("https://coffer.example.com:8200"))
        #expect(body.attribute("cluster_addr")?.value == .string("https://10.0.0.5:8201"))
        #expect(body.attribute("default_lease_ttl")?.value == .string("768h"))
        #expect(body.attribute("max_lease_ttl")?.value == .string("8760h"))
        #expect(body.attribute("disable_mlock")?.value == .bool(true))
        #expect(body.attribute("ui")?.value == .bool(true))
        #expect(body.attribute("cache_size")?.value == .int(131_072))
        #expect(body.attribute("api_addr")?.position == HCLPosition(line: 22, column: 1))
        #expect(body.attributes.count == 7)
    }

    @Test func storageAndLegacyBackend() throws {
        let body = try HCLParser.parse(Self.config)
        let storage = try #require(body.blocks(ofType: "storage").first)
        #expect(storage.labels == ["sqlite"])
        #expect(storage.position == HCLPosition(line: 2, column: 1))
        #expect(storage.body.attribute("path")?.value == .string("/var/lib/coffer"))
        #expect(storage.body.attribute("path")?.position == HCLPosition(line: 3, column: 3))

        let backend = try #require(body.blocks(ofType: "backend").first)
        #expect(
            backend
                == HCLBlock(
                    type: "backend",
                    labels: ["inmem"],
                    body: HCLBody(),
                    position: HCLPosition(line: 7, column: 1)
                )
        )
    }

    @Test func listeners() throws {
        let listeners = try HCLParser.parse(Self.config).blocks(ofType: "listener")
        #expect(listeners.map(\.labels) == [["tcp"], ["tcp"]])
        #expect(listeners[0].body.attribute("address")?.value == .string("127.0.0.1:8200"))
        #expect(listeners[0].body.attribute("tls_disable")?.value == .bool(true))
        #expect(listeners[1].body.attribute("tls_cert_file")?.value == .string("/etc/coffer/tls/server.crt"))
        #expect(listeners[1].body.attribute("tls_min_version")?.value == .string("tls12"))
        #expect(listeners[1].body.attribute("tls_disable") == nil)
    }

    @Test func unlabelledAndSealBlocks() throws {
        let body = try HCLParser.parse(Self.config)
        let telemetry = try #require(body.blocks(ofType: "telemetry").first)
        #expect(telemetry.labels.isEmpty)
        #expect(telemetry.body.attribute("prometheus_retention_time")?.value == .string("30s"))
        let seal = try #require(body.blocks(ofType: "seal").first)
        #expect(seal.labels == ["transit"])
        #expect(seal.body.attribute("mount_path")?.value == .string("transit/"))
        #expect(body.blocks.map(\.type) == ["storage", "backend", "listener", "listener", "telemetry", "seal"])
    }

    @Test func listenerOnOneLine() throws {
        let body = try HCLParser.parse(#"listener "tcp" { address = "127.0.0.1:8200" tls_disable = true }"#)
        let listener = try #require(body.blocks(ofType: "listener").first)
        #expect(listener.body.attributes.map(\.name) == ["address", "tls_disable"])
        #expect(listener.body.attribute("tls_disable")?.position == HCLPosition(line: 1, column: 45))
    }

    @Test func emptyFileHasEmptyBody() throws {
        #expect(try HCLParser.parse("") == HCLBody())
        #expect(try HCLParser.parse("\u{FEFF}# only a comment\n\n") == HCLBody())
    }
}
