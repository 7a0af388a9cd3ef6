-- wrk: GET the paths listed in the file given after "--", at random, and
-- count every answer that is not 2xx. "{n}" in a path becomes a random number,
-- so a search for "quality{n}" misses every cache and reaches an app host.
-- The last line printed is "CLUSTER-RESULT <json>" for tests/cluster.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(paths, line)
    end
  end
  non2xx = 0
  local address = tostring({}):match("0x(%x+)") or "0"
  math.randomseed(os.time() + tonumber(address, 16) % 100000)
end

function request()
  local path = paths[math.random(#paths)]
  path = path:gsub("{n}", tostring(math.random(1, 1000000000)))
  -- As browsers ask: Varnish keeps the static files gzipped.
  return wrk.format("GET", path, {Host = "localhost", ["Accept-Encoding"] = "gzip"})
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'CLUSTER-RESULT {"requests": %d, "seconds": %.3f, "non_2xx": %d, ' ..
    '"connect": %d, "read": %d, "write": %d, "timeout": %d, "p99_ms": %.1f}\n',
    summary.requests, summary.duration / 1e6, bad, errors.connect, errors.read,
    errors.write, errors.timeout, latency:percentile(99) / 1000))
end
