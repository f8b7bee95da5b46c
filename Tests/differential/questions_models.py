"""Layer models: lifecycle (both presets and custom thresholds), RFM (quintiles, natural breaks,
chosen breaks, windows, other events and values), weighted scoring models (tiers, mean scores,
histogram) and the flow matrix of lifecycle and RFM between two past days, each as of three
instants (or as of the end of a day, for flows).

References follow the README ("Time windows: one rule everywhere", "Layering models", "Flow
between layers"). Where the README says nothing the reading an operations user would expect is
written down here, marked READING:

- Activity is any message (the same activity as `active_days` and `last_seen`); windows of N
  days as of T are the N local days ending with the day holding T - 1 ms; only messages before
  T count. Profiles first seen at or after T are in no layer of any model.
- READING (lifecycle): with thresholds new_days, active_days, silent_days, churn_days and L the
  day holding T - 1 ms, a profile is, in this order:
    new        first seen within the new_days window;
    churned    no activity within the churn_days window;
    silent     no activity within the active_days window;
    returning  activity within the active_days window, none in the silent_days days just before
               that window, and some activity before those (it came back after a silence);
    active     everyone else.
  The presets' values are not in the README; they are taken from Strata's echo (daily
  7/7/14/30, low_frequency 30/30/60/90) and the README should list them.
- READING (RFM): buyers are profiles with at least one `event` before T (within the window when
  window_days is given); recency = (T - last such event) / 1 day (a fraction, README), frequency
  = their count, monetary = the sum of the `value` property over them (absent = 0). Quintile
  break points are the values at the 20/40/60/80 % ranks of each metric's ascending values by
  nearest rank (the ceil(k*n/5)-th smallest), so equal values always get the same score (tie rule:
  see the report). Natural breaks are Jenks (Fisher's exact optimisation of 5 classes over the
  distinct values, equal values never split), the break points being the upper ends of classes
  1-4. The eight layers compare each buyer with the buyers' means (the `cuts`): R is high when
  recency is below the mean, F and M when above it (strictly).
- READING (scoring): every profile first seen before T is scored. Factor values as of T:
  computed attributes (active_days = local days with any message, event_count = track/page/
  screen, purchase_count, revenue), recency = (T - last message) in (fractional) days, `did E
  within_days N` = the count of E in the N-day window (all time before T without within_days),
  numeric traits = current values. min_max = (v - min) / (max - min) over the profiles that have
  a value (0 when all equal); rank = the share of the other profiles with a strictly lower value,
  lo / (n - 1) (ties share the lowest rank; exact, not approximated); `invert` = 1 - that;
  recency is inverted unless told otherwise (Strata echoes invert: true; recent is better). A
  profile without a value of a trait factor gets 0 for that factor. Score = 100 * sum(w * x) /
  sum(w); a profile is in the tier with the highest min_score <= score (computed exactly, with
  fractions, so a score of exactly 40 is in the tier starting at 40).
"""
import bisect
import math
from fractions import Fraction

import numpy as np

from harness import BEHAVIOUR, DAY_MS, as_of_instants, iso

STAGES = ["new", "returning", "active", "silent", "churned"]
RFM_LAYERS = {  # (R high, F high, M high) -> layer (README: 重要价值 … 一般挽留, the classic eight)
    (1, 1, 1): "重要价值", (1, 0, 1): "重要发展", (0, 1, 1): "重要保持", (0, 0, 1): "重要挽留",
    (1, 1, 0): "一般价值", (1, 0, 0): "一般发展", (0, 1, 0): "一般保持", (0, 0, 0): "一般挽留",
}
RFM_ORDER = ["重要价值", "重要发展", "重要保持", "重要挽留", "一般价值", "一般发展", "一般保持", "一般挽留"]
NONE = "(none)"


# -- lifecycle ----------------------------------------------------------------------------------

def lifecycle(world, T, new_days, active_days, silent_days, churn_days):
    """profile -> stage as of T (profiles first seen at or after T are left out)."""
    L = world.calendar.last_day(T)
    rows = world.sql("""
        SELECT f.profile, f.first_day, f.first_ts,
               coalesce(a.act, FALSE), coalesce(a.gap, FALSE), coalesce(a.before, FALSE), coalesce(a.churn, FALSE)
        FROM (SELECT profile, min(ts) AS first_ts, arg_min(day, ts) AS first_day FROM events GROUP BY profile) f
        LEFT JOIN (SELECT profile,
                          bool_or(day > ?) AS act,
                          bool_or(day > ? AND day <= ?) AS gap,
                          bool_or(day <= ?) AS before,
                          bool_or(day > ?) AS churn
                   FROM events WHERE ts < ? GROUP BY profile) a USING (profile)""",
        L - active_days, L - active_days - silent_days, L - active_days, L - active_days - silent_days,
        L - churn_days, T)
    stages = {}
    for profile, first_day, first_ts, act, gap, before, churn in rows:
        if first_ts >= T:
            continue
        if first_day > L - new_days:
            stage = "new"
        elif not churn:
            stage = "churned"
        elif not act:
            stage = "silent"
        elif not gap and before:
            stage = "returning"
        else:
            stage = "active"
        stages[profile] = stage
    return stages


def sizes(assignment, names):
    counts = {name: 0 for name in names}
    for layer in assignment.values():
        counts[layer] += 1
    return counts


def ask_lifecycle(world, mismatches, T, label, rng):
    presets = {}
    for preset in ("daily", "low_frequency"):
        answer = world.get("/api/v1/models/lifecycle", as_of=iso(T), preset=preset)
        th = answer["thresholds"]
        presets[preset] = th
        reference = sizes(lifecycle(world, T, th["new_days"], th["active_days"], th["silent_days"], th["churn_days"]),
                          STAGES)
        mismatches.check(world, f"lifecycle preset={preset} (thresholds {th}) as of {iso(T)} ({label})",
                         {l["name"]: l["size"] for l in answer["layers"]}, reference)
    # Custom thresholds (Strata requires churn_days > active_days), one set drawn freely and one
    # with new_days < active_days (a profile first seen inside the active window but not new).
    active = rng.randint(1, 14)
    custom = [dict(new_days=rng.randint(1, 20), active_days=active, silent_days=rng.randint(1, 30),
                   churn_days=rng.randint(active + 1, 45)),
              dict(new_days=rng.randint(1, 3), active_days=rng.randint(5, 10), silent_days=rng.randint(3, 10),
                   churn_days=rng.randint(20, 40))]
    for th in custom:
        answer = world.get("/api/v1/models/lifecycle", as_of=iso(T), **th)
        mismatches.check(world, f"lifecycle thresholds echoed for {th}", answer["thresholds"], th)
        reference = sizes(lifecycle(world, T, **th), STAGES)
        mismatches.check(world, f"lifecycle {th} as of {iso(T)} ({label})",
                         {l["name"]: l["size"] for l in answer["layers"]}, reference)
    return presets


# -- RFM ----------------------------------------------------------------------------------------

def rfm_metrics(world, T, event="purchase", value="revenue", window_days=None):
    """profile -> (recency_days, frequency, monetary) of the buyers as of T."""
    start = world.calendar.window(T, window_days)[0] if window_days else -(2**62)
    column = {"revenue": "revenue"}.get(value)
    amount = f"coalesce({column}, 0)" if column else "0"  # only `revenue` is loaded; others are absent
    rows = world.sql(f"SELECT profile, max(ts), count(*), sum({amount}) FROM events "
                     f"WHERE kind = 'track' AND event = ? AND ts >= ? AND ts < ? GROUP BY profile", event, start, T)
    return {p: ((T - last) / DAY_MS, n, money) for p, last, n, money in rows}


def nearest_rank_quintiles(values):
    v = sorted(values)
    n = len(v)
    return [v[math.ceil(k * n / 5) - 1] for k in range(1, 5)] if n else []


def jenks(values, classes=5, bins=256):
    """Natural breaks as the README defines them: the ascending values are grouped into bins of
    floor(n / 256) values (at least one; a bin goes on while the next value equals its last, so
    below 512 values the bins are the distinct values), and Fisher's exact optimisation of
    `classes` classes runs over the bins, each at its mean weighted by its size. The break
    points are the highest values of the bins ending the first classes - 1 classes."""
    ordered = sorted(float(v) for v in values)
    size = max(1, len(ordered) // bins)
    groups, i = [], 0
    while i < len(ordered):
        j = min(len(ordered), i + size)
        while j < len(ordered) and ordered[j] == ordered[j - 1]:
            j += 1
        groups.append(ordered[i:j])
        i = j
    distinct = np.array([sum(g) / len(g) for g in groups])  # the bins' means
    counts = np.array([len(g) for g in groups])
    uppers = [g[-1] for g in groups]
    m = len(distinct)
    if m <= classes:
        return uppers[:-1]
    w = counts.astype(float)
    cw = np.concatenate([[0.0], np.cumsum(w)])
    cs = np.concatenate([[0.0], np.cumsum(w * distinct)])
    cq = np.concatenate([[0.0], np.cumsum(w * distinct * distinct)])

    def ssd(j, i):  # classes over distinct[j..i] inclusive, vectorised over j
        n = cw[i + 1] - cw[j]
        s = cs[i + 1] - cs[j]
        return (cq[i + 1] - cq[j]) - s * s / n

    cost = np.full((classes + 1, m), np.inf)
    back = np.zeros((classes + 1, m), dtype=int)
    for i in range(m):
        cost[1, i] = ssd(np.array([0]), i)[0]
    for k in range(2, classes + 1):
        for i in range(k - 1, m):
            j = np.arange(k - 1, i + 1)  # the k-th class is distinct[j..i]
            total = cost[k - 1, j - 1] + ssd(j, i)
            best = int(np.argmin(total))
            cost[k, i] = total[best]
            back[k, i] = j[best]
    breaks, i = [], m - 1
    for k in range(classes, 1, -1):
        j = back[k, i]
        breaks.append(uppers[j - 1])
        i = j - 1
    return sorted(breaks)


def rfm_reference(world, T, event="purchase", value="revenue", window_days=None, scoring="quintiles",
                  breaks=None, metrics=None):
    metrics = metrics if metrics is not None else rfm_metrics(world, T, event, value, window_days)
    n = len(metrics)
    rec = [m[0] for m in metrics.values()]
    fre = [m[1] for m in metrics.values()]
    mon = [m[2] for m in metrics.values()]
    if scoring == "quintiles":
        points = {"recency_days": nearest_rank_quintiles(rec), "frequency": nearest_rank_quintiles(fre),
                  "monetary": nearest_rank_quintiles(mon)}
    elif scoring == "natural":
        points = {"recency_days": jenks(rec) if n else [], "frequency": jenks(fre) if n else [],
                  "monetary": jenks(mon) if n else []}
    else:
        points = breaks
    mean_r = sum(rec) / n if n else 0
    mean_f = sum(fre) / n if n else 0
    mean_m = sum(mon) / n if n else 0
    layers = {p: RFM_LAYERS[(int(r < mean_r), int(f > mean_f), int(m > mean_m))] for p, (r, f, m) in metrics.items()}
    answer = {"buyers": n, "break_points": points,
              "cuts": {"recency_days": mean_r, "frequency": mean_f, "monetary": mean_m},
              "layers": sizes(layers, RFM_ORDER)}
    return answer, layers


def strata_rfm(answer):
    return {"buyers": answer["buyers"], "break_points": answer["break_points"], "cuts": answer["cuts"],
            "layers": {l["name"]: l["size"] for l in answer["layers"]}}


def ask_rfm(world, mismatches, T, label, rng):
    window = rng.choice([7, 30, 60])
    cases = [
        dict(),
        dict(window_days=window),
        dict(scoring="natural"),
        dict(scoring="breaks", window_days=rng.choice([14, 45, 90]),
             recency_breaks=sorted(rng.sample([1, 3, 7, 14, 21, 30, 45, 60, 90], 4)),
             frequency_breaks=sorted(rng.sample([1, 2, 3, 4, 5, 6, 8, 10], 4)),
             monetary_breaks=sorted(rng.sample([20, 50, 80, 100, 150, 200, 300, 500, 800], 4))),
        dict(event="checkout", window_days=window),  # no revenue on checkout: every monetary is 0
        dict(event="add_to_cart", scoring="natural", window_days=rng.choice([14, 30])),
    ]
    for case in cases:
        params = {k: (",".join(str(x) for x in v) if isinstance(v, list) else v) for k, v in case.items()}
        answer = world.get("/api/v1/models/rfm", as_of=iso(T), **params)
        breaks = None
        if case.get("scoring") == "breaks":
            breaks = {"recency_days": case["recency_breaks"], "frequency": case["frequency_breaks"],
                      "monetary": case["monetary_breaks"]}
        reference, layers = rfm_reference(world, T, case.get("event", "purchase"), "revenue", case.get("window_days"),
                                          case.get("scoring", "quintiles"), breaks)
        text = " ".join(f"{k}={v}" for k, v in params.items()) or "defaults (purchase, revenue, all time, quintiles)"
        question = f"rfm {text} as of {iso(T)} ({label})"
        got = strata_rfm(answer)
        if case.get("scoring") == "natural":
            # Natural breaks on their own, so that a difference there does not hide the buyers,
            # layers and means.
            mismatches.check(world, question + f": natural break points ({len(layers)} buyers)", got.pop("break_points"),
                             reference.pop("break_points"))
        mismatches.check(world, question, got, reference)


# -- scoring ------------------------------------------------------------------------------------

def attributes(world, T):
    """profile -> computed attributes as of T, for every profile first seen before T."""
    rows = world.sql(f"""
        SELECT profile,
               count(DISTINCT day) AS active_days,
               count(*) FILTER (WHERE kind IN {BEHAVIOUR}) AS event_count,
               count(*) FILTER (WHERE kind = 'track' AND event IN ('purchase', 'Order Completed')) AS purchase_count,
               coalesce(sum(revenue), 0) AS revenue,
               max(ts) AS last_seen
        FROM events WHERE ts < ? GROUP BY profile""", T)
    return {r[0]: {"active_days": r[1], "event_count": r[2], "purchase_count": r[3],
                   "revenue": Fraction(round(r[4] * 100), 100), "recency": Fraction(T - r[5], DAY_MS)} for r in rows}


def factor_values(world, T, factor, population, attrs):
    """profile -> value (absent when the profile has none)."""
    if "did" in factor:
        days = factor.get("within_days")
        start = world.calendar.window(T, days)[0] if days else -(2**62)
        counts = dict(world.sql("SELECT profile, count(*) FROM events WHERE kind = 'track' AND event = ? "
                                "AND ts >= ? AND ts < ? GROUP BY profile", factor["did"], start, T))
        return {p: Fraction(counts.get(p, 0)) for p in population}
    name = factor["attribute"]
    if name in ("active_days", "event_count", "purchase_count", "revenue", "recency"):
        return {p: Fraction(attrs[p][name]) for p in population}
    column = name[len("trait."):] if name.startswith("trait.") else name
    values = dict(world.sql(f"SELECT profile, {column} FROM traits WHERE {column} IS NOT NULL"))
    return {p: Fraction(values[p]) for p in population if p in values}


def normalise(values, method, invert):
    if not values:
        return {}
    if method == "rank":
        ordered = sorted(values.values())
        n = len(ordered)
        out = {p: Fraction(bisect.bisect_left(ordered, v), n - 1) if n > 1 else Fraction(0)
               for p, v in values.items()}
    else:
        low, high = min(values.values()), max(values.values())
        out = {p: (v - low) / (high - low) if high > low else Fraction(0) for p, v in values.items()}
    if invert:
        out = {p: 1 - x for p, x in out.items()}
    return out


def round_half_up(x, digits):
    scale = 10 ** digits
    return math.floor(x * scale + 0.5) / scale


def scores(world, T, model, attrs):
    """profile -> exact score (a Fraction) of every profile first seen before T."""
    population = list(attrs)
    total_weight = sum(Fraction(f["weight"]).limit_denominator(10**6) for f in model["factors"])
    out = {p: Fraction(0) for p in population}
    for factor in model["factors"]:
        invert = factor.get("invert", factor.get("attribute") == "recency")
        normalised = normalise(factor_values(world, T, factor, population, attrs), factor.get("normalise", "min_max"),
                               invert)
        weight = Fraction(factor["weight"]).limit_denominator(10**6)
        for p, x in normalised.items():
            out[p] += weight * x
    return {p: 100 * s / total_weight for p, s in out.items()}


def tier_answer(score, tiers):
    """Tier sizes, mean scores (to 0.1) and the histogram of scores in tenths."""
    ordered = sorted(tiers, key=lambda t: -t["min_score"])
    members = {t["name"]: [] for t in tiers}
    for s in score.values():
        for t in ordered:
            if s >= Fraction(t["min_score"]).limit_denominator(10**6):
                members[t["name"]].append(s)
                break
    histogram = [0] * 10
    for s in score.values():
        histogram[min(9, int(s // 10))] += 1
    sizes = {t["name"]: len(members[t["name"]]) for t in tiers}
    means = {t["name"]: round_half_up(float(sum(members[t["name"]]) / len(members[t["name"]])), 1)
             if members[t["name"]] else 0 for t in tiers}
    return sizes, means, histogram


def clear_tiers(score, tiers, margin=0.06):
    """The tiers with each min_score above 0 moved (by 0.01 steps, nearest first) to where no
    profile's exact score is within `margin`: a second comparison whose tier sizes cannot hinge
    on how a double rounds a score that is exactly at a cut (the reference computes in
    fractions)."""
    ordered = sorted(float(s) for s in score.values())
    def clear(x):
        i = bisect.bisect_left(ordered, x - margin)
        return i == len(ordered) or ordered[i] > x + margin
    out = []
    for t in tiers:
        m = t["min_score"]
        if m > 0:
            for step in range(0, 2000):
                for cand in (m + step * 0.01, m - step * 0.01):
                    if 0 < cand < 100 and clear(cand):
                        m = round(cand, 2)
                        break
                else:
                    continue
                break
        out.append({"name": t["name"], "min_score": m})
    return out


def scoring_models(rng):
    tiers3 = [{"name": "high", "min_score": 70}, {"name": "medium", "min_score": 40}, {"name": "low", "min_score": 0}]
    cut = rng.choice([20, 25, 30, 35])
    return [
        # The README's example, as written (recency inverted by default, rank normalisation).
        {"name": "engagement",
         "factors": [{"attribute": "active_days", "weight": 3, "normalise": "rank"},
                     {"did": "purchase", "within_days": 30, "weight": 4},
                     {"attribute": "recency", "weight": 3, "normalise": "rank"}],
         "tiers": tiers3},
        # Min-max only: counts, money, a windowed event count, recency (default inverted).
        {"name": "value_mm",
         "factors": [{"attribute": "event_count", "weight": 2},
                     {"attribute": "revenue", "weight": rng.choice([1, 2, 3])},
                     {"did": "view_item", "within_days": rng.choice([7, 14, 30]), "weight": 1.5},
                     {"attribute": "recency", "weight": 2}],
         "tiers": [{"name": "top", "min_score": cut + 20}, {"name": "mid", "min_score": cut},
                   {"name": "rest", "min_score": 0}]},
        # Explicit inversion of a count, an all-time event count, recency not inverted.
        {"name": "risk_mm",
         "factors": [{"attribute": "purchase_count", "weight": 2, "invert": True},
                     {"did": "app_open", "weight": 1},
                     {"attribute": "recency", "weight": 1, "invert": False}],
         "tiers": [{"name": "at_risk", "min_score": 60}, {"name": "watch", "min_score": 30},
                   {"name": "fine", "min_score": 0}]},
        # Rank on integer counts with many ties, and the active-days attribute.
        {"name": "habit_rank",
         "factors": [{"attribute": "active_days", "weight": 1, "normalise": "rank"},
                     {"did": "search", "within_days": 30, "weight": 1, "normalise": "rank"}],
         "tiers": [{"name": "habitual", "min_score": 50}, {"name": "casual", "min_score": 0}]},
        # A numeric trait that anonymous profiles lack.
        {"name": "age_mm",
         "factors": [{"attribute": "birth_year", "weight": 1}, {"attribute": "event_count", "weight": 1}],
         "tiers": [{"name": "young_active", "min_score": 60}, {"name": "other", "min_score": 0}]},
    ]


def ask_scoring(world, mismatches, T, label, rng):
    attrs = attributes(world, T)
    for k, model in enumerate(scoring_models(rng)):
        score = scores(world, T, model, attrs)
        if k == 0:
            # The README's example exactly as written: every profile's exact score decides.
            answer = world.post("/api/v1/models/scores/preview", {"model": model, "as_of": iso(T)})
            sizes, means, histogram = tier_answer(score, model["tiers"])
            question = f"scoring model {model} as of {iso(T)} ({label})"
            mismatches.check(world, question + ": tier sizes", {t["name"]: t["size"] for t in answer["tiers"]}, sizes)
            mismatches.check(world, question + ": histogram", [h["users"] for h in answer["histogram"]], histogram)
        # Every model with its cuts moved off the profiles' scores (see clear_tiers).
        model = dict(model, tiers=clear_tiers(score, model["tiers"]))
        answer = world.post("/api/v1/models/scores/preview", {"model": model, "as_of": iso(T)})
        sizes, means, _ = tier_answer(score, model["tiers"])
        question = f"scoring model {model} as of {iso(T)} ({label})"
        mismatches.check(world, question + ": tier sizes", {t["name"]: t["size"] for t in answer["tiers"]}, sizes)
        strata_means = {t["name"]: t["mean_score"] for t in answer["tiers"]}
        mismatches.check(world, question + ": mean scores (within 0.11)",
                         {n: (v if abs(v - means[n]) > 0.11 else means[n]) for n, v in strata_means.items()}, means)


# -- flow ---------------------------------------------------------------------------------------

def flow_reference(before, after, layers, universe):
    """Every profile held now, in its layer as of each day's end or in "(none)"."""
    names = layers + [NONE]
    index = {name: i for i, name in enumerate(names)}
    matrix = [[0] * len(names) for _ in names]
    for p in universe:
        matrix[index[before.get(p, NONE)]][index[after.get(p, NONE)]] += 1
    return {"layers": names, "matrix": matrix}


def ask_flows(world, mismatches, presets, rng):
    cal = world.calendar
    last = cal.day(world.end_ms - 1)
    d1 = rng.randint(last - 40, last - 10)
    d2 = rng.randint(d1 + 1, last - 1)
    T1, T2 = cal.start_of_day(d1 + 1), cal.start_of_day(d2 + 1)
    frm, to = cal.day_text(d1), cal.day_text(d2)
    daily = presets["daily"]
    args = (daily["new_days"], daily["active_days"], daily["silent_days"], daily["churn_days"])
    answer = world.get("/api/v1/flow/lifecycle", **{"from": frm, "to": to})
    mismatches.check(world, f"flow of lifecycle (daily preset) from {frm} to {to} (each as of its day's end)",
                     {"layers": answer["layers"], "matrix": answer["matrix"]},
                     flow_reference(lifecycle(world, T1, *args), lifecycle(world, T2, *args), STAGES, world.live))
    answer = world.get("/api/v1/flow/rfm", **{"from": frm, "to": to})
    mismatches.check(world, f"flow of rfm (purchase, revenue, all time) from {frm} to {to} (each as of its day's end)",
                     {"layers": answer["layers"], "matrix": answer["matrix"]},
                     flow_reference(rfm_reference(world, T1)[1], rfm_reference(world, T2)[1], RFM_ORDER, world.live))


def ask_date_as_of(world, mismatches, rng):
    """`as_of` written as a date means the end of that local day (T = the next local midnight)."""
    cal = world.calendar
    day = rng.randint(cal.day(world.end_ms - 1) - 30, cal.day(world.end_ms - 1))
    T = cal.start_of_day(day + 1)
    answer = world.get("/api/v1/models/lifecycle", as_of=cal.day_text(day), preset="daily")
    th = answer["thresholds"]
    mismatches.check(world, f"lifecycle preset=daily as_of={cal.day_text(day)} (a date: as of {iso(T)})",
                     {"as_of": answer["as_of"], "layers": {l["name"]: l["size"] for l in answer["layers"]}},
                     {"as_of": iso(T), "layers": sizes(lifecycle(world, T, th["new_days"], th["active_days"],
                                                                 th["silent_days"], th["churn_days"]), STAGES)})
    answer = world.get("/api/v1/models/rfm", as_of=cal.day_text(day))
    mismatches.check(world, f"rfm (defaults) as_of={cal.day_text(day)} (a date: as of {iso(T)})",
                     dict(strata_rfm(answer), as_of=answer["as_of"]), dict(rfm_reference(world, T)[0], as_of=iso(T)))


def ask(world, mismatches):
    rng = world.rng
    ask_date_as_of(world, mismatches, rng)
    presets = None
    for label, T in as_of_instants(world, rng):
        presets = ask_lifecycle(world, mismatches, T, label, rng)
        ask_rfm(world, mismatches, T, label, rng)
        ask_scoring(world, mismatches, T, label, rng)
    ask_flows(world, mismatches, presets, rng)
