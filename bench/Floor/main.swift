// The HTTP floor for the benchmark: the smallest Hummingbird 2 application that answers a
// Vault-shaped GET with a tiny JSON body. Its throughput is the ceiling any Coffer workload
// can reach on this machine with this HTTP stack, run as Coffer runs it (tasks on the event
// loops, one loop per usable CPU); bench/bench.py compares against it.
//
// Usage: coffer-bench-floor [PORT]   (listens on 127.0.0.1 only; default port 8299)
import CofferHTTP
import Hummingbird

ConcurrencyThreads.install()

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8299 : 8299

let body = ByteBuffer(string: #"{"initialized":true,"sealed":false,"standby":false}"#)
let router = Router()
router.get("/v1/sys/health") { _, _ -> Response in
    Response(
        status: .ok,
        headers: [.contentType: "application/json", .cacheControl: "no-store"],
        body: .init(byteBuffer: body))
}

let app = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "coffer-bench-floor"))
try await app.runService()
