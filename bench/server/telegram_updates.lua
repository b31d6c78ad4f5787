-- wrk script: Telegram updates (an FAQ question) from SB_SESSIONS private chats
-- (default 1,000), each with a new update_id, posted to the webhook with the secret
-- token; each thread takes its own share of the chats and its own range of update
-- ids. At the end it prints `figure,value` lines for bench/run (report.lua).
--   SB_TG_SECRET=SECRET [SB_SESSIONS=N] [SB_CHAT_BASE=B] wrk -t2 -c64 -d5s \
--     -s bench/server/telegram_updates.lua http://127.0.0.1:PORT -- 2
local secret = os.getenv("SB_TG_SECRET") or "bench_secret"
local sessions = tonumber(os.getenv("SB_SESSIONS") or "1000")
local chat_base = tonumber(os.getenv("SB_CHAT_BASE") or "100000")
local threads = {}
local counter = 0
local stride = 1
offset = 0  -- set per thread by setup()
first_update = 0

function setup(thread)
  thread:set("offset", #threads)
  -- Update ids only grow: a retried update (the same id) would be answered from memory.
  thread:set("first_update", (#threads + 1) * 1e15 + os.time() * 100000)
  table.insert(threads, thread)
end

function init(args)
  stride = tonumber(args[1] or "1") or 1
end

request = function()
  local chat = chat_base + (counter * stride + offset) % sessions
  counter = counter + 1
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"A",' ..
    '"language_code":"ru"},"chat":{"id":%d,"type":"private"},"date":1767225600,"text":"сколько стоит стрижка"}}',
    first_update + counter, counter, chat, chat)
  return wrk.format("POST", "/hooks/telegram",
                    {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret}, body)
end

dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")
