#!/usr/bin/env bash
# Starts an app's installed `flashback-mock` bin on a free loopback port, expects 401 from GET /organization/users
# without a token, runs `flashback-mock contract` against it, and stops it.   bin-answers.sh APP_DIR
set -uo pipefail
cd "$1" || exit 1
out=$(mktemp)
node_modules/.bin/flashback-mock --port 0 --host 127.0.0.1 >"$out" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -f "$out"' EXIT
url=
for _ in $(seq 1 150); do
  url=$(grep -o 'listening on http://[0-9.:]*' "$out" | sed 's/listening on //')
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$url" ]; then
  echo "the bin did not start:"
  cat "$out"
  exit 1
fi
status=$(node -e 'fetch(process.argv[1] + "/organization/users").then((r) => console.log(r.status))' "$url")
echo "GET $url/organization/users without a token: $status"
[ "$status" = 401 ] || exit 1
npx --no-install flashback-mock contract --base-url "$url" --tokens-from-mock --allow-writes
