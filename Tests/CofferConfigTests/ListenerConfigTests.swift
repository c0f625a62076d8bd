import CofferHCL
import CofferHTTP
import Testing

@testable import coffer

@Suite("listener settings in a server config")
struct ListenerConfigTests {
    func load(_ text: String) throws(ConfigLoader.LoadError) -> ServerConfig {
        let body: HCLBody
        do { body = try HCLParser.parse(text, fileName: "server.hcl") } catch { throw .init(error.description) }
        return try ConfigInterpreter(file: "server.hcl").interpret(body)
    }

    func error(_ text: String) -> String? {
        do {
            _ = try load(text)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func timeoutsDefaultToVaults() throws {
        let config = try load("listener \"tcp\" {\n  tls_disable = true\n}\n")
        #expect(config.listeners.first?.timeouts == .vaultDefaults)
    }

    @Test func timeoutsAreDurations() throws {
        let config = try load(
            """
            listener "tcp" {
              tls_disable = true
              http_idle_timeout = "2m"
              http_read_header_timeout = 3
              http_read_timeout = "1m30s"
              http_write_timeout = "0"
            }
            """)
        #expect(
            config.listeners.first?.timeouts
                == ListenerTimeouts(idle: .seconds(120), readHeader: .seconds(3), read: .seconds(90), write: .zero))
    }

    @Test func aSubSecondTimeoutIsRefusedNotReadAsNone() {
        #expect(
            error("listener \"tcp\" {\n  tls_disable = true\n  http_read_timeout = \"500ms\"\n}\n")
                == "server.hcl:3:3: http_read_timeout must be 0 (no limit) or at least 1s")
    }

    @Test func tlsSettings() throws {
        let config = try load(
            """
            listener "tcp" {
              tls_cert_file = "c.pem"
              tls_key_file = "k.pem"
              tls_require_and_verify_client_cert = true
              tls_client_ca_file = "ca.pem"
              tls_min_version = "tls13"
              tls_cipher_suites = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"
            }
            """)
        let tls = try #require(config.listeners.first?.tls)
        #expect(tls.requireClientCertificate && tls.clientCAFile == "ca.pem" && tls.minimumVersion == .tls13)
        #expect(tls.cipherSuites?.map(\.value) == [0xC02F, 0xCCA8])
    }

    @Test func tlsMistakesNameTheirPosition() {
        let prefix = "listener \"tcp\" {\n  tls_cert_file = \"c\"\n  tls_key_file = \"k\"\n"
        #expect(
            error(prefix + "  tls_cipher_suites = \"TLS_NOPE\"\n}\n")
                == "server.hcl:4:3: tls_cipher_suites: unknown or unsupported suite \"TLS_NOPE\"")
        #expect(
            error(prefix + "  tls_min_version = \"tls14\"\n}\n")?.hasPrefix("server.hcl:4:3: tls_min_version") == true)
        #expect(error(prefix + "  tls_client_ca_file = \"ca\"\n}\n")?.hasPrefix("server.hcl:4:3:") == true)
        #expect(
            error(prefix + "  tls_require_and_verify_client_cert = true\n  tls_disable_client_certs = true\n}\n")?
                .hasPrefix("server.hcl:5:3:") == true)
        #expect(
            error("listener \"tcp\" {\n  tls_disable = true\n  tls_min_version = \"tls13\"\n}\n")?
                .hasPrefix("server.hcl:3:3:") == true)
    }

    @Test func unknownSettingsAndBlocksAreErrors() {
        #expect(
            error("listener \"tcp\" {\n  tls_disable = true\n  proxy_protocol_behavior = \"use_always\"\n}\n")
                == "server.hcl:3:3: listener \"tcp\": unknown setting \"proxy_protocol_behavior\"")
        #expect(
            error("listener \"tcp\" {\n  tls_disable = true\n  telemetry {\n  }\n}\n")
                == "server.hcl:3:3: listener \"tcp\": unsupported block \"telemetry\"")
        #expect(error("seal \"transit\" {\n}\n")?.hasPrefix("server.hcl:1:1: seal blocks are not supported") == true)
        #expect(error("\ntelemetry {\n}\n")?.hasPrefix("server.hcl:2:1: telemetry is not supported") == true)
        #expect(error("ha_storage \"raft\" {\n}\n")?.hasPrefix("server.hcl:1:1: ha_storage") == true)
        #expect(
            error("storage \"inmem\" {\n  path = \"x\"\n}\n")
                == "server.hcl:2:3: storage \"inmem\": unknown setting \"path\"")
        #expect(error("log_file = \"/tmp/x\"\n") == "server.hcl:1:1: unknown setting \"log_file\"")
    }

    @Test func settingsWithoutEffectAreAccepted() throws {
        let config = try load(
            """
            disable_mlock = true
            ui = true
            cluster_addr = "https://127.0.0.1:8201"
            pid_file = "/tmp/coffer.pid"
            listener "tcp" {
              tls_disable = true
              cluster_address = "127.0.0.1:8201"
            }
            """)
        #expect(config.listeners.count == 1)
    }

    @Test func jsonErrorsNameFileAndSetting() {
        do {
            let body = try JSONConfigBody.parse(
                #"{"listener": {"tcp": {"tls_disable": true, "bogus": 1}}}"#, file: "s.json")
            _ = try ConfigInterpreter(file: "s.json").interpret(body)
            Issue.record("an unknown JSON listener key was accepted")
        } catch {
            #expect(error.description == "s.json: listener \"tcp\": unknown setting \"bogus\"")
        }
    }
}
