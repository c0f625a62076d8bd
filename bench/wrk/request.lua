-- One wrk script for every workload, configured by environment variables (set by bench.py):
--   BENCH_METHOD  GET, PUT, POST, LIST, ...           (default GET)
--   BENCH_PATH    request path; "{n}" is replaced by a key number when BENCH_KEYS > 0
--   BENCH_BODY    JSON body ("{n}" replaced likewise); sent with Content-Type: application/json
--   BENCH_TOKEN   sent as X-Vault-Token
--   BENCH_KEYS    > 0: cycle "{n}" through 0 .. BENCH_KEYS-1 (writes spread over that many keys)
--   BENCH_EXPECT  the status every answer must have, when it is not a 2xx (a deliberate refusal)
-- With BENCH_KEYS = 0 the request is static, so wrk builds it once and reuses the bytes.
-- Every answer's status is checked: one other than 2xx (or BENCH_EXPECT) is unexpected.
-- done() prints one line "BENCH_JSON {...}" with counts, the unexpected statuses and latency
-- percentiles in microseconds.

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/v1/sys/health"
local body = os.getenv("BENCH_BODY") or ""
local token = os.getenv("BENCH_TOKEN") or ""
local keys = tonumber(os.getenv("BENCH_KEYS") or "0") or 0
local expect = tonumber(os.getenv("BENCH_EXPECT") or "")

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

-- Per thread (each has its own Lua state); done() collects them through thread:get.
unexpected = {}

function response(status, headers, body)
  if status == expect or (status >= 200 and status < 300) then return end
  unexpected[status] = (unexpected[status] or 0) + 1
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("unexpected")) do
      counts[status] = (counts[status] or 0) + n
    end
  end
  local listed = {}
  for status, n in pairs(counts) do
    table.insert(listed, string.format('"%d":%d', status, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"err_connect":%d,"err_read":%d,' ..
    '"err_write":%d,"err_timeout":%d,"unexpected":{%s},"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout,
    table.concat(listed, ","), latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.mean, latency.max))
end
