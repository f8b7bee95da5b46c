"""kill -9 the server while batches stream in from several threads, several times over the same
data directory: every message acknowledged with 200 survives each crash, a full re-send (as SDK
retries do) stores each message exactly once, and the database passes PRAGMA integrity_check.

Needs only `requests`. Everything is checked through the HTTP API except the integrity check,
which opens the SQLite file with Python's sqlite3 module (a copy of it while the server is dead,
so the check never repairs anything the server itself should recover).
"""
import collections
import glob
import json
import os
import random
import shutil
import sqlite3
import tempfile
import threading
import time

import requests

from conftest import Server

BATCHES = 300        # Segment batches, each with its own messageIds
PER_BATCH = 100      # track messages per batch (identify batches carry two more)
USERS = 37
ROUNDS = 5           # kill -9 rounds before the final re-send
THREADS = 4          # concurrent senders
ROUND_SECONDS = 30   # upper bound on one round's sending
KILL_AFTER = [20, 60, 1, 120, 200]  # acknowledgements in the round before its kill -9


def batch_messages(b):
    """The messages of batch `b`: always the same, so a re-send is an exact retry."""
    messages = [{"type": "track", "userId": f"crash-user-{i % USERS}", "event": "stress",
                 "messageId": f"crash-{b}-{i}", "properties": {"batch": b, "i": i}}
                for i in range(PER_BATCH)]
    if b % 10 == 0:
        # An anonymous visitor acts, then identifies: the merge must survive crashes too.
        messages.append({"type": "track", "anonymousId": f"crash-anon-{b}", "event": "stress_anon",
                         "messageId": f"crash-anon-track-{b}", "properties": {"batch": b}})
        messages.append({"type": "identify", "userId": f"crash-user-{b % USERS}",
                         "anonymousId": f"crash-anon-{b}", "messageId": f"crash-identify-{b}",
                         "traits": {"crash_batch_" + str(b): True}})
    return messages


BODIES = {b: json.dumps({"batch": batch_messages(b)}) for b in range(BATCHES)}
IDS = {b: [m["messageId"] for m in batch_messages(b)] for b in range(BATCHES)}
ALL_IDS = {mid for b in range(BATCHES) for mid in IDS[b]}


def expected_event_counts():
    """Behavioural (track) events per known user once every batch is stored and merged."""
    counts = collections.Counter()
    for b in range(BATCHES):
        for m in batch_messages(b):
            if m["type"] == "track":
                owner = m.get("userId") or f"crash-user-{b % USERS}"  # anonymous tracks merge on identify
                counts[owner] += 1
    return counts


def post_batch(session, server, b, timeout=10):
    return session.post(server.url + "/v1/batch", data=BODIES[b], auth=(server.write_key, ""),
                        headers={"Content-Type": "application/json"}, timeout=timeout)


def stored_message_ids(server):
    """Every stored message id, read page by page from /api/v1/events; fails on any duplicate."""
    events = server.events(max_pages=100)
    ids = collections.Counter(e["message_id"] for e in events)
    duplicated = [mid for mid, n in ids.items() if n > 1]
    assert not duplicated, f"stored more than once: {duplicated[:10]}"
    return set(ids)


def integrity_check(database_path):
    connection = sqlite3.connect(database_path)
    try:
        return [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    finally:
        connection.close()


def integrity_check_of_copy(data_dir, scratch):
    """integrity_check on a copy of the database files left by the crash (WAL included)."""
    shutil.rmtree(scratch, ignore_errors=True)
    os.makedirs(scratch)
    for path in glob.glob(os.path.join(data_dir, "strata.sqlite*")):
        shutil.copy2(path, scratch)
    return integrity_check(os.path.join(scratch, "strata.sqlite"))


class Round:
    """One round of concurrent senders against one server process."""

    def __init__(self, server, order):
        self.server = server
        self.order = order
        self.next = 0
        self.lock = threading.Lock()
        self.acked = set()          # batches acknowledged with 200 in this round
        self.connection_errors = 0  # requests cut off (the kill lands mid-request)
        self.bad = []               # non-200 answers or 200s that rejected messages

    def take(self):
        with self.lock:
            if self.next >= len(self.order):
                return None
            b = self.order[self.next]
            self.next += 1
            return b

    def sender(self, deadline):
        session = requests.Session()
        while time.time() < deadline:
            b = self.take()
            if b is None:
                return
            try:
                response = post_batch(session, self.server, b)
            except requests.RequestException:
                with self.lock:
                    self.connection_errors += 1
                return  # the server is gone; this sender's round is over
            body = response.json() if response.status_code == 200 else None
            with self.lock:
                if response.status_code == 200 and body.get("rejected") == [] \
                        and body.get("accepted", 0) + body.get("duplicates", 0) == len(IDS[b]):
                    self.acked.add(b)
                else:
                    self.bad.append((b, response.status_code, response.text[:300]))


def test_acknowledged_messages_survive_kill_9_and_retries_store_each_once():
    data_dir = tempfile.mkdtemp(prefix="strata-crash-")
    scratch = tempfile.mkdtemp(prefix="strata-crash-copy-")
    server = None
    try:
        acked = set()  # every batch ever acknowledged with 200
        cut_off_requests = 0
        unfinished_rounds = 0
        rng = random.Random(20261124)
        for round_number in range(ROUNDS):
            server = Server(data_dir).start()
            # What was acknowledged before the previous kill -9 is there after the restart.
            if acked:
                stored = stored_message_ids(server)
                lost = {b: sorted(set(IDS[b]) - stored)[:3] for b in acked if not set(IDS[b]) <= stored}
                assert not lost, f"round {round_number}: acknowledged batches lost after kill -9: {lost}"
                assert stored <= ALL_IDS
                assert server.stats()["events"] == len(stored)

            order = list(range(BATCHES))  # every round re-sends everything, like SDK retries
            rng.shuffle(order)
            state = Round(server, order)
            deadline = time.time() + ROUND_SECONDS
            threads = [threading.Thread(target=state.sender, args=(deadline,), daemon=True) for _ in range(THREADS)]
            for thread in threads:
                thread.start()
            target = KILL_AFTER[round_number % len(KILL_AFTER)]
            while time.time() < deadline and any(t.is_alive() for t in threads):
                with state.lock:
                    if len(state.acked) >= target:
                        break
                time.sleep(0.005)
            server.kill()  # kill -9 while the senders are mid-stream
            for thread in threads:
                thread.join(timeout=30)
            assert not any(t.is_alive() for t in threads), "a sender hung after the kill"
            assert state.bad == [], f"round {round_number}: unexpected answers {state.bad[:3]}"
            acked |= state.acked
            cut_off_requests += state.connection_errors
            if state.next < len(order):
                unfinished_rounds += 1
            print(f"round {round_number}: {len(state.acked)} batches acknowledged "
                  f"({len(acked)} in all), {state.connection_errors} requests cut off by kill -9, "
                  f"{len(order) - state.next} never sent")
            problems = integrity_check_of_copy(data_dir, scratch)
            assert problems == ["ok"], f"round {round_number}: database after kill -9: {problems[:5]}"

        assert acked, "no batch was acknowledged before the kills; the test proved nothing"
        assert unfinished_rounds == ROUNDS, "a round finished before its kill; raise BATCHES"
        assert cut_off_requests > 0, "no request was in flight at any kill; the test proved nothing"

        # Restart and re-send every batch (as an SDK retry would) until each is acknowledged.
        server = Server(data_dir).start()
        stored = stored_message_ids(server)
        assert all(set(IDS[b]) <= stored for b in acked), "acknowledged batches lost after the last kill -9"
        session = requests.Session()
        accepted_now = 0
        for b in range(BATCHES):
            response = None
            for _ in range(5):
                try:
                    response = post_batch(session, server, b)
                except requests.RequestException:
                    time.sleep(0.2)
                    continue
                if response.status_code == 200:
                    break
                time.sleep(0.2)
            assert response is not None and response.status_code == 200, \
                f"batch {b} not accepted: {response and response.text[:300]}"
            body = response.json()
            assert body["rejected"] == [], body
            assert body["accepted"] + body["duplicates"] == len(IDS[b]), body
            accepted_now += body["accepted"]
        assert accepted_now == len(ALL_IDS - stored), "the re-send stored something already stored, or missed some"

        # Every message id ever sent is stored exactly once.
        stats = server.stats()
        assert stats["events"] == len(ALL_IDS)
        assert stats["quarantined"] == 0
        assert stored_message_ids(server) == ALL_IDS
        assert len(server.events(name="stress", max_pages=100)) == BATCHES * PER_BATCH

        # Profiles (rebuilt after crashes) count each message once and kept every merge.
        expected = expected_event_counts()
        actual = {u: server.user(u)["computed"]["event_count"] for u in expected}
        assert actual == dict(expected)
        assert stats["users"] == USERS and stats["known_users"] == USERS
        for b in range(0, BATCHES, 10):
            anonymous = server.user(f"crash-anon-{b}")
            assert anonymous["user_id"] == f"crash-user-{b % USERS}", anonymous
        # Spot check: one user's whole timeline, page by page, holds exactly that user's messages.
        owner = "crash-user-5"
        mine = [m["messageId"] for b in range(BATCHES) for m in batch_messages(b)
                if m.get("userId") == owner or (m["type"] == "track" and "anonymousId" in m and b % USERS == 5)]
        timeline = server.events(user=owner, max_pages=20)
        assert sorted(e["message_id"] for e in timeline) == sorted(mine)

        server.stop()
        server = None
        assert integrity_check(os.path.join(data_dir, "strata.sqlite")) == ["ok"]
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
