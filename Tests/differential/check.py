#!/usr/bin/env python3
"""Strata's answers against DuckDB on freshly generated data: the differential suite.

Each run draws fresh seeds (printed; replay one with --seed), generates data with the shared
generator plus devices that merge into known users part-way through, imports it into Strata
in two workspace time zones (Asia/Shanghai, and America/New_York with daylight saving), picks
as_of instants on a random day (local midnight, mid-day, the day's last millisecond), and asks
every question through Strata's HTTP API and through SQL written from the README's
definitions. Any difference fails the run, naming the question, the seed and both answers.

    check.py                      # 3 fresh seeds (what the README's test command runs)
    check.py --runs 50            # the long run
    check.py --seed 123456        # replay one seed
    check.py --only segments      # one group of questions (segments, models, reports, business)

Needs duckdb, numpy and requests (the suite's virtual environment has them) and a built
`strata` (env STRATA_BIN). Exits 1 on any difference, 2 when it cannot run.
"""
import argparse
import importlib
import math
import os
import random
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import harness  # noqa: E402

ZONES = ["Asia/Shanghai", "America/New_York"]

GROUPS = ["segments", "models", "reports", "business"]


class Mismatches:
    """Collects differences; a question is one comparison of a Strata answer with its reference."""

    def __init__(self):
        self.items = []
        self.asked = 0

    def check(self, world, question, strata, reference, tolerance=1e-6):
        """Records a difference between two answers (numbers compared within a relative
        `tolerance`, everything else exactly, recursively through lists and dicts)."""
        self.asked += 1
        where = differ(strata, reference, tolerance)
        if where is not None:
            self.items.append((world.seed, world.zone, question, where, strata, reference))
            print(f"  MISMATCH seed={world.seed} zone={world.zone}: {question}\n"
                  f"    at {where}\n    strata:    {short(strata)}\n    reference: {short(reference)}",
                  flush=True)
        return where is None


def differ(a, b, tolerance, path="answer"):
    """The path of the first difference between two answers, or None when they are equal."""
    if isinstance(a, bool) or isinstance(b, bool):
        return None if a == b else path
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if a is None or b is None:
            return path
        if math.isnan(a) and math.isnan(b):
            return None
        return None if abs(a - b) <= tolerance * max(1.0, abs(a), abs(b)) else path
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                return f"{path}[{key!r}] (missing on one side)"
            inner = differ(a[key], b[key], tolerance, f"{path}[{key!r}]")
            if inner:
                return inner
        return None
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        if len(a) != len(b):
            return f"{path} (length {len(a)} vs {len(b)})"
        for i, (x, y) in enumerate(zip(a, b)):
            inner = differ(x, y, tolerance, f"{path}[{i}]")
            if inner:
                return inner
        return None
    if isinstance(a, set) and isinstance(b, set):
        if a == b:
            return None
        return f"{path} (only in strata: {sorted(a - b)[:5]}, only in reference: {sorted(b - a)[:5]})"
    return None if a == b else path


def short(value, limit=600):
    text = repr(sorted(value)[:20]) + f" … ({len(value)} items)" if isinstance(value, set) else repr(value)
    return text if len(text) <= limit else text[:limit] + " …"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="fresh seeds to run (default 3)")
    parser.add_argument("--seed", type=int, action="append", help="replay this seed (repeatable)")
    parser.add_argument("--users", type=int, default=3000)
    parser.add_argument("--events", type=int, default=60000)
    parser.add_argument("--zone", action="append", choices=ZONES, help="only this time zone (repeatable)")
    parser.add_argument("--only", action="append", choices=GROUPS, help="only these question groups")
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    args = parser.parse_args()
    if not os.path.isfile(harness.BINARY):
        print(f"check.py: strata binary not found at {harness.BINARY}; build it or set STRATA_BIN", file=sys.stderr)
        return 2
    seeds = args.seed or [random.SystemRandom().randrange(1, 2**31) for _ in range(args.runs)]
    groups = [importlib.import_module(f"questions_{g}") for g in (args.only or GROUPS)]
    print(f"differential: seeds {seeds} (replay one with --seed N), zones {args.zone or ZONES}, "
          f"{args.users} users / ~{args.events} events each", flush=True)
    mismatches = Mismatches()
    started = time.time()
    for seed in seeds:
        for zone in args.zone or ZONES:
            t0 = time.time()
            print(f"seed {seed} · {zone}", flush=True)
            world = harness.build_world(seed, zone, args.users, args.events, keep=args.keep)
            try:
                before = mismatches.asked
                for group in groups:
                    try:
                        group.ask(world, mismatches)
                    except Exception:  # a crash in a question is a failure too, with its seed
                        mismatches.items.append((seed, zone, group.__name__, "raised", traceback.format_exc(), None))
                        print(f"  ERROR seed={seed} zone={zone} in {group.__name__}:\n{traceback.format_exc()}",
                              flush=True)
                print(f"  {mismatches.asked - before} questions in {time.time() - t0:.1f} s", flush=True)
            finally:
                harness.remove_world(world)
    print(f"differential: {mismatches.asked} questions, {len(mismatches.items)} differences, "
          f"{time.time() - started:.0f} s, seeds {seeds}")
    if mismatches.items:
        for seed, zone, question, where, _, _ in mismatches.items:
            print(f"  FAILED seed={seed} zone={zone}: {question} ({where.splitlines()[0] if where else ''})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
