#!/usr/bin/env python3
"""Asks Strata, DuckDB and chDB the same segment questions in the same run, and fails on any difference.

Loads the shared generator's events.jsonl (the messages Strata imported) into DuckDB and chDB,
resolving anonymous ids to users the way Strata's identity merge does (an identify carrying both
ids) — not timed. Starts `strata serve` on the store (UTC) and times, interleaved with the
other engines, the HTTP calls that answer each question as of the data's end
(2026-09-30T00:00:00Z): the three-condition behavioural segment (POST /api/v1/segments/preview),
the lifecycle stages (GET /api/v1/models/lifecycle, daily preset) and the RFM layers
(GET /api/v1/models/rfm). The JSON of every timed call is compared with what every timed DuckDB
and chDB query returned. The reference SQL follows the README (Segments, "Time windows: one rule
everywhere"; the lifecycle stages as the README defines them), with every window from
`olap_compare.window`. Prints one table, Strata's index build time, whether anything else used
the CPU while timing, PASS or FAIL (exit status 1 on any difference), and ends with one JSON line.

    python3 /work/shared/datagen/gen.py --users 100000 --events 2000000 --out /work/bench-data
    swift build -c release --product strata --scratch-path /work/build-release
    /work/build-release/release/strata import /work/bench-data/events.jsonl --data-dir /work/data-100k
    python3 -m venv /work/venv-olap && /work/venv-olap/bin/pip install duckdb chdb numpy requests
    /work/venv-olap/bin/python Benchmarks/compare_segments.py --data /work/bench-data --store /work/data-100k \\
        --strata /work/build-release/release/strata

Options: --runs N (timed calls per question and engine, default 5), --out DIR (where the server log
and every answer are kept; default a new temporary folder). Exit status: 0 PASS, 1 a difference,
2 a question could not be asked. The server takes the day before today's daily snapshot into the
store at start when it is missing (the script waits for it before timing).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from olap_compare import AS_OF, DAY, T, Question, main_for, window  # noqa: E402

RULE = "city in (Shanghai, Beijing) and did view_item >= 3 times in 14d and not did purchase in 30d"
W14 = window(days=14)
W30 = window(days=30)

SEGMENT = f"""
    WITH views AS (SELECT person FROM p WHERE event = 'view_item' AND ts >= {W14[0]} AND ts < {W14[1]}
                   GROUP BY person HAVING count(*) >= 3),
         buyers AS (SELECT DISTINCT person FROM p WHERE event = 'purchase' AND ts >= {W30[0]} AND ts < {W30[1]})
    SELECT count(*) FROM views v JOIN tr c ON c.person = v.person
    WHERE c.city IN ('Shanghai', 'Beijing') AND v.person NOT IN (SELECT person FROM buyers)
"""

# Lifecycle, daily preset (new 7, active 7, silent 14, churn 30), README "Layering models":
#   new: first seen within the last 7 days;
#   returning: active within the last 7 days after no activity in the 14 days before that window,
#   and some activity before those;
#   active: active within the last 7 days (and neither new nor returning);
#   silent: last active within the last 30 days but not the last 7; churned: earlier.
# Every "last N days" is the README's window as of T.
NEW_FROM = window(days=7)[0]
ACTIVE_FROM = window(days=7)[0]
GAP_FROM = window(days=7 + 14)[0]       # the 14 days before the 7-day window
CHURN_FROM = window(days=30)[0]
LIFECYCLE = f"""
    WITH u AS (SELECT person, min(ts) AS first_ts, max(ts) AS last_ts,
                      max(CASE WHEN ts >= {GAP_FROM} AND ts < {ACTIVE_FROM} THEN 1 ELSE 0 END) AS gap
               FROM p WHERE ts < {T} GROUP BY person)
    SELECT stage, count(*) FROM (
        SELECT CASE WHEN first_ts >= {NEW_FROM} THEN 'new'
                    WHEN last_ts >= {ACTIVE_FROM} AND gap = 0 AND first_ts < {GAP_FROM} THEN 'returning'
                    WHEN last_ts >= {ACTIVE_FROM} THEN 'active'
                    WHEN last_ts >= {CHURN_FROM} THEN 'silent'
                    ELSE 'churned' END AS stage
        FROM u) s GROUP BY stage ORDER BY stage
"""
STAGES = ["new", "returning", "active", "silent", "churned"]

# RFM over all purchases before T: recency (T - last purchase) in days, frequency, monetary (sum of
# revenue); the eight layers from each metric against the buyers' mean (recent: below the mean).
RFM = f"""
    WITH b AS (SELECT person, ({T} - max(ts)) / {DAY}.0 AS r, count(*) AS f, sum(coalesce(revenue, 0)) AS m
               FROM p WHERE event = 'purchase' AND ts < {T} GROUP BY person),
         means AS (SELECT avg(r) AS mr, avg(f) AS mf, avg(m) AS mm FROM b)
    SELECT layer, count(*), min(mr), min(mf), min(mm) FROM (
        SELECT (CASE WHEN r < mr THEN 'R' ELSE 'r' END) || (CASE WHEN f > mf THEN 'F' ELSE 'f' END)
               || (CASE WHEN m > mm THEN 'M' ELSE 'm' END) AS layer, mr, mf, mm
        FROM b, means) l GROUP BY layer ORDER BY layer
"""
LAYER_CODES = {"RFM": "重要价值", "RfM": "重要发展", "rFM": "重要保持", "rfM": "重要挽留",
               "RFm": "一般价值", "Rfm": "一般发展", "rFm": "一般保持", "rfm": "一般挽留"}


def rfm_answer(rows):
    layers = {name: 0 for name in LAYER_CODES.values()}
    cuts = (0.0, 0.0, 0.0)
    for code, n, mr, mf, mm in rows:
        layers[LAYER_CODES[code]] = int(n)
        cuts = (float(mr), float(mf), float(mm))
    return {"buyers": sum(layers.values()), "layers": layers,
            "cuts": {"recency_days": cuts[0], "frequency": cuts[1], "monetary": cuts[2]}}


def questions():
    return [
        Question("segment", f"`{RULE}` as of {AS_OF}: users",
                 lambda s: s.call("POST", "/api/v1/segments/preview", body={"text": RULE, "as_of": AS_OF, "sample": 0}),
                 lambda j: int(j["size"]),
                 lambda dialect: SEGMENT, lambda rows: int(rows[0][0])),
        Question("lifecycle", "lifecycle, daily preset: users per stage",
                 lambda s: s.call("GET", "/api/v1/models/lifecycle", params={"as_of": AS_OF, "preset": "daily"}),
                 lambda j: {layer["name"]: int(layer["size"]) for layer in j["layers"]},
                 lambda dialect: LIFECYCLE,
                 lambda rows: {stage: next((int(n) for k, n in rows if k == stage), 0) for stage in STAGES}),
        Question("rfm", "RFM (all purchases, quintile scores): buyers, the eight layers and the means they are cut at",
                 lambda s: s.call("GET", "/api/v1/models/rfm", params={"as_of": AS_OF}),
                 lambda j: {"buyers": int(j["buyers"]),
                            "layers": {layer["name"]: int(layer["size"]) for layer in j["layers"]},
                            "cuts": {k: float(v) for k, v in j["cuts"].items()}},
                 lambda dialect: RFM, rfm_answer),
    ]


if __name__ == "__main__":
    main_for("compare_segments", questions, __doc__)
