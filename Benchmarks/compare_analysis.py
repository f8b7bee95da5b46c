#!/usr/bin/env python3
"""Asks Strata, DuckDB and chDB the same analysis questions in the same run, and fails on any difference.

As of the data's end (2026-09-30T00:00:00Z, UTC), over the 90 days before it unless said:
  activity   the activity report per day: DAU, WAU, MAU, users seen so far, new, returning
             (also active in the 7 days before) and resurrected users
  trend      view_item per day by the trait city, top 50 values and "other"
  retention  30 x 30: cohorts by first day seen (days 60 to 31 before the end), return on any event
  funnel     view_item -> add_to_cart -> checkout -> purchase, 24 h from the step-1 event, step 1
             in the 90 days; users per step (DuckDB with ASOF joins, chDB with windowFunnel)
  lift       the last 30 days' buyers among all users by gender, birth year, city, the channel
             trait and the first-touch channel: base and target users, and users and buyers per value
Strata answers through `strata serve` (GET /api/v1/reports/activity|trend|retention|funnel|lift);
the JSON of every timed call is compared with what every timed DuckDB and chDB query returned.
The reference SQL follows the README ("Analysis (reports)" and "Time windows: one rule
everywhere"), with every window from `olap_compare.window`. Identities are resolved as in
compare_segments.py (not timed). Prints one table, Strata's index build time, whether anything
else used the CPU while timing, PASS or FAIL (exit status 1 on any difference), and ends with one
JSON line.

    python3 /work/shared/datagen/gen.py --users 100000 --events 2000000 --out /work/bench-data
    swift build -c release --product strata --scratch-path /work/build-release
    /work/build-release/release/strata import /work/bench-data/events.jsonl --data-dir /work/data-100k
    python3 -m venv /work/venv-olap && /work/venv-olap/bin/pip install duckdb chdb numpy requests
    /work/venv-olap/bin/python Benchmarks/compare_analysis.py --data /work/bench-data --store /work/data-100k \\
        --strata /work/build-release/release/strata

Options: --runs N (timed calls per question and engine, default 5), --out DIR (where the server log
and every answer are kept; default a new temporary folder). Exit status: 0 PASS, 1 a difference,
2 a question could not be asked.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from olap_compare import AS_OF, DAY, T, Question, date_of, day_number, day_sql, day_text, last_day, main_for, window  # noqa: E402

LAST = day_number(last_day())          # the newest day as of T: 2026-09-29
FROM, TO = LAST - 89, LAST             # the 90 days
RANGE = window(first=date_of(FROM), last=date_of(TO))   # the 90 days' instants, cut at T
DAYS = {"from": day_text(FROM), "to": day_text(TO), "as_of": AS_OF}

# MARK: activity

DORMANT = 7
# Per person and active day, the active days before and after; then per day: DAU, new (first day
# seen), returning (previous active day within the 7 days before), and the changes in WAU / MAU
# (a person counts from an active day until 7 / 30 days later or their next active day), summed
# up to each day.
ACTIVITY = """
    WITH ad AS (SELECT DISTINCT person, {day} AS d FROM p WHERE ts < {T}),
         x AS (SELECT person, d, {lag} AS prev, {lead} AS next FROM ad WINDOW w AS ({frame})),
         marks AS (
             SELECT d AS day, 1 AS dau, CASE WHEN prev >= d - {dormant} THEN 1 ELSE 0 END AS ret,
                    CASE WHEN prev IS NULL THEN 1 ELSE 0 END AS fresh, 1 AS wau, 1 AS mau FROM x
             UNION ALL SELECT least(coalesce(next, d + 7), d + 7) AS day, 0, 0, 0, -1, 0 FROM x
             UNION ALL SELECT least(coalesce(next, d + 30), d + 30) AS day, 0, 0, 0, 0, -1 FROM x),
         per_day AS (
             SELECT day, sum(dau) AS dau_n, sum(ret) AS ret_n, sum(fresh) AS fresh_n,
                    sum(sum(wau)) OVER (ORDER BY day) AS wau_n, sum(sum(mau)) OVER (ORDER BY day) AS mau_n,
                    sum(sum(fresh)) OVER (ORDER BY day) AS seen_n
             FROM marks GROUP BY day)
    SELECT day, dau_n, ret_n, fresh_n, wau_n, mau_n, seen_n FROM per_day WHERE day <= {to} ORDER BY day
"""


def activity_sql(dialect):
    if dialect == "duckdb":
        lag, lead, frame = "lag(d) OVER w", "lead(d) OVER w", "PARTITION BY person ORDER BY d"
    else:
        lag, lead = "lagInFrame(toNullable(d)) OVER w", "leadInFrame(toNullable(d)) OVER w"
        frame = "PARTITION BY person ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"
    return ACTIVITY.format(day=day_sql("ts"), T=T, lag=lag, lead=lead, frame=frame, dormant=DORMANT, to=TO)


def activity_answer(rows):
    by_day = {int(r[0]): r for r in rows}
    out, carried = {}, (0, 0, 0)
    for d in range(min(by_day, default=FROM), TO + 1):
        r = by_day.get(d)
        dau, ret, fresh = (int(r[1]), int(r[2]), int(r[3])) if r else (0, 0, 0)
        if r:
            carried = (int(r[4]), int(r[5]), int(r[6]))
        if d >= FROM:
            out[day_text(d)] = {"dau": dau, "wau": carried[0], "mau": carried[1], "total_users": carried[2],
                                "new": fresh, "returning": ret, "resurrected": dau - fresh - ret}
    return out


def strata_activity(j):
    keys = ["dau", "wau", "mau", "total_users", "new", "returning", "resurrected"]
    return {d["day"]: {k: int(d[k]) for k in keys} for d in j["days"]}


# MARK: retention

COHORT_FROM, COHORT_TO, PERIODS = LAST - 59, LAST - 30, 30
PERIOD_DAYS = window(first=date_of(COHORT_FROM), last=date_of(COHORT_TO + PERIODS - 1))   # every period's day, cut at T
RETENTION = f"""
    WITH f AS (SELECT person, {day_sql('min(ts)')} AS c FROM p WHERE ts < {T} GROUP BY person),
         a AS (SELECT DISTINCT person, {day_sql('ts')} AS d FROM p
               WHERE ts >= {PERIOD_DAYS[0]} AND ts < {PERIOD_DAYS[1]})
    SELECT f.c, a.d - f.c AS n, count(*) FROM f JOIN a ON a.person = f.person
    WHERE f.c BETWEEN {COHORT_FROM} AND {COHORT_TO} AND a.d - f.c BETWEEN 0 AND {PERIODS - 1}
    GROUP BY f.c, n
    UNION ALL SELECT c, -1, count(*) FROM f WHERE c BETWEEN {COHORT_FROM} AND {COHORT_TO} GROUP BY c
"""


def retention_answer(rows):
    got = {(int(c), int(n)): int(v) for c, n, v in rows}
    out = {}
    for c in range(COHORT_FROM, COHORT_TO + 1):
        known = min(PERIODS, LAST - c + 1)          # periods begun by as_of; the rest are null
        out[day_text(c)] = {"size": got.get((c, -1), 0),
                            "retained": [got.get((c, n), 0) if n < known else None for n in range(PERIODS)]}
    return out


def strata_retention(j):
    return {c["start"]: {"size": int(c["size"]), "retained": [None if v is None else int(v) for v in c["retained"]]}
            for c in j["cohorts"]}


# MARK: trend

TOP = 50
TREND = f"""
    WITH t AS (SELECT coalesce(c.city, '(none)') AS key, {day_sql('p.ts')} AS d, count(*) AS n
               FROM p LEFT JOIN tr c ON c.person = p.person
               WHERE p.event = 'view_item' AND p.ts >= {RANGE[0]} AND p.ts < {RANGE[1]}
               GROUP BY key, d),
         r AS (SELECT key, row_number() OVER (ORDER BY sum(n) DESC, key) AS rk FROM t GROUP BY key)
    SELECT CASE WHEN r.rk <= {TOP} THEN t.key ELSE 'other' END AS k, t.d, sum(t.n)
    FROM t JOIN r ON r.key = t.key GROUP BY k, t.d
"""


def trend_answer(rows):
    series, total = {}, [0] * (TO - FROM + 1)
    for key, d, n in rows:
        values = series.setdefault(str(key), [0] * (TO - FROM + 1))
        values[int(d) - FROM] += int(n)
        total[int(d) - FROM] += int(n)
    return {"buckets": [day_text(d) for d in range(FROM, TO + 1)], "series": series, "total": total}


def strata_trend(j):
    return {"buckets": j["buckets"], "series": {s["key"]: [int(v) for v in s["values"]] for s in j["series"]},
            "total": [int(v) for v in j["total"]["values"]]}


# MARK: funnel

W = 24 * 3_600_000
LATER_TO = min(RANGE[1] + W, T)   # later steps: within the window after a step-1 event, and before T
FUNNEL_DUCKDB = f"""
    WITH s1 AS (SELECT person, ts FROM p WHERE event = 'view_item' AND ts >= {RANGE[0]} AND ts < {RANGE[1]}),
         e2 AS (SELECT person, ts FROM p WHERE event = 'add_to_cart' AND ts >= {RANGE[0]} AND ts < {LATER_TO}),
         e3 AS (SELECT person, ts FROM p WHERE event = 'checkout' AND ts >= {RANGE[0]} AND ts < {LATER_TO}),
         e4 AS (SELECT person, ts FROM p WHERE event = 'purchase' AND ts >= {RANGE[0]} AND ts < {LATER_TO}),
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
        SELECT person, windowFunnel({W})(toUInt64(ts), event = 'view_item' AND ts < {RANGE[1]},
                                          event = 'add_to_cart', event = 'checkout', event = 'purchase') AS level
        FROM p WHERE ts >= {RANGE[0]} AND ts < {LATER_TO}
                 AND event IN ('view_item', 'add_to_cart', 'checkout', 'purchase')
        GROUP BY person)
"""
STEPS = "view_item,add_to_cart,checkout,purchase"

# MARK: lift

TARGET = window(days=30)          # the report's default range: the 30 days up to as_of
DIMENSIONS = "gender,birth_year,city,trait.channel,channel"
# Base: every user seen before T. Target: those who purchased in the range. First-touch channel:
# the campaign source of the person's first message that carries one (README "Ingestion API").
LIFT = f"""
    WITH base AS (SELECT DISTINCT person FROM p WHERE ts < {T}),
         target AS (SELECT DISTINCT person FROM p WHERE event = 'purchase' AND ts >= {TARGET[0]} AND ts < {TARGET[1]}),
         touch AS (SELECT person, arg_min(source, ts) AS first_source FROM p WHERE source IS NOT NULL AND ts < {T}
                   GROUP BY person),
         b AS (SELECT base.person, tr.gender, tr.birth_year, tr.city, tr.channel, touch.first_source,
                      CASE WHEN target.person IS NULL THEN 0 ELSE 1 END AS hit
               FROM base LEFT JOIN tr ON tr.person = base.person LEFT JOIN touch ON touch.person = base.person
                    LEFT JOIN target ON target.person = base.person)
    SELECT '' AS d, '' AS v, count(*), sum(hit) FROM b
    UNION ALL SELECT 'gender' AS d, coalesce(gender, '(none)') AS v, count(*), sum(hit) FROM b GROUP BY v
    UNION ALL SELECT 'birth_year' AS d, coalesce(CAST(birth_year AS VARCHAR), '(none)') AS v, count(*), sum(hit)
              FROM b GROUP BY v
    UNION ALL SELECT 'city' AS d, coalesce(city, '(none)') AS v, count(*), sum(hit) FROM b GROUP BY v
    UNION ALL SELECT 'trait.channel' AS d, coalesce(channel, '(none)') AS v, count(*), sum(hit) FROM b GROUP BY v
    UNION ALL SELECT 'channel' AS d, coalesce(first_source, '(none)') AS v, count(*), sum(hit) FROM b GROUP BY v
"""


def lift_answer(rows):
    out = {"base_users": 0, "target_users": 0, "rows": {}}
    for d, v, n, h in rows:
        if d == "":
            out["base_users"], out["target_users"] = int(n), int(h or 0)
        else:
            out["rows"][f"{d}={v}"] = [int(n), int(h or 0)]
    return out


def strata_lift(j):
    return {"base_users": int(j["base_users"]), "target_users": int(j["target_users"]),
            "rows": {f"{r['dimension']}={r['value']}": [int(r["users"]), int(r["target_users"])] for r in j["rows"]}}


def report(name, **params):
    return lambda s: s.call("GET", f"/api/v1/reports/{name}", params=params)


def questions():
    return [
        Question("activity", f"activity per day {DAYS['from']} … {DAYS['to']}: DAU, WAU, MAU, users seen so far, "
                             "new, returning, resurrected",
                 report("activity", **DAYS), strata_activity, activity_sql, activity_answer),
        Question("trend", "view_item per day over the 90 days by trait city, top 50 and other",
                 report("trend", event="view_item", breakdown="trait:city", top=TOP, **DAYS), strata_trend,
                 lambda dialect: TREND, trend_answer),
        Question("retention", f"retention {PERIODS} x {PERIODS}, day cohorts by first seen "
                              f"{day_text(COHORT_FROM)} … {day_text(COHORT_TO)}, any event",
                 report("retention", **{"from": day_text(COHORT_FROM), "to": day_text(COHORT_TO),
                                        "periods": PERIODS, "as_of": AS_OF}),
                 strata_retention, lambda dialect: RETENTION, retention_answer),
        Question("funnel", "funnel view_item → add_to_cart → checkout → purchase, 24 h, step 1 in the 90 days: "
                           "users per step",
                 report("funnel", steps=STEPS, window="24h", **DAYS),
                 lambda j: [int(s["users"]) for s in j["steps"]],
                 lambda dialect: FUNNEL_DUCKDB if dialect == "duckdb" else FUNNEL_CHDB,
                 lambda rows: [int(x) for x in rows[0]]),
        Question("lift", f"lift of the last 30 days' buyers (purchase in {day_text(TARGET[0] // DAY)} … "
                         f"{day_text(LAST)}) by {DIMENSIONS}: base and target users, users and buyers per value",
                 report("lift", event="purchase", by=DIMENSIONS, top=100, missing="show", as_of=AS_OF),
                 strata_lift, lambda dialect: LIFT, lift_answer),
    ]


if __name__ == "__main__":
    main_for("compare_analysis", questions, __doc__)
