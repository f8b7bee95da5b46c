"""What compare_segments.py and compare_analysis.py share: the README's time windows, the other
engines (DuckDB and chDB) loaded with the same messages, a running `strata serve` asked over
HTTP, the machine's load while timing, and the loop that times every engine on every question in
the same run and compares the answers of the very calls it timed.

Not a script of its own; see the two scripts' docstrings for the commands.
"""
import json
import math
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, time as clock_time, timedelta, timezone
from zoneinfo import ZoneInfo

DAY = 86_400_000
AS_OF = "2026-09-30T00:00:00Z"        # the shared data's end
TIME_ZONE = "UTC"                      # the workspace time zone Strata is started with (--time-zone)
T = int(datetime.strptime(AS_OF, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc).timestamp() * 1000)


# MARK: - Time windows: README "Time windows: one rule everywhere"

def local_day(ms, tz=TIME_ZONE):
    """The local calendar day (a date) holding the instant `ms`."""
    return datetime.fromtimestamp(ms / 1000, ZoneInfo(tz)).date()


def day_start(day, tz=TIME_ZONE):
    """The first instant (ms) of a local calendar day."""
    return int(datetime.combine(day, clock_time(0), ZoneInfo(tz)).timestamp() * 1000)


def last_day(as_of=T, tz=TIME_ZONE):
    """The newest day any window as of T reaches: the local day holding T - 1 ms."""
    return local_day(as_of - 1, tz)


def window(as_of=T, days=None, first=None, last=None, tz=TIME_ZONE):
    """The instants [start, end) a window holds as of `as_of`, by the README's one rule: an answer
    as of T counts only events strictly before T, and a window of N days as of T is the N local
    calendar days ending with the day that holds T - 1 ms. `days=N` gives that window (`in Nd`,
    lifecycle thresholds, a report's default range); `first`/`last` (dates, both included) give
    an explicit range of days (`between D1 and D2`, a report's from/to), likewise cut at T.

    Example: as of 2026-09-30T00:00Z in UTC, days=14 is 2026-09-16 00:00 up to 2026-09-30 00:00
    (excluded) — 14 full days — and days=30 starts 2026-08-31."""
    if days is not None:
        last = last_day(as_of, tz)
        first = last - timedelta(days=days - 1)
    end = min(day_start(last + timedelta(days=1), tz), as_of)
    return day_start(first, tz), end


def day_number(day):
    """Days since 1970-01-01 of a date (the SQL below buckets UTC days as floor(ts / DAY))."""
    return (day - date(1970, 1, 1)).days


def date_of(number):
    """The date of a day number."""
    return date(1970, 1, 1) + timedelta(days=number)


def day_text(number):
    return date_of(number).isoformat()


assert window(days=14) == (T - 14 * DAY, T), "a 14-day window as of midnight is the 14 full days before it"
assert window(as_of=T + 14 * 3_600_000, days=14) == (T - 13 * DAY, T + 14 * 3_600_000), "at 14:00: today so far + 13 days"

# The SQL below counts local days as UTC days (floor(ts / DAY)); Strata is started in the same zone.
assert TIME_ZONE == "UTC"


def day_sql(column):
    """The UTC day number of a ms column, in SQL both engines read."""
    return f"CAST(floor({column} / {DAY}) AS BIGINT)"


# MARK: - The other engines

# Events with the person they belong to: userId, else the user an identify tied the anonymous id to
# (an identify carrying both ids merges them, README "Identity"), else the anonymous id itself.
RESOLVED = """
    SELECT coalesce(e.userId, m.uid, e.anonymousId) AS person, e.type, e.event, e.ts, e.revenue, e.source
    FROM ev e LEFT JOIN (SELECT anonymousId AS anon, any_value(userId) AS uid FROM ev
                         WHERE type = 'identify' AND anonymousId IS NOT NULL GROUP BY anonymousId) m
      ON e.userId IS NULL AND m.anon = e.anonymousId
"""

# Prepared once per engine (not timed), as Strata resolves identities when it stores events.
# Traits: the generator sends one identify per user (checked in `check_one_identify`), so each
# user's traits are that identify's.
PREPARE = [
    f"CREATE TABLE p AS {RESOLVED}",
    "CREATE TABLE tr AS SELECT userId AS person, any_value(gender) AS gender, any_value(birth_year) AS birth_year, "
    "any_value(city) AS city, any_value(channel) AS channel FROM ev WHERE type = 'identify' GROUP BY userId",
]
CHECK_ONE_IDENTIFY = "SELECT count(*) - count(DISTINCT userId) FROM ev WHERE type = 'identify'"


class Engine:
    """One engine with the messages loaded: `name`, `dialect` ('duckdb' or 'chdb'), `query(sql)`
    returning rows of Python values, and how long loading and preparing took."""

    def __init__(self, name, dialect, query, load_s):
        self.name, self.dialect, self.query, self.load_s = name, dialect, query, load_s

    def close(self):
        pass


def duckdb_engine(path):
    import duckdb
    t0 = time.perf_counter()
    con = duckdb.connect()
    con.execute(f"""
        CREATE TABLE ev AS SELECT type, userId, anonymousId, event,
               epoch_ms(CAST(timestamp AS TIMESTAMPTZ)) AS ts, traits.city AS city, traits.gender AS gender,
               traits.birth_year AS birth_year, traits.channel AS channel, properties.revenue AS revenue,
               context.campaign.source AS source
        FROM read_json('{path}', format = 'newline_delimited',
             columns = {{type: 'VARCHAR', userId: 'VARCHAR', anonymousId: 'VARCHAR', event: 'VARCHAR',
                         timestamp: 'VARCHAR',
                         traits: 'STRUCT(city VARCHAR, gender VARCHAR, birth_year BIGINT, channel VARCHAR)',
                         properties: 'STRUCT(revenue DOUBLE)',
                         context: 'STRUCT(campaign STRUCT(source VARCHAR))'}})
    """)
    for statement in PREPARE:
        con.execute(statement)
    if con.execute(CHECK_ONE_IDENTIFY).fetchall()[0][0] != 0:
        raise SystemExit("more than one identify per user: the traits table would have to merge traits by time")
    con.execute("DROP TABLE ev")
    engine = Engine("DuckDB", "duckdb", lambda sql: con.execute(sql).fetchall(), time.perf_counter() - t0)
    engine.close = con.close
    return engine


def chdb_dialect(sql):
    return (sql.replace("any_value(", "any(").replace("arg_min(", "argMin(")
            .replace("CAST(birth_year AS VARCHAR)", "toString(birth_year)"))


def chdb_engine(path):
    from chdb import session
    t0 = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="olap-chdb-")
    s = session.Session(folder)
    s.query("CREATE DATABASE IF NOT EXISTS b ENGINE = Atomic")
    s.query("USE b")
    s.query("SET join_use_nulls = 1")   # a LEFT JOIN's missing side is NULL, as in SQL
    s.query(f"""
        CREATE TABLE ev ENGINE = MergeTree ORDER BY tuple() AS
        SELECT type, userId, anonymousId, event,
               toUnixTimestamp64Milli(parseDateTime64BestEffort(timestamp, 3, 'UTC')) AS ts,
               JSONExtract(traits, 'city', 'Nullable(String)') AS city,
               JSONExtract(traits, 'gender', 'Nullable(String)') AS gender,
               JSONExtract(traits, 'birth_year', 'Nullable(Int64)') AS birth_year,
               JSONExtract(traits, 'channel', 'Nullable(String)') AS channel,
               JSONExtract(properties, 'revenue', 'Nullable(Float64)') AS revenue,
               JSONExtract(context, 'campaign', 'source', 'Nullable(String)') AS source
        FROM file('{path}', 'JSONEachRow',
             'type String, userId Nullable(String), anonymousId Nullable(String), event Nullable(String),
              timestamp String, traits Nullable(String), properties Nullable(String), context Nullable(String)')
        SETTINGS input_format_json_read_objects_as_strings = 1
    """)
    for statement in PREPARE:
        table = statement.split()[2]
        body = chdb_dialect(statement.split(" AS ", 1)[1])
        s.query(f"CREATE TABLE {table} ENGINE = MergeTree ORDER BY tuple() AS {body}")
    if run_chdb(s, CHECK_ONE_IDENTIFY)[0][0] != 0:
        raise SystemExit("more than one identify per user: the traits table would have to merge traits by time")
    s.query("DROP TABLE ev")
    engine = Engine("chDB", "chdb", lambda sql: run_chdb(s, chdb_dialect(sql)), time.perf_counter() - t0)

    def close():
        s.close()
        shutil.rmtree(folder, ignore_errors=True)
    engine.close = close
    return engine


def run_chdb(s, sql):
    out = s.query(sql, "TabSeparated").bytes().decode()

    def value(text):
        if text == "\\N":
            return None
        for kind in (int, float):
            try:
                return kind(text)
            except ValueError:
                pass
        return text
    return [tuple(value(x) for x in line.split("\t")) for line in out.splitlines()]


# MARK: - Strata over HTTP

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class StrataServer:
    """`strata serve` on a free port with a secret key (as Tests/integration/conftest.py starts it),
    its log in `log_path`; `call(method, path, ...)` returns the decoded JSON of one request."""

    def __init__(self, binary, store, out_dir):
        import requests
        self.binary, self.store = binary, store
        self.secret_key = "sk_bench_" + secrets.token_hex(12)
        self.log_path = os.path.join(out_dir, "strata-serve.log")
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.secret_key}"
        self.process = None
        self.start_s = None
        self.index_build = None

    def start(self, timeout=600):
        import requests
        if not (os.path.isfile(self.binary) and os.access(self.binary, os.X_OK)):
            raise SystemExit(f"strata binary not found at {self.binary} (give --strata)")
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("STRATA_")}
        env["SWIFT_BACKTRACE"] = "enable=no"
        self.log = open(self.log_path, "ab")
        t0 = time.perf_counter()
        self.process = subprocess.Popen(
            [self.binary, "serve", "--data-dir", self.store, "--time-zone", TIME_ZONE, "--port", str(port),
             "--secret-key", self.secret_key],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
        deadline = time.time() + timeout
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"strata serve exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if time.time() > deadline:
                raise SystemExit(f"strata serve did not answer /health within {timeout} s:\n{self.log_tail()}")
            time.sleep(0.05)
        self.start_s = time.perf_counter() - t0
        self.index_build = self.read_index_build()
        self.wait_for_startup_snapshot()
        return self

    def read_index_build(self):
        """The server's own "Index built" log line (IndexService logs it when it has built the index
        from the store, before the socket opens): events, users and the build's duration in s."""
        self.log.flush()
        with open(self.log_path, errors="replace") as f:
            lines = [line for line in f if "Index built" in line]
        if not lines:
            return None
        line = lines[-1]
        found = {k: re.search(rf"\b{k}=([0-9.e+-]+)", line) for k in ("events", "users", "duration")}
        if not found["duration"]:
            return None
        unit = re.search(r"duration=[0-9.e+-]+ (\w+)", line)
        scale = {"seconds": 1, "milliseconds": 1e-3, "microseconds": 1e-6, "nanoseconds": 1e-9}.get(
            unit.group(1) if unit else "seconds", 1)
        return {"seconds": float(found["duration"].group(1)) * scale,
                "events": int(found["events"].group(1)) if found["events"] else None,
                "users": int(found["users"].group(1)) if found["users"] else None}

    def wait_for_startup_snapshot(self, timeout=300):
        """At start the server takes yesterday's (real time) daily snapshot when it is missing
        (SnapshotService.catchUp); wait for it so it does not run while questions are timed."""
        yesterday = (datetime.now(ZoneInfo(TIME_ZONE)).date() - timedelta(days=1)).isoformat()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if yesterday in self.call("GET", "/api/v1/snapshots").get("days", []):
                return True
            time.sleep(0.5)
        print(f"WARNING: the server's start-up snapshot of {yesterday} did not appear within {timeout} s; "
              "it may run while questions are timed")
        return False

    def call(self, method, path, params=None, body=None):
        response = self.http.request(method, self.url + path, params=params, json=body, timeout=600)
        if response.status_code != 200:
            raise RuntimeError(f"{method} {path} {params or body}: {response.status_code} {response.text[:500]}")
        return response.json()

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")
        except OSError:
            return "(no server log)"

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        if getattr(self, "log", None) and not self.log.closed:
            self.log.close()


# MARK: - Is anything else running?

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def load_average():
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


def cpu_ticks():
    """CPU time (ticks, user + system, all threads) of every process now: {pid: (ticks, name)}."""
    result = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.find("(") + 1:stat.rfind(")")]
        fields = stat[stat.rfind(")") + 2:].split()
        result[int(entry)] = (int(fields[11]) + int(fields[12]), name)
    return result


def command_line(pid, limit=90):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            text = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"
    return text if len(text) <= limit else text[:limit - 1] + "…"


class BusyWatch:
    """Other processes' CPU use between `start()` and `stop()`: those above `threshold` percent of
    one core, ours (this process and the Strata server) left out."""

    def __init__(self, ours, threshold=10.0):
        self.ours, self.threshold = set(ours), threshold

    def start(self):
        self.t0, self.before = time.monotonic(), cpu_ticks()

    def stop(self):
        elapsed = max(time.monotonic() - self.t0, 1e-6)
        busy = []
        for pid, (ticks, name) in cpu_ticks().items():
            if pid in self.ours:
                continue
            before = self.before.get(pid, (0, name))[0]
            percent = (ticks - before) / CLOCK_TICKS / elapsed * 100
            if percent > self.threshold:
                busy.append({"pid": pid, "name": name, "cpu_percent": round(percent, 1), "command": command_line(pid)})
        return sorted(busy, key=lambda b: -b["cpu_percent"])


# MARK: - Answers

def same(a, b, rel=1e-9):
    """Equal answers: floats within a relative tolerance (sums taken in another order), all else exactly."""
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is b
        return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], rel) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, rel) for x, y in zip(a, b))
    return a == b


def differences(a, b, path="", limit=25):
    """Where two answers differ: [(path, a's value, b's value)], at most `limit`."""
    out = []

    def walk(x, y, where):
        if len(out) >= limit:
            return
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y), key=str):
                walk(x.get(k, "(missing)"), y.get(k, "(missing)"), f"{where}[{k!r}]")
        elif isinstance(x, (list, tuple)) and isinstance(y, (list, tuple)) and len(x) == len(y):
            for i, (p, q) in enumerate(zip(x, y)):
                walk(p, q, f"{where}[{i}]")
        elif not same(x, y):
            out.append((where or "(answer)", x, y))
    walk(a, b, path)
    return out


def short(value, limit=400):
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} characters)"


class Question:
    """One question: how Strata is asked (`strata(server)` makes the timed HTTP call and returns
    its JSON; `strata_answer(json)` reads the answer from it) and how the engines are asked
    (`sql(dialect)`, timed; `engine_answer(rows)` shapes the rows)."""

    def __init__(self, key, label, strata, strata_answer, sql, engine_answer):
        self.key, self.label = key, label
        self.strata, self.strata_answer = strata, strata_answer
        self.sql, self.engine_answer = sql, engine_answer


def run_comparison(script, questions, args, data_path):
    """Loads the engines, starts Strata, times every question on the three engines in the same
    run (interleaved: each round asks Strata, DuckDB and chDB in turn, the order rotating),
    compares each timed call's answer with the other engines' and prints the table, the index
    build, the machine's load, PASS or FAIL and one JSON line. Returns the exit status."""
    out_dir = args.out or tempfile.mkdtemp(prefix=f"{script}-")
    os.makedirs(out_dir, exist_ok=True)
    load_at_start = load_average()
    engines = []
    server = None
    try:
        print(f"loading {data_path} into DuckDB and chDB (identities resolved; not timed) …", flush=True)
        engines = [duckdb_engine(data_path), chdb_engine(data_path)]
        for engine in engines:
            print(f"  {engine.name}: loaded and prepared in {engine.load_s:.1f} s", flush=True)
        server = StrataServer(args.strata, args.store, out_dir).start()
        build = server.index_build
        print(f"  Strata: server answered /health {server.start_s:.2f} s after start; index built in "
              + (f"{build['seconds']:.2f} s ({build['events']:,} events, {build['users']:,} users)" if build
                 else "? s (no \"Index built\" line in the server log)"), flush=True)

        names = ["Strata"] + [e.name for e in engines]
        watch = BusyWatch([os.getpid(), server.process.pid])
        load_before = load_average()
        results = {}
        for q in questions:
            times = {n: [] for n in names}
            answers = {n: [] for n in names}
            raw = None
            watch.start()
            for round_ in range(args.runs):
                order = names[round_ % len(names):] + names[:round_ % len(names)]
                for name in order:
                    if name == "Strata":
                        t0 = time.perf_counter()
                        raw = q.strata(server)
                        times[name].append((time.perf_counter() - t0) * 1000)
                        answers[name].append(q.strata_answer(raw))
                    else:
                        engine = engines[names.index(name) - 1]
                        sql = q.sql(engine.dialect)
                        t0 = time.perf_counter()
                        rows = engine.query(sql)
                        times[name].append((time.perf_counter() - t0) * 1000)
                        answers[name].append(q.engine_answer(rows))
            busy = watch.stop()
            results[q.key] = {"times": times, "answers": answers, "raw": raw, "busy": busy}
        load_after = load_average()
    finally:
        if server:
            server.stop()
        for engine in engines:
            engine.close()

    # Compare: every timed answer of each engine with every timed answer of Strata.
    failures = []
    figures = {}
    median = lambda xs: sorted(xs)[len(xs) // 2]
    print()
    print(f"{'question':<11}{'Strata ms':>11}{'DuckDB ms':>11}{'chDB ms':>10}{'best/Strata':>13}  "
          f"{'answers equal':<20}others' CPU")
    for q in questions:
        r = results[q.key]
        strata_answers = r["answers"]["Strata"]
        equal = {}
        for name in ["DuckDB", "chDB"]:
            equal[name] = all(same(s, e) for s in strata_answers for e in r["answers"][name])
            if not equal[name]:
                s, e = next((s, e) for s in strata_answers for e in r["answers"][name] if not same(s, e))
                failures.append((q, name, s, e))
        steady = all(same(strata_answers[0], s) for s in strata_answers[1:])
        if not steady:
            failures.append((q, "Strata (another run)", strata_answers[0],
                             next(s for s in strata_answers if not same(strata_answers[0], s))))
        ms = {n: median(r["times"][n]) for n in r["times"]}
        ratio = min(ms["DuckDB"], ms["chDB"]) / max(ms["Strata"], 0.001)
        ok = all(equal.values()) and steady
        verdict = "yes" if ok else "NO (" + ", ".join(n for n, v in equal.items() if not v) + ")"
        busy = sum(b["cpu_percent"] for b in r["busy"])
        print(f"{q.key:<11}{ms['Strata']:>11.1f}{ms['DuckDB']:>11.1f}{ms['chDB']:>10.1f}{ratio:>12.1f}x  "
              f"{verdict:<20}{busy:.0f}%")
        figures.update({f"{q.key}_strata_ms": round(ms["Strata"], 1), f"{q.key}_duckdb_ms": round(ms["DuckDB"], 1),
                        f"{q.key}_chdb_ms": round(ms["chDB"], 1), f"{q.key}_speedup_vs_best": round(ratio, 1),
                        f"{q.key}_answers_equal": ok})
    print()
    for q in questions:
        print(f"  {q.key}: {q.label}")
    print(f"  (median of {args.runs} timed calls each; Strata's time is the whole HTTP request to "
          f"`strata serve` on loopback, JSON encoding and decoding included)")
    build = server.index_build
    if build:
        print(f"Strata index build (once, at server start, from the store): {build['seconds']:.2f} s for "
              f"{build['events']:,} events and {build['users']:,} users — its query times above rely on it, "
              "while the other engines' times include that work")
    else:
        print("Strata index build: not found in the server log")
    print(f"Strata server start to /health (store opened, index built): {server.start_s:.2f} s; "
          + "; ".join(f"{e.name} load and prepare (not timed): {e.load_s:.1f} s" for e in engines))

    # The machine.
    others = {}
    for q in questions:
        for b in results[q.key]["busy"]:
            seen = others.setdefault(b["pid"], dict(b, questions=[]))
            seen["cpu_percent"] = max(seen["cpu_percent"], b["cpu_percent"])
            seen["questions"].append(q.key)
    print(f"machine: {os.cpu_count()} cores; 1-minute load average {load_at_start:.2f} at start, "
          f"{load_before:.2f} before timing, {load_after:.2f} after (the engines and this script count too)")
    if others:
        print("other processes above 10% of a core while questions were timed:")
        for b in sorted(others.values(), key=lambda b: -b["cpu_percent"]):
            print(f"  pid {b['pid']} {b['name']}: up to {b['cpu_percent']:.0f}% during {', '.join(b['questions'])} "
                  f"— {b['command']}")
        print("WARNING: the machine was not quiet while timing; the times above are not reliable")
    else:
        print("no other process used more than 10% of a core while questions were timed: the machine was quiet")

    # Keep every answer for inspection.
    with open(os.path.join(out_dir, "answers.json"), "w") as f:
        json.dump({q.key: {"strata_json": results[q.key]["raw"],
                           "answers": {n: results[q.key]["answers"][n][0] for n in results[q.key]["answers"]}}
                   for q in questions}, f, ensure_ascii=False, default=str, indent=1)
    print(f"answers and the server log: {out_dir}")

    for q, name, s, e in failures:
        print(f"\nDIFFERENCE in {q.key}: {q.label}")
        print(f"  Strata: {short(s)}")
        print(f"  {name}: {short(e)}")
        for where, x, y in differences(s, e):
            print(f"    {where}: Strata {short(x, 120)} vs {name} {short(y, 120)}")
    passed = not failures
    print()
    print(f"{'PASS' if passed else 'FAIL'}: {script}: "
          + (f"all {len(questions)} answers equal in DuckDB, chDB and Strata"
             if passed else f"{len({f[0].key for f in failures})} of {len(questions)} questions differ: "
             + ", ".join(sorted({f[0].key for f in failures}))))
    figures.update({
        "pass": passed,
        "index_build_s": round(build["seconds"], 2) if build else None,
        "index_events": build["events"] if build else None, "index_users": build["users"] if build else None,
        "server_start_s": round(server.start_s, 2),
        "duckdb_load_s": round(engines[0].load_s, 1), "chdb_load_s": round(engines[1].load_s, 1),
        "runs": args.runs, "load_avg_start": load_at_start, "load_avg_before": load_before, "load_avg_after": load_after,
        "quiet": not others,
        "busy_processes": [{k: b[k] for k in ("pid", "name", "cpu_percent")} for b in others.values()],
    })
    print(json.dumps(figures, ensure_ascii=False))
    return 0 if passed else 1


def common_arguments(parser):
    parser.add_argument("--data", required=True, help="gen.py output folder (events.jsonl)")
    parser.add_argument("--store", required=True, help="Strata data directory with the same data imported")
    parser.add_argument("--strata", default=".build/release/strata", help="the strata binary to serve the store")
    parser.add_argument("--runs", type=int, default=5, help="timed calls per question and engine (median shown)")
    parser.add_argument("--out", help="folder for the server log and the answers (default: a new temporary one)")


def main_for(script, questions_of, doc):
    import argparse
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    common_arguments(parser)
    args = parser.parse_args()
    data_path = os.path.abspath(os.path.join(args.data, "events.jsonl"))
    args.store = os.path.abspath(args.store)
    try:
        status = run_comparison(script, questions_of(), args, data_path)
    except Exception as error:   # a refused request, an engine's error: no answers to compare
        import traceback
        traceback.print_exc()
        print(f"FAIL: {script}: {type(error).__name__}: {error}")
        status = 2
    sys.exit(status)
