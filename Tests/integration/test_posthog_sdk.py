"""PostHog's Python SDK (PyPI `posthog`, 7.x API) sending to Strata's PostHog-compatible capture
API, read back through the admin API. Also the bare capture endpoints."""
import gzip
import json
import uuid

import pytest
import requests
from posthog import Posthog

from conftest import by_name


@pytest.fixture
def errors():
    return []


@pytest.fixture
def make_client(strata, errors):
    """Builds PostHog clients aimed at the test server: no secret/personal key, so no feature
    flag polling and no /flags calls; every upload failure lands in `errors`."""
    clients = []

    def make(**options):
        settings = dict(project_api_key=strata.write_key, host=strata.url, disable_geoip=True,
                        on_error=lambda error, batch: errors.append((error, batch)),
                        max_retries=1, flush_interval=0.1, feature_flags_request_timeout_seconds=1,
                        enable_exception_autocapture=False)
        settings.update(options)
        client = Posthog(**settings)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.shutdown()


def assert_nothing_rejected(strata, errors):
    assert errors == [], errors
    assert strata.quarantine() == []


@pytest.mark.parametrize("options", [{"sync_mode": True}, {"gzip": True}], ids=["sync", "async-gzip"])
def test_capture_identify_set_and_alias(strata, make_client, errors, options):
    posthog = make_client(**options)
    signed_up = posthog.capture("signed_up", distinct_id="ph-anon-1", properties={"plan": "free", "step": 2})
    posthog.capture("$pageview", distinct_id="ph-anon-1", properties={"$current_url": "https://example.com/pricing"})
    posthog.flush()
    # Before identification the distinct id is an anonymous profile.
    anonymous = strata.user("ph-anon-1")
    assert anonymous["user_id"] is None
    assert anonymous["computed"]["event_count"] == 2

    # posthog-python 7.x has no identify(): the $identify event is captured as posthog-js sends it.
    posthog.capture("$identify", distinct_id="ph-user-1",
                    properties={"$anon_distinct_id": "ph-anon-1", "$set": {"email": "ph@example.com"}})
    posthog.set(distinct_id="ph-user-1", properties={"city": "Chengdu", "plan": "pro"})
    posthog.set_once(distinct_id="ph-user-1", properties={"city": "Beijing", "first_source": "ad"})
    posthog.alias(previous_id="ph-user-1", distinct_id="ph-device-9")
    purchase = posthog.capture("purchase", distinct_id="ph-device-9", properties={"revenue": 9.9, "sku": "X"})
    posthog.flush()
    assert_nothing_rejected(strata, errors)

    profile = strata.user("ph-user-1")
    assert profile["user_id"] == "ph-user-1"
    # $identify merged the anonymous distinct id; alias merged the new one.
    assert strata.user("ph-anon-1")["uid"] == profile["uid"]
    assert strata.user("ph-device-9")["uid"] == profile["uid"]
    assert {"ph-anon-1", "ph-device-9"} <= set(profile["anonymous_ids"])

    # $set traits (on $identify and from set()), and $set_once never overwrites.
    traits = profile["traits"]
    assert traits["email"] == "ph@example.com"
    assert traits["city"] == "Chengdu"
    assert traits["plan"] == "pro"
    assert traits["first_source"] == "ad"

    timeline = by_name(strata.timeline("ph-user-1"))
    assert len(timeline["signed_up"]) == 1 and len(timeline["$page"]) == 1 and len(timeline["purchase"]) == 1
    assert "$pageview" not in timeline  # stored under the Segment name
    assert len(timeline["$alias"]) == 1
    stored = timeline["signed_up"][0]
    assert stored["message_id"] == signed_up  # the SDK's uuid is the message id
    assert stored["properties"]["plan"] == "free" and stored["properties"]["step"] == 2
    assert timeline["$page"][0]["type"] == "page"
    assert timeline["$page"][0]["properties"]["$current_url"] == "https://example.com/pricing"
    assert timeline["purchase"][0]["message_id"] == purchase
    assert timeline["purchase"][0]["properties"]["revenue"] == 9.9

    computed = profile["computed"]
    assert computed["event_count"] == 3  # signed_up, $pageview, purchase
    assert computed["purchase_count"] == 1
    assert computed["revenue"] == 9.9

    stats = strata.stats()
    assert (stats["users"], stats["known_users"], stats["anonymous_users"]) == (1, 1, 0)
    assert stats["quarantined"] == 0


def test_many_events_in_one_batch_and_resent_uuids_dedupe(strata, make_client, errors):
    posthog = make_client(flush_at=50, gzip=True)
    ids = [str(uuid.uuid4()) for _ in range(120)]
    for i, event_uuid in enumerate(ids):
        posthog.capture("tick", distinct_id=f"ph-load-{i % 3}", properties={"i": i}, uuid=event_uuid)
    posthog.flush()
    # The same events again (an SDK retry after a lost response): nothing new is stored.
    for i, event_uuid in enumerate(ids):
        posthog.capture("tick", distinct_id=f"ph-load-{i % 3}", properties={"i": i}, uuid=event_uuid)
    posthog.flush()
    assert_nothing_rejected(strata, errors)
    stored = strata.events(name="tick")
    assert sorted(e["message_id"] for e in stored) == sorted(ids)
    assert [strata.user(f"ph-load-{u}")["computed"]["event_count"] for u in range(3)] == [40, 40, 40]
    assert strata.stats()["events"] == 120


def test_bare_capture_endpoints(strata):
    single = requests.post(strata.url + "/capture/", timeout=10, json={
        "api_key": strata.write_key, "event": "ph_raw", "distinct_id": "ph-raw", "properties": {"a": 1}})
    assert single.status_code == 200, single.text
    assert single.json()["status"] == "Ok"

    body = {"api_key": strata.write_key, "batch": [
        {"event": "ph_raw", "distinct_id": "ph-raw", "properties": {"a": 2}, "uuid": str(uuid.uuid4())},
        {"event": "$pageview", "distinct_id": "ph-raw", "properties": {"$current_url": "https://e.com/"}}]}
    compressed = requests.post(strata.url + "/e/", data=gzip.compress(json.dumps(body).encode()), timeout=10,
                               headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert compressed.status_code == 200, compressed.text
    assert compressed.json()["status"] == "Ok"

    batch = requests.post(strata.url + "/batch/", timeout=10, json={
        "api_key": strata.write_key, "batch": [{"event": "ph_raw", "distinct_id": "ph-raw", "properties": {"a": 3}}]})
    assert batch.status_code == 200, batch.text

    wrong = requests.post(strata.url + "/batch/", timeout=10, json={
        "api_key": "phc_wrong", "batch": [{"event": "ph_raw", "distinct_id": "ph-raw"}]})
    assert wrong.status_code == 401

    events = by_name(strata.timeline("ph-raw"))
    assert sorted(e["properties"]["a"] for e in events["ph_raw"]) == [1, 2, 3]
    assert len(events["$page"]) == 1
    assert strata.stats()["events"] == 4
