"""The API fuzzed through its own OpenAPI document with Schemathesis.

A server with some data is started; Schemathesis reads `/api/v1/openapi.json` and sends each
operation a bounded number of generated requests (valid and invalid ones), the admin API with the
secret key and the ingestion API with the write key. The run fails on any 5xx, any request that
times out (10 s), and any answer that breaks the document's schema (status, content type, body).
One worker: CPython 3.11's parser is not safe to call from Hypothesis's threads ("AST
constructor recursion depth mismatch").
"""
import os
import shutil
import subprocess
import sys
import tempfile

import pytest

from conftest import Server

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))


@pytest.fixture
def strata():
    data_dir = tempfile.mkdtemp(prefix="strata-st-")
    # A generous per-address limit: the fuzzer sends hundreds of requests a second from one address.
    server = Server(data_dir, extra_args=["--address-rate-limit", "100000"])
    try:
        server.start()
        events = [{"type": "track", "userId": f"u{i % 20}", "event": ["view_item", "purchase"][i % 2],
                   "properties": {"revenue": 5, "category": "books"}, "messageId": f"st-{i}"} for i in range(200)]
        assert server.post_segment("/v1/batch", {"batch": events}).status_code == 200
        assert server.admin_send("POST", "/api/v1/segments", {"name": "buyers", "text": "did purchase"}).status_code == 201
        assert server.admin_send("POST", "/api/v1/tags", {"name": "vip"}).status_code in (200, 201)
        yield server
    finally:
        server.stop()
        print(f"--- strata serve log (last lines) ---\n{server.log_tail()}")
        shutil.rmtree(data_dir, ignore_errors=True)


def schemathesis(strata, auth_args, include, report):
    binary = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    command = [binary, "run", strata.url + "/api/v1/openapi.json", "--url", strata.url,
               "--checks", "not_a_server_error,response_schema_conformance,content_type_conformance",
               "--max-examples", str(EXAMPLES), "--request-timeout", "10", "--workers", "1", "--no-shrink",
               "--phases", "examples,coverage,fuzzing", "--seed", "20261206", "--warnings", "off",
               "--report", "junit", "--report-junit-path", report, *include, *auth_args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900)
    tail = "\n".join(result.stdout.splitlines()[-60:])
    return result.returncode, tail


def test_admin_api_survives_schemathesis(strata, tmp_path):
    code, output = schemathesis(strata, ["-H", f"Authorization: Bearer {strata.secret_key}"],
                                ["--include-path-regex", "^/api/v1/"], str(tmp_path / "admin.xml"))
    print(output)
    assert code == 0, output
    assert requests_ok(strata)


def test_ingestion_api_survives_schemathesis(strata, tmp_path):
    code, output = schemathesis(strata, ["-a", f"{strata.write_key}:"],
                                ["--exclude-path-regex", "^/api/v1/"], str(tmp_path / "ingestion.xml"))
    print(output)
    assert code == 0, output
    assert requests_ok(strata)


def requests_ok(strata):
    import requests
    return requests.get(strata.url + "/health", timeout=10).status_code == 200
