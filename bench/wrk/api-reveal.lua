-- bench:api-reveal-http: what a script sends to reveal a password through the REST API (a random one of ids.txt),
-- with its API key as a bearer token and a reason.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local data = os.getenv("BENCH_DATA")
local ids = {}
for line in io.lines(data .. "/ids.txt") do ids[#ids + 1] = line end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY")

request = function()
  local id = ids[math.random(#ids)]
  -- The floor reads the id from the body, as for bench:reveal-http; the API from the path.
  local body = '{"reason":"bench","0":{"json":{"id":"' .. id .. '"}}}'
  return wrk.format(nil, "/api/v1/passwords/" .. id .. "/reveal", nil, body)
end
