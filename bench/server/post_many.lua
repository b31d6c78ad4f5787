-- wrk script: REST turns (an FAQ question) spread over SB_SESSIONS conversations
-- (default 1,000); each thread takes its own share of them. At the end it prints
-- `figure,value` lines for bench/run (report.lua).
--   SB_API_KEY=KEY [SB_SESSIONS=N] [SB_PREFIX=P] wrk -t2 -c64 -d5s -s bench/server/post_many.lua http://127.0.0.1:PORT -- 2
local key = os.getenv("SB_API_KEY") or "k1"
local sessions = tonumber(os.getenv("SB_SESSIONS") or "1000")
local prefix = os.getenv("SB_PREFIX") or "bench"
local threads = {}
local counter = 0
offset = 0  -- set per thread by setup()
local stride = 1

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

-- `-- THREADS` after the URL: threads then take turns over the conversations.
function init(args)
  stride = tonumber(args[1] or "1") or 1
end

request = function()
  local n = (counter * stride + offset) % sessions
  counter = counter + 1
  local path = "/api/v1/conversations/" .. prefix .. n .. "/messages"
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key},
                    '{"text":"сколько стоит стрижка"}')
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
