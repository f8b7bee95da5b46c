#!/usr/bin/env python3
"""An SMTP receiver for Strata's tests (aiosmtpd on 127.0.0.1): parses each mail with Python's
email package and appends what arrived to a JSON lines file.

    python3 smtp_sink.py --out FILE --ready FILE [--port N]

Each line of --out is one event:
  {"event": "ehlo", "hostname"}                       a session said EHLO (one per connection)
  {"event": "rcpt_rejected", "address"}               RCPT refused with 550 (addresses starting "bounce")
  {"event": "mail", "mail_from", "rcpt_tos", "from", "to", "subject", "message_id", "headers",
   "text", "html", "content_type"}                    a mail accepted; headers maps each name to its values
The port bound is written to --ready once the server accepts connections. Runs until SIGTERM.
"""
import argparse
import email
import email.policy
import json
import os
import signal
import socket
import threading

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Recorder:
    def __init__(self, path):
        self.path = path
        self.lock = threading.Lock()

    def write(self, record):
        with self.lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            f.flush()


class Handler:
    def __init__(self, recorder):
        self.recorder = recorder

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        self.recorder.write({"event": "ehlo", "hostname": hostname})
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("bounce"):
            self.recorder.write({"event": "rcpt_rejected", "address": address})
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown in virtual mailbox table"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=email.policy.default)
        headers = {}
        for name, value in message.items():
            headers.setdefault(name.lower(), []).append(str(value))

        def part(kind):
            body = message.get_body(preferencelist=(kind,))
            return body.get_content() if body is not None else None

        self.recorder.write({
            "event": "mail", "mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos),
            "from": str(message["From"]), "to": str(message["To"]), "subject": str(message["Subject"]),
            "message_id": str(message["Message-ID"]), "headers": headers, "content_type": message.get_content_type(),
            "text": part("plain"), "html": part("html"),
            "defects": [type(d).__name__ for d in message.defects],
        })
        return "250 2.0.0 Ok: queued"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ready", required=True)
    a = ap.parse_args()
    port = a.port or free_port()
    controller = Controller(Handler(Recorder(a.out)), hostname="127.0.0.1", port=port, enable_SMTPUTF8=True,
                            data_size_limit=10 * 1024 * 1024)
    controller.start()
    with open(a.ready + ".tmp", "w") as f:
        f.write(str(port))
    os.replace(a.ready + ".tmp", a.ready)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
