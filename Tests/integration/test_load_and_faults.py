"""Load and fault test: the server stays up and fair while it is pushed and attacked.

Eight clients send batches of unique messages while three others run the heaviest reports and
segment previews in a loop. Midway, one client sends each known malicious input once. Then:

- the server still answers /health;
- every acknowledged message is stored exactly once (the store's count equals the acknowledged
  ones, and re-sending a tenth of the batches stores nothing more);
- ingestion's p99 with the reports and the attacker stays under 4x its p99 with the same eight
  senders alone (both measured here);
- every malicious request got its 4xx, and reports over the budget were refused with a 400.

Bounded in time (about a minute on two cores) and loopback only. Prints its figures.
"""
import gzip
import random
import threading
import time

import pytest
import requests

from conftest import running_server

BATCHES_PER_CLIENT = 150
MESSAGES_PER_BATCH = 50
CLIENTS = 8


def batch_body(client, number):
    start = 1_790_000_000_000 + number * 1000
    return {"batch": [
        {"type": "track", "userId": f"u{(client * 7919 + number * 31 + i) % 2000}",
         "event": random.choice(["view_item", "add_to_cart", "checkout", "purchase"]),
         "properties": {"category": random.choice(["books", "toys", "food"]), "revenue": 10},
         "messageId": f"load-{client}-{number}-{i}",
         "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime((start + i) / 1000))}
        for i in range(MESSAGES_PER_BATCH)]}


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))]


def send_batches(strata, client, numbers, latencies, acknowledged, errors):
    session = requests.Session()
    for number in numbers:
        body = batch_body(client, number)
        started = time.perf_counter()
        response = strata.post_segment("/v1/batch", body, session=session, timeout=30)
        latencies.append(time.perf_counter() - started)
        if response.status_code == 200:
            acknowledged.append(len(body["batch"]))
        else:
            errors.append((response.status_code, response.text[:200]))


MALICIOUS = [
    # (label, method, path, kwargs, expected status)
    ("60 KB of 'not' in a rule", "POST", "/api/v1/segments/preview",
     {"json": {"text": "not " * 15_000 + "city = x"}}, 400),
    ("rule JSON nested 3,000 deep", "POST", "/api/v1/segments/preview",
     {"data": '{"rule": ' + '{"not": ' * 3_000 + '{"tag": "x"}' + "}" * 3_001}, 400),
    ("a batch nested 100,000 arrays deep", "POST", "/v1/batch", {"data": "[" * 100_000 + "]" * 100_000, "write": True}, 400),
    ("a 10 MB body", "POST", "/v1/batch", {"data": "x" * (10 << 20), "write": True}, 413),
    ("a gzip bomb (100 MB of zeros)", "POST", "/v1/batch",
     {"data": gzip.compress(b"0" * (100 << 20)), "headers": {"Content-Encoding": "gzip"}, "write": True}, 413),
    ("a campaign template nested 5,000 sections", "POST", "/api/v1/campaigns",
     {"json": {"name": "evil", "variants": [{"name": "A", "messages": {"inbox": {
         "title": "t", "body": "{{#a}}" * 5_000 + "{{/a}}" * 5_000}}}]}}, 400),
    ("a CSV line of 1 MB", "POST", "/api/v1/tags/evil/members",
     {"data": "x" * (1 << 20), "headers": {"Content-Type": "text/csv"}}, 400),
    ("ten years of hourly distinct users by 50 values (over the budget)", "GET", "/api/v1/reports/trend",
     {"params": {"event": "view_item", "measure": "users", "breakdown": "property:category", "top": "50",
                 "unit": "hour", "from": "2016-10-01", "to": "2026-09-29", "as_of": "2026-09-30"}}, 400),
]


def send_malicious(strata, outcomes):
    for label, method, path, kwargs, expected in MALICIOUS:
        kwargs = dict(kwargs)
        auth = (strata.write_key, "") if kwargs.pop("write", False) else None
        headers = kwargs.pop("headers", {})
        if not auth:
            headers["Authorization"] = f"Bearer {strata.secret_key}"
        if "data" in kwargs and "Content-Type" not in headers:
            headers["Content-Type"] = "application/json"
        try:
            response = requests.request(method, strata.url + path, auth=auth, headers=headers, timeout=60, **kwargs)
            outcomes.append((label, expected, response.status_code, response.text[:300]))
        except requests.RequestException as error:
            outcomes.append((label, expected, None, str(error)))


def run_reports(strata, stop, counts):
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {strata.secret_key}"
    questions = [
        ("GET", "/api/v1/reports/retention", {"params": {"periods": "30"}}),
        ("GET", "/api/v1/reports/funnel", {"params": {"steps": "view_item,add_to_cart,checkout,purchase", "window": "24h"}}),
        ("GET", "/api/v1/reports/trend", {"params": {"event": "view_item", "measure": "users", "breakdown": "property:category",
                                                    "unit": "hour"}}),
        ("POST", "/api/v1/segments/preview", {"json": {"text": "did view_item >= 2 times in 30d and not did purchase in 7d"}}),
    ]
    while not stop.is_set():
        method, path, kwargs = random.choice(questions)
        response = session.request(method, strata.url + path, timeout=60, **kwargs)
        counts[response.status_code] = counts.get(response.status_code, 0) + 1


@pytest.fixture
def strata():
    """A server whose report budget is 16 MB, so that the budget shows on a small store."""
    with running_server("strata-load-", ["--report-memory-mb", "16"]) as server:
        yield server


def test_load_and_faults(strata):
    assert strata.admin_send("POST", "/api/v1/tags", {"name": "evil"}).status_code in (200, 201)
    # Quiet: the same eight senders, nothing else running.
    quiet, quiet_acked, quiet_errors = [], [], []
    quiet_senders = [threading.Thread(target=send_batches,
                                      args=(strata, 100 + c, range(30), quiet, quiet_acked, quiet_errors))
                     for c in range(CLIENTS)]
    for thread in quiet_senders:
        thread.start()
    for thread in quiet_senders:
        thread.join(timeout=300)
    assert not quiet_errors, quiet_errors[:3]

    # Load: eight senders, three report loops, one attacker midway.
    latencies, acknowledged, errors, outcomes, report_counts = [], [], [], [], {}
    stop = threading.Event()
    readers = [threading.Thread(target=run_reports, args=(strata, stop, report_counts)) for _ in range(3)]
    senders = [threading.Thread(target=send_batches,
                                args=(strata, c, range(BATCHES_PER_CLIENT), latencies, acknowledged, errors))
               for c in range(CLIENTS)]
    started = time.time()
    for thread in readers + senders:
        thread.start()
    time.sleep(2)
    attacker = threading.Thread(target=send_malicious, args=(strata, outcomes))
    attacker.start()
    for thread in senders:
        thread.join(timeout=300)
    attacker.join(timeout=300)
    stop.set()
    for thread in readers:
        thread.join(timeout=120)
    elapsed = time.time() - started

    # Still up, and nothing lost or doubled.
    assert requests.get(strata.url + "/health", timeout=10).status_code == 200, strata.log_tail()
    assert not errors, f"{len(errors)} batches refused under load: {errors[:3]}"
    # Reports answer, are refused for their budget (400) or find the report queue full (503); never another 5xx.
    assert all(code < 500 or code == 503 for code in report_counts), report_counts
    sent = sum(quiet_acked) + sum(acknowledged)
    stored = strata.stats()["events"]
    assert stored == sent, f"{sent} acknowledged, {stored} stored"
    for client in random.sample(range(CLIENTS), 2):
        for number in random.sample(range(BATCHES_PER_CLIENT), 3):
            assert strata.post_segment("/v1/batch", batch_body(client, number), timeout=30).status_code == 200
    assert strata.stats()["events"] == stored, "a re-sent batch was stored twice"

    # Every malicious request got its 4xx.
    wrong = [(label, expected, got, text) for label, expected, got, text in outcomes if got != expected]
    assert len(outcomes) == len(MALICIOUS) and not wrong, wrong

    quiet_p50, quiet_p99 = percentile(quiet, 50) * 1000, percentile(quiet, 99) * 1000
    load_p50, load_p99 = percentile(latencies, 50) * 1000, percentile(latencies, 99) * 1000
    refused = sum(1 for label, expected, got, _ in outcomes if got == 400 and "budget" in label)
    print(f"\nload and faults: {stored} events stored exactly once in {elapsed:.1f} s under load; "
          f"batch p50/p99 quiet {quiet_p50:.1f}/{quiet_p99:.1f} ms, under load {load_p50:.1f}/{load_p99:.1f} ms "
          f"({load_p99 / quiet_p99:.1f}x); reports answered {report_counts}; reports refused for budget: {refused}; "
          f"malicious inputs: {len(outcomes)} sent, all answered with their 4xx")
    assert load_p99 <= 4 * quiet_p99, \
        f"ingestion p99 {load_p99:.1f} ms under load against {quiet_p99:.1f} ms quiet"
