"""kill -9 the server while batches stream in: every acknowledged message survives, and a full
re-send (as SDK retries would do) stores each message exactly once."""
import json
import os
import shutil
import sqlite3
import tempfile
import threading
import time

import requests

from conftest import WRITE_KEY, Server

BATCHES = 400
PER_BATCH = 100
ROUNDS = 3


def batch_body(b):
    messages = [{"type": "track", "userId": f"crash-user-{i % 37}", "event": "stress",
                 "messageId": f"crash-{b}-{i}", "properties": {"batch": b, "i": i}}
                for i in range(PER_BATCH)]
    if b % 10 == 0:
        messages.append({"type": "identify", "userId": f"crash-user-{b % 37}",
                         "anonymousId": f"crash-anon-{b}", "messageId": f"crash-id-{b}",
                         "traits": {"round": b}})
    return json.dumps({"batch": messages})


def message_ids(b):
    ids = {f"crash-{b}-{i}" for i in range(PER_BATCH)}
    if b % 10 == 0:
        ids.add(f"crash-id-{b}")
    return ids


def stored_ids(data_dir):
    connection = sqlite3.connect(os.path.join(data_dir, "strata.sqlite"))
    try:
        rows = connection.execute("SELECT message_id, COUNT(*) FROM events GROUP BY message_id").fetchall()
        assert all(count == 1 for _, count in rows)
        return {message_id for message_id, _ in rows}
    finally:
        connection.close()


def send_until_killed(server, pending, acked, lock, deadline):
    session = requests.Session()
    auth = (WRITE_KEY, "")
    while time.time() < deadline:
        with lock:
            if not pending:
                return
            b = pending.pop()
        try:
            response = session.post(server.url + "/v1/batch", data=batch_body(b), auth=auth, timeout=5,
                                    headers={"Content-Type": "application/json"})
        except requests.RequestException:
            with lock:
                pending.add(b)
            return
        with lock:
            if response.status_code == 200:
                acked.add(b)
            else:
                pending.add(b)


def test_acknowledged_messages_survive_kill_9_and_retries_store_nothing_twice():
    data_dir = tempfile.mkdtemp(prefix="strata-crash-")
    try:
        acked = set()
        lock = threading.Lock()
        interrupted_rounds = 0
        for round_number in range(ROUNDS):
            server = Server(data_dir).start()
            pending = set(range(BATCHES))  # every round re-sends everything, like SDK retries
            deadline = time.time() + 20
            threads = [threading.Thread(target=send_until_killed, args=(server, pending, acked, lock, deadline))
                       for _ in range(4)]
            for thread in threads:
                thread.start()
            time.sleep(0.3 + 0.2 * round_number)
            server.kill()
            for thread in threads:
                thread.join(timeout=30)
            if pending:
                interrupted_rounds += 1
            print(f"round {round_number}: {len(acked)} batches acknowledged, {len(pending)} cut off by kill -9")
            # Everything acknowledged so far is on disk after the crash.
            stored = stored_ids(data_dir)
            for b in acked:
                missing = message_ids(b) - stored
                assert not missing, f"round {round_number}: acknowledged batch {b} lost {sorted(missing)[:5]}"

        # Restart and re-send every batch until each is acknowledged.
        server = Server(data_dir).start()
        try:
            session = requests.Session()
            for b in range(BATCHES):
                for _ in range(5):
                    response = session.post(server.url + "/v1/batch", data=batch_body(b), auth=(WRITE_KEY, ""),
                                            timeout=10, headers={"Content-Type": "application/json"})
                    if response.status_code == 200:
                        break
                assert response.status_code == 200, response.text
            stats = server.stats()
            expected = set().union(*(message_ids(b) for b in range(BATCHES)))
            assert stats["events"] == len(expected)
            assert stats["quarantined"] == 0
            # Profiles count each message once, too.
            total = sum(server.user(f"crash-user-{u}")["computed"]["event_count"] for u in range(37))
            assert total == BATCHES * PER_BATCH
        finally:
            server.stop()
        assert stored_ids(data_dir) == expected
        connection = sqlite3.connect(os.path.join(data_dir, "strata.sqlite"))
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        connection.close()
        assert acked, "no batch was acknowledged before the kills; the test proved nothing"
        assert interrupted_rounds > 0, "every round finished before its kill; the test proved nothing"
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
