-- wrk script: REST turns (an FAQ question) spread over 1,000 conversations.
--   SB_API_KEY=KEY wrk -t1 -c1 -d5s -s bench/server/post_many.lua http://127.0.0.1:PORT
local key = os.getenv("SB_API_KEY") or "k1"
local counter = 0
request = function()
  counter = counter + 1
  local path = "/api/v1/conversations/bench" .. (counter % 1000) .. "/messages"
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key},
                    '{"text":"сколько стоит стрижка"}')
end
