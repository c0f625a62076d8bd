// The HTTP floor for the benchmark: the smallest application that answers a Vault-shaped GET
// with a tiny JSON body, run as Coffer runs (Swift tasks on the event loops, one loop per usable
// CPU, the same per-thread allocation cache and heap trim threshold).
// Its throughput is the ceiling of an HTTP stack on this machine; bench/bench.py compares against
// it. Two stacks:
//   hummingbird  a Hummingbird 2 router and its own HTTP/1.1 channel (the default)
//   listener     Coffer's listener channel (VaultHTTPChannel) answering with no work behind it,
//                on the event loop without a task, as Coffer answers sys/health
//
// Usage: coffer-bench-floor [PORT] [hummingbird|listener]   (127.0.0.1 only; default port 8299)
import CofferHTTP
import Hummingbird
import HummingbirdCore

ThreadCacheTuning.restartWithLargerCache()
ConcurrencyThreads.install()
HeapTrimming.raiseThreshold()

let arguments = CommandLine.arguments
let port = arguments.count > 1 ? Int(arguments[1]) ?? 8299 : 8299
let stack = arguments.count > 2 ? arguments[2] : "hummingbird"

let text = #"{"initialized":true,"sealed":false,"standby":false}"#
let body = ByteBuffer(string: text)
let router = Router()
router.get("/v1/sys/health") { _, _ -> Response in
    Response(
        status: .ok,
        headers: [.contentType: "application/json", .cacheControl: "no-store"],
        body: .init(byteBuffer: body))
}

/// Answers every request with the floor's body, as the listener's only work.
struct FixedAnswer: RequestAnswering {
    let maxRequestSize = 1024
    let answer = VaultAnswer(status: 200, body: Array(text.utf8), isHead: false)

    func answerAtOnce(_ request: VaultHTTPRequest) -> VaultAnswer? { answer }
    func answer(_ request: VaultHTTPRequest) async -> VaultAnswer { answer }
}

let configuration = ApplicationConfiguration(
    address: .hostname("127.0.0.1", port: port), serverName: "coffer-bench-floor")
switch stack {
case "listener":
    let server = HTTPServerBuilder { (_: @escaping HTTPChannelHandler.Responder) -> any ServerChildChannel in
        VaultHTTPChannel(responder: FixedAnswer())
    }
    try await Application(router: router, server: server, configuration: configuration).runService()
default:
    try await Application(router: router, configuration: configuration).runService()
}
