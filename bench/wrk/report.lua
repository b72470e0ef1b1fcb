-- Loaded by every bench script (dofile): counts the answers that are not 2xx in each thread, and prints one RESULT
-- line that bench/http-harness.mts parses (latencies in ms).
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("thread_index", #threads)
end

non2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50=%.3f p95=%.3f p99=%.3f non2xx=%d socketErrors=%d requests=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, bad, e.connect + e.read + e.write + e.timeout, summary.requests))
end
