"""RudderStack's Python SDK (PyPI `rudder-sdk-python`, module `rudderstack.analytics`) with gzip
on, its data plane URL pointed at Strata, read back through the admin API."""
import pytest
import rudderstack.analytics as rudder_analytics
import rudderstack.analytics.request as rudder_request

from conftest import by_name


@pytest.fixture
def uploads(monkeypatch):
    """(url, Content-Encoding) of every upload the SDK makes, to prove gzip is really on."""
    seen = []
    original = rudder_request._session.post

    def post(url, **kwargs):
        seen.append((url, kwargs.get("headers", {}).get("Content-Encoding")))
        return original(url, **kwargs)

    monkeypatch.setattr(rudder_request._session, "post", post)
    return seen


@pytest.fixture
def errors():
    return []


@pytest.fixture
def rudder(strata, errors, uploads):
    rudder_analytics.write_key = strata.write_key
    rudder_analytics.dataPlaneUrl = strata.url
    rudder_analytics.gzip = True
    rudder_analytics.sync_mode = False
    rudder_analytics.max_retries = 2
    rudder_analytics.on_error = lambda error, batch: errors.append((error, batch))
    rudder_analytics.default_client = None
    try:
        yield rudder_analytics
    finally:
        client = rudder_analytics.default_client
        if client is not None:
            client.flush()
            if client.consumers:
                client.join()
        rudder_analytics.default_client = None


def assert_delivered_gzipped(strata, errors, uploads):
    assert errors == [], errors
    assert uploads, "the SDK uploaded nothing"
    assert all(url == strata.url + "/v1/batch" and encoding == "gzip" for url, encoding in uploads), uploads
    assert strata.quarantine() == []


def test_identify_track_page_screen_with_gzip(strata, rudder, errors, uploads):
    rudder.identify("rudder-user", {"name": "Zhang", "city": "Wuhan", "vip": True})
    rudder.track("rudder-user", "checkout", {"revenue": 15, "items": 2})
    rudder.page("rudder-user", "Shop", "Cart", {"path": "/cart"})
    rudder.screen("rudder-user", "App", "Home", {"tab": "me"})
    rudder.flush()
    assert_delivered_gzipped(strata, errors, uploads)

    profile = strata.user("rudder-user")
    # RudderStack puts identify traits in context.traits only: they must land on the profile.
    assert profile["traits"]["name"] == "Zhang"
    assert profile["traits"]["city"] == "Wuhan"
    assert profile["traits"]["vip"] is True

    timeline = by_name(strata.timeline("rudder-user"))
    assert sorted(timeline) == ["$identify", "$page", "$screen", "checkout"]
    assert all(len(events) == 1 for events in timeline.values()), timeline
    checkout = timeline["checkout"][0]
    assert checkout["type"] == "track"
    assert checkout["properties"] == {"revenue": 15, "items": 2}
    page = timeline["$page"][0]
    assert page["properties"]["name"] == "Cart" and page["properties"]["path"] == "/cart"
    assert timeline["$screen"][0]["properties"]["name"] == "Home"

    computed = profile["computed"]
    assert computed["event_count"] == 3
    assert computed["revenue"] == 15
    stats = strata.stats()
    assert (stats["events"], stats["users"], stats["known_users"]) == (4, 1, 1)


def test_anonymous_then_identify_and_alias_with_gzip(strata, rudder, errors, uploads):
    rudder.track(anonymous_id="rudder-anon", event="app_open", properties={"source": "push"})
    rudder.page(anonymous_id="rudder-anon", name="Landing")
    rudder.flush()
    assert strata.user("rudder-anon")["user_id"] is None

    rudder.identify("rudder-member", {"email": "m@example.com"}, anonymous_id="rudder-anon")
    rudder.track(anonymous_id="rudder-device-2", event="app_open")
    rudder.alias("rudder-device-2", "rudder-member")
    rudder.track("rudder-member", "purchase", {"revenue": 30})
    rudder.flush()
    assert_delivered_gzipped(strata, errors, uploads)

    profile = strata.user("rudder-member")
    assert profile["traits"]["email"] == "m@example.com"
    assert strata.user("rudder-anon")["uid"] == profile["uid"]
    assert strata.user("rudder-device-2")["uid"] == profile["uid"]
    assert sorted(profile["anonymous_ids"]) == ["rudder-anon", "rudder-device-2"]
    names = sorted(e["event"] for e in strata.timeline("rudder-member"))
    assert names == ["$alias", "$identify", "$page", "app_open", "app_open", "purchase"]
    assert profile["computed"]["event_count"] == 4
    assert profile["computed"]["purchase_count"] == 1
    stats = strata.stats()
    assert (stats["users"], stats["known_users"], stats["anonymous_users"]) == (1, 1, 0)
