"""PostHog's Python SDK sending to Strata's PostHog-compatible capture API."""
from posthog import Posthog

from conftest import WRITE_KEY


def client(strata):
    return Posthog(project_api_key=WRITE_KEY, host=strata.url, sync_mode=True,
                   disable_geoip=True, feature_flags_request_timeout_seconds=1)


def test_capture_set_identify_and_alias(strata):
    posthog = client(strata)
    posthog.capture("signed_up", distinct_id="ph-anon-1", properties={"plan": "free"})
    posthog.capture("$pageview", distinct_id="ph-anon-1", properties={"$current_url": "https://example.com/"})
    posthog.capture("$identify", distinct_id="ph-user-1",
                    properties={"$anon_distinct_id": "ph-anon-1", "$set": {"email": "ph@example.com"}})
    posthog.set(distinct_id="ph-user-1", properties={"city": "Chengdu"})
    posthog.alias(previous_id="ph-user-1", distinct_id="ph-email-1")
    posthog.capture("purchase", distinct_id="ph-email-1", properties={"revenue": 9.9})
    posthog.flush()
    posthog.shutdown()

    profile = strata.user("ph-user-1")
    assert profile["user_id"] == "ph-user-1"
    assert profile["traits"]["email"] == "ph@example.com"
    assert profile["traits"]["city"] == "Chengdu"
    assert strata.user("ph-anon-1")["uid"] == profile["uid"]
    assert strata.user("ph-email-1")["uid"] == profile["uid"]
    names = [e["event"] for e in strata.timeline("ph-user-1")]
    assert "signed_up" in names and "$page" in names and "purchase" in names, names
    assert strata.user("ph-user-1")["computed"]["purchase_count"] == 1
    assert strata.stats()["users"] == 1
