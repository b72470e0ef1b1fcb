-- bench:reveal-http: the tRPC batch POST the browser sends to reveal a password (a random one of ids.txt), with the
-- session cookie and the headers of a same-origin fetch (proxy.ts refuses writes without them).
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local data = os.getenv("BENCH_DATA")
local ids = {}
for line in io.lines(data .. "/ids.txt") do ids[#ids + 1] = line end
local slug = os.getenv("BENCH_SLUG")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN")
wrk.headers["Sec-Fetch-Site"] = "same-origin"

request = function()
  local id = ids[math.random(#ids)]
  local body = '{"0":{"json":{"tenant":"' .. slug .. '","id":"' .. id .. '","field":"password","purpose":"reveal"}}}'
  return wrk.format(nil, nil, nil, body)
end
