"""A campaign to 100,000 users through a signed webhook, with the server killed (kill -9) ten
times at random moments while it sends and restarted each time: the send finishes with no
operator action, and at the receiver every eligible user has the message exactly once —
sent = eligible − suppressed − no consent — with every signature valid.

The receiver (webhook_sink.py) keeps each webhook-id once, as the Standard Webhooks scheme
asks receivers to; a message resent after a crash carries the same id and is dropped there.
"""
import base64
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

import requests

from conftest import BINARY, Server, server_env, wait_for

USERS = 100_000
SUPPRESSED = 1_000      # suppressed through the API
NO_CONSENT = 500        # webhook_opt_in = false
KILLS = 10
HERE = os.path.dirname(os.path.abspath(__file__))


def write_users(path):
    with open(path, "w") as f:
        for i in range(USERS):
            traits = {"cohort": "crash-send", "name": f"User {i}"}
            if SUPPRESSED <= i < SUPPRESSED + NO_CONSENT:
                traits["webhook_opt_in"] = False
            f.write(json.dumps({"type": "identify", "userId": f"c{i}", "messageId": f"crash-send-{i}",
                                "timestamp": "2026-11-01T00:00:00Z", "traits": traits}) + "\n")


def start_sink(secret, directory):
    ready = os.path.join(directory, "sink.port")
    process = subprocess.Popen([sys.executable, os.path.join(HERE, "webhook_sink.py"), "--secret", secret,
                                "--ready", ready], stdin=subprocess.DEVNULL)
    port = wait_for(lambda: os.path.exists(ready) and open(ready).read().strip(), timeout=10)
    assert port, "the webhook sink did not start"
    return process, int(port)


def test_interrupted_send_reaches_every_eligible_user_exactly_once():
    directory = tempfile.mkdtemp(prefix="strata-campaign-")
    data_dir = os.path.join(directory, "data")
    secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    sink, sink_port = start_sink(secret, directory)
    server = Server(data_dir, extra_args=["--quiet-hours", "off", "--daily-cap", "off"])
    try:
        users_file = os.path.join(directory, "users.jsonl")
        write_users(users_file)
        subprocess.run([BINARY, "import", users_file, "--data-dir", data_dir], check=True, env=server_env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        server.start(timeout=120)
        assert server.admin_send("POST", "/api/v1/segments", {"name": "crash-send", "text": "cohort = crash-send"}
                                 ).status_code == 201
        response = server.admin_send("POST", "/api/v1/suppressions", {"entries": [
            {"channel": "webhook", "user_id": f"c{i}", "reason": "test"} for i in range(SUPPRESSED)]})
        assert response.status_code == 201, response.text
        response = server.admin_send("PUT", "/api/v1/channels/webhook", {
            "url": f"http://127.0.0.1:{sink_port}/hook", "secrets": [secret], "allow": ["127.0.0.1/32"]})
        assert response.status_code == 200, response.text
        campaign = {"name": "crash-send", "purpose": "activation", "audience": {"segment": "crash-send"},
                    "variants": [{"name": "A", "messages": {"webhook": {}}}],
                    "schedule": {"type": "once", "at": "2026-01-01T00:00:00Z"}}
        assert server.admin_send("POST", "/api/v1/campaigns", campaign).status_code == 201
        response = server.admin_send("POST", "/api/v1/campaigns/crash-send/launch")
        assert response.status_code == 200, response.text

        rng = random.Random(20261125)
        kills = 0
        deadline = time.time() + 900
        while kills < KILLS and time.time() < deadline:
            time.sleep(rng.uniform(0.3, 2.5))
            stats = requests.get(f"http://127.0.0.1:{sink_port}/stats", timeout=10).json()
            if stats["unique"] >= USERS - SUPPRESSED - NO_CONSENT:
                break  # sent everything before all kills happened; the checks below still hold
            server.kill()
            kills += 1
            server.start(timeout=120)
        assert kills >= 3, f"the send finished after only {kills} kills; it should take longer than that"

        def finished():
            response = server.admin("/api/v1/campaigns/crash-send")
            return response.status_code == 200 and response.json()["status"] == "completed" and response.json()
        done = wait_for(finished, timeout=900, interval=1)
        assert done, f"the campaign did not complete: {server.admin('/api/v1/campaigns/crash-send').text}"
        eligible = USERS - SUPPRESSED - NO_CONSENT
        assert done["messages"].get("sent") == eligible, done["messages"]
        assert done["messages"].get("skipped", 0) == 0, done["messages"]

        stats = requests.get(f"http://127.0.0.1:{sink_port}/stats", timeout=30).json()
        assert stats["bad_signatures"] == 0
        assert stats["unique"] == eligible, stats["unique"]
        users = stats["users"]
        assert len(users) == eligible
        assert all(len(ids) == 1 for ids in users.values()), "a user got two different messages"
        print(f"{kills} kills; {stats['received']} requests, {stats['duplicates']} duplicates dropped by id")
    finally:
        server.stop()
        sink.kill()
        sink.wait(timeout=30)
        print(f"--- strata serve log (last lines) ---\n{server.log_tail()}")
        shutil.rmtree(directory, ignore_errors=True)
