-- wrk script: Telegram updates (an FAQ question) from 1,000 chats, each with a new
-- update_id, posted to the webhook with the secret token; run the server with
-- channels.telegram on and delivery.workers: 0 (no Bot API behind it).
--   SB_TG_SECRET=SECRET wrk -t1 -c1 -d5s -s bench/server/telegram_updates.lua http://127.0.0.1:PORT
local secret = os.getenv("SB_TG_SECRET") or "bench_secret"
local counter = 0
local threads = 0
function setup(thread)  -- each thread gets its own range of update ids
  threads = threads + 1
  thread:set("thread_index", threads)
end
local base = nil
request = function()
  base = base or (thread_index or 1) * 1000000000 + (os.time() % 1000) * 1000000
  counter = counter + 1
  local chat = 100000 + (counter % 1000)
  local body = string.format(
    '{"update_id":%d,"message":{"message_id":%d,"from":{"id":%d,"is_bot":false,"first_name":"A",' ..
    '"language_code":"ru"},"chat":{"id":%d,"type":"private"},"date":1767225600,"text":"сколько стоит стрижка"}}',
    base + counter, counter, chat, chat)
  return wrk.format("POST", "/hooks/telegram",
                    {["Content-Type"] = "application/json", ["X-Telegram-Bot-Api-Secret-Token"] = secret}, body)
end
