"""Segment's official Python SDK (PyPI `segment-analytics-python`) sending to Strata by changing
only its host, read back through the admin API. Also the bare Segment HTTP tracking API, for
senders without an SDK."""
import gzip
import json

import pytest
import requests
import segment.analytics as analytics

from conftest import by_name


@pytest.fixture
def errors():
    """Every upload the SDK gave up on (it never raises from track/identify)."""
    return []


@pytest.fixture
def sdk(strata, errors):
    """The module-level Segment client, pointed at the test server."""
    analytics.write_key = strata.write_key
    analytics.host = strata.url
    analytics.sync_mode = False
    analytics.gzip = False
    analytics.max_retries = 2
    analytics.send = True
    analytics.on_error = lambda error, batch: errors.append((error, batch))
    analytics.default_client = None
    try:
        yield analytics
    finally:
        client = analytics.default_client
        if client is not None:
            client.flush()
            if client.consumers:  # (none in sync mode, where the SDK's own join() would fail)
                client.join()
        analytics.default_client = None


def assert_nothing_rejected(strata, errors):
    assert errors == [], errors
    assert strata.quarantine() == []
    assert strata.stats()["quarantined"] == 0


@pytest.mark.parametrize("use_gzip", [False, True], ids=["plain", "gzip"])
def test_identify_track_page_screen_group_alias_read_back(strata, sdk, errors, use_gzip):
    sdk.gzip = use_gzip
    sdk.identify("sdk-user", {"email": "sdk@example.com", "plan": "pro", "city": "Hangzhou", "age": 31})
    _, purchase = sdk.track("sdk-user", "purchase", {"revenue": 42.5, "currency": "CNY", "category": "books"})
    sdk.page("sdk-user", "Docs", "Getting started", {"path": "/docs", "referrer": "https://example.org/"})
    sdk.screen("sdk-user", "App", "Home", {"tab": "feed"})
    sdk.group("sdk-user", "acme", {"name": "Acme", "employees": 12})
    sdk.track(anonymous_id="visitor-1", event="view_item", properties={"category": "toys", "price": 3})
    sdk.alias("visitor-1", "sdk-user")  # alias(previous_id, user_id)
    sdk.flush()
    assert_nothing_rejected(strata, errors)

    # Traits from identify are on the profile.
    profile = strata.user("sdk-user")
    assert profile["user_id"] == "sdk-user"
    assert profile["user_ids"] == ["sdk-user"]
    for key, value in {"email": "sdk@example.com", "plan": "pro", "city": "Hangzhou", "age": 31}.items():
        assert profile["traits"].get(key) == value, profile["traits"]

    # alias merged the previous id into the user: both ids resolve to one profile.
    visitor = strata.user("visitor-1")
    assert visitor["uid"] == profile["uid"]
    assert "visitor-1" in strata.user("sdk-user")["anonymous_ids"]

    # Every call is one stored event on the user's timeline, under the right name.
    timeline = by_name(strata.timeline("sdk-user"))
    assert sorted(timeline) == sorted(["$identify", "purchase", "$page", "$screen", "$group", "view_item", "$alias"])
    assert all(len(events) == 1 for events in timeline.values()), timeline

    stored_purchase = timeline["purchase"][0]
    assert stored_purchase["type"] == "track"
    assert stored_purchase["message_id"] == purchase["messageId"]
    assert stored_purchase["properties"]["revenue"] == 42.5
    assert stored_purchase["properties"]["currency"] == "CNY"
    assert stored_purchase["properties"]["category"] == "books"
    assert stored_purchase["library"].startswith("analytics-python")

    page = timeline["$page"][0]
    assert page["type"] == "page"
    assert page["properties"]["name"] == "Getting started"
    assert page["properties"]["category"] == "Docs"
    assert page["properties"]["path"] == "/docs"

    screen = timeline["$screen"][0]
    assert screen["type"] == "screen"
    assert screen["properties"]["name"] == "Home"
    assert screen["properties"]["tab"] == "feed"

    assert timeline["$group"][0]["type"] == "group"
    assert timeline["$identify"][0]["type"] == "identify"
    assert timeline["$alias"][0]["type"] == "alias"

    # The anonymous visitor's event moved over with the merge.
    view = timeline["view_item"][0]
    assert view["properties"] == {"category": "toys", "price": 3}
    assert view["uid"] == profile["uid"]

    # The events list finds events by name and by either id of the user.
    assert [e["message_id"] for e in strata.events(name="purchase")] == [purchase["messageId"]]
    assert len(strata.events(user="visitor-1")) == 7

    # Behaviour attributes: track, page and screen count as events; purchase and revenue.
    computed = strata.user("sdk-user")["computed"]
    assert computed["event_count"] == 4
    assert computed["purchase_count"] == 1
    assert computed["revenue"] == 42.5
    assert computed["active_days"] == 1
    assert computed["first_seen"] and computed["last_seen"] and computed["first_seen"] <= computed["last_seen"]

    stats = strata.stats()
    assert stats["events"] == 7
    assert stats["users"] == 1
    assert stats["known_users"] == 1
    assert stats["anonymous_users"] == 0


def test_anonymous_visitor_who_identifies_becomes_one_profile(strata, sdk, errors):
    sdk.track(anonymous_id="anon-42", event="app_open",
              context={"campaign": {"source": "wechat", "medium": "social"}})
    sdk.track(anonymous_id="anon-42", event="view_item", properties={"category": "food"})
    sdk.flush()
    anonymous = strata.user("anon-42")
    assert anonymous["user_id"] is None
    assert anonymous["anonymous_ids"] == ["anon-42"]
    assert anonymous["computed"]["event_count"] == 2
    stats = strata.stats()
    assert (stats["users"], stats["known_users"], stats["anonymous_users"]) == (1, 0, 1)

    sdk.identify("member-42", {"name": "Li", "gender": "f"}, anonymous_id="anon-42")
    sdk.track("member-42", "add_to_cart", {"sku": "A-1"})
    sdk.flush()
    assert_nothing_rejected(strata, errors)

    profile = strata.user("member-42")
    assert profile["uid"] == strata.user("anon-42")["uid"] == anonymous["uid"]
    assert profile["user_id"] == "member-42"
    assert profile["anonymous_ids"] == ["anon-42"]
    assert profile["traits"]["name"] == "Li"
    assert profile["computed"]["event_count"] == 3
    # The first touch came in while the visitor was still anonymous; the merge keeps it.
    assert profile["computed"]["first_touch_channel"] == "wechat"
    names = sorted(e["event"] for e in strata.timeline("anon-42"))
    assert names == ["$identify", "add_to_cart", "app_open", "view_item"]
    stats = strata.stats()
    assert (stats["users"], stats["known_users"], stats["anonymous_users"]) == (1, 1, 0)
    assert stats["events"] == 4


def test_a_retried_message_is_stored_once(strata, sdk, errors):
    sdk.track("retry-user", "clicked", {"n": 1}, message_id="fixed-message-id")
    sdk.flush()
    sdk.track("retry-user", "clicked", {"n": 2}, message_id="fixed-message-id")
    sdk.flush()
    assert_nothing_rejected(strata, errors)
    events = strata.timeline("retry-user")
    assert [(e["message_id"], e["properties"]["n"]) for e in events] == [("fixed-message-id", 1)]
    assert strata.user("retry-user")["computed"]["event_count"] == 1
    assert strata.stats()["events"] == 1


def test_sync_mode_delivers_before_returning(strata, sdk, errors):
    sdk.sync_mode = True
    for i in range(5):
        sdk.track("sync-user", "tick", {"i": i})
    # No flush: in sync mode each call has been acknowledged when it returns.
    assert strata.user("sync-user")["computed"]["event_count"] == 5
    assert sorted(e["properties"]["i"] for e in strata.timeline("sync-user")) == [0, 1, 2, 3, 4]


# -- The bare HTTP tracking API (what every SDK speaks, and curl) ---------------------------------

SINGLE_CALLS = [
    ("/v1/identify", {"userId": "http-user", "anonymousId": "http-anon", "traits": {"email": "h@example.com"}},
     "$identify"),
    ("/v1/track", {"userId": "http-user", "event": "Order Completed", "properties": {"revenue": 7}},
     "Order Completed"),
    ("/v1/page", {"userId": "http-user", "name": "Home", "properties": {"path": "/"}}, "$page"),
    ("/v1/screen", {"userId": "http-user", "name": "Feed"}, "$screen"),
    ("/v1/group", {"userId": "http-user", "groupId": "g-1", "traits": {"name": "G"}}, "$group"),
    ("/v1/alias", {"userId": "http-user", "previousId": "http-visitor"}, "$alias"),
]


def test_single_message_endpoints_acknowledge_and_dedupe(strata):
    session = requests.Session()
    for index, (path, body, _) in enumerate(SINGLE_CALLS):
        body = dict(body, messageId=f"http-{index}")
        response = strata.post_segment(path, body, session=session)
        assert response.status_code == 200, (path, response.text)
        assert response.json() == {"success": True, "accepted": 1, "duplicates": 0, "rejected": []}, path
        again = strata.post_segment(path, body, session=session)
        assert again.status_code == 200, (path, again.text)
        assert again.json()["accepted"] == 0 and again.json()["duplicates"] == 1, (path, again.text)

    names = sorted(e["event"] for e in strata.timeline("http-user"))
    assert names == sorted(name for _, _, name in SINGLE_CALLS)
    profile = strata.user("http-user")
    assert profile["traits"]["email"] == "h@example.com"
    assert strata.user("http-anon")["uid"] == profile["uid"]
    assert strata.user("http-visitor")["uid"] == profile["uid"]
    assert strata.stats()["events"] == len(SINGLE_CALLS)


def test_batch_endpoint_with_gzip_and_wrong_key(strata):
    batch = {"batch": [{"type": "track", "userId": "gz-user", "event": "e", "messageId": f"gz-{i}"}
                       for i in range(10)]}
    body = gzip.compress(json.dumps(batch).encode())
    response = requests.post(strata.url + "/v1/batch", data=body, auth=(strata.write_key, ""), timeout=10,
                             headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert response.status_code == 200, response.text
    assert response.json()["accepted"] == 10

    wrong = requests.post(strata.url + "/v1/batch", json={"batch": [{"type": "track", "userId": "x", "event": "e"}]},
                          auth=("not-the-write-key", ""), timeout=10)
    assert wrong.status_code == 401
    assert strata.stats()["events"] == 10
    # ... and the write key does not open the admin API.
    admin = requests.get(strata.url + "/api/v1/stats", headers={"Authorization": f"Bearer {strata.write_key}"},
                         timeout=10)
    assert admin.status_code in (401, 403)
