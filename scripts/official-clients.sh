#!/usr/bin/env bash
# The official JavaScript and Python clients against the sandbox binary (built by `cargo test`):
# their schedule and request-queue calls, as a user's own script makes them. The Python client lives in a venv
# under target/, made here when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

sandbox=target/debug/apify-sandbox
[ -x "$sandbox" ] || { echo "build the sandbox first: cargo test --workspace --no-run" >&2; exit 1; }
venv=target/python-clients
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import apify_client' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'apify-client==3.4.0'
fi

export SANDBOX_TOKEN="apify_api_CLIENTS$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export SANDBOX_CONTROL_TOKEN="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
out=$(mktemp)
"$sandbox" --listen 127.0.0.1:0 --token "$SANDBOX_TOKEN" --control-token "$SANDBOX_CONTROL_TOKEN" >"$out" 2>/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do
  [ -s "$out" ] && break
  sleep 0.1
done
export SANDBOX_URL="$(head -n1 "$out")"
[ -n "$SANDBOX_URL" ] || { echo "the sandbox did not start" >&2; exit 1; }

node tests/clients/schedules.mjs
"$venv/bin/python" tests/clients/schedules.py
"$venv/bin/python" tests/clients/request_queues.py
