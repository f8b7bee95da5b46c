#!/usr/bin/env python3
"""Runs Strata's analysis questions in DuckDB and chDB on the same data and compares.

DAU for each of the 90 days before the data's end, a 30 x 30 retention matrix (cohorts by first
day seen, return on any event) and a 4-step funnel view_item -> add_to_cart -> checkout -> purchase
with a 24 h window from the first step (DuckDB with ASOF joins, chDB with windowFunnel), and
view_item per day over 90 days broken down by city (Strata's top 50 and other), and attribute lift
of the last 30 days' buyers among all users by gender, birth year, city, channel trait and
first-touch channel (users and buyers per value; the z-tests on those counts are client-side
arithmetic for the other engines and not timed). Identities
are resolved as in compare_segments.py (not timed). Prints one table and ends with one JSON line.

    .build/venv-olap/bin/python Benchmarks/compare_analysis.py --data DATA --store STORE --strata .build/release/strata
"""
import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare_segments import AS_OF, DAY, TODAY, T, chdb_engine, duckdb_engine, timed  # noqa: E402

LAST = TODAY - 1
DAU = f"""
    SELECT CAST(floor(ts / {DAY}) AS BIGINT) AS d, count(DISTINCT person) FROM p
    WHERE ts >= {(LAST - 89) * DAY} AND ts < {(LAST + 1) * DAY} AND ts <= {T} GROUP BY d ORDER BY d
"""
RETENTION = f"""
    WITH f AS (SELECT person, CAST(floor(min(ts) / {DAY}) AS BIGINT) AS c FROM p WHERE ts <= {T} GROUP BY person),
         a AS (SELECT DISTINCT person, CAST(floor(ts / {DAY}) AS BIGINT) AS d FROM p WHERE ts <= {T})
    SELECT f.c, a.d - f.c AS n, count(*) FROM f JOIN a ON a.person = f.person
    WHERE f.c BETWEEN {LAST - 59} AND {LAST - 30} AND a.d - f.c BETWEEN 0 AND 29
    GROUP BY f.c, n ORDER BY f.c, n
"""
TREND = f"""
    SELECT coalesce(c.city, '(none)') AS key, CAST(floor(p.ts / {DAY}) AS BIGINT) AS d, count(*)
    FROM p LEFT JOIN city c ON c.person = p.person
    WHERE p.event = 'view_item' AND p.ts >= {(LAST - 89) * DAY} AND p.ts < {(LAST + 1) * DAY} AND p.ts <= {T}
    GROUP BY key, d ORDER BY key, d
"""
S30 = (TODAY - 29) * DAY
LIFT = f"""
    WITH base AS (SELECT DISTINCT person FROM p WHERE ts <= {T}),
         b AS (SELECT base.person, tr.gender, tr.birth_year, tr.city, tr.channel,
                      CASE WHEN base.person IN (SELECT person FROM p WHERE event = 'purchase' AND ts >= {S30}
                                                AND ts <= {T}) THEN 1 ELSE 0 END AS hit
               FROM base LEFT JOIN tr ON tr.person = base.person)
    SELECT 'gender' AS d, coalesce(gender, '(none)') AS v, count(*), sum(hit) FROM b GROUP BY v
    UNION ALL SELECT 'birth_year' AS d, coalesce(CAST(birth_year AS VARCHAR), '(none)') AS v, count(*), sum(hit)
              FROM b GROUP BY v
    UNION ALL SELECT 'city' AS d, coalesce(city, '(none)') AS v, count(*), sum(hit) FROM b GROUP BY v
    UNION ALL SELECT 'trait.channel' AS d, coalesce(channel, '(none)') AS v, count(*), sum(hit) FROM b GROUP BY v
    UNION ALL SELECT 'channel' AS d, coalesce(channel, '(none)') AS v, count(*), sum(hit) FROM b GROUP BY v
"""
W = DAY
START_FROM, START_TO, END = (LAST - 89) * DAY, (LAST + 1) * DAY - 1, min((LAST + 1) * DAY - 1 + DAY, T)
FUNNEL_DUCKDB = f"""
    WITH s1 AS (SELECT person, ts FROM p WHERE event = 'view_item' AND ts BETWEEN {START_FROM} AND {START_TO}),
         e2 AS (SELECT person, ts FROM p WHERE event = 'add_to_cart' AND ts BETWEEN {START_FROM} AND {END}),
         e3 AS (SELECT person, ts FROM p WHERE event = 'checkout' AND ts BETWEEN {START_FROM} AND {END}),
         e4 AS (SELECT person, ts FROM p WHERE event = 'purchase' AND ts BETWEEN {START_FROM} AND {END}),
         s2 AS (SELECT e2.person, e2.ts, s1.ts AS start FROM e2 ASOF JOIN s1 ON e2.person = s1.person AND e2.ts >= s1.ts
                WHERE e2.ts - s1.ts <= {W}),
         s3 AS (SELECT e3.person, e3.ts, s2.start FROM e3 ASOF JOIN s2 ON e3.person = s2.person AND e3.ts >= s2.ts
                WHERE e3.ts - s2.start <= {W}),
         s4 AS (SELECT e4.person FROM e4 ASOF JOIN s3 ON e4.person = s3.person AND e4.ts >= s3.ts
                WHERE e4.ts - s3.start <= {W})
    SELECT (SELECT count(DISTINCT person) FROM s1), (SELECT count(DISTINCT person) FROM s2),
           (SELECT count(DISTINCT person) FROM s3), (SELECT count(DISTINCT person) FROM s4)
"""
FUNNEL_CHDB = f"""
    SELECT countIf(level >= 1), countIf(level >= 2), countIf(level >= 3), countIf(level >= 4) FROM (
        SELECT person, windowFunnel({W})(toUInt64(ts), event = 'view_item' AND ts <= {START_TO},
                                          event = 'add_to_cart', event = 'checkout', event = 'purchase') AS level
        FROM p WHERE ts BETWEEN {START_FROM} AND {END} AND event IN ('view_item', 'add_to_cart', 'checkout', 'purchase')
        GROUP BY person)
"""


def answers(engine, funnel_sql, runs):
    dau_ms, dau = timed(lambda: [int(n) for _, n in engine(DAU)], runs)
    ret_ms, ret = timed(lambda: {(int(c), int(n)): int(v) for c, n, v in engine(RETENTION)}, runs)
    fun_ms, fun = timed(lambda: [int(x) for x in engine(funnel_sql)[0]], runs)
    trend_ms, trend = timed(lambda: {(k, int(d)): int(n) for k, d, n in engine(TREND)}, runs)
    lift_ms, lift = timed(lambda: {(d, str(v)): (int(n), int(h)) for d, v, n, h in engine(LIFT)}, runs)
    return {"dau": (dau_ms, dau), "retention": (ret_ms, ret), "funnel": (fun_ms, fun), "trend": (trend_ms, trend),
            "lift": (lift_ms, lift)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--store", required=True)
    ap.add_argument("--strata", default=".build/release/strata")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    path = os.path.abspath(os.path.join(a.data, "events.jsonl"))
    run = lambda *args: json.loads(subprocess.run([a.strata, *args, "--data-dir", a.store], capture_output=True,
                                                  text=True, check=True).stdout.strip().splitlines()[-1])
    bench = run("bench", "analysis", "--as-of", AS_OF, "--runs", str(a.runs))
    day = lambda n: time.strftime("%Y-%m-%d", time.gmtime(n * 86400))
    activity = json.loads(subprocess.run(
        [a.strata, "report", "activity", "--from", day(LAST - 89), "--to", day(LAST), "--as-of", AS_OF, "--format",
         "json", "--data-dir", a.store], capture_output=True, text=True, check=True).stdout)
    retention = json.loads(subprocess.run(
        [a.strata, "report", "retention", "--from", day(LAST - 59), "--to", day(LAST - 30), "--periods", "30",
         "--as-of", AS_OF, "--format", "json", "--data-dir", a.store], capture_output=True, text=True, check=True).stdout)
    trend_json = json.loads(subprocess.run(
        [a.strata, "report", "trend", "--event", "view_item", "--breakdown", "trait:city", "--top", "50",
         "--from", day(LAST - 89), "--to", day(LAST), "--as-of", AS_OF, "--format", "json", "--data-dir", a.store],
        capture_output=True, text=True, check=True).stdout)
    lift_json = json.loads(subprocess.run(
        [a.strata, "report", "lift", "--event", "purchase", "--by", "gender,birth_year,city,trait.channel,channel",
         "--top", "100", "--show-missing", "--as-of", AS_OF, "--format", "json", "--data-dir", a.store],
        capture_output=True, text=True, check=True).stdout)
    lift = {(r["dimension"], r["value"]): (r["users"], r["target_users"]) for r in lift_json["rows"]}
    trend = {}
    for series in trend_json["series"]:
        for i, v in enumerate(series["values"]):
            if v:
                trend[(series["key"], LAST - 89 + i)] = int(v)
    ret = {}
    for i, cohort in enumerate(retention["cohorts"]):
        for n, v in enumerate(cohort["retained"]):
            if v:
                ret[(LAST - 59 + i, n)] = int(v)
    strata = {"dau": (bench["dau_ms"], [d["dau"] for d in activity["days"]]), "retention": (bench["retention_ms"], ret),
              "funnel": (bench["funnel_ms"], [int(x) for x in bench["funnel_users"]]),
              "trend": (bench["trend_ms"], trend), "lift": (bench["lift_ms"], lift)}
    shown = {series["key"] for series in trend_json["series"]} - {"other"}

    def fold(result):
        # Values beyond Strata's top 50 are its "other" series.
        ms, by_key = result["trend"]
        folded = {}
        for (key, d), n in by_key.items():
            k = (key if key in shown else "other", d)
            folded[k] = folded.get(k, 0) + n
        result["trend"] = (ms, folded)
        return result

    t0 = time.perf_counter()
    duck = fold(answers(duckdb_engine(path), FUNNEL_DUCKDB, a.runs))
    t1 = time.perf_counter()
    ch = fold(answers(chdb_engine(path), FUNNEL_CHDB, a.runs))
    t2 = time.perf_counter()
    print(f"(loading and querying: DuckDB {t1 - t0:.0f} s, chDB {t2 - t1:.0f} s)")
    figures = {}
    print(f"{'question':<12}{'Strata ms':>11}{'DuckDB ms':>11}{'chDB ms':>10}{'best/Strata':>13}  answers equal")
    for q in ["dau", "retention", "funnel", "trend", "lift"]:
        (s_ms, s_ans), (d_ms, d_ans), (c_ms, c_ans) = strata[q], duck[q], ch[q]
        equal = s_ans == d_ans == c_ans
        ratio = min(d_ms, c_ms) / max(s_ms, 0.001)
        print(f"{q:<12}{s_ms:>11.1f}{d_ms:>11.1f}{c_ms:>10.1f}{ratio:>12.1f}x  {equal}")
        if not equal:
            short = lambda x: x if not isinstance(x, dict) else {k: x[k] for k in sorted(x)[:5]}
            print(f"   strata {short(s_ans)}\n   duckdb {short(d_ans)}\n   chdb   {short(c_ans)}")
        figures.update({f"{q}_strata_ms": s_ms, f"{q}_duckdb_ms": round(d_ms, 1), f"{q}_chdb_ms": round(c_ms, 1),
                        f"{q}_speedup_vs_best": round(ratio, 1), f"{q}_answers_equal": equal})
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
