-- bench:agents-http: agent check-ins, each agent of agents.txt ("<secret>\t<body>") in turn, with the headers of the
-- protocol (lib/agent-protocol.ts): bearer secret, the time in ms, and a nonce never used before.
dofile(os.getenv("BENCH_WRK_DIR") .. "/report.lua")

local data = os.getenv("BENCH_DATA")
local agents = {}
for line in io.lines(data .. "/agents.txt") do
  local secret, body = line:match("^(%S+)\t(.*)$")
  agents[#agents + 1] = { secret, body }
end

-- A nonce unique across threads and runs: the start second, this thread, a counter (base64url characters only).
local started = os.time()
local sent = 0
local turn = math.random(#agents)

request = function()
  sent = sent + 1
  turn = turn % #agents + 1
  local agent = agents[turn]
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. agent[1],
    ["X-Vaultline-Timestamp"] = string.format("%d", os.time() * 1000),
    ["X-Vaultline-Nonce"] = string.format("n%d-%d-%08d", started, thread_index or 0, sent),
  }, agent[2])
end
