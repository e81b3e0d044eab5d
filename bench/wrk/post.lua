-- POST one fixed body to the URL given to wrk; print a JSON summary when done.
-- Environment: BENCH_BODY_FILE (required), BENCH_AUTHORIZATION and BENCH_ORIGIN (optional).
local function read_file(path)
  local handle = assert(io.open(path, "rb"), "cannot open " .. tostring(path))
  local content = handle:read("*a")
  handle:close()
  return content
end

wrk.method = "POST"
wrk.body = read_file(os.getenv("BENCH_BODY_FILE"))
wrk.headers["Content-Type"] = "application/json"
local authorization = os.getenv("BENCH_AUTHORIZATION")
if authorization and authorization ~= "" then
  wrk.headers["Authorization"] = authorization
end
local origin = os.getenv("BENCH_ORIGIN")
if origin and origin ~= "" then
  wrk.headers["Origin"] = origin
end

-- One line the bench script parses; latency in microseconds.
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, '
      .. '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max
  ))
end
