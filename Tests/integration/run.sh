#!/usr/bin/env bash
# The black-box integration suite: the official Segment, PostHog and RudderStack Python SDKs,
# each in its own virtual environment (they clash in one), plus the kill -9 crash tests (ingestion,
# and a campaign send to 100,000 users that must reach each eligible user exactly once, and an
# erasure killed mid-job that must resume and leave no byte of the person on disk) and an
# email campaign through a real SMTP peer (aiosmtpd), and the dashboard in headless Chromium
# driven by Selenium (needs chromium and chromedriver on PATH), and the differential suite
# (Tests/differential/check.py: Strata's answers against DuckDB on three fresh seeds), all against
# the built `strata` binary. Builds nothing.
#
#   Tests/integration/run.sh [extra pytest arguments]
#
# Environment:
#   STRATA_BIN        the strata binary (default: .build/debug/strata under the repository root)
#   STRATA_VENV_DIR   where the virtual environments live (default: .build/venvs); reused if present
#   PYTHON            the interpreter that creates them (default: python3; needs 3.10+)
#   SUITE_TIMEOUT     seconds each pytest run may take before it is killed (default: 600)
#   DIFFERENTIAL_RUNS fresh seeds for the differential suite (default: 3)
#   STRATA_ARTIFACTS  where the dashboard test saves its screenshots (default: .build/artifacts/dashboard)
#
# Exits non-zero if any test fails or an environment cannot be built.
set -euo pipefail
shopt -s inherit_errexit 2>/dev/null || true

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

bin="${STRATA_BIN:-$root/.build/debug/strata}"
case "$bin" in /*) ;; *) bin="$PWD/$bin" ;; esac
export STRATA_BIN="$bin"
export SWIFT_BACKTRACE=enable=no        # servers we start and kill must not wait on the crash reporter
export PYTHONDONTWRITEBYTECODE=1        # keep the source tree clean
venvs="${STRATA_VENV_DIR:-$root/.build/venvs}"
case "$venvs" in /*) ;; *) venvs="$PWD/$venvs" ;; esac
python="${PYTHON:-python3}"
suite_timeout="${SUITE_TIMEOUT:-600}"

if [ ! -x "$STRATA_BIN" ]; then
    echo "run.sh: strata binary not found at $STRATA_BIN; run \`swift build\` first or set STRATA_BIN" >&2
    exit 2
fi

# make_venv NAME PACKAGE... : creates $venvs/NAME once (marked ready only after pip succeeded).
make_venv() {
    local name="$1"
    shift
    local dir="$venvs/$name"
    if [ -x "$dir/bin/python" ] && [ -f "$dir/.ready" ] && [ "$(cat "$dir/.ready")" = "$*" ]; then
        return 0
    fi
    echo "run.sh: creating $dir ($*)"
    rm -rf "$dir"
    mkdir -p "$venvs"
    "$python" -m venv "$dir" || { echo "run.sh: could not create $dir" >&2; return 1; }
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check pytest requests "$@" \
        || { echo "run.sh: pip install failed for $name" >&2; return 1; }
    echo "$*" > "$dir/.ready"
}

make_venv segment segment-analytics-python duckdb numpy
make_venv posthog posthog
make_venv rudder rudder-sdk-python
make_venv smtp aiosmtpd
make_venv browser selenium
make_venv schemathesis schemathesis

run_timeout=()
if command -v timeout >/dev/null 2>&1; then
    run_timeout=(timeout --kill-after=15 "$suite_timeout")
fi

cd "$here"
failed=()
run() {  # run LABEL VENV TEST_FILE...
    local label="$1" venv="$2"
    shift 2
    echo
    echo "=== $label ==="
    if ! "${run_timeout[@]}" "$venvs/$venv/bin/python" -m pytest -p no:cacheprovider "$@" \
        "${extra[@]}"; then
        failed+=("$label")
    fi
}
extra=("$@")

run "Segment SDK (segment-analytics-python)" segment test_segment_sdk.py
run "PostHog SDK (posthog)" posthog test_posthog_sdk.py
run "RudderStack SDK (rudder-sdk-python, gzip)" rudder test_rudder_sdk.py
run "Crash safety (kill -9)" segment test_crash_safety.py
run "Campaign send, exactly once through kill -9" segment test_campaign_exactly_once.py
run "Erasure through kill -9, scanned to the byte" segment test_erasure.py
run "Email campaign through a real SMTP peer (aiosmtpd)" smtp test_email_channel.py
run "Dashboard in a real browser (Chromium + Selenium)" browser test_dashboard_browser.py
run "Load and faults (8 senders, heavy reports, malicious inputs)" segment test_load_and_faults.py -s
run "The API fuzzed through its OpenAPI document (Schemathesis)" schemathesis test_api_schemathesis.py

# The differential suite: every answer against DuckDB on fresh seeds (DIFFERENTIAL_RUNS, default 3).
echo
echo "=== Answers against DuckDB on fresh data (differential suite) ==="
if ! "${run_timeout[@]}" "$venvs/segment/bin/python" "$root/Tests/differential/check.py" \
    --runs "${DIFFERENTIAL_RUNS:-3}"; then
    failed+=("Differential suite against DuckDB")
fi

echo
if [ "${#failed[@]}" -gt 0 ]; then
    echo "run.sh: FAILED: ${failed[*]}"
    exit 1
fi
echo "run.sh: all integration suites passed"
