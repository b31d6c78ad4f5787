#!/usr/bin/env python3
"""Measures the operator console on one `switchboard serve` process (a bench, not a
test): 50 operators logged in with their live event streams open and 2,000 chats
waiting. Prints the command, then the time to show the queue, to take a chat, and
the delay from a customer's message to the operator's event stream (and to the
chat read that follows it), plus what an open event stream costs in memory.

    bench/console/run.sh [--redis redis://127.0.0.1:6379/0] [--operators 50] [--chats 2000]
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time


def percentiles(samples):
    s = sorted(samples)
    return "median %.1f ms, p95 %.1f ms, max %.1f ms (n=%d)" % (
        statistics.median(s), s[int(0.95 * (len(s) - 1))], s[-1], len(s))


class Client:
    """One keep-alive connection; cookies kept by hand."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""

    def call(self, method, path, body=None, headers=None):
        h = {"Content-Type": "application/json"}
        if self.cookie:
            h["Cookie"] = self.cookie
        h.update(headers or {})
        data = None if body is None else json.dumps(body).encode()
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                payload = r.read()
                break
            except (http.client.HTTPException, OSError):
                if attempt:
                    raise
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        cookie = r.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";")[0]
        return r.status, json.loads(payload or b"{}")


class EventStream(threading.Thread):
    """Reads a console's (or a web chat's) Server-Sent Events; records when each
    chat's event came."""

    def __init__(self, port, cookie, path="/console/api/events"):
        super().__init__(daemon=True)
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nCookie: %s\r\n"
                           "Accept: text/event-stream\r\n\r\n" % (path, cookie)).encode())
        self.seen = {}  # session -> [arrival times]
        self.lock = threading.Lock()
        self.cond = threading.Condition(self.lock)
        self.connected = threading.Event()

    def run(self):
        buf = b""
        while True:
            try:
                chunk = self.sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            now = time.perf_counter()
            buf += chunk
            if b": connected" in buf:
                self.connected.set()
            for line in buf.split(b"\n")[:-1]:
                if line.startswith(b"data: "):
                    try:
                        sid = json.loads(line[6:]).get("session")
                    except ValueError:
                        continue
                    with self.cond:
                        self.seen.setdefault(sid, []).append(now)
                        self.cond.notify_all()
            buf = buf.split(b"\n")[-1]

    def wait_for(self, sid, after, timeout=10):
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for t in self.seen.get(sid, []):
                    if t >= after:
                        return t
                left = deadline - time.perf_counter()
                if left <= 0:
                    return None
                self.cond.wait(left)


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--switchboard", required=True)
    ap.add_argument("--flows", required=True)
    ap.add_argument("--redis", default="")
    ap.add_argument("--operators", type=int, default=50)
    ap.add_argument("--chats", type=int, default=2000)
    args = ap.parse_args()
    print("command:", " ".join(sys.argv))

    run = tempfile.mkdtemp(prefix="sb-console-bench.")
    password = "bench-password"
    hashed = subprocess.run([args.switchboard, "hash-password"], input=password + "\n",
                            capture_output=True, text=True, check=True).stdout.strip()
    operators = "\n".join('    - {id: op%d, departments: [support], max_chats: 5, password_hash: "%s"}' % (i, hashed)
                          for i in range(args.operators))
    prefix = "sbconsolebench%d" % os.getpid()
    config = os.path.join(run, "server.yaml")
    with open(config, "w") as f:
        f.write("""listen: 127.0.0.1:0
store: %s
store_key_prefix: %s
flows: %s
flows_watch_ms: 0
http: {threads: %d}
channels:
  rest: {api_keys_env: SB_BENCH_KEYS}
  webchat: {secret_env: SB_BENCH_SECRET}
logging: {level: error}
console:
  session_secret_env: SB_BENCH_SECRET
  routing: manual
  long_wait_s: 86400
  departments: ["", support]
  operators:
%s
""" % (args.redis or "memory", prefix, os.path.abspath(args.flows), 2 * (args.operators + 64), operators))
    env = dict(os.environ, SB_BENCH_KEYS="benchkey", SB_BENCH_SECRET="bench-secret")
    server = subprocess.Popen([args.switchboard, "serve", config], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env, text=True)
    try:
        first = server.stdout.readline().strip()
        if not first.startswith("listening on"):
            sys.exit("the server did not start: " + first + server.stderr.read())
        port = int(first.rsplit(":", 1)[1])
        print("store: %s; %d operators, %d waiting chats, one server process" % (
            "redis" if args.redis else "memory", args.operators, args.chats))

        # 2,000 customers ask for a person (REST API, 8 connections).
        t0 = time.perf_counter()
        def ask(lo, hi):
            c = Client(port)
            for i in range(lo, hi):
                st, _ = c.call("POST", "/api/v1/conversations/b%d/messages" % i, {"text": "позовите оператора"},
                               {"Authorization": "Bearer benchkey"})
                assert st == 200, st
        step = (args.chats + 7) // 8
        threads = [threading.Thread(target=ask, args=(k, min(args.chats, k + step))) for k in range(0, args.chats, step)]
        for t in threads: t.start()
        for t in threads: t.join()
        print("handoffs: %d in %.1f s" % (args.chats, time.perf_counter() - t0))

        # Operators log in (Argon2id verification each) and open their streams.
        clients = []
        t0 = time.perf_counter()
        for i in range(args.operators):
            c = Client(port)
            st, _ = c.call("POST", "/console/api/login", {"operator": "op%d" % i, "password": password})
            assert st == 200, st
            clients.append(c)
        print("logins: %d in %.1f s (%.0f ms each, Argon2id)" % (
            args.operators, time.perf_counter() - t0, 1000 * (time.perf_counter() - t0) / args.operators))
        rss_before = rss_kb(server.pid)
        streams = []
        for c in clients:
            s = EventStream(port, c.cookie)
            s.start()
            streams.append(s)
        for s in streams:
            s.connected.wait(10)
        time.sleep(1)
        rss_after = rss_kb(server.pid)
        print("open event streams: %d; RSS %d -> %d kB: %.1f kB per stream, plus one worker thread each" % (
            len(streams), rss_before, rss_after, (rss_after - rss_before) / max(1, len(streams))))

        # What a customer's open web chat costs: its event stream.
        web = []
        visitor_client = Client(port)
        for i in range(args.operators):
            st, v = visitor_client.call("POST", "/chat/api/visitor", {})
            assert st == 201, st
            web.append(v["visitor"])
        rss_before = rss_kb(server.pid)
        web_streams = []
        for v in web:
            s = EventStream(port, "", "/chat/api/events?visitor=" + v)
            s.start()
            web_streams.append(s)
        for s in web_streams:
            s.connected.wait(10)
        time.sleep(1)
        rss_after = rss_kb(server.pid)
        print("open web chat event streams: %d; RSS %d -> %d kB: %.1f kB per stream, plus one worker thread each" % (
            len(web_streams), rss_before, rss_after, (rss_after - rss_before) / max(1, len(web_streams))))

        # Time to show the queue: what the console loads first and after each change.
        samples = []
        for i in range(40):
            c = clients[i % len(clients)]
            t0 = time.perf_counter()
            st, q = c.call("GET", "/console/api/queue")
            samples.append(1000 * (time.perf_counter() - t0))
            assert st == 200 and q["waiting_total"] == args.chats, (st, q.get("waiting_total"))
        print("show the queue (GET /console/api/queue, %d waiting, first 200 listed with previews): %s" % (
            args.chats, percentiles(samples)))

        # Time to take: each operator takes the chat at the head of the queue.
        samples = []
        taken = []
        for c in clients:
            st, q = c.call("GET", "/console/api/queue")
            sid = q["waiting"][0]["session"]
            t0 = time.perf_counter()
            st, _ = c.call("POST", "/console/api/chats/%s/take" % sid, {})
            samples.append(1000 * (time.perf_counter() - t0))
            assert st == 200, st
            taken.append(sid)
        print("take a chat (POST .../take): %s" % percentiles(samples))

        # A customer writes; how long until the operator's stream has it, and until
        # the chat view has been read again.
        customer = Client(port)
        to_event, to_screen = [], []
        for rnd in range(3):
            for c, s, sid in zip(clients, streams, taken):
                t0 = time.perf_counter()
                st, _ = customer.call("POST", "/api/v1/conversations/%s/messages" % sid.split(":", 1)[1],
                                      {"text": "есть новости? %d" % rnd}, {"Authorization": "Bearer benchkey"})
                assert st == 200, st
                arrived = s.wait_for(sid, t0)
                if arrived is None:
                    print("no event for", sid)
                    continue
                to_event.append(1000 * (arrived - t0))
                st, _ = c.call("GET", "/console/api/chats/%s" % sid)
                to_screen.append(1000 * (time.perf_counter() - t0))
        print("customer message -> operator's event stream: %s" % percentiles(to_event))
        print("customer message -> chat read again (event + GET chat): %s" % percentiles(to_screen))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.redis:
            subprocess.run("redis-cli -u %s --scan --pattern '%s:*' | xargs -r redis-cli -u %s del >/dev/null" % (
                args.redis, prefix, args.redis), shell=True)


if __name__ == "__main__":
    main()
