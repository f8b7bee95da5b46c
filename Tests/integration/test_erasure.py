"""Erasure through kill -9: a person with an e-mail, a phone and an openid across two merged
anonymous ids, with 30,000 events, a campaign message, an inbox item, a tag and a quarantined
message, is erased; the server is killed with -9 while the job runs, restarted, and the job
resumes and finishes. Then:

- the database file, its WAL and the server's log hold 0 occurrences of any of their ids or
  addresses (the bytes are scanned);
- re-sent events for them are refused;
- the counts in reports drop by exactly their contribution.

Expected counts are computed from the messages this test sent, not from Strata's answers.
"""
import json
import os
import shutil
import sqlite3
import tempfile
import time

import requests

from conftest import Server, wait_for

PERSON = "crash-erase-9b1c"
ANONYMOUS = ["crash-anon-e1", "crash-anon-e2"]
EMAIL = "crash.erase.9b1c@example.com"
PHONE = "+8613700001111"
OPENID = "oCRASHERASE9b1cOpenId"
IDENTIFIERS = [PERSON, *ANONYMOUS, EMAIL, PHONE, OPENID]
PERSON_EVENTS = 30_000          # tracks by the person (a tenth of them purchases)
OTHERS = 40                     # other users, gold too
OTHER_EVENTS = 50               # tracks each (a fifth of them purchases)
DAY = "2026-10-0{}T{:02d}:{:02d}:00Z"


def person_messages():
    """The person: two anonymous visits merged by identifies, traits, then their tracks."""
    messages = [
        {"type": "track", "anonymousId": ANONYMOUS[0], "event": "page_view", "messageId": "pe-a1",
         "timestamp": "2026-10-01T00:00:00Z"},
        {"type": "identify", "userId": PERSON, "anonymousId": ANONYMOUS[0], "messageId": "pe-i1",
         "timestamp": "2026-10-01T00:01:00Z",
         "traits": {"email": EMAIL, "phone": PHONE, "wechat_openid": OPENID, "plan": "gold"}},
        {"type": "track", "anonymousId": ANONYMOUS[1], "event": "page_view", "messageId": "pe-a2",
         "timestamp": "2026-10-02T00:00:00Z"},
        {"type": "identify", "userId": PERSON, "anonymousId": ANONYMOUS[1], "messageId": "pe-i2",
         "timestamp": "2026-10-02T00:01:00Z"},
    ]
    for i in range(PERSON_EVENTS):
        purchase = i % 10 == 0
        messages.append({"type": "track", "userId": PERSON, "event": "purchase" if purchase else "view",
                         "messageId": f"pe-{i}", "properties": {"revenue": 7} if purchase else {"n": i},
                         "timestamp": DAY.format(1 + i % 7, (i // 60) % 24, i % 60)})
    return messages


def other_messages():
    messages = []
    for u in range(OTHERS):
        messages.append({"type": "identify", "userId": f"other-{u}", "messageId": f"oi-{u}",
                         "timestamp": "2026-10-01T00:00:00Z", "traits": {"plan": "gold", "email": f"o{u}@example.org"}})
        for i in range(OTHER_EVENTS):
            purchase = i % 5 == 0
            messages.append({"type": "track", "userId": f"other-{u}", "event": "purchase" if purchase else "view",
                             "messageId": f"oe-{u}-{i}", "properties": {"revenue": 3} if purchase else {},
                             "timestamp": DAY.format(1 + i % 7, u % 24, i % 60)})
    return messages


def send(server, messages):
    """Sends in batches of 500; returns the summed accepted count and the rejection codes."""
    accepted, codes = 0, []
    for start in range(0, len(messages), 500):
        response = server.post_segment("/v1/batch", {"batch": messages[start:start + 500]}, timeout=60)
        assert response.status_code == 200, response.text
        body = response.json()
        accepted += body["accepted"]
        codes += [r["code"] for r in body.get("rejected", [])]
    return accepted, codes


def counts(server):
    """Stored events, purchases and revenue (trend over October), members of gold."""
    stats = server.stats()
    params = {"event": "purchase", "from": "2026-10-01", "to": "2026-10-31"}
    purchases = server.admin_json("/api/v1/reports/trend", **params)["total"]["total"]
    revenue = server.admin_json("/api/v1/reports/trend", measure="sum:revenue", **params)["total"]["total"]
    gold = server.admin_json("/api/v1/segments/gold")["size"]
    return {"events": stats["events"], "purchases": purchases, "revenue": revenue, "gold": gold}


def job_state(database_path, job):
    """The job's state and step as stored, read from a copy of the files (the server is dead)."""
    scratch = tempfile.mkdtemp(prefix="strata-erase-copy-")
    try:
        for suffix in ("", "-wal"):
            if os.path.exists(database_path + suffix):
                shutil.copy(database_path + suffix, os.path.join(scratch, "strata.sqlite" + suffix))
        connection = sqlite3.connect(os.path.join(scratch, "strata.sqlite"))
        try:
            return connection.execute("SELECT state, step FROM erasures WHERE job = ?", (job,)).fetchone()
        finally:
            connection.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_erasure_survives_kill_9_and_leaves_no_bytes():
    data_dir = tempfile.mkdtemp(prefix="strata-erase-")
    server = Server(data_dir, extra_args=["--erasure-batch", "20", "--quiet-hours", "off", "--daily-cap", "off"])
    database = os.path.join(data_dir, "strata.sqlite")
    try:
        server.start()
        person, others = person_messages(), other_messages()
        assert send(server, others)[0] == len(others)
        assert send(server, person)[0] == len(person)
        # One message naming the person is quarantined (its time is unreadable).
        bad = {"type": "track", "userId": PERSON, "event": "view", "messageId": "pe-bad", "timestamp": "soon"}
        assert server.post_segment("/v1/batch", {"batch": [bad]}).json()["rejected"][0]["code"] == "invalid_timestamp"

        assert server.admin_send("POST", "/api/v1/segments", {"name": "gold", "text": "plan = gold"}).status_code == 201
        assert server.admin_send("POST", "/api/v1/tags", {"name": "VIP"}).status_code == 201
        assert server.admin_send("POST", "/api/v1/tags/VIP/members", {"user_ids": [PERSON, "other-1"]}).status_code == 200
        campaign = {"name": "hello", "description": "hello gold", "purpose": "activation", "holdout": 0,
                    "audience": {"segment": "gold"}, "schedule": {"type": "once", "at": "2020-01-01T00:00:00Z"},
                    "variants": [{"name": "A", "messages": {"inbox": {"title": "Hi", "body": "Hello {{traits.plan}}"}}}]}
        response = server.admin_send("POST", "/api/v1/campaigns", campaign)
        assert response.status_code == 201, response.text
        assert server.admin_send("POST", "/api/v1/campaigns/hello/launch").status_code == 200
        assert wait_for(lambda: server.admin_json("/api/v1/campaigns/hello")["status"] == "completed", timeout=30)
        assert server.admin_json("/api/v1/campaigns/hello")["messages"]["sent"] == OTHERS + 1

        # What the person contributed, from what was sent.
        person_tracks = [m for m in person if m["type"] == "track"]
        mine = {"events": len(person),
                "purchases": sum(1 for m in person_tracks if m["event"] == "purchase"),
                "revenue": sum(m.get("properties", {}).get("revenue", 0) for m in person_tracks
                               if m["event"] == "purchase"),
                "gold": 1}
        before = counts(server)
        assert before["events"] == len(person) + len(others)

        response = server.admin_send("DELETE", f"/api/v1/users/{PERSON}")
        assert response.status_code == 202, response.text
        job = response.json()["job"]
        assert response.headers["Location"] == f"/api/v1/deletions/{job}"
        time.sleep(0.3)
        server.kill()
        state = job_state(database, job)
        assert state is not None and state[0] == "running", f"the kill -9 should land mid-job, found {state}"

        # Restarted, the job resumes by itself and finishes.
        server.start()
        assert wait_for(lambda: server.admin_json(f"/api/v1/deletions/{job}")["state"] == "done", timeout=120)
        done = server.admin_json(f"/api/v1/deletions/{job}")
        assert done["removed"]["events"] <= len(person)  # some went before the kill

        for user in [PERSON, *ANONYMOUS]:
            assert server.admin(f"/api/v1/users/{user}").status_code == 404
        after = counts(server)
        for key, value in mine.items():
            assert after[key] == before[key] - value, f"{key}: {before[key]} - {value} != {after[key]}"

        # Re-sent events are refused (not stored, not quarantined); asking again gives the same job.
        accepted, codes = send(server, person[:2000] + [bad])
        assert accepted == 0 and codes == ["erased"] * 2001, set(codes)
        assert counts(server)["events"] == after["events"]
        again = server.admin_send("DELETE", f"/api/v1/users/{PERSON}")
        assert again.status_code == 200 and again.json()["job"] == job

        server.stop()
        scanned = 0
        for name in sorted(os.listdir(data_dir)):
            path = os.path.join(data_dir, name)
            if not (name.startswith("strata.sqlite") or name.endswith(".log")):
                continue
            with open(path, "rb") as f:
                content = f.read()
            scanned += len(content)
            for identifier in IDENTIFIERS:
                assert content.count(identifier.encode()) == 0, f"{identifier} is still in {name}"
        with open(database, "rb") as f:
            assert b"o7@example.org" in f.read(), "the scan reads what is stored: other people are there"
        assert scanned > 1_000_000
    finally:
        server.stop()
        print(f"--- strata serve log (last lines) ---\n{server.log_tail()}")
        shutil.rmtree(data_dir, ignore_errors=True)
