#!/usr/bin/env python3
"""An SMTP sink for `strata bench campaigns --smtp`: aiosmtpd accepting every mail and keeping
only a count (no parsing), so the benchmark measures Strata's sending rather than the sink.

    .build/venvs/smtp/bin/python Benchmarks/smtp_null_sink.py --port 2525
"""
import argparse
import signal
import threading

from aiosmtpd.controller import Controller


class Count:
    def __init__(self):
        self.mails = 0

    async def handle_DATA(self, server, session, envelope):
        self.mails += 1
        return "250 OK"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=2525)
    a = ap.parse_args()
    handler = Count()
    controller = Controller(handler, hostname="127.0.0.1", port=a.port)
    controller.start()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    controller.stop()
    print(f"{handler.mails} mails")


if __name__ == "__main__":
    main()
