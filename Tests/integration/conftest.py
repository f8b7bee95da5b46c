"""Fixtures for the black-box suite: a real `strata serve` process on a free port.

The suite never links against Strata; it talks to the built binary (env STRATA_BIN, default
`.build/debug/strata` under the repository root) over HTTP only, like a customer would.
"""
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.environ.get("STRATA_BIN", os.path.join(ROOT, ".build", "debug", "strata"))
WRITE_KEY = "wk_integration_write"
SECRET_KEY = "sk_integration_secret"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop_process(process, log=None):
    """SIGTERM, then SIGKILL if the process does not exit within 30 s; closes its log file."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
    if log and not log.closed:
        log.close()


def server_env():
    """The environment for a server process: no crash reporter (it can hold pipes for minutes
    after a kill), and none of the caller's STRATA_* settings leaking into the test server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRATA_")}
    env["SWIFT_BACKTRACE"] = "enable=no"
    return env


class Server:
    """A running `strata serve` with helpers for the admin API."""

    def __init__(self, data_dir, port=None, write_key=WRITE_KEY, secret_key=SECRET_KEY, extra_args=()):
        self.data_dir = data_dir
        self.extra_args = list(extra_args)
        self.requested_port = port
        self.write_key = write_key
        self.secret_key = secret_key
        self.port = None
        self.url = None
        self.process = None
        self.log = None
        self.log_path = os.path.join(data_dir, "server.log")

    # -- process control ------------------------------------------------------------------

    def start(self, timeout=30):
        """Starts the server and waits for /health; retries on another port if the chosen free
        port was taken in the meantime."""
        if not (os.path.isfile(BINARY) and os.access(BINARY, os.X_OK)):
            raise RuntimeError(f"strata binary not found at {BINARY}; run `swift build` or set STRATA_BIN")
        last_error = None
        for _ in range(3):
            self.port = self.requested_port or free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            try:
                return self._start_once(timeout)
            except RuntimeError as error:
                last_error = error
                if self.requested_port:
                    break
        raise last_error

    def _start_once(self, timeout):
        self.log = open(self.log_path, "ab")
        self.log.write(f"\n=== strata serve on port {self.port} ===\n".encode())
        self.log.flush()
        self.process = subprocess.Popen(
            [BINARY, "serve", "--data-dir", self.data_dir, "--port", str(self.port),
             "--write-key", self.write_key, "--secret-key", self.secret_key, *self.extra_args],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=server_env())
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                self.log.close()
                raise RuntimeError(f"strata serve exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.05)
        self.kill()
        raise RuntimeError(f"strata serve did not answer /health within {timeout}s:\n{self.log_tail()}")

    def kill(self):
        """kill -9: no chance to flush, checkpoint or shut down."""
        if self.process and self.process.poll() is None:
            self.process.kill()
        if self.process:
            self.process.wait(timeout=30)
        if self.log and not self.log.closed:
            self.log.close()

    def stop(self):
        """SIGTERM, then SIGKILL if the server does not exit within 30 s."""
        stop_process(self.process, self.log)

    def log_tail(self, lines=40):
        try:
            with open(self.log_path, "rb") as f:
                return b"\n".join(f.read().splitlines()[-lines:]).decode(errors="replace")
        except OSError:
            return "(no server log)"

    # -- ingestion --------------------------------------------------------------------------

    def post_segment(self, path, body, session=None, timeout=10, **kwargs):
        """POSTs a Segment tracking API body with HTTP Basic auth (write key as user name)."""
        return (session or requests).post(self.url + path, json=body, auth=(self.write_key, ""),
                                          timeout=timeout, **kwargs)

    # -- admin API ----------------------------------------------------------------------------

    def admin(self, path, **params):
        return requests.get(self.url + path, params=params,
                            headers={"Authorization": f"Bearer {self.secret_key}"}, timeout=30)

    def admin_send(self, method, path, body=None):
        """A JSON request to the admin API; returns the response."""
        return requests.request(method, self.url + path, json=body,
                                headers={"Authorization": f"Bearer {self.secret_key}"}, timeout=60)

    def admin_json(self, path, **params):
        response = self.admin(path, **params)
        assert response.status_code == 200, f"GET {path} {params}: {response.status_code} {response.text}"
        return response.json()

    def stats(self):
        return self.admin_json("/api/v1/stats")

    def user(self, user_id):
        """The profile of a known or anonymous id (fails the test on 404)."""
        return self.admin_json(f"/api/v1/users/{user_id}")

    def timeline(self, user_id, limit=1000):
        """One user's events, newest first (one page)."""
        return self.admin_json(f"/api/v1/users/{user_id}/events", limit=limit)["events"]

    def events(self, max_pages=200, **params):
        """Every event matching `params` (name=, user=), following next_cursor page by page."""
        params.setdefault("limit", 1000)
        events = []
        for _ in range(max_pages):
            page = self.admin_json("/api/v1/events", **params)
            events.extend(page["events"])
            cursor = page.get("next_cursor")
            if not cursor:
                return events
            params["cursor"] = cursor
        raise AssertionError(f"/api/v1/events {params} has more than {max_pages} pages")

    def quarantine(self):
        return self.admin_json("/api/v1/quarantine", limit=1000)["messages"]


@contextlib.contextmanager
def running_server(prefix="strata-it-", extra_args=()):
    """A fresh server on an empty data directory, stopped and removed afterwards; its log's
    last lines are printed (pytest shows them only on failure)."""
    data_dir = tempfile.mkdtemp(prefix=prefix)
    server = Server(data_dir, extra_args=extra_args)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        print(f"--- strata serve log (last lines) ---\n{server.log_tail()}")
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def strata():
    """A fresh server on an empty data directory: `.url`, `.write_key`, `.secret_key`."""
    with running_server() as server:
        yield server


def wait_for(predicate, timeout=10, interval=0.1):
    """Polls until `predicate()` is truthy, for at most `timeout` seconds."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def by_name(events):
    """{event name: [events]} of a list of admin API events."""
    grouped = {}
    for event in events:
        grouped.setdefault(event["event"], []).append(event)
    return grouped
