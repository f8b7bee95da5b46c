#!/usr/bin/env python3
"""A webhook receiver for Strata's tests: verifies Standard Webhooks signatures, keeps each
message id once (a receiver's duplicate check), and reports what arrived.

    python3 webhook_sink.py --port 0 --secret whsec_... [--fail-every N] --ready FILE

POST any path: 204 after a valid signature (400 for a bad one; every Nth request answers 503
when --fail-every is given, to exercise retries). GET /stats: {"received", "unique",
"duplicates", "bad_signatures", "incomplete", "users"} where users maps each user id to the message ids it got.
The port actually bound is written to --ready.
"""
import argparse
import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def verify(secret, headers, body, tolerance=300):
    msg_id, ts, sigs = headers.get("webhook-id"), headers.get("webhook-timestamp"), headers.get("webhook-signature")
    if not msg_id or not ts or not sigs:
        return False
    try:
        if abs(time.time() - int(ts)) > tolerance:
            return False
    except ValueError:
        return False
    key = base64.b64decode(secret[len("whsec_"):]) if secret.startswith("whsec_") else secret.encode()
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()).decode()
    return any(part.startswith("v1,") and hmac.compare_digest(part[3:], expected) for part in sigs.split(" "))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--secret", required=True)
    ap.add_argument("--fail-every", type=int, default=0)
    ap.add_argument("--ready", required=True)
    a = ap.parse_args()
    lock = threading.Lock()
    state = {"received": 0, "unique": 0, "duplicates": 0, "bad_signatures": 0, "incomplete": 0, "ids": set(),
             "users": {}}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, code, body=b""):
            self.send_response(code)
            self.send_header("Content-Length", str(len(body)))
            if body:
                self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            headers = {k.lower(): v for k, v in self.headers.items()}
            with lock:
                if len(body) < length:
                    # The sender died mid-request (a kill -9 in the tests): nothing to verify.
                    state["incomplete"] += 1
                    return
                state["received"] += 1
                n = state["received"]
                if not verify(a.secret, headers, body):
                    state["bad_signatures"] += 1
                    return self.reply(400)
                if a.fail_every and n % a.fail_every == 0:
                    return self.reply(503)
                msg_id = headers["webhook-id"]
                if msg_id in state["ids"]:
                    state["duplicates"] += 1
                else:
                    state["ids"].add(msg_id)
                    state["unique"] += 1
                    try:
                        user = str(json.loads(body)["user"]["uid"])
                    except Exception:
                        user = "?"
                    state["users"].setdefault(user, []).append(msg_id)
            self.reply(204)

        def do_GET(self):
            with lock:
                out = {k: v for k, v in state.items() if k != "ids"}
            self.reply(200, json.dumps(out).encode())

    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", a.port), Handler)
    server.daemon_threads = True
    with open(a.ready, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
