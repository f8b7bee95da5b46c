"""Business reports: attribute lift, the channel report (with spend: CAC, ROI, payback), lifetime
value, and a saved segment's size history from daily snapshots taken for past days (plus the
lifecycle flow between two of those days read from the snapshots).

References follow the README ("Time windows: one rule everywhere", "Analysis (reports)",
"Flow between layers"). Where the README says nothing the reading an operations user would
expect is written down here, marked READING:

- Report ranges: `from` / `to` are inclusive local days, default the 30 days ending with the day
  holding T - 1 ms; the range's instants are [start of `from`, min(end of `to`, T)).
- Users "first seen in the range": first message of any kind inside the range's instants.
- Activity (base=active, D1/D7/D30) is any message. Behaviour attributes (revenue, event_count,
  active_days, purchase_count) are as of T, from messages before T.
- READING (profile properties): traits are current values (as in questions_segments), and so are
  the first-touch channel and last city: they describe who the user is, not what they did before
  T, and an operations user reading last month's channel report wants the channel as known now
  (the README's one rule speaks of counting events; it does not say). First-touch channel =
  `context.campaign.source` of the profile's earliest message that carries one; none ->
  "(none)". last_city = the `city` trait (the generator sends no location context);
  last_device: no message carries a device, so every profile lacks one.
- READING (lift): base = profiles first seen before T (all) or active in the range (active).
  Text dimensions keep the `top` values by users (ties by value) and fold the rest into
  "(other)". Numeric dimensions: with n base users holding a value and b = bins, the cut points
  are the values of the users ranked floor(k*n/b) (0-based, ascending, k = 1..b-1); ranges are
  [cut, next cut) (the first starts at the lowest value, the last ends at the highest); a value
  held by at least n/b users gets a range of its own. Ranges are compared by the lowest and
  highest value they hold (Strata's labels such as "≤ 3", "4–6", "[0.01, 37.26)", "≥ 24" are
  parsed), not by label text. z: two-proportion z-test of the value's users against the rest of
  the base (pooled), p two-sided; significant when p < 0.05 / (number of rows reported).
  Cramér's V and the chi-square p-value are over every non-empty row of the dimension including
  "(none)" (shown or not), "values" counting those rows.
- READING (channels): new users by first-touch channel (or the `channel_trait` trait); Dn
  retention: eligible when the user's first day + n is not after the day holding T - 1 ms,
  retained when active on that local day (before T); converted: the conversion event within
  conversion_days * 24 h after the first message (and before T); paying users: revenue > 0
  before T; revenue: every `revenue` before T. Spend: each entry spread evenly over its days,
  summed over the range's days. CAC = spend / new users, ROI = (revenue - spend) / spend,
  payback = the smallest age d (local days since the user's own first day) such that the
  channel's new users' revenue at ages <= d reaches the spend. Total row over every new user and
  every entry's spend.
- READING (ltv): cohorts by the Monday of the week (or the day) of each user's first day;
  period p (0-based) holds ages (local days since the user's own first day) below (p+1) units;
  ages being each user's own, period p of a cohort is reached once its earliest user has reached
  age p units (that user's first day + p units is not after the day holding T - 1 ms), else null
  (this matters for a cohort cut by the range: a week cohort whose users start on Saturday);
  revenue (cohort total, per user) and the share of users with revenue > 0 are cumulative
  through period p, before T. The average row pools the cohorts that reached p.
- Snapshots: a day's snapshot is the segment as of the next local midnight.
- Reports are asked by POST with a JSON body; one lift question per case also asks by GET with
  a form-encoded query (a space as "+") and expects the same answer.
"""
import bisect
import json
import math
import os
import re
from collections import Counter, defaultdict

from harness import DAY_MS, as_of_instants, iso, parse_iso, resolve
from questions_models import STAGES, flow_reference, lifecycle
from questions_segments import Rules


# -- shared -------------------------------------------------------------------------------------

def round_half_away(x, digits=0):
    """Swift's `rounded()` (schoolbook) at `digits` decimals."""
    if x is None:
        return None
    scale = 10 ** digits
    y = abs(x) * scale
    r = math.floor(y + 0.5)
    return math.copysign(r / scale, x) if x != 0 else 0.0


def rate(x):
    return None if x is None else round_half_away(x, 4)


def money(minor):
    """Minor units as major units rounded to cents (None stays None)."""
    return None if minor is None else round_half_away(minor) / 100


def load_touches(world):
    """touch(profile, ts, source): every message carrying context.campaign.source."""
    if getattr(world, "_touch_loaded", False):
        return
    with open(os.path.join(world.directory, "gen", "events.jsonl")) as f:
        messages = [json.loads(line) for line in f]
    profile, _ = resolve(messages)
    rows = []
    for m in messages:
        source = ((m.get("context") or {}).get("campaign") or {}).get("source")
        if source:
            rows.append((profile(m), parse_iso(m["timestamp"]), source))
    world.db.execute("CREATE TABLE touch (profile VARCHAR, ts BIGINT, source VARCHAR)")
    world.db.executemany("INSERT INTO touch VALUES (?, ?, ?)", rows)
    world._touch_loaded = True


def first_touch(world, T=None):
    """profile -> first-touch channel (current: see READING (profile properties))."""
    return dict(world.sql("SELECT profile, arg_min(source, ts) FROM touch GROUP BY profile"))


def report_range(world, T, frm=None, to=None):
    """(from_day, to_day, start_ms, end_ms) of a report's range."""
    cal = world.calendar
    to_day = to if to is not None else cal.last_day(T)
    from_day = frm if frm is not None else to_day - 29
    start, end = cal.days_window(T, from_day, to_day)
    return from_day, to_day, start, end


def first_seen(world):
    return dict(world.sql("SELECT profile, min(ts) FROM events GROUP BY profile"))


def attributes(world, T):
    rows = world.sql("""
        SELECT profile, count(DISTINCT day), count(*) FILTER (WHERE kind IN ('track', 'page', 'screen')),
               count(*) FILTER (WHERE kind = 'track' AND event IN ('purchase', 'Order Completed')),
               coalesce(sum(round(revenue * 100)), 0)
        FROM events WHERE ts < ? GROUP BY profile""", T)
    return {p: {"active_days": a, "event_count": e, "purchase_count": c, "revenue": r / 100}
            for p, a, e, c, r in rows}


# -- lift ---------------------------------------------------------------------------------------

NUMERIC_COMPUTED = ("revenue", "event_count", "active_days", "purchase_count")


def normal_p(z):
    return math.erfc(abs(z) / math.sqrt(2))


def gamma_q(a, x):
    """Regularised upper incomplete gamma Q(a, x) (Numerical Recipes' series / continued fraction)."""
    if x <= 0:
        return 1.0
    gln = math.lgamma(a)
    if x < a + 1:
        ap, total, delta = a, 1.0 / a, 1.0 / a
        for _ in range(10000):
            ap += 1
            delta *= x / ap
            total += delta
            if abs(delta) < abs(total) * 1e-16:
                break
        return 1.0 - total * math.exp(-x + a * math.log(x) - gln)
    b, c, d = x + 1 - a, 1e300, 1 / (x + 1 - a)
    h = d
    for i in range(1, 10000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        c = b + an / c
        c = 1e-300 if abs(c) < 1e-300 else c
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - gln) * h


def numeric_bins(values, bins):
    """values: profile -> number. Returns profile -> (low, high) of its range (by the values held)."""
    ordered = sorted(values.values())
    n = len(ordered)
    if not n:
        return {}
    cuts = sorted({ordered[(k * n) // bins] for k in range(1, bins)})
    counts = Counter(ordered)
    own = {v for v, c in counts.items() if c * bins >= n}
    def key(v):
        if v in own:
            return ("own", v)
        k = bisect.bisect_right(cuts, v)  # cuts[k-1] <= v < cuts[k]
        low = cuts[k - 1] if k else None
        return ("range", low, low in own)  # a range starting at an own value starts just above it
    grouped = defaultdict(list)
    for v in set(ordered):
        grouped[key(v)].append(v)
    span = {k: (min(vs), max(vs)) for k, vs in grouped.items()}
    return {p: span[key(v)] for p, v in values.items()}


LABEL = re.compile(r"^(?:(?P<le>≤|<) (?P<a>-?[\d.]+)|(?P<ge>≥|>) (?P<b>-?[\d.]+)|(?P<lo>-?[\d.]+)–(?P<hi>-?[\d.]+)|"
                   r"\[(?P<l2>-?[\d.]+), (?P<h2>-?[\d.]+)\)|(?P<one>-?[\d.]+))$")


def label_span(label, held):
    """The (lowest, highest) of the `held` values that a Strata range label covers, or the label
    itself when it does not parse (then it differs from every reference key)."""
    m = LABEL.match(label)
    if not m:
        return label
    if m["le"]:
        a = float(m["a"])
        inside = [v for v in held if (v <= a if m["le"] == "≤" else v < a)]
    elif m["ge"]:
        b = float(m["b"])
        inside = [v for v in held if (v >= b if m["ge"] == "≥" else v > b)]
    elif m["lo"] is not None:
        inside = [v for v in held if float(m["lo"]) <= v <= float(m["hi"])]
    elif m["l2"] is not None:
        inside = [v for v in held if float(m["l2"]) <= v < float(m["h2"])]
    else:
        inside = [v for v in held if v == float(m["one"])]
    return (min(inside), max(inside)) if inside else ("empty", label)


def lift_reference(world, T, target, base_kind, dims, top, bins, missing, frm=None, to=None):
    """The lift report's base, rows (keyed by dimension and value / range span) and dimensions."""
    from_day, to_day, start, end = report_range(world, T, frm, to)
    seen = first_seen(world)
    base = {p for p in world.live if seen[p] < T}
    if base_kind == "active":
        base &= world.profiles("SELECT DISTINCT profile FROM events WHERE ts >= ? AND ts < ?", start, end)
    target = target & base
    n, t_all = len(base), len(target)
    overall = t_all / n if n else None
    attrs = attributes(world, T)
    touch = first_touch(world, T)
    traits = {r[0]: r[1:] for r in world.sql("SELECT profile, gender, birth_year, city, channel FROM traits")}
    trait_index = {"gender": 0, "birth_year": 1, "city": 2, "channel": 3}
    rows, summary, held = {}, {}, {}
    for dim in dims:
        name = dim
        if dim == "channel":
            values = {p: touch.get(p) for p in base}
        elif dim == "last_city":
            values = {p: traits.get(p, (None,) * 4)[2] for p in base}
        elif dim == "last_device":
            values = {p: None for p in base}
        elif dim in NUMERIC_COMPUTED:
            values = {p: attrs.get(p, {}).get(dim, 0) for p in base}
        else:
            key = dim[len("trait."):] if dim.startswith("trait.") else dim
            values = {p: traits.get(p, (None,) * 4)[trait_index[key]] for p in base}
        present = {p: v for p, v in values.items() if v is not None}
        numeric = dim in NUMERIC_COMPUTED or (present and all(isinstance(v, (int, float)) for v in present.values()))
        if numeric:
            held[name] = sorted(set(present.values()))
            spans = numeric_bins(present, bins)
            label = {p: spans[p] for p in present}
        else:
            users_per = Counter(present.values())
            kept = {v for v, _ in sorted(users_per.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]}
            label = {p: (v if v in kept else "(other)") for p, v in present.items()}
        cells = defaultdict(lambda: [0, 0])
        for p in base:
            cell = cells[label.get(p, "(none)")]
            cell[0] += 1
            cell[1] += p in target
        # chi-square over every non-empty row, (none) included
        chi2, df = 0.0, len(cells) - 1
        if df > 0 and 0 < t_all < n:
            for users, hits in cells.values():
                for observed, expected in ((hits, users * overall), (users - hits, users * (1 - overall))):
                    chi2 += (observed - expected) ** 2 / expected
            v, p_value = math.sqrt(chi2 / n), gamma_q(df / 2, chi2 / 2)
        else:
            v, p_value = 0.0, 1.0
        summary[name] = {"values": len(cells), "cramers_v": rate(v), "p_value": p_value}
        for value, (users, hits) in cells.items():
            if value == "(none)" and missing != "show":
                continue
            rest_n, rest_t = n - users, t_all - hits
            if rest_n > 0 and 0 < t_all < n:
                se = math.sqrt(overall * (1 - overall) * (1 / users + 1 / rest_n))
                z = (hits / users - rest_t / rest_n) / se
            else:
                z = 0.0
            rows[(name, value)] = {
                "users": users, "target_users": hits, "share_of_base": rate(users / n),
                "share_of_target": rate(hits / t_all) if t_all else None, "rate": rate(hits / users),
                "lift": rate(hits / users / overall) if overall else None,
                "excess_users": round_half_away(hits - users * overall, 1) if overall is not None else None,
                "z": round_half_away(z, 2), "p_value": normal_p(z), "significant": None}
    tests = len(rows)
    for row in rows.values():
        row["significant"] = row["p_value"] < 0.05 / tests
    return {"base_users": n, "target_users": t_all, "target_rate": rate(overall)}, rows, summary, held


def without_p(rows):
    return {k: {f: v for f, v in row.items() if f != "p_value"} for k, row in rows.items()}


def minus_log10(p):
    return 400.0 if p <= 0 else -math.log10(p)


def strata_lift(answer, held):
    """Strata's rows keyed like the reference's (numeric ranges by the base values they hold)."""
    rows = {}
    for r in answer["rows"]:
        value = r["value"]
        if r["dimension"] in held and value not in ("(none)", "(other)"):
            value = label_span(value, held[r["dimension"]])
        rows[(r["dimension"], value)] = {k: r[k] for k in ("users", "target_users", "share_of_base", "share_of_target",
                                                           "rate", "lift", "excess_users", "z", "p_value",
                                                           "significant")}
    return rows


def ask_lift(world, mismatches, T, label, rng):
    cal = world.calendar
    r = Rules(world, T)
    last = cal.last_day(T)
    frm, to = last - rng.randint(10, 40), last - rng.randint(0, 5)
    category = rng.choice(["books", "electronics", "clothing", "food"])
    default_dims = ["channel", "last_city", "last_device", "gender", "birth_year", "city", "trait.channel"]
    # Targets: an event in the (default) range, an event with a filter in a chosen range, a saved
    # segment, a rule.
    world.post("/api/v1/segments", {"name": "diff_lift_target", "text": "did view_item >= 3 times in 14d"})
    default_from, default_to, start, end = report_range(world, T)
    cases = [
        (dict(event="purchase"),
         world.profiles("SELECT DISTINCT profile FROM events WHERE kind = 'track' AND event = 'purchase' "
                        "AND ts >= ? AND ts < ?", start, end), "all", default_dims, 30, 5, "hide", None, None),
        (dict(event=f"add_to_cart(category = {category})", **{"from": cal.day_text(frm), "to": cal.day_text(to)},
              base="active", by="gender,revenue,event_count,channel", top=rng.randint(4, 8), bins=rng.randint(3, 6),
              missing="show"),
         world.profiles("SELECT DISTINCT profile FROM events WHERE kind = 'track' AND event = 'add_to_cart' "
                        "AND category = ? AND ts >= ? AND ts < ?", category, *report_range(world, T, frm, to)[2:]),
         "active", ["gender", "revenue", "event_count", "channel"], None, None, "show", frm, to),
        (dict(target_segment="diff_lift_target", by="city,birth_year,active_days,purchase_count",
              top=rng.randint(5, 15), bins=rng.randint(2, 7), missing="show"),
         r.did("view_item", low=3, days=14), "all", ["city", "birth_year", "active_days", "purchase_count"],
         None, None, "show", None, None),
        (dict(target="purchase_count >= 2", by="last_city,gender"),
         r.computed("purchase_count", ">=", 2), "all", ["last_city", "gender"], 30, 5, "hide", None, None),
    ]
    for params, target, base_kind, dims, top, bins, missing, f, t in cases:
        top = params.get("top", top or 30)
        bins = params.get("bins", bins or 5)
        answer = world.post("/api/v1/reports/lift", dict(params, as_of=iso(T)))
        head, rows, summary, held = lift_reference(world, T, target, base_kind, dims, top, bins, missing, f, t)
        question = f"lift {params} as of {iso(T)} ({label})"
        mismatches.check(world, question + ": base and target",
                         {k: answer[k] for k in ("base_users", "target_users", "target_rate")}, head)
        got = strata_lift(answer, held)
        strata_dims = {d["name"]: d for d in answer["dimensions"]}
        for dim in sorted(summary):
            # Per dimension, so that one dimension's difference does not hide another's.
            mismatches.check(world, question + f": rows of {dim} (users, target users, shares, rate, lift, excess, z, "
                             f"significant)", without_p({k: v for k, v in got.items() if k[0] == dim}),
                             without_p({k: v for k, v in rows.items() if k[0] == dim}))
            mismatches.check(world, question + f": {dim}'s values and Cramér's V",
                             {k: strata_dims.get(dim, {}).get(k) for k in ("values", "cramers_v")},
                             {k: summary[dim][k] for k in ("values", "cramers_v")})
        # p-values as -log10 p, within 0.5 % (so 1e-40 and 1e-30 differ, and so do 2.8e-5 and 1.7e-5).
        mismatches.check(world, question + ": rows' z-test p-values (-log10 p)",
                         {k: minus_log10(v["p_value"]) for k, v in got.items() if k in rows},
                         {k: minus_log10(v["p_value"]) for k, v in rows.items() if k in got}, tolerance=0.005)
        mismatches.check(world, question + ": dimensions' chi-square p-values (-log10 p)",
                         {d: minus_log10(strata_dims[d]["p_value"]) for d in summary if d in strata_dims},
                         {d: minus_log10(summary[d]["p_value"]) for d in summary if d in strata_dims}, tolerance=0.005)
        zs = [abs(r["z"]) for r in answer["rows"]]
        mismatches.check(world, question + ": rows sorted by |z|", zs, sorted(zs, reverse=True))
        if " " in str(params.get("event", "")) or " " in str(params.get("target", "")):
            # The same report by GET with the query encoded as a form (a space as "+", what
            # browsers, HTML forms and Python's requests send) must give the same answer.
            try:
                by_get = world.get("/api/v1/reports/lift", as_of=iso(T), **params)
                by_get = {k: by_get[k] for k in ("target_users", "base_users")}
            except AssertionError as error:  # a refusal is an answer too
                by_get = str(error)[-300:]
            mismatches.check(world, question + ": GET with spaces encoded as '+' (form encoding) equals POST",
                             by_get, {k: answer[k] for k in ("target_users", "base_users")})


# -- channels -----------------------------------------------------------------------------------

def post_spend(world, rng):
    """Spend entries around the end of the data: one replaced by a second entry for the same period."""
    cal = world.calendar
    last = cal.day(world.end_ms - 1)
    a, b = last - rng.randint(35, 50), last - rng.randint(5, 15)
    entries = [
        {"channel": "wechat", "from": cal.day_text(a), "to": cal.day_text(b), "amount": 5000},
        {"channel": "douyin", "from": cal.day_text(last - 20), "to": cal.day_text(last + 9), "amount": "8000.40"},
        {"channel": "app_store", "from": cal.day_text(last - 60), "to": cal.day_text(last - 31), "amount": 3000},
        {"channel": "app_store", "from": cal.day_text(last - 30), "to": cal.day_text(last), "amount": 4500.25},
        {"channel": "organic", "from": cal.day_text(last - 45), "to": cal.day_text(last - 25), "amount": 900},
        {"channel": "email", "from": cal.day_text(last - 3), "to": cal.day_text(last - 3), "amount": 100},
    ]
    for old in world.get("/api/v1/channels/spend")["entries"]:  # a clean slate (a kept data directory)
        world.api("DELETE", f"/api/v1/channels/spend/{int(old['id'])}")
    world.post("/api/v1/channels/spend", {"entries": entries})
    # The same channel and period again replaces the stored entry.
    replaced = {"channel": "wechat", "from": cal.day_text(a), "to": cal.day_text(b), "amount": 12000.5}
    world.post("/api/v1/channels/spend", replaced)
    entries[0] = replaced
    spend = [(e["channel"], cal_day(cal, e["from"]), cal_day(cal, e["to"]), round(float(e["amount"]) * 100))
             for e in entries]
    stored = world.get("/api/v1/channels/spend")["entries"]
    return spend, stored


def cal_day(cal, text):
    from datetime import date
    return (date.fromisoformat(text) - date(1970, 1, 1)).days


def channels_reference(world, T, spend, channel_trait=None, conversion_event="purchase", conversion_days=30,
                       frm=None, to=None, audience=None):
    from_day, to_day, start, end = report_range(world, T, frm, to)
    cal = world.calendar
    last = cal.last_day(T)
    new = dict(world.sql("SELECT profile, min(ts) FROM events GROUP BY profile HAVING min(ts) >= ? AND min(ts) < ?",
                         start, end))
    if audience is not None:  # `segment` / `layer` narrow the users (as of T)
        new = {p: t for p, t in new.items() if p in audience}
    if channel_trait:
        trait = dict(world.sql(f"SELECT profile, {channel_trait} FROM traits"))
        channel = {p: trait.get(p) or "(none)" for p in new}
    else:
        touch = first_touch(world, T)
        channel = {p: touch.get(p) or "(none)" for p in new}
    days = defaultdict(set)
    for p, d in world.sql("SELECT DISTINCT profile, day FROM events WHERE ts >= ? AND ts < ?", start, T):
        if p in new:
            days[p].add(d)
    converted = world.profiles(
        "SELECT e.profile FROM events e JOIN (SELECT profile, min(ts) AS f FROM events GROUP BY profile) s "
        "USING (profile) WHERE e.kind = 'track' AND e.event = ? AND e.ts >= s.f AND e.ts < s.f + ? AND e.ts < ?",
        conversion_event, conversion_days * DAY_MS, T)
    revenue_by_age = defaultdict(lambda: defaultdict(int))  # profile -> age -> cents
    for p, d, cents in world.sql("SELECT profile, day, sum(round(revenue * 100)) FROM events "
                                 "WHERE revenue IS NOT NULL AND ts < ? GROUP BY profile, day", T):
        if p in new:
            revenue_by_age[p][d - cal.day(new[p])] += int(cents)
    range_days = (from_day, to_day)
    spend_by = defaultdict(float)
    for ch, a, b, cents in spend:
        overlap = min(b, to_day) - max(a, from_day) + 1
        if overlap > 0:
            spend_by[ch] += cents * overlap / (b - a + 1)

    def row(name, users, spend_minor):
        n = len(users)
        retention = {}
        for k in (1, 7, 30):
            eligible = [p for p in users if cal.day(new[p]) + k <= last]
            retained = sum(1 for p in eligible if cal.day(new[p]) + k in days[p])
            retention[f"d{k}"] = {"eligible": len(eligible), "retained": retained,
                                  "rate": rate(retained / len(eligible)) if eligible else None}
        conv = sum(1 for p in users if p in converted)
        cents = sum(sum(revenue_by_age[p].values()) for p in users)
        paying = sum(1 for p in users if sum(revenue_by_age[p].values()) > 0)
        payback = None
        if spend_minor:
            by_age = defaultdict(int)
            for p in users:
                for age, c in revenue_by_age[p].items():
                    by_age[age] += c
            total = 0
            for age in sorted(by_age):
                total += by_age[age]
                if total >= spend_minor:
                    payback = age
                    break
        return {"channel": name, "new_users": n, "retention": retention, "converted": conv,
                "conversion_rate": rate(conv / n) if n else None, "paying_users": paying, "revenue": money(cents),
                "revenue_per_user": money(cents / n) if n else None,
                "spend": money(spend_minor) if spend_minor is not None else None,
                "cac": money(spend_minor / n) if spend_minor is not None and n else None,
                "roi": rate((cents - spend_minor) / spend_minor) if spend_minor else None,
                "payback_days": payback}

    groups = defaultdict(list)
    for p in new:
        groups[channel[p]].append(p)
    rows = {name: row(name, users, spend_by[name] if name in spend_by else None) for name, users in groups.items()}
    total = row("total", list(new), sum(spend_by.values()) if spend_by else None)
    return rows, total


def ask_channels(world, mismatches, T, label, rng, spend):
    cal = world.calendar
    last = cal.last_day(T)
    frm, to = last - rng.randint(20, 60), last - rng.randint(0, 10)
    cases = [
        (dict(), {}),
        (dict(channel_trait="channel", conversion_event="add_to_cart", conversion_days=rng.randint(1, 10)),
         dict(channel_trait="channel", conversion_event="add_to_cart")),
        (dict(**{"from": cal.day_text(frm), "to": cal.day_text(to)}, conversion_days=rng.choice([3, 7, 14, 60])),
         dict(frm=frm, to=to)),
        (dict(segment="diff_lift_target"), dict(audience=Rules(world, T).did("view_item", low=3, days=14))),
    ]
    for params, ref_args in cases:
        answer = world.post("/api/v1/reports/channels", dict(params, as_of=iso(T)))
        rows, total = channels_reference(world, T, spend, conversion_days=params.get("conversion_days", 30), **ref_args)
        question = f"channels report {params or '(defaults)'} with spend {spend} as of {iso(T)} ({label})"
        mismatches.check(world, question + ": rows per channel", {c["channel"]: c for c in answer["channels"]}, rows)
        mismatches.check(world, question + ": total", answer["total"], total)


# -- ltv ----------------------------------------------------------------------------------------

def ltv_reference(world, T, unit="week", periods=12, frm=None, to=None, audience=None):
    from_day, to_day, start, end = report_range(world, T, frm, to)
    cal = world.calendar
    last = cal.last_day(T)
    length = 7 if unit == "week" else 1
    new = dict(world.sql("SELECT profile, min(ts) FROM events GROUP BY profile HAVING min(ts) >= ? AND min(ts) < ?",
                         start, end))
    if audience is not None:  # `segment` / `layer` narrow the users (as of T)
        new = {p: t for p, t in new.items() if p in audience}
    cents = defaultdict(lambda: defaultdict(int))
    for p, d, c in world.sql("SELECT profile, day, sum(round(revenue * 100)) FROM events "
                             "WHERE revenue IS NOT NULL AND ts < ? GROUP BY profile, day", T):
        if p in new:
            cents[p][(d - cal.day(new[p])) // length] += int(c)
    cohorts = defaultdict(list)
    for p, t in new.items():
        d = cal.day(t)
        start_day = d - (d + 3) % 7 if unit == "week" else d  # day 0 (1970-01-01) was a Thursday
        cohorts[start_day].append(p)
    out, pooled = [], [[0, 0, 0] for _ in range(periods)]
    # README: every day / week of the range up to the day holding T - 1 ms is a cohort, an empty
    # one too (size 0; its periods count from its first day in the range, per-user figures null).
    def period_start(d):
        return d - (d + 3) % 7 if unit == "week" else d
    for start_day in range(period_start(from_day), period_start(min(to_day, last)) + 1, length):
        users = cohorts.get(start_day, [])
        size = len(users)
        revenue, per_user, share = [], [], []
        earliest = min(cal.day(new[p]) for p in users) if users else max(start_day, from_day)
        for k in range(periods):
            if earliest + k * length > last:
                revenue.append(None), per_user.append(None), share.append(None)
                continue
            if not users:
                revenue.append(money(0)), per_user.append(None), share.append(None)
                continue
            total = sum(c for p in users for age, c in cents[p].items() if age <= k)
            paid = sum(1 for p in users if sum(c for age, c in cents[p].items() if age <= k) > 0)
            revenue.append(money(total))
            per_user.append(money(total / size))
            share.append(rate(paid / size))
            pooled[k][0] += total
            pooled[k][1] += paid
            pooled[k][2] += size
        out.append({"start": cal.day_text(start_day), "size": size, "revenue": revenue, "revenue_per_user": per_user,
                    "paying_share": share})
    average = [{"revenue_per_user": money(c / n), "paying_share": rate(paid / n)} if n else None
               for c, paid, n in pooled]
    return out, average


def ask_ltv(world, mismatches, T, label, rng):
    cal = world.calendar
    last = cal.last_day(T)
    frm, to = last - rng.randint(30, 60), last - rng.randint(0, 10)
    daily = lifecycle(world, T, 7, 7, 14, 30)  # the daily preset (Strata's echo; see questions_models)
    stage = rng.choice(["new", "active", "returning"])
    cases = [(dict(), {}),
             (dict(unit="day", periods=rng.randint(7, 21), layer=f"lifecycle:{stage}"),
              dict(unit="day", audience={p for p, s in daily.items() if s == stage})),
             (dict(**{"from": cal.day_text(frm), "to": cal.day_text(to)}, periods=rng.randint(4, 10)),
              dict(frm=frm, to=to))]
    for params, ref_args in cases:
        answer = world.post("/api/v1/reports/ltv", dict(params, as_of=iso(T)))
        cohorts, average = ltv_reference(world, T, periods=params.get("periods", 12), **ref_args)
        question = f"ltv {params or '(defaults: weeks, 12 periods)'} as of {iso(T)} ({label})"
        mismatches.check(world, question + ": cohorts", answer["cohorts"], cohorts)
        mismatches.check(world, question + ": average", answer["average"], average)


# -- size history from snapshots ----------------------------------------------------------------

def ask_history(world, mismatches, rng):
    cal = world.calendar
    last = cal.day(world.end_ms - 1)
    days = sorted(rng.sample(range(last - 30, last + 1), 4))
    n = rng.choice([7, 14])
    segments = {
        "diff_hist_buyers": ("did purchase in 7d", lambda r: r.did("purchase", days=7)),
        "diff_hist_browsers": (f"did view_item >= 2 times in {n}d and not did purchase in 30d",
                               lambda r: r.did("view_item", low=2, days=n) - r.did("purchase", days=30)),
    }
    for name, (text, _) in segments.items():
        world.post("/api/v1/segments", {"name": name, "text": text})
    for d in days:
        world.post("/api/v1/snapshots", {"day": cal.day_text(d)})
    held = world.get("/api/v1/snapshots")["days"]
    mismatches.check(world, f"snapshot days held include {[cal.day_text(d) for d in days]}",
                     sorted(set(held) & {cal.day_text(d) for d in days}), sorted(cal.day_text(d) for d in days))
    for name, (text, reference) in segments.items():
        answer = world.get(f"/api/v1/segments/{name}/history", **{"from": cal.day_text(days[0]),
                                                                   "to": cal.day_text(days[-1])})
        expected = [{"day": cal.day_text(d), "size": len(reference(Rules(world, cal.start_of_day(d + 1))))}
                    for d in days]
        mismatches.check(world, f"size history of `{text}` from snapshots of {[e['day'] for e in expected]} "
                         f"(each as of the next local midnight)", answer["history"], expected)
    # The lifecycle flow between two snapshot days now reads the snapshots.
    d1, d2 = days[0], days[-1]
    answer = world.get("/api/v1/flow/lifecycle", **{"from": cal.day_text(d1), "to": cal.day_text(d2)})
    th = world.get("/api/v1/models/lifecycle", preset="daily")["thresholds"]
    args = (th["new_days"], th["active_days"], th["silent_days"], th["churn_days"])
    mismatches.check(world, f"flow of lifecycle (daily) from snapshot {cal.day_text(d1)} to snapshot {cal.day_text(d2)}",
                     {"layers": answer["layers"], "matrix": answer["matrix"], "sources": answer["sources"]},
                     dict(flow_reference(lifecycle(world, cal.start_of_day(d1 + 1), *args),
                                         lifecycle(world, cal.start_of_day(d2 + 1), *args), STAGES, world.live),
                          sources={"from": "snapshot", "to": "snapshot"}))


def ask(world, mismatches):
    rng = world.rng
    load_touches(world)
    spend, stored = post_spend(world, rng)
    mismatches.check(world, "spend entries stored (the second wechat entry replaced the first)",
                     sorted((e["channel"], e["from"], e["to"], e["amount"]) for e in stored),
                     sorted((c, world.calendar.day_text(a), world.calendar.day_text(b), cents / 100)
                            for c, a, b, cents in spend))
    for label, T in as_of_instants(world, rng):
        ask_lift(world, mismatches, T, label, rng)
        ask_channels(world, mismatches, T, label, rng, spend)
        ask_ltv(world, mismatches, T, label, rng)
    ask_history(world, mismatches, rng)
