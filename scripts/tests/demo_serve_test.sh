#!/bin/bash
# The test of `make run` (scripts/demo --serve): the demo comes up, prints the console's address
# and the admin's password, that password signs in, the demo's six refused documents wait as open
# errors in the API, the console's page is served, and Ctrl-C stops xerosync and the emulator.
#
# Usage: scripts/tests/demo_serve_test.sh BUILD_DIR   (ctest runs it as cli_demo_serve)
set -euo pipefail

build=$1
work=$(mktemp -d)
log="$work/demo.out"
demo_pid=""
finish() {
  [ -n "$demo_pid" ] && kill "$demo_pid" 2> /dev/null || true
  rm -rf "$work"
}
trap finish EXIT
fail() {
  echo "FAIL: $*" >&2
  echo "--- the demo printed:" >&2
  cat "$log" >&2
  exit 1
}

# Port 0: serve picks a free one and the demo prints it. Job control on (set -m), so that the
# demo in the background takes SIGINT as it does in a terminal (a plain background job ignores it).
set -m
XEROSYNC_DEMO_DIR="$work/demo" XEROSYNC_DEMO_PORT=0 bash scripts/demo --serve "$build" > "$log" 2>&1 &
demo_pid=$!
for _ in $(seq 600); do
  grep -q '^== Ready' "$log" && break
  kill -0 "$demo_pid" 2> /dev/null || fail "the demo exited before it was ready"
  sleep 0.1
done
grep -q '^== Ready' "$log" || fail "the demo was not ready within 60 s"

url=$(sed -n -E 's/.*Open the web console: +(http[^ ]+).*/\1/p' "$log")
password=$(sed -n -E 's/^ +Password: +([^ ]+) .*/\1/p' "$log")
[ -n "$url" ] || fail "no console address printed"
[ -n "$password" ] || fail "no admin password printed"
echo "console at $url"

cookies="$work/cookies"
status=$(curl -s -o "$work/login.json" -w '%{http_code}' -c "$cookies" -H 'Content-Type: application/json' \
  -d "{\"name\":\"admin\",\"password\":\"$password\"}" "${url}api/v1/session")
[ "$status" = 200 ] || fail "signing in with the printed password gave HTTP $status: $(cat "$work/login.json")"

tenant=$(curl -s "${url}readyz" |
  node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).organisations[0].tenant_id)')
errors=$(curl -s -b "$cookies" "${url}api/v1/orgs/$tenant/errors?status=open")
count=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).errors.length)' <<< "$errors")
[ "$count" = 6 ] || fail "expected the demo's 6 open errors, the API lists $count: $errors"
echo "signed in as admin; 6 open errors wait with their fixes"

page=$(curl -s -o /dev/null -w '%{http_code} %{content_type}' "$url")
case "$page" in
  "200 text/html"*) echo "the console's page is served" ;;
  *) fail "GET $url gave $page, not the console's HTML page" ;;
esac

# Ctrl-C: the demo stops xerosync and the emulator, and exits.
kill -INT "$demo_pid"
for _ in $(seq 300); do
  kill -0 "$demo_pid" 2> /dev/null || break
  sleep 0.1
done
kill -0 "$demo_pid" 2> /dev/null && fail "the demo did not stop on SIGINT"
demo_pid=""
if curl -s -o /dev/null "${url}healthz"; then fail "xerosync still answers after Ctrl-C"; fi
echo "Ctrl-C stopped xerosync and the emulator"
echo "1 passed, 0 failed"
