"""The API fuzzed through its own OpenAPI document with Schemathesis.

A server with some data is started; Schemathesis reads `/api/v1/openapi.json` and sends each
operation a bounded number of generated requests (valid and invalid ones), the admin API with the
secret key and the ingestion API with the write key. The run fails on any 5xx, any request that
times out (10 s), and any answer that breaks the document's schema (status, content type, body).
One worker: CPython 3.11's parser is not safe to call from Hypothesis's threads ("AST
constructor recursion depth mismatch").
"""
import os
import subprocess
import sys

import pytest
import requests

from conftest import running_server

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8"))


@pytest.fixture
def strata():
    # A generous per-address limit: the fuzzer sends hundreds of requests a second from one address.
    with running_server("strata-st-", ["--address-rate-limit", "100000"]) as server:
        events = [{"type": "track", "userId": f"u{i % 20}", "event": ["view_item", "purchase"][i % 2],
                   "properties": {"revenue": 5, "category": "books"}, "messageId": f"st-{i}"} for i in range(200)]
        assert server.post_segment("/v1/batch", {"batch": events}).status_code == 200
        assert server.admin_send("POST", "/api/v1/segments", {"name": "buyers", "text": "did purchase"}).status_code == 201
        assert server.admin_send("POST", "/api/v1/tags", {"name": "vip"}).status_code in (200, 201)
        yield server


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


@pytest.mark.parametrize("api", ["admin", "ingestion"])
def test_api_survives_schemathesis(strata, tmp_path, api):
    """The admin API with the secret key, the ingestion API (everything else) with the write key."""
    auth = ["-H", f"Authorization: Bearer {strata.secret_key}"] if api == "admin" else ["-a", f"{strata.write_key}:"]
    paths = ["--include-path-regex" if api == "admin" else "--exclude-path-regex", "^/api/v1/"]
    code, output = schemathesis(strata, auth, paths, str(tmp_path / f"{api}.xml"))
    print(output)
    assert code == 0, output
    assert requests.get(strata.url + "/health", timeout=10).status_code == 200
