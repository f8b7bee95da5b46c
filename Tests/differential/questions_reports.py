"""Analysis reports: activity, trend, retention and funnel, each as of three instants, with the
default range and explicit `from` / `to`, compared cell by cell with references written from
the README ("Time windows: one rule everywhere" and "Analysis (reports)").

Readings of the README this reference takes (where it is silent or ambiguous, the reading an
operations user would expect; each is marked READING below):

Range (all reports): `from` / `to` are inclusive local days; `to` defaults to the last day as of
T (the day holding T - 1 ms) and `from` to 29 days before `to`; only events strictly before T
count. Days after the last day as of T are not listed (READING: a day that has not begun is not
shown as a day with zero users). A profile "is seen" / "is active" on a day when it sent any
message that day (READING: as for the `active_days` and `first_seen` attributes, which the
segments group checks the same way).

activity: per listed day d — DAU (active on d), WAU (active in d-6..d), MAU (d-29..d), users
seen so far (first seen on or before d), active rate DAU / users, stickiness DAU / MAU (rates
are fractions rounded to four places, null over 0), new (first seen on d), returning (active on
d, first seen before d, also active in the `dormant_days` days before d) and resurrected (the
rest of the active, first seen before d but not active in those days).

trend: the `event` (a track event with optional filters) done in the range; buckets are local
hours, days, weeks (labelled with their Monday) or months, from the one holding `from` to the
one holding the last instant counted (READING: hour buckets stop at the hour holding T - 1 ms).
count = events, users = distinct profiles in the bucket, sum:P = sum of the numeric property P,
average:P = sum / events carrying P. Each series' `total` is the measure over the whole range
(READING: for `users`, the distinct users of the range, not a sum of the buckets' users; for an
average, the average of all the range's events). An average over no events is null (READING: no
purchases is not an average of 0). Breakdown: the value of the event's property or the profile's
current trait, "(none)" when absent (a value like any other); the `top` N values by the series
total (READING: ranked by what is shown; for an average by the number of events carrying the property), ties by the
value's text, then "other" for all remaining values when there are any. compare=true: `previous`
is the "all" series over the same number of whole days just before `from`, in its own buckets.

retention: the cohort of a user is the day (or the week, by its Monday) of their first
`start_event` (default: their first message) when that day is in the range (READING: a week
cohort holds only the users whose first day is within the range); cohorts are listed for every
day / week of the range up to the last day as of T, empty ones too. Period N of a cohort is its
day (week) + N; a user is retained in it when they did `return_event` (default: any message)
in it (`on`), or in it or later (`on_or_after`), before T; a period whose first instant is not
before T is null. The average curve is size-weighted over the cohorts that reached the period
(READING: as LTV's "size-weighted average row"; retained ÷ size summed over cohorts).

funnel: a user's journey starts at a step-1 event in the range (before T); the later steps are
matched in order (each after the previous one; `loose`: the earliest matching event after it;
`strict`: the user's very next event must match) and all within `window` after the step-1
event (READING: [t1, t1 + window)), before T. A user reaches the furthest step any of their
journeys reaches; the times between steps are those of their first journey that reaches it
(READING). Per step: users, conversion from step 1, from the previous step (1 for step 1, null
over 0), dropped (previous users - users, 0 for step 1), and the median and p25/p50/p75/p90 of
the time from the previous step by nearest rank (READING: the smallest time with at least p % of
the times at or below it; the median is p50, so the two always agree).

`segment` narrows every count to a saved segment's members (a rule on traits alone here, so its
members are the same as of any T). Questions go as JSON bodies (POST); one funnel per world also
goes as a GET query the way HTML forms and HTTP libraries encode it (a space as `+`).

READINGS below names each choice the README leaves open, with the alternative Strata was seen to
take; DIFF_REPORT_READINGS=key=value,... runs the group under other readings (to confirm that
nothing but those choices differs, or once the README settles one).
"""
import math
import os
from bisect import bisect_right
from datetime import date, datetime

from harness import DAY_MS, as_of_instants, iso

HOUR_MS = 3_600_000

# Where the README leaves a choice: the reading this reference takes (the first) and the one
# Strata was seen to take (the second), so that a run can confirm that nothing else differs and
# settling the README is a one-line change.
# The README settles all of them now; the second values stay so that a run can show what the
# old behaviour would have looked like.
READINGS = {
    "trend_users_total": "distinct",        # | "sum_of_buckets"
    "trend_top_by": "measure",              # | "events"
    "retention_week_cohort": "in_range",    # | "whole_weeks": every user first seen in a week the range touches
    "retention_period0": "cohort",          # README: period 0 is the whole cohort | "return_event"
    "funnel_journey": "per_step_first",     # README: each step's first reach, timed from the latest previous-step event | "first"
    "percentile": "lower",                  # README: sorted[floor((n - 1) * p / 100)] | "nearest_rank"
    "empty_ratio": "zero",                  # README: a rate over no users and an average over no events are 0 | "null"
}
# e.g. DIFF_REPORT_READINGS=trend_users_total=sum_of_buckets,percentile=lower check.py --only reports
for _item in filter(None, os.environ.get("DIFF_REPORT_READINGS", "").split(",")):
    _key, _value = _item.split("=", 1)
    assert _key in READINGS, f"DIFF_REPORT_READINGS: no reading {_key!r}; readings are {', '.join(READINGS)}"
    READINGS[_key] = _value
CATEGORIES = ["books", "electronics", "clothing", "food", "beauty", "home", "sports", "toys", "digital", "travel"]


# -- formatting (the report JSON's shapes) --------------------------------------------------------

def rate(x):
    """A fraction rounded to four places, half away from zero; None stays None."""
    if x is None:
        return None
    return math.floor(x * 10_000 + 0.5) / 10_000


def ratio(a, b, empty=None):
    """a ÷ b as a rate; null over 0 (READING), or `empty` under the "zero" reading when given."""
    if b:
        return rate(a / b)
    return empty if READINGS["empty_ratio"] == "zero" else None


def day_number(text):
    return (date.fromisoformat(text) - date(1970, 1, 1)).days


def monday(day):
    return day - (day + 3) % 7  # 1970-01-01 (day 0) was a Thursday


def percentile(sorted_values, p):
    """Nearest rank: the smallest value with at least p % of the values at or below it."""
    if not sorted_values:
        return None
    if READINGS["percentile"] == "lower":
        return sorted_values[(len(sorted_values) - 1) * p // 100]
    return sorted_values[max(0, math.ceil(p * len(sorted_values) / 100) - 1)]


# -- filters written as in rules, and their SQL --------------------------------------------------

def filter_sql(filters):
    """[(prop, op, values)] -> a SQL predicate over the events table (category, revenue)."""
    parts = []
    for prop, op, values in filters:
        if op == "=":
            parts.append(f"{prop} = {sql_value(values[0])}")
        elif op == "in":
            parts.append(f"{prop} IN ({', '.join(sql_value(v) for v in values)})")
        elif op in (">", ">=", "<", "<="):
            parts.append(f"{prop} {op} {sql_value(values[0])}")
        else:
            raise ValueError(op)
    return " AND ".join(parts) or "TRUE"


def sql_value(v):
    return str(v) if isinstance(v, (int, float)) else "'" + str(v).replace("'", "''") + "'"


def filter_text(filters):
    """`(category = books, revenue > 80)` as the rule text takes it."""
    if not filters:
        return ""
    def one(prop, op, values):
        if op == "in":
            return f"{prop} in ({', '.join(str(v) for v in values)})"
        return f"{prop} {op} {values[0]}"
    return "(" + ", ".join(one(*f) for f in filters) + ")"


def filter_echo(filters):
    """The report's echo of a step's filters: `category = books`, `category in books, food`."""
    return [f"{prop} {op} {', '.join(str(v) for v in values)}" for prop, op, values in filters]


# -- the reference --------------------------------------------------------------------------------

class Reports:
    """Reference answers as of one instant T."""

    def __init__(self, world, T, segments=None):
        self.w, self.T, self.cal = world, T, world.calendar
        self.segments = segments or {}  # saved segment name -> its members (rules on current traits)
        self.last = self.cal.last_day(T)
        self._seen = None
        self._offsets = {}

    # shared ------------------------------------------------------------------------------------
    def range(self, params):
        to = day_number(params["to"]) if "to" in params else self.last
        frm = day_number(params["from"]) if "from" in params else to - 29
        return frm, to

    def head(self, kind, params):
        frm, to = self.range(params)
        out = {"report": kind, "as_of": iso(self.T), "from": self.cal.day_text(frm), "to": self.cal.day_text(to),
               "time_zone": self.w.zone}
        if "segment" in params:
            out["segment"] = params["segment"]
        return out

    def audience(self, params, profiles):
        """Only the profiles of `segment`, when given, from a dict or a list of rows keyed by profile."""
        if "segment" not in params:
            return profiles
        members = self.segments[params["segment"]]
        if isinstance(profiles, dict):
            return {p: v for p, v in profiles.items() if p in members}
        return [r for r in profiles if r[0] in members]

    def seen_days(self, params=None):
        """profile -> set of local days with any message before T."""
        if self._seen is None:
            self._seen = {p: set(days) for p, days in self.w.sql(
                "SELECT profile, list(DISTINCT day) FROM events WHERE ts < ? GROUP BY profile", self.T)}
        return self.audience(params or {}, self._seen)

    # activity ----------------------------------------------------------------------------------
    def activity(self, params):
        frm, to = self.range(params)
        dormant = int(params.get("dormant_days", 7))
        seen = self.seen_days(params)
        first = {p: min(days) for p, days in seen.items()}
        active = {}
        for p, days in seen.items():
            for d in days:
                active.setdefault(d, set()).add(p)
        def union(a, b):
            out = set()
            for d in range(a, b + 1):
                out |= active.get(d, set())
            return out
        firsts = sorted(first.values())
        rows = []
        for d in range(frm, min(to, self.last) + 1):
            today = active.get(d, set())
            mau = len(union(d - 29, d))
            total = bisect_right(firsts, d)
            before = union(d - dormant, d - 1)
            new = {p for p in today if first[p] == d}
            returning = {p for p in today - new if p in before}
            rows.append({"day": self.cal.day_text(d), "dau": len(today), "wau": len(union(d - 6, d)), "mau": mau,
                         "total_users": total, "active_rate": ratio(len(today), total, 0),
                         "stickiness": ratio(len(today), mau, 0), "new": len(new), "returning": len(returning),
                         "resurrected": len(today) - len(new) - len(returning)})
        out = self.head("activity", params)
        out.update(dormant_days=dormant, days=rows)
        return out

    # trend -------------------------------------------------------------------------------------
    def bucket_of(self, unit, ts, day):
        if unit == "hour":
            return (ts + self.offset(ts)) // HOUR_MS
        if unit == "day":
            return day
        if unit == "week":
            return monday(day)
        d = self.cal.date(day)
        return d.year * 12 + d.month - 1

    def offset(self, ts):
        """The zone's UTC offset at an instant, in ms."""
        hour = ts // HOUR_MS
        if hour not in self._offsets:
            self._offsets[hour] = int(datetime.fromtimestamp(ts / 1000, tz=self.cal.zone).utcoffset().total_seconds()) * 1000
        return self._offsets[hour]

    def label(self, unit, b):
        if unit == "hour":
            return f"{self.cal.day_text(b // 24)}T{b % 24:02d}"
        if unit in ("day", "week"):
            return self.cal.day_text(b)
        return f"{b // 12}-{b % 12 + 1:02d}"

    def buckets(self, unit, first_day, last_day, end):
        """Bucket ids from the one holding first_day's start to the one holding `end - 1`."""
        start = self.cal.start_of_day(first_day)
        if unit == "hour":
            out, t = [], start
            while t < end:
                b = self.bucket_of("hour", t, None)
                if not out or out[-1] != b:
                    out.append(b)
                t += HOUR_MS
            return out
        lo = self.bucket_of(unit, start, first_day)
        hi = self.bucket_of(unit, end - 1, self.cal.day(end - 1))
        if unit == "week":
            return list(range(lo, hi + 1, 7))
        return list(range(lo, hi + 1))

    def trend_rows(self, event, filters, first_day, last_day, breakdown):
        start, end = self.cal.days_window(self.T, first_day, last_day)
        key = "NULL"
        if breakdown == "property:category":
            key = "coalesce(e.category, '(none)')"
        elif breakdown == "trait:city":
            key = "coalesce(t.city, '(none)')"
        return self.w.sql(
            f"SELECT e.profile, e.ts, e.day, e.revenue, {key} FROM events e LEFT JOIN traits t USING (profile) "
            f"WHERE e.kind = 'track' AND e.event = ? AND ({filter_sql(filters)}) AND e.ts >= ? AND e.ts < ?",
            event, start, end), (start, end)

    @staticmethod
    def measure_of(measure, rows):
        """The measure over a list of (profile, revenue) pairs."""
        if measure == "count":
            return len(rows)
        if measure == "users":
            return len({p for p, _ in rows})
        prop = measure.split(":", 1)[1]
        assert prop == "revenue"
        values = [v for _, v in rows if v is not None]
        if measure.startswith("sum:"):
            return sum(values)
        if not values:
            return 0 if READINGS["empty_ratio"] == "zero" else None
        return sum(values) / len(values)

    def series(self, key, measure, unit, bucket_ids, rows):
        per = {b: [] for b in bucket_ids}
        for profile, ts, day, revenue, _ in rows:
            per[self.bucket_of(unit, ts, day)].append((profile, revenue))
        values = [self.measure_of(measure, per[b]) for b in bucket_ids]
        total = self.measure_of(measure, [(r[0], r[3]) for r in rows])
        if measure == "users" and READINGS["trend_users_total"] == "sum_of_buckets":
            total = sum(values)
        return {"key": key, "values": values, "total": total}

    def trend(self, params):
        event, filters = params["_event"]
        measure = params.get("measure", "count")
        unit = params.get("unit", "day")
        top = int(params.get("top", 10))
        frm, to = self.range(params)
        rows, (start, end) = self.trend_rows(event, filters, frm, to, params.get("breakdown"))
        rows = self.audience(params, rows)
        ids = self.buckets(unit, frm, to, end) if end > start else []
        out = self.head("trend", params)
        out.update(event=event, measure=measure, unit=unit, buckets=[self.label(unit, b) for b in ids])
        out["total"] = self.series("all", measure, unit, ids, rows)
        series = []
        if params.get("breakdown"):
            by_value = {}
            for r in rows:
                by_value.setdefault(r[4], []).append(r)
            def rank(value):
                group = by_value[value]
                if measure.startswith("average:"):
                    score = sum(1 for r in group if r[3] is not None)
                elif READINGS["trend_top_by"] == "events":
                    score = len(group)
                else:
                    score = self.measure_of(measure, [(r[0], r[3]) for r in group])
                return (-score, value)
            ordered = sorted(by_value, key=rank)
            series = [self.series(v, measure, unit, ids, by_value[v]) for v in ordered[:top]]
            rest = [r for v in ordered[top:] for r in by_value[v]]
            if rest:
                series.append(self.series("other", measure, unit, ids, rest))
        out["series"] = series
        out["previous"] = None
        if params.get("compare") == "true":
            n = to - frm + 1
            p_rows, (p_start, p_end) = self.trend_rows(event, filters, frm - n, frm - 1, None)
            p_rows = self.audience(params, p_rows)
            p_ids = self.buckets(unit, frm - n, frm - 1, p_end)
            out["previous"] = self.series("all", measure, unit, p_ids, p_rows)
        return out

    # retention ---------------------------------------------------------------------------------
    def retention(self, params):
        frm, to = self.range(params)
        unit = params.get("unit", "day")
        mode = params.get("mode", "on")
        periods = int(params.get("periods", 30))
        start_event, return_event = params.get("start_event"), params.get("return_event")
        if start_event:
            firsts = dict(self.w.sql("SELECT profile, min(day) FROM events WHERE kind = 'track' AND event = ? "
                                     "AND ts < ? GROUP BY profile", start_event, self.T))
        else:
            firsts = {p: min(days) for p, days in self.seen_days().items()}
        firsts = self.audience(params, firsts)
        if return_event:
            returns = {p: set(days) for p, days in self.w.sql(
                "SELECT profile, list(DISTINCT day) FROM events WHERE kind = 'track' AND event = ? AND ts < ? "
                "GROUP BY profile", return_event, self.T)}
        else:
            returns = self.seen_days()
        last = min(to, self.last)
        step = 7 if unit == "week" else 1
        cohort_of = (lambda d: monday(d)) if unit == "week" else (lambda d: d)
        starts = list(range(cohort_of(frm), cohort_of(last) + 1, step)) if frm <= last else []
        members = {s: [] for s in starts}
        whole = unit == "week" and READINGS["retention_week_cohort"] == "whole_weeks"
        for p, d in firsts.items():
            if frm <= d <= last or (whole and cohort_of(d) in members):
                members[cohort_of(d)].append(p)
        cohorts = []
        sums = [[0, 0] for _ in range(periods)]
        for s in starts:
            size = len(members[s])
            retained = []
            for n in range(periods):
                lo = s + n * step
                if self.cal.start_of_day(lo) >= self.T:
                    retained.append(None)
                    continue
                hi = lo + step - 1 if mode == "on" else 1 << 40
                if n == 0 and READINGS["retention_period0"] == "cohort":
                    k = size
                else:
                    k = sum(1 for p in members[s] if any(lo <= d <= hi for d in returns.get(p, ())))
                retained.append(k)
                sums[n][0] += k
                sums[n][1] += size
            cohorts.append({"start": self.cal.day_text(s), "size": size, "retained": retained,
                            "rates": [None if r is None else ratio(r, size) for r in retained]})
        reached = [any(c["retained"][n] is not None for c in cohorts) for n in range(periods)]
        out = self.head("retention", params)
        out.update(unit=unit, mode=mode, start_event=start_event, return_event=return_event, cohorts=cohorts,
                   average=[ratio(k, size) if reached[n] else None for n, (k, size) in enumerate(sums)])
        return out

    # funnel ------------------------------------------------------------------------------------
    def funnel(self, params):
        steps = params["_steps"]
        window = parse_window(params.get("window", "24h"))
        strict = params.get("order", "loose") == "strict"
        frm, to = self.range(params)
        start, end = self.cal.days_window(self.T, frm, to)
        # Every event of every profile before T, in time order (the strict order needs them all).
        rows = self.w.sql(
            "SELECT profile, ts, event, " + ", ".join(
                f"(event = '{e}' AND ({filter_sql(f)}))" for e, f in steps) +
            " FROM events WHERE kind IN ('track', 'page', 'screen') AND ts < ? ORDER BY profile, ts, rowid", self.T)
        by_user = {}
        for r in self.audience(params, rows):
            by_user.setdefault(r[0], []).append(r)
        n = len(steps)
        reached = [0] * n
        times = [[] for _ in range(n)]
        for evs in by_user.values():
            matches = [[i for i, r in enumerate(evs) if r[3 + k]] for k in range(n)]
            journeys = []  # from each step-1 event in the range, the events matched, in time order
            for i in matches[0]:
                t1 = evs[i][1]
                if not (start <= t1 < end):
                    continue
                path = [i]
                for k in range(1, n):
                    j = path[-1]
                    if strict:
                        nxt = j + 1 if j + 1 < len(evs) and evs[j + 1][3 + k] else None
                    else:
                        pos = bisect_right(matches[k], j)
                        nxt = matches[k][pos] if pos < len(matches[k]) else None
                    if nxt is None or evs[nxt][1] >= t1 + window:
                        break
                    path.append(nxt)
                journeys.append(path)
            if not journeys:
                continue
            best = max(len(path) for path in journeys)
            for k in range(best):
                reached[k] += 1
            if READINGS["funnel_journey"] == "first":
                path = next(path for path in journeys if len(path) == best)
                for k in range(1, best):
                    times[k].append(evs[path[k]][1] - evs[path[k - 1]][1])
                continue
            # per_step_first: the first time each step was reached, timed from the latest event
            # of the step before that still makes a journey (the latest in the range for step 1).
            for k in range(1, best):
                here = min(path[k] for path in journeys if len(path) > k)
                if strict:
                    before = here - 1
                else:
                    before = [j for j in matches[k - 1] if j < here and (k > 1 or start <= evs[j][1] < end)][-1]
                times[k].append(evs[here][1] - evs[before][1])
        out_steps = []
        for k, (event, filters) in enumerate(steps):
            ts = sorted(times[k])
            median = percentile(ts, 50)
            out_steps.append({
                "step": k + 1, "event": event, "filters": filter_echo(filters), "users": reached[k],
                "conversion": ratio(reached[k], reached[0], 0),
                "step_conversion": ratio(reached[k], reached[k - 1] if k else reached[0], 0 if k else 1),
                "dropped": reached[k - 1] - reached[k] if k else 0,
                "median_time_ms": median,
                "time_percentiles_ms": {f"p{p}": percentile(ts, p) for p in (25, 50, 75, 90)}})
        out = self.head("funnel", params)
        out.update(window_ms=window, order="strict" if strict else "loose", steps=out_steps)
        return out


def parse_window(text):
    return int(text[:-1]) * {"m": 60_000, "h": HOUR_MS, "d": DAY_MS}[text[-1]]


# -- the questions --------------------------------------------------------------------------------

def strata_params(params):
    """The parameters as sent: the reference's private `_event` / `_steps` become text."""
    out = {k: v for k, v in params.items() if not k.startswith("_")}
    if "_event" in params:
        event, filters = params["_event"]
        out["event"] = event + filter_text(filters)
    if "_steps" in params:
        out["steps"] = ",".join(e + filter_text(f) for e, f in params["_steps"])
    return out


def questions(world, T, rng):
    """(kind, params) pairs with parameters drawn from `rng`."""
    cal = world.calendar
    last = cal.last_day(T)
    first = cal.day(world.start_ms)
    text = cal.day_text
    def span():
        """An explicit range: some days ending before T's day, or running into it."""
        a = rng.randint(last - 45, last - 3)
        b = rng.choice([rng.randint(a, last - 1), last])
        return {"from": text(a), "to": text(b)}
    cat, cat2 = rng.sample(CATEGORIES[:6], 2)
    qs = [
        ("activity", {}),
        ("activity", {**span(), "dormant_days": str(rng.choice([1, 3, 14, 30]))}),
        ("activity", {"from": text(last - rng.randint(0, 3))}),
        ("activity", {"from": text(first - 3), "to": text(first + 4), "dormant_days": "2"}),
        ("activity", {"segment": SEGMENT, "dormant_days": "14", **span()}),
        ("activity", {"to": text(last + 2)}),
        # trend
        ("trend", {"_event": ("view_item", [])}),
        ("trend", {"_event": ("purchase", []), "measure": "users", "unit": "week", **span()}),
        ("trend", {"_event": ("purchase", []), "measure": "sum:revenue", "unit": "month"}),
        ("trend", {"_event": ("purchase", []), "measure": "average:revenue", "unit": "day", **span()}),
        ("trend", {"_event": ("add_to_cart", []), "unit": "hour", "from": text(last - rng.randint(0, 2))}),
        ("trend", {"_event": ("purchase", [("category", "=", [cat])]), "measure": "sum:revenue", "unit": "hour",
                   "from": text(last - 1)}),
        ("trend", {"_event": ("view_item", []), "breakdown": "property:category", "top": str(rng.randint(2, 5))}),
        ("trend", {"_event": ("app_open", []), "measure": "users", "breakdown": "trait:city",
                   "top": str(rng.choice([3, 10])), "unit": "week"}),
        ("trend", {"_event": ("purchase", [("revenue", ">", [rng.choice([50, 80, 150])])]),
                   "measure": "sum:revenue", "breakdown": "trait:city", "top": "5", **span()}),
        ("trend", {"_event": ("purchase", []), "measure": "average:revenue", "breakdown": "property:category",
                   "top": "3", "unit": "week"}),
        ("trend", {"_event": ("add_to_cart", [("category", "in", [cat, cat2])]), "compare": "true"}),
        ("trend", {"_event": ("purchase", []), "measure": "users", "compare": "true", **span()}),
        ("trend", {"_event": ("purchase", []), "measure": "average:revenue", "unit": "hour", "from": text(last - 1)}),
        ("trend", {"_event": ("view_item", []), "unit": "hour", "compare": "true", "from": text(last)}),
        ("trend", {"_event": ("search", []), "measure": "users", "unit": "day", "segment": SEGMENT}),
        ("trend", {"_event": ("add_to_cart", []), "measure": "users", "breakdown": "property:category", "top": "3",
                   **span()}),
        ("trend", {"_event": ("view_item", []), "unit": "hour", "from": text(last), "to": text(last + 1)}),
        ("trend", {"_event": ("app_open", []), "measure": "users", "unit": "week", "to": text(last + 3)}),
        # retention
        ("retention", {}),
        ("retention", {"mode": "on_or_after", "periods": "14", **span()}),
        ("retention", {"unit": "week", "periods": "8", "from": text(last - 60)}),
        ("retention", {"unit": "week", "mode": "on_or_after", "periods": "6", **span()}),
        ("retention", {"start_event": "view_item", "return_event": "purchase", "periods": "10"}),
        ("retention", {"start_event": "purchase", "return_event": "purchase", "unit": "week", "periods": "5",
                       "mode": rng.choice(["on", "on_or_after"]), "from": text(last - 50)}),
        ("retention", {"return_event": "app_open", "mode": "on_or_after", "periods": "7"}),
        ("retention", {"segment": SEGMENT, "periods": "20", **span()}),
        ("retention", {"periods": "5", "to": text(last + 2)}),
        # funnel
        ("funnel", {"_steps": [("view_item", []), ("purchase", [])]}),
        ("funnel", {"_steps": [("view_item", [("category", "=", [cat])]), ("add_to_cart", []), ("purchase", [])],
                    "window": "30m", **span()}),
        ("funnel", {"_steps": [("app_open", []), ("view_item", []), ("add_to_cart", []), ("checkout", []),
                               ("purchase", []), ("share", [])], "window": "7d"}),
        ("funnel", {"_steps": [("add_to_cart", []), ("checkout", [])], "window": "1m", "order": "strict"}),
        ("funnel", {"_steps": [("view_item", []), ("add_to_cart", []), ("checkout", []), ("purchase", [])],
                    "window": "24h", "order": "strict", **span()}),
        ("funnel", {"_steps": [("app_open", []), ("purchase", [("revenue", ">", [100])])], "window": "2d",
                    "order": rng.choice(["loose", "strict"])}),
        ("funnel", {"_steps": [("search", []), ("view_item", [("category", "in", [cat, cat2])]), ("add_to_cart", [])],
                    "window": rng.choice(["5m", "30m", "1h"]), "order": "loose", "from": text(last - 10)}),
        ("funnel", {"_steps": [("sign_in", []), ("app_open", []), ("view_item", []), ("search", []),
                               ("add_to_cart", []), ("purchase", [])], "window": "3d", "order": "loose"}),
        ("funnel", {"_steps": [("view_item", []), ("add_to_cart", []), ("purchase", [])], "segment": SEGMENT,
                    "window": "1h", **span()}),
        ("funnel", {"_steps": [("view_item", [("category", "=", ["no_such_category"])]), ("purchase", [])]}),
        ("funnel", {"_steps": [("add_to_cart", []), ("purchase", [])], "window": "90d", "to": text(last + 1)}),
        ("funnel", {"_steps": [("view_item", []), ("view_item", []), ("add_to_cart", [])], "window": "10m",
                    "order": rng.choice(["loose", "strict"])}),
    ]
    return qs


def describe(kind, params, T, label):
    shown = strata_params(params)
    return f"{kind} report {shown} as of {iso(T)} ({label})"


SEGMENT = "diff_reports_cities"


def ask(world, mismatches):
    rng = world.rng
    # A saved segment on traits alone (the same members as of any T) narrows some reports.
    cities = [c for (c,) in world.sql("SELECT city FROM traits WHERE city IS NOT NULL GROUP BY city "
                                      "ORDER BY count(*) DESC, city LIMIT 8")]
    chosen = rng.sample(cities, 3)
    world.post("/api/v1/segments", {"name": SEGMENT, "text": f"city in ({', '.join(chosen)})"})
    segments = {SEGMENT: world.profiles("SELECT profile FROM traits WHERE city IN (?, ?, ?)", *chosen)}
    for n, (label, T) in enumerate(as_of_instants(world, rng)):
        ref = Reports(world, T, segments)
        for kind, params in questions(world, T, rng):
            sent = {**strata_params(params), "as_of": iso(T)}
            strata = world.post(f"/api/v1/reports/{kind}", sent)
            reference = getattr(ref, kind)(params)
            mismatches.check(world, describe(kind, params, T, label), strata, reference)
        if n == 0:
            # GET with query parameters: plain ones, then a space in a value encoded as HTML forms
            # and HTTP libraries encode it (`+`).
            params = {"dormant_days": "3"}
            mismatches.check(world, "GET " + describe("activity", params, T, label),
                             world.get("/api/v1/reports/activity", **params, as_of=iso(T)), ref.activity(params))
            params = {"_steps": [("view_item", [("category", "=", [rng.choice(CATEGORIES[:4])])]),
                                 ("add_to_cart", [])], "window": "2h"}
            mismatches.check(world, "GET " + describe("funnel", params, T, label),
                             world.get("/api/v1/reports/funnel", **strata_params(params), as_of=iso(T)),
                             ref.funnel(params))
