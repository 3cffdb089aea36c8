#!/usr/bin/env bash
# Proxy load from a separate process (wrk, Debian's package): the proxy binary on loopback,
# simulated league (and live mode against a fake Riot on loopback for the cached Riot path),
# each scenario at 8 and 32 connections for DURATION seconds. Prints one markdown table row per
# scenario: req/s, p50, p99. Usage: benches/proxy_wrk.sh [DURATION=10]
# Needs: ./x build (target/native/rivulet), wrk (apt-get install wrk), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
BIN=target/native/rivulet
[ -x "$BIN" ] || { echo "build first: ./x build" >&2; exit 1; }
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
SIM_PORT=18941 FAKE_PORT=18942 LIVE_PORT=18943
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT

"$BIN" serve --port $SIM_PORT --featured on >/dev/null 2>&1 & pids+=($!)
# A fake Riot answering every path with a small account-v1-like body and Riot's rate-limit
# headers (a production key's limits, so riven does not throttle the first call).
python3 - "$FAKE_PORT" >/dev/null 2>&1 <<'PY' & pids+=($!)
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        body = b'{"puuid":"' + b"a" * 78 + b'","gameName":"Bench","tagLine":"EUW"}'
        self.send_response(200)
        for k, v in (("Content-Type", "application/json"), ("Content-Length", str(len(body))),
                     ("X-App-Rate-Limit", "500:10,30000:600"), ("X-App-Rate-Limit-Count", "1:10,1:600"),
                     ("X-Method-Rate-Limit", "2000:10"), ("X-Method-Rate-Limit-Count", "1:10")):
            self.send_header(k, v)
        self.end_headers(); self.wfile.write(body)
    def log_message(self, *a): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
PY
RIOT_API_KEY=RGAPI-bench-not-a-key "$BIN" serve --port $LIVE_PORT \
  --riot-base-url "http://127.0.0.1:$FAKE_PORT/{}" >/dev/null 2>&1 & pids+=($!)

for _ in $(seq 50); do curl -sf "http://127.0.0.1:$SIM_PORT/api/meta" >/dev/null && break; sleep 0.1; done
# A player in a game now: the first suggestion → account-v1 → puuid.
read -r NAME TAG < <(curl -sf "http://127.0.0.1:$SIM_PORT/api/meta" | python3 -c '
import sys, json, urllib.parse as u
s = json.load(sys.stdin)["suggestions"][0]; print(u.quote(s["gameName"]), u.quote(s["tagLine"]))')
PUUID=$(curl -sf "http://127.0.0.1:$SIM_PORT/api/europe/riot/account/v1/accounts/by-riot-id/$NAME/$TAG" |
  python3 -c 'import sys, json; print(json.load(sys.stdin)["puuid"])')
LIVE_URL="http://127.0.0.1:$LIVE_PORT/api/europe/riot/account/v1/accounts/by-riot-id/Bench/EUW"
curl -sf "$LIVE_URL" >/dev/null # fills the cache

row() { # name url
  local out cells=""
  for c in 8 32; do
    out=$(wrk -t2 -c$c -d"${DURATION}"s --latency "$2")
    if grep -q "Non-2xx" <<<"$out"; then echo "$1: non-2xx answers" >&2; exit 1; fi
    cells+=" $(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out"), $(awk '$1=="50%" {print $2}' <<<"$out"), $(awk '$1=="99%" {print $2}' <<<"$out") |"
  done
  echo "| $1 |$cells"
}
echo "| scenario | 8 connections: req/s, p50, p99 | 32 connections: req/s, p50, p99 |"
echo "|---|---|---|"
row "live, cached account-v1 (fake Riot)" "$LIVE_URL"
row "simulated account-v1" "http://127.0.0.1:$SIM_PORT/api/europe/riot/account/v1/accounts/by-riot-id/$NAME/$TAG"
row "simulated active game" "http://127.0.0.1:$SIM_PORT/api/euw1/lol/spectator/v5/active-games/by-summoner/$PUUID"
row "simulated league-v4 entries" "http://127.0.0.1:$SIM_PORT/api/euw1/lol/league/v4/entries/by-puuid/$PUUID"
row "simulated featured-games (12.7 kB)" "http://127.0.0.1:$SIM_PORT/api/euw1/lol/spectator/v5/featured-games"
echo "(wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), ${DURATION} s per cell, load average $(cut -d' ' -f1-3 /proc/loadavg))"
