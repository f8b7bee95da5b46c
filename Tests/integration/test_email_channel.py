"""Email campaigns against a real SMTP peer (aiosmtpd, smtp_sink.py): a once campaign to a few
imported users through a plaintext relay on 127.0.0.1. Each user with an address receives exactly
one mail, personalised (a Chinese subject with {{traits.name}}, a default for the user without a
name), with one-click unsubscribe headers pointing at Strata, tracked links and the open pixel in
the HTML part; the address the relay refuses with 550 ends failed and is suppressed; the
List-Unsubscribe URL unsubscribes with an RFC 8058 POST (and not with a GET).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

import pytest
import requests

from conftest import BINARY, Server, server_env, wait_for

HERE = os.path.dirname(os.path.abspath(__file__))
SHOP = "https://shop.example.com/deal?x=1&y=2"
SUBJECT = "{{traits.name}}，双十一专属优惠 🎉"

# (user id, name trait or None, email trait or None)
USERS = [
    ("mail-1", "Alice", "alice@example.com"),
    ("mail-2", "王小明", "xiaoming@example.com"),
    ("mail-3", 'Bob "The Builder" <b>', "bob@example.com"),
    ("mail-4", None, "noname@example.com"),
    ("mail-5", "Bounce", "bounce-me@example.com"),
    ("mail-6", "No Address", None),
]
DELIVERABLE = [u for u in USERS if u[2] and not u[2].startswith("bounce")]


def write_users(path):
    with open(path, "w") as f:
        for i, (user_id, name, address) in enumerate(USERS):
            traits = {"cohort": "email-it"}
            if name is not None:
                traits["name"] = name
            if address is not None:
                traits["email"] = address
            f.write(json.dumps({"type": "identify", "userId": user_id, "messageId": f"email-it-{i}",
                                "timestamp": "2026-11-01T00:00:00Z", "traits": traits}, ensure_ascii=False) + "\n")


def start_sink(directory):
    ready = os.path.join(directory, "smtp.port")
    out = os.path.join(directory, "smtp.jsonl")
    process = subprocess.Popen([sys.executable, os.path.join(HERE, "smtp_sink.py"), "--out", out, "--ready", ready],
                               stdin=subprocess.DEVNULL)
    port = wait_for(lambda: os.path.exists(ready) and open(ready).read().strip(), timeout=20)
    if not port:
        process.kill()
        raise AssertionError("the SMTP sink did not start")
    return process, int(port), out


def events(path, kind):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [e for e in (json.loads(line) for line in f if line.strip()) if e["event"] == kind]


def suppressions(server):
    return server.admin_json("/api/v1/suppressions", limit=1000)["suppressions"]


@pytest.fixture
def setup():
    directory = tempfile.mkdtemp(prefix="strata-email-")
    data_dir = os.path.join(directory, "data")
    sink, port, out = start_sink(directory)
    server = Server(data_dir, extra_args=["--quiet-hours", "off", "--daily-cap", "off"])
    try:
        users_file = os.path.join(directory, "users.jsonl")
        write_users(users_file)
        subprocess.run([BINARY, "import", users_file, "--data-dir", data_dir], check=True, env=server_env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        server.start()
        yield server, port, out
    finally:
        server.stop()
        sink.terminate()
        try:
            sink.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sink.kill()
            sink.wait(timeout=10)
        print(f"--- strata serve log (last lines) ---\n{server.log_tail()}")
        shutil.rmtree(directory, ignore_errors=True)


def launch(server, name, segment="email-it"):
    campaign = {"name": name, "purpose": "activation", "audience": {"segment": segment},
                "variants": [{"name": "A", "messages": {"email": {
                    "subject": SUBJECT,
                    "body": "Hi {{traits.name}},\nsee " + SHOP + "\n",
                    "html": "<html><body><p>Hi {{traits.name}}</p>"
                            f'<p><a href="{SHOP.replace("&", "&amp;")}">Shop now</a></p></body></html>',
                    "defaults": {"traits.name": "朋友"}}}}],
                "schedule": {"type": "once", "at": "2026-01-01T00:00:00Z"}}
    response = server.admin_send("POST", "/api/v1/campaigns", campaign)
    assert response.status_code == 201, response.text
    response = server.admin_send("POST", f"/api/v1/campaigns/{name}/launch")
    assert response.status_code == 200, response.text

    def finished():
        response = server.admin(f"/api/v1/campaigns/{name}")
        return response.status_code == 200 and response.json()["status"] == "completed" and response.json()
    done = wait_for(finished, timeout=120, interval=0.25)
    assert done, f"the campaign did not complete: {server.admin(f'/api/v1/campaigns/{name}').text}"
    return done


def test_email_campaign_through_a_real_smtp_peer(setup):
    server, port, out = setup
    assert server.admin_send("POST", "/api/v1/segments", {"name": "email-it", "text": "cohort = email-it"}
                             ).status_code == 201
    response = server.admin_send("PUT", "/api/v1/channels/email", {
        "host": "127.0.0.1", "port": port, "starttls": False, "allow_plaintext": True, "allow": ["127.0.0.1"],
        "from": "Strata Ops <ops@example.com>", "public_url": server.url})
    assert response.status_code == 200, response.text

    done = launch(server, "email-it")
    assert done["messages"].get("sent") == len(DELIVERABLE), done["messages"]
    assert done["messages"].get("failed") == 1, done["messages"]

    mails = events(out, "mail")
    by_recipient = {}
    for mail in mails:
        assert len(mail["rcpt_tos"]) == 1, mail["rcpt_tos"]
        by_recipient.setdefault(mail["rcpt_tos"][0], []).append(mail)
    assert sorted(by_recipient) == sorted(u[2] for u in DELIVERABLE), sorted(by_recipient)
    assert all(len(got) == 1 for got in by_recipient.values()), {k: len(v) for k, v in by_recipient.items()}
    assert len({m["message_id"] for m in mails}) == len(mails), "each mail has its own Message-ID"
    connections = len(events(out, "ehlo"))
    assert 1 <= connections <= len(DELIVERABLE) + 1, "at most one connection per message sent in parallel"

    profiles = {user_id: server.user(user_id) for user_id, _, _ in USERS}
    unsubscribe_urls = {}
    for user_id, name, address in DELIVERABLE:
        mail = by_recipient[address][0]
        expected_name = name if name is not None else "朋友"
        assert mail["defects"] == [], mail["defects"]
        assert mail["mail_from"] == "ops@example.com"
        assert mail["from"] == "Strata Ops <ops@example.com>"
        assert mail["to"] == address
        assert mail["subject"] == f"{expected_name}，双十一专属优惠 🎉", mail["subject"]
        assert mail["content_type"] == "multipart/alternative"

        # RFC 8058 one-click unsubscribe, pointing at Strata's public URL.
        (list_unsubscribe,) = mail["headers"]["list-unsubscribe"]
        assert list_unsubscribe.startswith(f"<{server.url}/u/") and list_unsubscribe.endswith(">"), list_unsubscribe
        assert mail["headers"]["list-unsubscribe-post"] == ["List-Unsubscribe=One-Click"]
        unsubscribe_urls[user_id] = list_unsubscribe[1:-1]

        # The text part as written, personalised; its link is left alone.
        assert f"Hi {expected_name}," in mail["text"], mail["text"]
        assert SHOP in mail["text"]

        # The HTML part: the name escaped, the link tracked through Strata, the pixel before </body>.
        html = mail["html"]
        if name == 'Bob "The Builder" <b>':
            assert "Bob &quot;The Builder&quot; &lt;b&gt;" in html, html
        assert 'href="https://shop.example.com' not in html, html
        assert f'href="{server.url}/c/' in html, html
        pixel = html.find(f'<img src="{server.url}/o/')
        assert pixel != -1 and pixel < html.find("</body>"), html

    # A tracked click redirects to the original target (not followed: it is not on this machine).
    html = by_recipient["alice@example.com"][0]["html"]
    click = html.split(f'href="{server.url}/c/', 1)[1].split('"', 1)[0]
    response = requests.get(f"{server.url}/c/{click}", allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    assert response.headers["Location"] == SHOP
    pixel = html.split(f'<img src="{server.url}/o/', 1)[1].split('"', 1)[0]
    response = requests.get(f"{server.url}/o/{pixel}", timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"] == "image/gif"

    # The refused recipient: no mail, failed, and suppressed as a hard bounce.
    assert [e["address"] for e in events(out, "rcpt_rejected")] == ["bounce-me@example.com"]
    assert "bounce-me@example.com" not in by_recipient
    bounced = [s for s in suppressions(server) if s["address"] == "bounce-me@example.com"]
    assert len(bounced) == 1, suppressions(server)
    assert bounced[0]["channel"] == "email"
    assert "bounce" in bounced[0]["reason"], bounced[0]

    # One-click unsubscribe: a GET (a link scanner) changes nothing; a forged token is refused;
    # the RFC 8058 POST unsubscribes.
    url = unsubscribe_urls["mail-1"]
    before = suppressions(server)
    assert requests.get(url, timeout=10).status_code == 200
    token = url.rsplit("/", 1)[1]
    forged = url[: -len(token)] + ("A" if token[0] != "A" else "B") + token[1:]
    response = requests.post(forged, data="List-Unsubscribe=One-Click", timeout=10,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 404
    assert suppressions(server) == before, "a GET or a forged token unsubscribed someone"
    response = requests.post(url, data="List-Unsubscribe=One-Click", timeout=10,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code == 200, response.text
    after = suppressions(server)
    added = [s for s in after if s not in before]
    uid = int(profiles["mail-1"]["uid"])
    assert {(s["channel"], s["address"]) for s in added} >= {("email", f"uid:{uid}")}, added
    assert all("unsubscribed" in s["reason"] for s in added), added

    # The open, the click and the unsubscribe count in the campaign's results.
    (arm,) = [g for g in server.admin_json("/api/v1/campaigns/email-it/results")["groups"] if g["name"] == "A"]
    assert (arm["sent"], arm["opened"], arm["clicked"], arm["unsubscribed"]) == (len(DELIVERABLE), 1, 1, 1), arm

    # A second campaign to the same segment reaches everyone but the unsubscribed and the bounced.
    launch(server, "email-it-2")
    second = [m for m in events(out, "mail")[len(mails):]]
    assert sorted(m["rcpt_tos"][0] for m in second) == sorted(u[2] for u in DELIVERABLE if u[0] != "mail-1")
    assert len(events(out, "rcpt_rejected")) == 1, "the bounced address was tried again"
    assert len(events(out, "ehlo")) == connections, "the idle connections of the first send were not reused"
