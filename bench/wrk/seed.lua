-- Creates a given number of service tokens, then stops (run with one wrk thread), for the lease-scale
-- part of the benchmark; configured by environment variables (set by bench.py):
--   BENCH_PATH       the create path, e.g. /v1/auth/token/create-orphan
--   BENCH_TOKEN      sent as X-Vault-Token
--   BENCH_COUNT      how many tokens to create
--   BENCH_TTL        their TTL, e.g. 768h; or
--   BENCH_EXPIRE_AT  the Unix second they all expire in: each request asks for the TTL left until it
-- Once every create is sent, the connections ask GET /v1/sys/health until the last answers arrive,
-- so exactly BENCH_COUNT creates reach the server. Once all are answered it prints "BENCH_SEEDED"
-- and stops; done() prints "BENCH_JSON {...}".

local path = os.getenv("BENCH_PATH")
local token = os.getenv("BENCH_TOKEN")
local count = tonumber(os.getenv("BENCH_COUNT"))
local ttl = os.getenv("BENCH_TTL")
local expire_at = tonumber(os.getenv("BENCH_EXPIRE_AT") or "")

local headers = { ["X-Vault-Token"] = token, ["Content-Type"] = "application/json" }
local filler, fixed
-- wrk calls request() once before the run, to check the request it makes; that one is not sent.
local checked = false

-- After wrk.init has set the Host header, which wrk.format copies into every request.
function init(args)
  filler = wrk.format("GET", "/v1/sys/health", {})
  if not expire_at then
    fixed = wrk.format("POST", path, headers, string.format('{"policies":["default"],"ttl":"%s"}', ttl))
  end
end

sent = 0
created = 0
late = 0        -- creates asked for a TTL under 1 s: the expiry second had already come
failed = {}     -- status -> count, for creates answered with anything but a token

request = function()
  if not checked then
    checked = true
    return filler
  end
  if sent >= count then return filler end
  sent = sent + 1
  if fixed then return fixed end
  local left = expire_at - os.time()
  if left < 1 then
    late = late + 1
    left = 1
  end
  return wrk.format("POST", path, headers, string.format('{"policies":["default"],"ttl":"%ds"}', left))
end

local answered = 0

function response(status, headers, body)
  if status >= 200 and status < 300 then
    if not body:find('"client_token"', 1, true) then return end
    created = created + 1
  else
    failed[status] = (failed[status] or 0) + 1
  end
  answered = answered + 1
  if answered == count then
    -- wrk itself runs out its duration; bench.py interrupts it (SIGINT) on this line.
    io.write("BENCH_SEEDED\n")
    io.flush()
    wrk.thread:stop()
  end
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local thread = threads[1]
  local listed = {}
  for status, n in pairs(thread:get("failed")) do
    table.insert(listed, string.format('"%d":%d', status, n))
  end
  io.write(string.format(
    'BENCH_JSON {"created":%d,"late":%d,"failed":{%s},"requests":%d,"duration_us":%d,"err_connect":%d,' ..
    '"err_read":%d,"err_write":%d,"err_timeout":%d,"p50_us":%d,"p99_us":%d}\n',
    thread:get("created"), thread:get("late"), table.concat(listed, ","), summary.requests,
    summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
