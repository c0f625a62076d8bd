-- One wrk script for every workload, configured by environment variables (set by bench.py):
--   BENCH_METHOD  GET, PUT, POST, LIST, ...           (default GET)
--   BENCH_PATH    request path; "{n}" is replaced by a key number when BENCH_KEYS > 0
--   BENCH_BODY    JSON body ("{n}" replaced likewise); sent with Content-Type: application/json
--   BENCH_TOKEN   sent as X-Vault-Token
--   BENCH_KEYS    > 0: cycle "{n}" through 0 .. BENCH_KEYS-1 (writes spread over that many keys)
-- With BENCH_KEYS = 0 the request is static, so wrk builds it once and reuses the bytes.
-- done() prints one line "BENCH_JSON {...}" with counts and latency percentiles in microseconds.

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/v1/sys/health"
local body = os.getenv("BENCH_BODY") or ""
local token = os.getenv("BENCH_TOKEN") or ""
local keys = tonumber(os.getenv("BENCH_KEYS") or "0") or 0

wrk.method = method
wrk.path = path
if body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
if token ~= "" then
  wrk.headers["X-Vault-Token"] = token
end

if keys > 0 then
  local counter = 0
  request = function()
    counter = counter + 1
    local n = tostring(counter % keys)
    local p = (path:gsub("{n}", n))
    local b = nil
    if body ~= "" then b = (body:gsub("{n}", n)) end
    return wrk.format(method, p, nil, b)
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"err_connect":%d,"err_read":%d,' ..
    '"err_write":%d,"err_status":%d,"err_timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
