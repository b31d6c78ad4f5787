#!/usr/bin/env python3
"""bench/run's table: reads the raw figures (`figure,run,value` lines), takes the
median, min and max of each over the runs, and writes them side by side with the
peers' figures measured in the same run, the ratios and the issue's goals, as
Markdown (printed too) and CSV.

    bench/report.py RAW.csv OUT_DIR "HEADER LINE" ...
"""
import csv
import statistics
import sys
from collections import defaultdict


def load(path):
    values = defaultdict(list)
    with open(path, newline="") as f:
        for row in csv.reader(f):
            if len(row) != 3:
                continue
            try:
                values[row[0]].append(float(row[2]))
            except ValueError:
                pass
    return values


class Figures:
    def __init__(self, values):
        self.values = values

    def median(self, key):
        v = self.values.get(key)
        return statistics.median(v) if v else None

    def cell(self, key, digits=0):
        v = self.values.get(key)
        if not v:
            return "–"
        m = statistics.median(v)
        if len(v) == 1:
            return fmt(m, digits)
        return f"{fmt(m, digits)} [{fmt(min(v), digits)}–{fmt(max(v), digits)}]"


def fmt(x, digits=0):
    if x is None:
        return "–"
    if digits == 0 and abs(x) >= 100:
        return f"{x:,.0f}"
    if digits == 0:
        digits = 2 if abs(x) < 10 else 1
    return f"{x:,.{digits}f}"


def ratio(a, b):
    return None if a is None or b in (None, 0) else a / b


def check(value, goal):
    """goal: ('<=', x) or ('>=', x); returns 'yes', 'no' or '–'."""
    if value is None or goal is None:
        return "–"
    op, limit = goal
    ok = value <= limit if op == "<=" else value >= limit
    return "yes" if ok else "no"


def rows(f, triggers, few, many):
    """(section, what, Switchboard cell, beside, beside cell, ratio, goal, met)."""
    out = []

    # 1. The matcher.
    for n in triggers:
        for lang in ("ru", "en"):
            us = f.median(f"matcher.{lang}.{n}.us_per_message")
            per_s = f.median(f"matcher.{lang}.{n}.messages_per_s")
            riv = f.median(f"rivescript.{n}.replies_per_s")
            goal = ("<=", 2.0) if n == max(triggers) else None
            out.append(("matcher", f"µs per 100-char message, {n:,} triggers, {lang}",
                        f.cell(f"matcher.{lang}.{n}.us_per_message", 2),
                        "RiveScript-js replies/s" if lang == "ru" else "",
                        f.cell(f"rivescript.{n}.replies_per_s") if lang == "ru" else "",
                        fmt(ratio(per_s, riv)) + "×" if riv else "–",
                        "≤ 2 µs" if goal else ("≥ 1,000× RiveScript" if n == 1000 else ""),
                        check(us, goal) if goal else check(ratio(per_s, riv), (">=", 1000)) if n == 1000 else "–"))
        build = f.median(f"matcher.ru.{n}.build_ms")
        out.append(("matcher", f"compile ms, {n:,} triggers (ru; en)",
                    f"{f.cell(f'matcher.ru.{n}.build_ms', 1)}; {f.cell(f'matcher.en.{n}.build_ms', 1)}",
                    "RiveScript-js load ms", f.cell(f"rivescript.{n}.load_ms"), "",
                    "≤ 100 ms" if n == max(triggers) else "",
                    check(max(filter(None, [build, f.median(f"matcher.en.{n}.build_ms")]), default=None),
                          ("<=", 100.0)) if n == max(triggers) else "–"))

    # 2. The engine in process.
    bb = f.median("botbuilder.text.turns_per_s")
    for scenario, what in (("faq", "FAQ turns"), ("booking", "whole bookings (HTTP)"),
                           ("order", "order status (HTTP)")):
        key = f"engine.{scenario}.{few}.turns_per_s"
        mine = f.median(key)
        out.append(("engine", f"turns/s on one core, {what}, {few:,} sessions", f.cell(key),
                    "botbuilder-dialogs turns/s (text prompts)" if scenario == "faq" else "",
                    f.cell("botbuilder.text.turns_per_s") if scenario == "faq" else "",
                    fmt(ratio(mine, bb)) + "×" if bb else "–",
                    "≥ 200,000; ≥ 30× botbuilder" if scenario == "faq" else "",
                    check(mine, (">=", 200000)) + ", " + check(ratio(mine, bb), (">=", 30))
                    if scenario == "faq" else "–"))
    out.append(("engine", "bookings completed per second (name, phone, HTTP step checked)",
                f.cell(f"engine.booking.{few}.bookings_per_s"), "botbuilder-dialogs turns/s (typed prompts)",
                f.cell("botbuilder.typed.turns_per_s"), "", "", "–"))
    out.append(("engine", "", "", "Botkit turns/s", f.cell("botkit.turns_per_s"),
                fmt(ratio(f.median(f"engine.faq.{few}.turns_per_s"), f.median("botkit.turns_per_s"))) + "× (FAQ)"
                if f.median("botkit.turns_per_s") else "–", "", "–"))

    # 3. The server on Redis, through the REST endpoint and the Telegram webhook.
    for prefix, name, what in (("server", "REST", "messages/s"), ("telegram", "Telegram webhook", "updates/s")):
        for c, ceiling_label in ((1, "c1_ka1000_nodelay"), (64, "c64_pool64_ka1000_nodelay")):
            key = f"{prefix}.c{c}.{few}"
            mine = f.median(f"{key}.requests_per_s")
            ceiling = f.median(f"ceiling.httplib.{ceiling_label}.requests_per_s")
            conns = f"{c} connection{'s' if c > 1 else ''}"
            out.append(("server", f"{name} {what}, {conns}",
                        f.cell(f"{key}.requests_per_s"), "trivial cpp-httplib server req/s",
                        f.cell(f"ceiling.httplib.{ceiling_label}.requests_per_s"),
                        f"{100 * ratio(mine, ceiling):.0f}%" if mine and ceiling else "–",
                        "≥ 15,000; ≥ 60% of ceiling" if c == 64 else "≥ 60% of ceiling",
                        (check(mine, (">=", 15000)) + ", " if c == 64 else "") +
                        check(ratio(mine, ceiling), (">=", 0.6))))
            out.append(("server", f"{name} latency p50 / p99 / p99.9 ms, {conns}",
                        f"{f.cell(f'{key}.p50_ms', 2)} / {f.cell(f'{key}.p99_ms', 2)} / {f.cell(f'{key}.p999_ms', 2)}",
                        "", "", "", "p50 < 0.5 ms" if c == 1 else "p99 < 10 ms",
                        check(f.median(f"{key}.p50_ms"), ("<=", 0.5)) if c == 1 else
                        check(f.median(f"{key}.p99_ms"), ("<=", 10.0))))
            out.append(("server", f"{name} errors and timeouts, {conns}",
                        f.cell(f"{key}.errors"), "", "", "", "0", check(f.median(f"{key}.errors"), ("<=", 0))))
        if prefix == "telegram":
            key = f"telegram.c64.{few}"
            out.append(("server", "Telegram: Redis round trips / commands / CPU µs per update (with the reply's delivery)",
                        f"{f.cell(f'{key}.round_trips_per_message', 2)} / {f.cell(f'{key}.redis_commands_per_message', 2)}"
                        f" / {f.cell(f'{key}.redis_us_per_message', 1)}", "", "", "", "", "–"))
            out.append(("server", "Telegram replies sent to the Bot API stand-in; left in the outbox after 60 s",
                        f"{f.cell('telegram.bot_api_calls')}; {f.cell('telegram.outbox_left')}",
                        "", "", "", "all sent", check(f.median("telegram.outbox_left"), ("<=", 0))))
    key = f"server.c64.{few}"
    out.append(("server", "Redis round trips per message (turn and delivery)", f.cell(f"{key}.round_trips_per_message", 2),
                "redis-benchmark 1 KiB GET ops/s, 50 clients", f.cell("ceiling.redis.get1k.c50.ops_per_s"), "",
                "≤ 2 per turn", check(f.median(f"{key}.round_trips_per_message"), ("<=", 2.0))))
    out.append(("server", "Redis commands / Redis CPU µs per message",
                f"{f.cell(f'{key}.redis_commands_per_message', 2)} / {f.cell(f'{key}.redis_us_per_message', 1)}",
                "redis-benchmark Lua 1 KiB read-modify-write ops/s, 50 clients",
                f.cell("ceiling.redis.evalsha_rmw1k.c50.ops_per_s"), "", "", "–"))

    # 4. Memory.
    idle = f.median("memory.idle_session_bytes")
    out.append(("memory", "Redis bytes of one idle session (MEMORY USAGE of its keys)",
                f.cell("memory.idle_session_bytes"), "", "", "", "< 2 KiB", check(idle, ("<=", 2047))))
    out.append(("memory", "Redis bytes of a 50-message conversation (all keys; its log alone)",
                f"{f.cell('memory.transcript50_bytes')}; {f.cell('memory.transcript50_log_bytes')}",
                "", "", "", "", "–"))
    out.append(("memory", f"server RSS MiB at {many:,} live sessions", f.cell("memory.server_rss_mib", 1),
                "", "", "", "", "–"))

    # 5. Growth.
    out.append(("growth", f"engine FAQ turns/s, {few:,} → {many:,} sessions",
                f"{f.cell(f'engine.faq.{few}.turns_per_s')} → {f.cell(f'engine.faq.{many}.turns_per_s')}", "", "",
                fmt(ratio(f.median(f"engine.faq.{many}.turns_per_s"), f.median(f"engine.faq.{few}.turns_per_s"))) + "×"
                if f.median(f"engine.faq.{few}.turns_per_s") else "–", "", "–"))
    out.append(("growth", f"server messages/s at 64 connections, {few:,} → {many:,} sessions",
                f"{f.cell(f'server.c64.{few}.requests_per_s')} → {f.cell(f'server.c64.{many}.requests_per_s')}",
                "", "", fmt(ratio(f.median(f"server.c64.{many}.requests_per_s"),
                                  f.median(f"server.c64.{few}.requests_per_s"))) + "×"
                if f.median(f"server.c64.{few}.requests_per_s") else "–", "", "–"))
    out.append(("growth", f"Redis bytes per session at {many:,} sessions ({f.cell('server.live_sessions')} live)",
                f.cell("memory.redis_bytes_per_session"), "", "", "", "", "–"))
    lo, hi = min(triggers), max(triggers)
    riv_hi = max((n for n in triggers if n <= 1000), default=lo)
    out.append(("growth", f"matcher µs per message (ru), {lo:,} → {hi:,} triggers",
                f"{f.cell(f'matcher.ru.{lo}.us_per_message', 2)} → {f.cell(f'matcher.ru.{hi}.us_per_message', 2)}",
                f"RiveScript-js replies/s, {lo:,} → {riv_hi:,} triggers",
                f"{f.cell(f'rivescript.{lo}.replies_per_s')} → {f.cell(f'rivescript.{riv_hi}.replies_per_s')}",
                "", "", "–"))
    return out


def main():
    raw, out_dir, header = sys.argv[1], sys.argv[2], sys.argv[3]
    triggers = [int(x) for x in sys.argv[4].split(",")]
    few, many = int(sys.argv[5]), int(sys.argv[6])
    values = load(raw)
    f = Figures(values)
    table = rows(f, triggers, few, many)
    lines = [header, "",
             "Each figure: median [min–max] over the runs; peers measured in the same runs.", "",
             "| part | figure | Switchboard | beside it | peer figure | ratio | goal | met |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in table:
        lines.append("| " + " | ".join(str(c) for c in r) + " |")
    markdown = "\n".join(lines) + "\n"
    with open(f"{out_dir}/bench.md", "w") as md:
        md.write(markdown)
    with open(f"{out_dir}/bench.csv", "w", newline="") as c:
        w = csv.writer(c)
        w.writerow(["figure", "median", "min", "max", "runs"])
        for key in sorted(values):
            v = values[key]
            w.writerow([key, statistics.median(v), min(v), max(v), len(v)])
    sys.stdout.write(markdown)


if __name__ == "__main__":
    main()
