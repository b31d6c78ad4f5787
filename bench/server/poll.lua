-- wrk script: the web chat's transcript polls of one visitor.
--   SB_VISITOR=$(curl -s -X POST -H 'Content-Length: 0' URL/chat/api/visitor | jq -r .visitor) \
--   wrk -t2 -c16 -d5s -s bench/server/poll.lua http://127.0.0.1:PORT
wrk.path = "/chat/api/transcript?visitor=" .. (os.getenv("SB_VISITOR") or "")
