"""Fixtures for the black-box suite: a real `strata serve` process on a free port."""
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


class Server:
    """A running `strata serve` with helpers for the admin API."""

    def __init__(self, data_dir, port=None):
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = None

    def start(self, timeout=30):
        env = dict(os.environ, SWIFT_BACKTRACE="enable=no")
        self.log = open(os.path.join(self.data_dir, "server.log"), "ab")
        self.process = subprocess.Popen(
            [BINARY, "serve", "--data-dir", self.data_dir, "--port", str(self.port),
             "--write-key", WRITE_KEY, "--secret-key", SECRET_KEY],
            stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"strata serve exited with {self.process.returncode}")
            try:
                if requests.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("strata serve did not answer /health in time")

    def kill(self):
        """kill -9: no chance to flush or shut down."""
        self.process.kill()
        self.process.wait(timeout=30)
        self.log.close()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if not self.log.closed:
            self.log.close()

    def admin(self, path, **params):
        response = requests.get(self.url + path, params=params,
                                headers={"Authorization": f"Bearer {SECRET_KEY}"}, timeout=10)
        return response

    def user(self, user_id):
        response = self.admin(f"/api/v1/users/{user_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def timeline(self, user_id, limit=100):
        response = self.admin(f"/api/v1/users/{user_id}/events", limit=limit)
        assert response.status_code == 200, response.text
        return response.json()["events"]

    def stats(self):
        return self.admin("/api/v1/stats").json()


@pytest.fixture
def strata():
    data_dir = tempfile.mkdtemp(prefix="strata-it-")
    server = Server(data_dir).start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def wait_for(predicate, timeout=10, interval=0.1):
    """Polls until `predicate()` is truthy (SDKs deliver from a background thread)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()
