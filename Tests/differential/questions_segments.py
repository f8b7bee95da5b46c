"""Segment conditions: traits, computed attributes, `did` with counts, property filters and
windows, `not` / `and` / `or`, segment references and tags, each as of three instants.

References follow the README: rules run over every profile held now (traits are their current
values); behaviour counts only events strictly before T; a window of N days as of T is the N
local days ending with the day holding T - 1 ms; `between D1 and D2` are whole local days cut
at T; `Nd` in a time comparison is the first instant of the N-day window; a profile without a
trait matches `!=` and `not in` and nothing else but `not exists`.
"""
from harness import BEHAVIOUR, as_of_instants, iso

EVENTS = ["app_open", "view_item", "search", "add_to_cart", "checkout", "purchase", "share", "sign_in"]


class Rules:
    """Reference member sets of rule conditions as of one instant T."""

    def __init__(self, world, T):
        self.w, self.T, self.cal = world, T, world.calendar
        self.live = world.live

    def did(self, event, low=1, high=None, days=None, between=None, where="TRUE"):
        if days is not None:
            start, end = self.cal.window(self.T, days)
        elif between is not None:
            start, end = self.cal.days_window(self.T, *between)
        else:
            start, end = -(2**62), self.T
        counts = dict(self.w.sql(
            f"SELECT profile, count(*) FROM events WHERE kind = 'track' AND event = ? AND ts >= ? AND ts < ? "
            f"AND ({where}) GROUP BY profile", event, start, end))
        return {p for p in self.live if low <= counts.get(p, 0) <= (high if high is not None else 1 << 62)}

    def trait(self, predicate):
        """Profiles whose trait row satisfies a SQL predicate (profiles without traits have NULLs)."""
        rows = dict(self.w.sql(
            f"SELECT l.profile, coalesce(({predicate}), FALSE) FROM live l LEFT JOIN traits t USING (profile)"))
        return {p for p, ok in rows.items() if ok}

    def computed(self, expression, op, value):
        """Behaviour attributes before T: event_count, purchase_count, revenue, active_days,
        first_seen, last_seen (first and last message of any kind)."""
        values = dict(self.w.sql(f"""
            SELECT l.profile, ({expression}) FROM live l LEFT JOIN (
                SELECT profile,
                       count(*) FILTER (WHERE kind IN {BEHAVIOUR}) AS event_count,
                       count(*) FILTER (WHERE kind = 'track' AND event = 'purchase') AS purchase_count,
                       coalesce(sum(revenue), 0) AS revenue,
                       count(DISTINCT day) AS active_days,
                       min(ts) AS first_seen, max(ts) AS last_seen
                FROM events WHERE ts < ? GROUP BY profile) a USING (profile)""", self.T))
        compare = {">": lambda a, b: a > b, ">=": lambda a, b: a >= b, "<": lambda a, b: a < b,
                   "<=": lambda a, b: a <= b, "=": lambda a, b: a == b}[op]
        return {p for p, v in values.items() if compare(v if v is not None else 0, value)}


def conditions(world, T, rng):
    """(text, reference set) pairs with parameters drawn from `rng`."""
    r = Rules(world, T)
    cal = world.calendar
    cities = [c for (c,) in world.sql("SELECT city FROM traits WHERE city IS NOT NULL GROUP BY city "
                                      "ORDER BY count(*) DESC, city LIMIT 8")]
    c1, c2, c3 = rng.sample(cities, 3)
    n = rng.choice([1, 3, 7, 14, 30])
    m = rng.choice([2, 5, 10, 28, 60])
    k = rng.randint(2, 4)
    year = rng.randint(1970, 2000)
    last = cal.last_day(T)
    d1 = rng.randint(last - 40, last - 2)
    d2 = rng.randint(d1, last + 1)
    category = rng.choice(["books", "electronics", "clothing", "food"])
    out = [
        (f"city = {c1}", r.trait(f"city = '{c1}'")),
        (f"city != {c1}", r.live - r.trait(f"city = '{c1}'")),
        (f"city in ({c1}, {c2})", r.trait(f"city IN ('{c1}', '{c2}')")),
        (f"city not in ({c1}, {c2}, {c3})", r.live - r.trait(f"city IN ('{c1}', '{c2}', '{c3}')")),
        (f"birth_year > {year}", r.trait(f"birth_year > {year}")),
        (f"birth_year <= {year}", r.trait(f"birth_year <= {year}")),
        ("gender exists", r.trait("gender IS NOT NULL")),
        ("gender not exists", r.trait("gender IS NULL")),
        ("email contains 7@", r.trait("email ILIKE '%7@%'")),
        (f"did purchase in {n}d", r.did("purchase", days=n)),
        (f"did view_item >= {k} times in {m}d", r.did("view_item", low=k, days=m)),
        (f"did app_open between 1 and {k} times in {n}d", r.did("app_open", 1, k, days=n)),
        (f"did add_to_cart(category = {category}) in {m}d",
         r.did("add_to_cart", days=m, where=f"category = '{category}'")),
        (f"did purchase(revenue > 80) >= 2 times", r.did("purchase", low=2, where="revenue > 80")),
        (f"did purchase between {cal.day_text(d1)} and {cal.day_text(d2)}", r.did("purchase", between=(d1, d2))),
        (f"did not search in {m}d", r.live - r.did("search", days=m)),
        (f"not did purchase in {n}d", r.live - r.did("purchase", days=n)),
        (f"did view_item >= {k} times in 14d and not did purchase in 30d",
         r.did("view_item", low=k, days=14) - r.did("purchase", days=30)),
        (f"city = {c1} or did share in {n}d", r.trait(f"city = '{c1}'") | r.did("share", days=n)),
        (f"(city in ({c1}, {c2}) or birth_year < {year}) and not (did purchase in {m}d or did checkout in {n}d)",
         (r.trait(f"city IN ('{c1}', '{c2}')") | r.trait(f"birth_year < {year}"))
         - (r.did("purchase", days=m) | r.did("checkout", days=n))),
        (f"event_count >= {k * 5}", r.computed("event_count", ">=", k * 5)),
        (f"purchase_count >= 2", r.computed("purchase_count", ">=", 2)),
        (f"revenue > 200", r.computed("revenue", ">", 200)),
        (f"active_days >= {k}", r.computed("active_days", ">=", k)),
        (f"last_seen >= {n}d", r.computed("last_seen", ">=", cal.window(T, n)[0])),
        (f"last_seen < {m}d", r.computed("last_seen", "<", cal.window(T, m)[0]) & r.computed("first_seen", ">", 0)),
        (f"first_seen >= {cal.day_text(d1)}", r.computed("first_seen", ">=", cal.start_of_day(d1))),
    ]
    return out


def ask(world, mismatches):
    rng = world.rng
    for label, T in as_of_instants(world, rng):
        for text, reference in conditions(world, T, rng):
            mismatches.check(world, f"segment size of `{text}` as of {iso(T)} ({label})",
                             world.segment_size(text, T), len(reference))
        # Members, segment references and tags: saved segments read back through the export.
        r = Rules(world, T)
        n = rng.choice([7, 14, 30])
        base_text, base = f"did view_item >= 2 times in {n}d", r.did("view_item", low=2, days=n)
        world.post("/api/v1/segments", {"name": "diff_base", "text": base_text})
        world.post("/api/v1/segments", {"name": "diff_ref", "text": "in segment diff_base and not did purchase in 30d"})
        ref = base - r.did("purchase", days=30)
        mismatches.check(world, f"members of `{base_text}` as of {iso(T)} ({label})",
                         world.segment_members("diff_base", T), base)
        mismatches.check(world, f"members of `in segment diff_base and not did purchase in 30d` as of {iso(T)} ({label})",
                         world.segment_members("diff_ref", T), ref)
        tagged = set(rng.sample(sorted(world.live), 40))
        world.api("DELETE", "/api/v1/tags/diff_tag") if any(
            t["name"] == "diff_tag" for t in world.get("/api/v1/tags")["tags"]) else None
        world.post("/api/v1/tags", {"name": "diff_tag"})
        world.post("/api/v1/tags/diff_tag/members", {"user_ids": sorted(tagged)})
        text = f"has tag diff_tag and did app_open in {n}d"
        mismatches.check(world, f"segment size of `{text}` as of {iso(T)} ({label})",
                         world.segment_size(text, T), len(tagged & r.did("app_open", days=n)))
