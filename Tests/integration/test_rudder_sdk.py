"""RudderStack's Python SDK (gzip on) sending to Strata."""
import rudderstack.analytics as rudder_analytics

from conftest import WRITE_KEY


def test_identify_track_page_with_gzip(strata):
    errors = []
    rudder_analytics.write_key = WRITE_KEY
    rudder_analytics.dataPlaneUrl = strata.url
    rudder_analytics.host = strata.url
    rudder_analytics.gzip = True
    rudder_analytics.sync_mode = False
    rudder_analytics.on_error = lambda error, batch: errors.append(error)
    rudder_analytics.default_client = None

    rudder_analytics.identify("rudder-user", {"name": "Zhang", "city": "Wuhan"})
    rudder_analytics.track("rudder-user", "checkout", {"revenue": 15})
    rudder_analytics.page("rudder-user", "Shop", "Cart", {"path": "/cart"})
    rudder_analytics.flush()
    assert errors == []

    profile = strata.user("rudder-user")
    # RudderStack puts identify traits in context.traits: they must land on the profile.
    assert profile["traits"]["name"] == "Zhang"
    assert profile["traits"]["city"] == "Wuhan"
    assert profile["computed"]["revenue"] == 15
    names = sorted(e["event"] for e in strata.timeline("rudder-user"))
    assert names == ["$identify", "$page", "checkout"]
