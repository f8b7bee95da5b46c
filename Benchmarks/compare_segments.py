#!/usr/bin/env python3
"""Runs Strata's segment questions in DuckDB and chDB on the same data and compares.

Reads the shared generator's events.jsonl (the same messages Strata imported), resolves
anonymous ids to users the way Strata's identity merge does (an identify carrying both ids),
and asks: the three-condition behavioural segment, the lifecycle stages and the RFM layers, all
as of the data's end. Prints one table (Strata ms, DuckDB ms, chDB ms, ratios, answers equal)
and ends with one JSON line.

    python3 -m venv .build/venv-olap && .build/venv-olap/bin/pip install duckdb chdb
    .build/release/strata import DATA/events.jsonl --data-dir STORE
    .build/venv-olap/bin/python Benchmarks/compare_segments.py --data DATA --store STORE --strata .build/release/strata
"""
import argparse
import json
import os
import subprocess
import time

DAY = 86_400_000
AS_OF = "2026-09-30T00:00:00Z"
T = 1_790_726_400_000  # AS_OF in ms
TODAY = T // DAY
S14 = (TODAY - 13) * DAY
S30 = (TODAY - 29) * DAY
NEW_FROM = (TODAY - 6) * DAY        # lifecycle daily preset: new 7, active 7, silent 14, churn 30
ACTIVE_FROM = (TODAY - 6) * DAY
GAP_FROM = (TODAY - 7 - 14 + 1) * DAY
CHURN_FROM = (TODAY - 29) * DAY

# Events with the person they belong to: userId, else the user an identify tied the anonymous id to.
RESOLVED = """
    SELECT coalesce(e.userId, m.uid, e.anonymousId) AS person, e.type, e.event, e.ts, e.revenue
    FROM ev e LEFT JOIN (SELECT anonymousId AS anon, any_value(userId) AS uid FROM ev
                         WHERE type = 'identify' AND anonymousId IS NOT NULL GROUP BY anonymousId) m
      ON e.userId IS NULL AND m.anon = e.anonymousId
"""

# Prepared once per engine (not timed), as Strata resolves identities when it stores events.
PREPARE = [
    f"CREATE TABLE p AS {RESOLVED}",
    "CREATE TABLE city AS SELECT userId AS person, any_value(city) AS city FROM ev WHERE type = 'identify' GROUP BY userId",
    "CREATE TABLE tr AS SELECT userId AS person, any_value(gender) AS gender, any_value(birth_year) AS birth_year, "
    "any_value(city) AS city, any_value(channel) AS channel FROM ev WHERE type = 'identify' GROUP BY userId",
]

SEGMENT = f"""
    WITH views AS (SELECT person FROM p WHERE event = 'view_item' AND ts >= {S14} AND ts <= {T}
                   GROUP BY person HAVING count(*) >= 3),
         buyers AS (SELECT DISTINCT person FROM p WHERE event = 'purchase' AND ts >= {S30} AND ts <= {T})
    SELECT count(*) FROM views v JOIN city c ON c.person = v.person
    WHERE c.city IN ('Shanghai', 'Beijing') AND v.person NOT IN (SELECT person FROM buyers)
"""

LIFECYCLE = f"""
    WITH u AS (SELECT person, min(ts) AS first, max(ts) AS last,
                      max(CASE WHEN ts >= {GAP_FROM} AND ts < {ACTIVE_FROM} THEN 1 ELSE 0 END) AS gap
               FROM p WHERE ts <= {T} GROUP BY person)
    SELECT stage, count(*) FROM (
        SELECT CASE WHEN first >= {NEW_FROM} THEN 'new'
                    WHEN last >= {ACTIVE_FROM} AND gap = 1 THEN 'active'
                    WHEN last >= {ACTIVE_FROM} THEN 'returning'
                    WHEN last >= {CHURN_FROM} THEN 'silent'
                    ELSE 'churned' END AS stage
        FROM u) GROUP BY stage ORDER BY stage
"""

RFM = f"""
    WITH b AS (SELECT person, ({T} - max(ts)) / {DAY}.0 AS r, count(*) AS f, sum(revenue) AS m
               FROM p WHERE event = 'purchase' AND ts <= {T} GROUP BY person),
         means AS (SELECT avg(r) AS mr, avg(f) AS mf, avg(m) AS mm FROM b)
    SELECT (CASE WHEN r < mr THEN 'R' ELSE 'r' END) || (CASE WHEN f > mf THEN 'F' ELSE 'f' END)
           || (CASE WHEN m > mm THEN 'M' ELSE 'm' END) AS layer, count(*)
    FROM b, means GROUP BY layer ORDER BY layer
"""

LAYER_CODES = {"RFM": "重要价值", "RfM": "重要发展", "rFM": "重要保持", "rfM": "重要挽留",
               "RFm": "一般价值", "Rfm": "一般发展", "rFm": "一般保持", "rfm": "一般挽留"}


def timed(run, runs):
    times, answer = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        answer = run()
        times.append((time.perf_counter() - t0) * 1000)
    return sorted(times)[len(times) // 2], answer


def duckdb_engine(path):
    import duckdb
    con = duckdb.connect()
    con.execute(f"""
        CREATE TABLE ev AS SELECT type, userId, anonymousId, event,
               epoch_ms(CAST(timestamp AS TIMESTAMPTZ)) AS ts, traits.city AS city, traits.gender AS gender,
               traits.birth_year AS birth_year, traits.channel AS channel, properties.revenue AS revenue
        FROM read_json('{path}', format = 'newline_delimited',
             columns = {{type: 'VARCHAR', userId: 'VARCHAR', anonymousId: 'VARCHAR', event: 'VARCHAR',
                         timestamp: 'VARCHAR',
                         traits: 'STRUCT(city VARCHAR, gender VARCHAR, birth_year BIGINT, channel VARCHAR)',
                         properties: 'STRUCT(revenue DOUBLE)'}})
    """)
    for statement in PREPARE:
        con.execute(statement)
    return lambda sql: con.execute(sql).fetchall()


def chdb_engine(path):
    from chdb import session
    s = session.Session()
    s.query("CREATE DATABASE IF NOT EXISTS b ENGINE = Atomic")
    s.query("USE b")
    s.query(f"""
        CREATE TABLE ev ENGINE = MergeTree ORDER BY tuple() AS
        SELECT type, userId, anonymousId, event,
               toUnixTimestamp64Milli(parseDateTime64BestEffort(timestamp, 3, 'UTC')) AS ts,
               JSONExtract(traits, 'city', 'Nullable(String)') AS city,
               JSONExtract(traits, 'gender', 'Nullable(String)') AS gender,
               JSONExtract(traits, 'birth_year', 'Nullable(Int64)') AS birth_year,
               JSONExtract(traits, 'channel', 'Nullable(String)') AS channel,
               JSONExtract(properties, 'revenue', 'Nullable(Float64)') AS revenue
        FROM file('{path}', 'JSONEachRow',
             'type String, userId Nullable(String), anonymousId Nullable(String), event Nullable(String),
              timestamp String, traits Nullable(String), properties Nullable(String)')
        SETTINGS input_format_json_read_objects_as_strings = 1
    """)

    def dialect(sql):
        return sql.replace("any_value(", "any(").replace("CAST(birth_year AS VARCHAR)", "toString(birth_year)")

    for statement in PREPARE:
        table = statement.split()[2]
        body = dialect(statement.split(" AS ", 1)[1])
        s.query(f"CREATE TABLE {table} ENGINE = MergeTree ORDER BY tuple() AS {body}")

    def run(sql):
        sql = dialect(sql)
        out = s.query(sql, "TabSeparated").bytes().decode()
        return [tuple(int(x) if x.lstrip("-").isdigit() else x for x in line.split("\t")) for line in out.splitlines()]
    return run


def answers(engine, runs):
    seg_ms, seg = timed(lambda: engine(SEGMENT)[0][0], runs)
    life_ms, life = timed(lambda: dict(engine(LIFECYCLE)), runs)
    rfm_ms, rfm = timed(lambda: {LAYER_CODES[k]: v for k, v in engine(RFM)}, runs)
    return {"segment": (seg_ms, int(seg)), "lifecycle": (life_ms, {k: int(v) for k, v in life.items()}),
            "rfm": (rfm_ms, {k: int(v) for k, v in rfm.items()})}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True, help="gen.py output folder (events.jsonl)")
    ap.add_argument("--store", required=True, help="Strata data directory with the same data imported")
    ap.add_argument("--strata", default=".build/release/strata")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    path = os.path.abspath(os.path.join(a.data, "events.jsonl"))

    out = subprocess.run([a.strata, "bench", "segments", "--data-dir", a.store, "--as-of", AS_OF,
                          "--runs", str(a.runs)], capture_output=True, text=True, check=True).stdout
    strata = json.loads(out.strip().splitlines()[-1])
    strata_answers = {
        "segment": (strata["segment_ms"], int(strata["segment_size"])),
        "lifecycle": (strata["lifecycle_ms"], {k: int(strata[f"lifecycle_{k}"]) for k in
                                               ["new", "returning", "active", "silent", "churned"]
                                               if strata[f"lifecycle_{k}"] > 0}),
        "rfm": (strata["rfm_ms"], None),
    }
    rfm_layers = subprocess.run([a.strata, "model", "rfm", "--data-dir", a.store, "--as-of", AS_OF],
                                capture_output=True, text=True, check=True).stdout
    strata_answers["rfm"] = (strata["rfm_ms"], {k: int(v) for k, v in
                                                 json.loads(rfm_layers.strip().splitlines()[-1])["layers"].items() if v})

    t0 = time.perf_counter()
    duck = answers(duckdb_engine(path), a.runs)
    t1 = time.perf_counter()
    ch = answers(chdb_engine(path), a.runs)
    t2 = time.perf_counter()
    print(f"(loading and querying: DuckDB {t1 - t0:.0f} s, chDB {t2 - t1:.0f} s)")

    figures = {}
    print(f"{'question':<12}{'Strata ms':>11}{'DuckDB ms':>11}{'chDB ms':>10}{'best/Strata':>13}  answers equal")
    for q in ["segment", "lifecycle", "rfm"]:
        s_ms, s_ans = strata_answers[q]
        d_ms, d_ans = duck[q]
        c_ms, c_ans = ch[q]
        equal = s_ans == d_ans == c_ans
        ratio = min(d_ms, c_ms) / max(s_ms, 0.001)
        print(f"{q:<12}{s_ms:>11.1f}{d_ms:>11.1f}{c_ms:>10.1f}{ratio:>12.1f}x  {equal}")
        if not equal:
            print(f"   strata {s_ans}\n   duckdb {d_ans}\n   chdb   {c_ans}")
        figures.update({f"{q}_strata_ms": s_ms, f"{q}_duckdb_ms": round(d_ms, 1), f"{q}_chdb_ms": round(c_ms, 1),
                        f"{q}_speedup_vs_best": round(ratio, 1), f"{q}_answers_equal": equal})
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
