"""The differential suite's world: generated data, the reference database, a Strata server.

Everything the references need is derived here from the messages themselves and the README's
definitions, never from Strata's code:

- identities: an `identify` carrying both `userId` and `anonymousId` merges the anonymous
  profile into the user's; every event of a merged id counts for the user it merged into;
  an anonymous id that never identifies is a profile of its own (README, "Identity");
- local days: Python's zoneinfo, in the workspace time zone;
- windows: an answer as of T counts events strictly before T; N days as of T are the N local
  days ending with the day that holds T - 1 ms (README, "Time windows: one rule everywhere").
"""
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import duckdb
import requests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "integration"))
from conftest import BINARY, Server, server_env  # noqa: E402

GENERATOR = os.path.abspath(os.path.join(ROOT, "..", "shared", "datagen", "gen.py"))
DAY_MS = 86_400_000
BEHAVIOUR = ("track", "page", "screen")  # what counts as an event (README: event count)


# -- time -------------------------------------------------------------------------------------

def iso(ms):
    """UTC ISO 8601 with milliseconds, as Strata's API takes and prints instants."""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def parse_iso(text):
    return int(datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000)


class Calendar:
    """Local calendar days of a time zone, as the README defines them."""

    def __init__(self, zone):
        self.zone = ZoneInfo(zone)
        self.name = zone
        self._hour_cache = {}

    def day(self, ms):
        """Local day number (days since 1970-01-01 of the local date) of an instant."""
        hour = ms // 3_600_000
        offset = self._hour_cache.get(hour)
        if offset is None:
            local = datetime.fromtimestamp(ms / 1000, tz=self.zone)
            offset = int(local.utcoffset().total_seconds() * 1000)
            self._hour_cache[hour] = offset
        return (ms + offset) // DAY_MS

    def date(self, day):
        return (datetime(1970, 1, 1) + timedelta(days=day)).date()

    def day_text(self, day):
        return self.date(day).isoformat()

    def start_of_day(self, day):
        """The first instant of a local date (its midnight)."""
        d = self.date(day)
        local = datetime(d.year, d.month, d.day, tzinfo=self.zone)
        return int(local.timestamp() * 1000)

    def last_day(self, T):
        """The day that holds the last instant before T."""
        return self.day(T - 1)

    def window(self, T, n):
        """[start, T): the N local days ending with the day holding T - 1 ms."""
        return self.start_of_day(self.last_day(T) - n + 1), T

    def days_window(self, T, first_day, last_day):
        """[start of first_day, min(end of last_day, T))."""
        return self.start_of_day(first_day), min(self.start_of_day(last_day + 1), T)


# -- data ---------------------------------------------------------------------------------------

@dataclass
class World:
    """One generated data set in one time zone, imported into Strata and loaded into DuckDB."""
    seed: int
    zone: str
    directory: str
    calendar: Calendar
    db: duckdb.DuckDBPyConnection
    server: Server
    live: set = field(default_factory=set)          # every profile Strata should hold
    start_ms: int = 0
    end_ms: int = 0
    rng: random.Random = None

    # -- Strata -------------------------------------------------------------------------
    def api(self, method, path, body=None, **params):
        response = requests.request(method, self.server.url + path, params=params or None, json=body,
                                    headers={"Authorization": f"Bearer {self.server.secret_key}"}, timeout=120)
        if response.status_code >= 300:
            raise AssertionError(f"{method} {path} {params} {body}: {response.status_code} {response.text[:500]}")
        return response

    def get(self, path, **params):
        return self.api("GET", path, **params).json()

    def post(self, path, body, **params):
        return self.api("POST", path, body=body, **params).json()

    def segment_size(self, text, T):
        return self.post("/api/v1/segments/preview", {"text": text, "as_of": iso(T), "sample": 0})["size"]

    def segment_members(self, name, T):
        """Profiles of a saved segment as of T, by the README's key: user id, else the anonymous id."""
        text = self.api("GET", f"/api/v1/segments/{name}/export", as_of=iso(T)).text
        members = set()
        for row in csv.DictReader(io.StringIO(text)):
            members.add(row["user_id"] or row["anonymous_ids"].split(";")[0].split(",")[0].strip())
        return members

    # -- reference ----------------------------------------------------------------------
    def sql(self, query, *args):
        return self.db.execute(query, list(args)).fetchall()

    def profiles(self, query, *args):
        return {row[0] for row in self.sql(query, *args)}

    def close(self):
        self.server.stop()
        self.db.close()


def generate(seed, users, events, out):
    """Runs the shared generator with `seed`, then adds devices that merge into known users."""
    subprocess.run([sys.executable, GENERATOR, "--users", str(users), "--events", str(events), "--seed", str(seed),
                    "--out", out, "--no-csv"], check=True, stdout=subprocess.DEVNULL)
    path = os.path.join(out, "events.jsonl")
    with open(path) as f:
        messages = [json.loads(line) for line in f]
    truth = json.load(open(os.path.join(out, "truth.json")))
    start, end = parse_iso(truth["start"]), parse_iso(truth["end"])
    rng = random.Random(seed)
    # A second device of some known users: anonymous events part-way through the range, then an
    # identify that merges the device into the (already known) user, sent at the end of the
    # file, after newer messages: the merge must move events from before it.
    known = sorted({m["userId"] for m in messages if m.get("userId")})
    extra = []
    for k, user in enumerate(rng.sample(known, max(1, len(known) // 50))):
        device = f"device-{seed}-{k}"
        t = rng.randrange(start, end - 3 * DAY_MS)
        for n in range(rng.randint(1, 6)):
            t += rng.randrange(60_000, DAY_MS // 2)
            event = rng.choice(["app_open", "view_item", "view_item", "add_to_cart", "purchase"])
            props = {"category": rng.choice(["books", "food", "toys"])}
            if event == "purchase":
                props.update(revenue=round(rng.uniform(5, 500), 2), currency="CNY")
            extra.append({"type": "track", "event": event, "anonymousId": device, "messageId": f"x-{k}-{n}",
                          "timestamp": iso(min(t, end - 1)), "properties": props})
        extra.append({"type": "identify", "userId": user, "anonymousId": device, "messageId": f"xi-{k}",
                      "timestamp": iso(min(t + rng.randrange(1000, DAY_MS), end - 1)), "traits": {}})
    with open(path, "a") as f:
        for m in extra:
            f.write(json.dumps(m, separators=(",", ":")) + "\n")
    return messages + extra, start, end


def resolve(messages):
    """Profile key of every message: the user id, through the final anon -> user merges."""
    merged = {}
    for m in messages:
        if m.get("userId") and m.get("anonymousId"):
            merged[m["anonymousId"]] = m["userId"]
    def profile(m):
        return m.get("userId") or merged.get(m["anonymousId"], m["anonymousId"])
    return profile, merged


def load(messages, calendar, db, directory):
    """events(profile, kind, event, ts, day, category, revenue) and traits(profile, ...)."""
    profile, merged = resolve(messages)
    rows, traits = [], {}
    trait_time = {}
    for m in messages:
        p = profile(m)
        t = parse_iso(m["timestamp"])
        props = m.get("properties") or {}
        revenue = props.get("revenue")
        rows.append((p, m["type"], m.get("event") if m["type"] == "track" else f"${m['type']}", t, calendar.day(t),
                     props.get("category"), revenue if isinstance(revenue, (int, float)) else None))
        if m["type"] == "identify":
            current = traits.setdefault(p, {})
            for key, value in (m.get("traits") or {}).items():  # merged per key by event time
                if trait_time.get((p, key), -1) <= t:
                    trait_time[(p, key)] = t
                    current[key] = value
    live = {profile(m) for m in messages}
    # Bulk-loaded through CSV files (row-by-row inserts take minutes).
    def table(name, columns, data):
        path = os.path.join(directory, f"{name}.csv")
        with open(path, "w", newline="") as f:
            csv.writer(f).writerows(data)
        types = ", ".join(f"'{c}': '{t}'" for c, t in columns)
        db.execute(f"CREATE TABLE {name} AS SELECT * FROM read_csv('{path}', header = false, "
                   f"columns = {{{types}}}, nullstr = '')")
    table("events", [("profile", "VARCHAR"), ("kind", "VARCHAR"), ("event", "VARCHAR"), ("ts", "BIGINT"),
                     ("day", "INTEGER"), ("category", "VARCHAR"), ("revenue", "DOUBLE")], rows)
    table("traits", [("profile", "VARCHAR"), ("gender", "VARCHAR"), ("birth_year", "BIGINT"), ("city", "VARCHAR"),
                     ("channel", "VARCHAR"), ("email", "VARCHAR"), ("phone", "VARCHAR")],
          [(p, t.get("gender"), t.get("birth_year"), t.get("city"), t.get("channel"), t.get("email"), t.get("phone"))
           for p, t in traits.items()])
    table("live", [("profile", "VARCHAR")], [(p,) for p in sorted(live)])
    return live


def build_world(seed, zone, users, events, keep=False):
    """Generates, imports into a fresh Strata data directory and starts the server."""
    directory = tempfile.mkdtemp(prefix=f"strata-diff-{seed}-")
    data = os.path.join(directory, "data")
    messages, start, end = generate(seed, users, events, os.path.join(directory, "gen"))
    calendar = Calendar(zone)
    db = duckdb.connect()
    live = load(messages, calendar, db, directory)
    env = server_env()
    subprocess.run([BINARY, "import", os.path.join(directory, "gen", "events.jsonl"), "--data-dir", data,
                    "--time-zone", zone], check=True, stdout=subprocess.DEVNULL, env=env)
    server = Server(data, extra_args=["--time-zone", zone])
    server.start(timeout=120)
    world = World(seed=seed, zone=zone, directory=directory, calendar=calendar, db=db, server=server, live=live,
                  start_ms=start, end_ms=end, rng=random.Random(f"{seed}-{zone}"))
    stats = world.get("/api/v1/stats")
    if stats["users"] != len(live):
        raise AssertionError(f"seed {seed} {zone}: Strata holds {stats['users']} profiles, the messages give {len(live)}")
    world.keep = keep
    return world


def remove_world(world):
    world.close()
    if not getattr(world, "keep", False):
        shutil.rmtree(world.directory, ignore_errors=True)


def as_of_instants(world, rng):
    """Three instants on one random local day late in the range: its midnight, a random moment
    mid-day, and its last millisecond."""
    cal = world.calendar
    last = cal.day(world.end_ms - 1)
    day = rng.randint(last - 30, last)
    start = cal.start_of_day(day)
    end = cal.start_of_day(day + 1)
    return [("midnight", start), ("mid-day", start + rng.randrange(9 * 3_600_000, 18 * 3_600_000)),
            ("last ms of the day", end - 1)]
