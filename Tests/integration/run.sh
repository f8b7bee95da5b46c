#!/usr/bin/env bash
# The black-box suite: real SDKs (Segment, PostHog, RudderStack — each in its own virtual
# environment, since analytics-python and segment-analytics-python clash in one) and the
# kill -9 crash test, against the built `strata` binary (STRATA_BIN).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export STRATA_BIN="${STRATA_BIN:-$root/.build/debug/strata}"
export SWIFT_BACKTRACE=enable=no
venvs="${STRATA_VENV_DIR:-$root/.build/venvs}"
[ -x "$STRATA_BIN" ] || { echo "strata binary not found at $STRATA_BIN; run swift build first" >&2; exit 1; }

venv() {  # venv NAME PACKAGE... : creates (once) and prints the environment's python
    local dir="$venvs/$1"
    shift
    if [ ! -x "$dir/bin/python" ] || [ ! -f "$dir/.ready" ]; then
        rm -rf "$dir"
        python3 -m venv "$dir" >&2
        "$dir/bin/pip" install --quiet --disable-pip-version-check pytest requests "$@" >&2
        touch "$dir/.ready"
    fi
    echo "$dir/bin/python"
}

segment=$(venv segment segment-analytics-python)
posthog=$(venv posthog posthog)
rudder=$(venv rudder rudder-sdk-python)

cd "$here"
status=0
"$segment" -m pytest -p no:cacheprovider test_segment_sdk.py test_crash_safety.py || status=1
"$posthog" -m pytest -p no:cacheprovider test_posthog_sdk.py || status=1
"$rudder" -m pytest -p no:cacheprovider test_rudder_sdk.py || status=1
exit $status
