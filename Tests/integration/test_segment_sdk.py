"""Segment's official Python SDK (segment-analytics-python) sending to Strata."""
import segment.analytics as analytics

from conftest import WRITE_KEY


def configure(strata):
    errors = []
    analytics.write_key = WRITE_KEY
    analytics.host = strata.url
    analytics.sync_mode = False
    analytics.on_error = lambda error, batch: errors.append(error)
    analytics.default_client = None
    return errors


def test_identify_track_page_group_alias_arrive_and_read_back(strata):
    errors = configure(strata)
    analytics.identify("sdk-user", {"email": "sdk@example.com", "plan": "pro", "city": "Hangzhou"})
    analytics.track("sdk-user", "purchase", {"revenue": 42.5, "category": "books"})
    analytics.page("sdk-user", "Docs", "Getting started", {"path": "/docs"})
    analytics.group("sdk-user", "acme", {"name": "Acme"})
    analytics.track(anonymous_id="visitor-1", event="view_item", properties={"category": "toys"})
    analytics.alias("visitor-1", "sdk-user")
    analytics.flush()
    assert errors == []

    profile = strata.user("sdk-user")
    assert profile["traits"]["email"] == "sdk@example.com"
    assert profile["traits"]["city"] == "Hangzhou"
    assert profile["computed"]["purchase_count"] == 1
    assert profile["computed"]["revenue"] == 42.5
    # alias merged the visitor's history into the user
    assert strata.user("visitor-1")["uid"] == profile["uid"]
    assert "visitor-1" in profile["anonymous_ids"] or "visitor-1" in strata.user("sdk-user")["anonymous_ids"]
    names = [e["event"] for e in strata.timeline("sdk-user")]
    for expected in ["$identify", "purchase", "$page", "$group", "view_item", "$alias"]:
        assert expected in names, names
    page = next(e for e in strata.timeline("sdk-user") if e["event"] == "$page")
    assert page["properties"]["name"] == "Getting started"
    assert page["properties"]["path"] == "/docs"
    assert page["library"].startswith("analytics-python")
    assert strata.stats()["events"] == 6


def test_anonymous_visitor_who_identifies_becomes_one_profile(strata):
    errors = configure(strata)
    analytics.track(anonymous_id="anon-42", event="app_open")
    analytics.track(anonymous_id="anon-42", event="view_item", properties={"category": "food"})
    analytics.flush()
    assert strata.user("anon-42")["user_id"] is None
    analytics.identify("member-42", {"name": "Li"}, anonymous_id="anon-42")
    analytics.track("member-42", "add_to_cart")
    analytics.flush()
    assert errors == []
    profile = strata.user("member-42")
    assert profile["uid"] == strata.user("anon-42")["uid"]
    assert profile["computed"]["event_count"] == 3
    assert strata.stats()["users"] == 1


def test_a_retried_batch_is_stored_once(strata):
    configure(strata)
    analytics.track("retry-user", "clicked", message_id="fixed-message-id")
    analytics.flush()
    analytics.track("retry-user", "clicked", message_id="fixed-message-id")
    analytics.flush()
    assert strata.user("retry-user")["computed"]["event_count"] == 1
