#!/usr/bin/env bash
# Runs README's standalone quick start and curl recipes for real, against the standalone jar, and
# checks that each fault has the effect README says. Every command README shows appears here
# verbatim (samples' ReadmeRecipesTest checks that), wrapped only to capture what it printed.
#
#   samples/standalone/curl-recipes.sh [path/to/chaos-proxy-standalone.jar]
#
# Uses README's ports (8080 proxy, 8181 upstream, 8474 API) and /tmp/www; needs java, python3, curl.
set -uo pipefail
cd "$(dirname "$0")/../.."

JAR=${1:-$(ls chaos-proxy-core/target/chaos-proxy-core-*-standalone.jar 2>/dev/null | head -1)}
[ -f "$JAR" ] || { echo "no standalone jar; build it: ./mvnw -q -pl chaos-proxy-core -am package -DskipTests" >&2; exit 2; }
for tool in java python3 curl cmp; do
  command -v $tool >/dev/null || { echo "curl-recipes: needs $tool" >&2; exit 2; }
done
for port in 8080 8181 8474; do
  if (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; then echo "curl-recipes: port $port is in use" >&2; exit 2; fi
done

failures=0
pass() { echo "  ok    $1"; }
fail() { echo "  FAIL  $1"; failures=$((failures + 1)); }
# check NAME CONDITION...: the condition is a test(1) expression or a command
check() { local name=$1; shift; if "$@"; then pass "$name"; else fail "$name"; fi; }
between() { python3 -c "import sys; v=float(sys.argv[1]); sys.exit(0 if float(sys.argv[2]) <= v <= float(sys.argv[3]) else 1)" "$@"; }

pids=()
work=$(mktemp -d)
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

cp "$JAR" "$work/chaos-proxy.jar"
cd "$work"

echo "== quick start"
mkdir -p /tmp/www && echo hello > /tmp/www/index.html && head -c 1000000 /dev/urandom > /tmp/www/big.bin
python3 -m http.server 8181 --bind 127.0.0.1 --directory /tmp/www --protocol HTTP/1.1 > upstream.log 2>&1 &   # the upstream
pids+=($!)
java -jar chaos-proxy.jar --listen 127.0.0.1:8080 --upstream 127.0.0.1:8181 > proxy.log 2>&1 &            # proxy 'default'; API on 127.0.0.1:8474
pids+=($!)
API=http://127.0.0.1:8474
for _ in $(seq 1 100); do curl -s -o /dev/null "$API/health" && (exec 3<>/dev/tcp/127.0.0.1/8181) 2>/dev/null && break; sleep 0.1; done

out=$(curl -s http://127.0.0.1:8080/                        ) # hello, through the proxy
check "through the proxy" [ "$out" = hello ]
out=$(curl -s $API/proxies                                  ) # {"default":...}
check "GET /proxies lists 'default'" grep -q '"default":{"name":"default","listen":"127.0.0.1:8080"' <<<"$out"

echo "== recipes"
add() { out=$("$@"); code=$?; [ $code -eq 0 ] && grep -q '"name"' <<<"$out"; }   # a toxic or proxy came back
quiet() { out=$("$@"); code=$?; [ $code -eq 0 ] && [ -z "$out" ]; }                # 202/204: no body, no error

check "latency: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"latency","attributes":{"latency":500,"jitter":50}}'
t=$(curl -s -o /dev/null -w '%{time_total}s\n' http://127.0.0.1:8080/                 ) # about 0.5 s
check "latency: took ${t} (0.45..1.5 s)" between "${t%s}" 0.45 1.5
check "latency: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/latency_downstream

check "bandwidth: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"bandwidth","attributes":{"rate":500}}'
speed=$(curl -s -o /dev/null -w '%{speed_download} B/s\n' http://127.0.0.1:8080/big.bin   ) # about 500000 B/s: 2 s for 1 MB
check "bandwidth: ${speed} (450,000..550,000 B/s)" between "${speed% B/s}" 450000 550000
check "bandwidth: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/bandwidth_downstream

check "slicer: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"slicer","attributes":{"average_size":1000,"size_variation":200,"delay":1000}}'
t=$(curl -s -o /dev/null -w '%{time_total}s\n' http://127.0.0.1:8080/big.bin          ) # 1000 pieces: over a second
check "slicer: took ${t} (>= 1 s)" between "${t%s}" 1.0 30
check "slicer: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/slicer_downstream

check "corrupt: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"corrupt","attributes":{"probability":1.0,"mode":"flip"}}'
out=$( (exec 3<>/dev/tcp/127.0.0.1/8080; printf 'GET /big.bin HTTP/1.0\r\n\r\n' >&3; cat <&3) | tail -c 1000000 | cmp - /tmp/www/big.bin 2>&1) # differ: byte ..., line ...
check "corrupt: the body differs ($out)" grep -q differ <<<"$out"
check "corrupt: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/corrupt_downstream
out=$(curl -s http://127.0.0.1:8080/big.bin | cmp - /tmp/www/big.bin)
check "corrupt: gone, the body is intact" [ -z "$out" ]

check "reset_peer: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"reset_peer","attributes":{"timeout":0}}'
curl -sS http://127.0.0.1:8080/ 2>/dev/null; code=$?       # curl: (56) Recv failure: Connection reset by peer
check "reset_peer: curl exit $code (56: reset)" [ $code -eq 56 ]
check "reset_peer: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/reset_peer_downstream

check "terminate: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"terminate","stream":"upstream","attributes":{"probability":1.0}}'
curl -sS http://127.0.0.1:8080/ 2>/dev/null; code=$?       # curl: (56) Recv failure: Connection reset by peer
check "terminate: curl exit $code (56: reset)" [ $code -eq 56 ]
check "terminate: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/terminate_upstream

check "blackhole: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"timeout","attributes":{"timeout":0}}'
curl -sS --max-time 2 http://127.0.0.1:8080/ 2>/dev/null; code=$?    # curl: (28) Operation timed out after 2000 milliseconds
check "blackhole: curl exit $code (28: its own timeout fired)" [ $code -eq 28 ]
check "blackhole: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/timeout_downstream

check "limit_data: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"limit_data","attributes":{"bytes":5000}}'
curl -sS -o /dev/null http://127.0.0.1:8080/big.bin 2>/dev/null; code=$?   # curl: (18) transfer closed with ... bytes remaining to read
check "limit_data: curl exit $code (18: cut short)" [ $code -eq 18 ]
check "limit_data: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/limit_data_downstream

check "slow_close: added" add curl -s -X POST $API/proxies/default/toxics -d '{"type":"slow_close","attributes":{"delay":1000}}'
TIMEFORMAT=%R
t=$( { time (exec 3<>/dev/tcp/127.0.0.1/8080; printf 'GET / HTTP/1.0\r\n\r\n' >&3; cat <&3 >/dev/null) ; } 2>&1 )   # real 0m1.0s
check "slow_close: EOF after ${t} s (0.95..3 s)" between "$t" 0.95 3
check "slow_close: removed" quiet curl -s -X DELETE $API/proxies/default/toxics/slow_close_downstream

check "down" add curl -s -X PATCH $API/proxies/default -d '{"enabled":false}'
curl -sS http://127.0.0.1:8080/ 2>/dev/null; code=$?       # curl: (7) Failed to connect ... Couldn't connect to server
check "down: curl exit $code (7: refused)" [ $code -eq 7 ]
check "up again" add curl -s -X PATCH $API/proxies/default -d '{"enabled":true}'

out=$(curl -s -X PUT $API/proxies/default/toxics -d '[{"type":"latency","attributes":{"latency":100}},{"type":"bandwidth","attributes":{"rate":500}}]')
check "PUT toxics: two at once" [ "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)))' <<<"$out")" = 2 ]
check "reset" quiet curl -s -X POST $API/reset
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST $API/reset)
check "reset again: $code" [ "$code" = 204 ]
out=$(curl -s $API/proxies/default/toxics)
check "reset: no toxics left" [ "$out" = "[]" ]

echo "== one connection"
exec 3<>/dev/tcp/127.0.0.1/8080                       # a client that stays connected
for _ in $(seq 1 50); do [ "$(curl -s $API/connections)" != "[]" ] && break; sleep 0.1; done
out=$(curl -s $API/connections                              )
check "GET /connections lists it" grep -q '"conn_info"' <<<"$out"
ID=$(curl -s $API/connections | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
check "trixter delay: accepted" quiet curl -s -X PATCH $API/connections/$ID/delay -d '{"delay_ms":250}'                 # 202
printf 'GET / HTTP/1.1\r\nHost: x\r\n\r\n' >&3
start=$(date +%s.%N); head -c 1 <&3 >/dev/null
t=$(python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 3))" "$start" "$(date +%s.%N)")
check "trixter delay: first byte after ${t} s (>= 0.45: 250 ms each way)" between "$t" 0.45 5
check "its own toxic" add curl -s -X POST $API/connections/$ID/toxics -d '{"type":"bandwidth","attributes":{"rate_bytes":1024}}'
check "shutdown: accepted" quiet curl -s -X POST $API/connections/$ID/shutdown -d '{"reason":"test teardown"}'     # 202: reset, and logged with the reason
for _ in $(seq 1 50); do grep -q "test teardown" proxy.log && break; sleep 0.1; done
check "shutdown: logged with the reason" grep -q "killed: test teardown" proxy.log
exec 3<&-
out=$(curl -s $API/metrics                                  )
check "metrics: Prometheus text" grep -q '^toxiproxy_proxy_sent_bytes_total{direction="downstream",listener="127.0.0.1:8080",proxy="default"' <<<"$out"

echo
if [ $failures -gt 0 ]; then
  echo "curl-recipes: $failures check(s) failed; the proxy's log:"; tail -20 proxy.log
  exit 1
fi
echo "curl-recipes: every recipe did what README says"
