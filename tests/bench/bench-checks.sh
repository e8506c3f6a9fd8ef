#!/bin/bash
# Benchmarks of Bounce Doctor's live checks, in a private network.
#
#   bench-checks.sh BENCH_CHECKS INTEGRATION_DIR [WORKDIR]
#
# Builds a network namespace (only "lo" inside) from the integration
# suite's pieces (INTEGRATION_DIR: unbound.conf.in, peers.py, bounces/):
#   127.0.0.1:53   unbound with the suite's test zones, plus every active
#                  block list of the KB as a local zone answering at once,
#                  except bl.spamcop.net, forwarded to
#   127.0.0.54:53  a DNS server that answers after 1 s (peers.py slowdns),
#                  relaying to
#   127.0.0.2:53   a second unbound holding bl.spamcop.net
#   127.0.0.25:25  a private Postfix (STARTTLS, SIZE)
# and runs bench-checks in it:
#   1. libunbound alone against the slow server, with bd-resolver.c's
#      options and with larger first-try timeouts (why a 1 s server costs
#      more than 1 s);
#   2. a full check run of bounces/dnsbl-listed.log where one list's DNS
#      answers after 1 s: wall time against the sum of the checks;
#   3. 50 DNSBL queries + 15 DNS queries + 3 SMTP probes, all answering at
#      once: wall time and main-loop time.
# BENCH_RUNS (default 7) runs of each; every "median:" line is summed up at
# the end (BENCH_CMD, when set, is run in the namespace instead, with
# $BENCH, $IT and $WORK set: for profiling). Everything is stopped and the namespace deleted on exit.
# Nothing leaves the namespace.
#
# Needs root (ip netns, Postfix); uses `sudo -n` when not root and FAILS
# otherwise.
set -uo pipefail

. "$(dirname "$(readlink -f "$0")")/../integration/netns.sh"

bd_net_need_root "the live-checks benchmark" "$0" "$@"

if [ $# -lt 2 ]; then
  echo "usage: $0 BENCH_CHECKS INTEGRATION_DIR [WORKDIR]" >&2
  exit 2
fi
BENCH=$(readlink -f "$1")
IT=$(readlink -f "$2")
RUNS=${BENCH_RUNS:-7}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
SLOW_ZONE=bl.spamcop.net

bd_net_need_tools "iproute2 unbound postfix openssl util-linux bind9-dnsutils python3" \
  ip unbound unbound-checkconf postfix openssl script dig "$PY"

bd_net_work "${3:-}" bd-bench-checks
trap bd_net_cleanup EXIT
trap 'exit 130' INT TERM

# --- the namespace -----------------------------------------------------------
bd_net_up "bd-bench-$$" 127.0.0.2 127.0.0.25

# --- DNS ---------------------------------------------------------------------
# the integration suite's zones, plus the KB's active block lists
sed "s|@WORK@|$WORK|g" "$IT/unbound.conf.in" > "$WORK/unbound.conf"
"$PY" - "$IT/../../data/kb/dnsbl.json" "$SLOW_ZONE" >> "$WORK/unbound.conf" << 'EOF' || exit 1
import ipaddress, json, sys
lists = json.load(open(sys.argv[1]))["lists"]
slow = sys.argv[2]
print("    # --- bench-checks.sh: no cache, so that every run asks again ----")
print("    cache-max-ttl: 0")
print("    cache-max-negative-ttl: 0")
# this server stands for the user's resolver whose upstream takes 1 s:
# it waits for the slow server instead of re-sending at 376 ms
print("    unknown-server-time-limit: 1500")
for l in lists:
    zone = l["zone"]
    test = l.get("test", {}).get("listed")
    if l["state"] != "active" or zone == "zen.spamhaus.org":
        continue
    if zone == slow:
        print(f'    local-zone: "{zone}." transparent')
        continue
    print(f'    local-zone: "{zone}." static')
    try:
        rev = ".".join(reversed(str(ipaddress.ip_address(test)).split(".")))
    except (TypeError, ValueError):
        continue
    print(f"    local-data: '{rev}.{zone}. 300 IN A 127.0.0.2'")
print("forward-zone:")
print(f'    name: "{slow}."')
print("    forward-addr: 127.0.0.54@53")
EOF
cat > "$WORK/backend.conf" << EOC
server:
    interface: 127.0.0.2
    port: 53
    do-ip6: no
    username: ""
    chroot: ""
    directory: "$WORK"
    pidfile: ""
    use-syslog: no
    logfile: ""
    module-config: "iterator"
    access-control: 127.0.0.0/8 allow
    local-zone: "." refuse
    local-zone: "$SLOW_ZONE." static
    local-data: '2.0.0.127.$SLOW_ZONE. 300 IN A 127.0.0.2'
EOC
for conf in unbound backend; do
  unbound-checkconf "$WORK/$conf.conf" > "$WORK/$conf-checkconf.log" 2>&1 || {
    cat "$WORK/$conf-checkconf.log"; exit 1; }
done
$N unbound -d -c "$WORK/unbound.conf" > "$WORK/unbound.log" 2>&1 &
PIDS+=($!)
$N unbound -d -c "$WORK/backend.conf" > "$WORK/backend.log" 2>&1 &
PIDS+=($!)
$N "$PY" "$IT/peers.py" slowdns 127.0.0.54:53 127.0.0.2:53 1 > "$WORK/slowdns.log" 2>&1 &
PIDS+=($!)
ok=0
for _ in $(seq 100); do
  if $N dig +time=1 +tries=1 +short @127.0.0.1 mx1.example.net A 2> /dev/null | grep -q 127.0.0.25 &&
     $N dig +time=1 +tries=1 +short @127.0.0.2 2.0.0.127.$SLOW_ZONE A 2> /dev/null | grep -q 127.0.0.2; then
    ok=1; break
  fi
  sleep 0.05
done
[ $ok = 1 ] || { log "unbound does not answer"; cat "$WORK/unbound.log" "$WORK/backend.log"; exit 1; }
start=$(date +%s%N)
$N dig +time=3 +tries=1 +short @127.0.0.1 2.0.0.127.$SLOW_ZONE A | grep -q 127.0.0.2 || {
  log "the slow zone does not answer"; exit 1; }
log "DNS up; the slow zone answers through unbound in $(( ($(date +%s%N) - start) / 1000000 )) ms"

# --- SMTP: a private Postfix instance (as in the integration suite) ----------
mkdir -p "$PF"/{conf,queue,data,tls,log}
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
  -subj "/CN=mx1.example.net" -addext "subjectAltName=DNS:mx1.example.net" \
  -keyout "$PF/tls/key.pem" -out "$PF/tls/cert.pem" > /dev/null 2>&1 || exit 1
chmod 600 "$PF/tls/key.pem"
cat > "$PF/conf/main.cf" << EOC
compatibility_level = 3.6
queue_directory = $PF/queue
data_directory = $PF/data
mail_owner = postfix
setgid_group = postdrop
maillog_file = $PF/log/postfix.log
maillog_file_prefixes = $PF/log
myhostname = mx1.example.net
mydomain = example.net
inet_interfaces = 127.0.0.25
inet_protocols = ipv4
mynetworks = 127.0.0.250/32
smtpd_banner = \$myhostname ESMTP Postfix (bench)
message_size_limit = 10240
mydestination = example.net, \$myhostname, localhost
local_recipient_maps = inline:{alice=ok, postmaster=ok}
alias_maps =
alias_database =
local_transport = discard:
default_transport = discard:
relay_transport = discard:
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
smtpd_tls_cert_file = $PF/tls/cert.pem
smtpd_tls_key_file = $PF/tls/key.pem
smtpd_tls_security_level = may
smtpd_timeout = 30s
smtpd_error_sleep_time = 0
biff = no
EOC
cat > "$PF/conf/master.cf" << EOC
127.0.0.25:smtp inet n - n - - smtpd
pickup     unix  n  -  n  60  1  pickup
cleanup    unix  n  -  n  -   0  cleanup
qmgr       unix  n  -  n  300 1  qmgr
tlsmgr     unix  -  -  n  1000? 1 tlsmgr
rewrite    unix  -  -  n  -   -  trivial-rewrite
bounce     unix  -  -  n  -   0  bounce
defer      unix  -  -  n  -   0  bounce
trace      unix  -  -  n  -   0  bounce
verify     unix  -  -  n  -   1  verify
flush      unix  n  -  n  1000? 0 flush
proxymap   unix  -  -  n  -   -  proxymap
showq      unix  n  -  n  -   -  showq
error      unix  -  -  n  -   -  error
retry      unix  -  -  n  -   -  error
discard    unix  -  -  n  -   -  discard
anvil      unix  -  -  n  -   1  anvil
scache     unix  -  -  n  -   1  scache
postlog    unix-dgram n - n - 1 postlogd
EOC
# Postfix prints its fatal errors only to a tty: script(1) gives it one
for step in set-permissions start; do
  $N script -qec "postfix -c $PF/conf $step" /dev/null >> "$WORK/postfix-start.log" 2>&1 || {
    log "postfix $step failed"; cat "$WORK/postfix-start.log"; exit 1; }
done
ok=0
for _ in $(seq 100); do
  if $N bash -c "exec 3<>/dev/tcp/127.0.0.25/25" 2> /dev/null; then ok=1; break; fi
  sleep 0.05
done
[ $ok = 1 ] || { log "Postfix does not listen"; cat "$WORK/postfix-start.log" "$PF/log/postfix.log" 2> /dev/null; exit 1; }
log "Postfix up (namespace $NS)"

# --- the benchmarks ----------------------------------------------------------
# BENCH_CMD: run this shell command in the namespace instead (profiling)
if [ -n "${BENCH_CMD:-}" ]; then
  $N env BENCH="$BENCH" IT="$IT" WORK="$WORK" bash -c "$BENCH_CMD"
  exit $?
fi
SUMMARY=$WORK/summary.txt
: > "$SUMMARY"
bench() {
  local title=$1
  shift
  log "$title"
  $N env LC_ALL=C.UTF-8 "$BENCH" "$@" --runs="$RUNS" 2>&1 | tee "$WORK/last.out"
  local rc=${PIPESTATUS[0]}
  [ $rc -eq 0 ] || { log "$title: bench-checks failed (exit $rc)"; exit 1; }
  printf '%-66s %s\n' "$title:" "$(grep '^median:' "$WORK/last.out" | sed 's/^median: //')" >> "$SUMMARY"
}

SLOW_NAME=2.0.0.127.$SLOW_ZONE
bench "1a. libunbound → slow server (bd-resolver.c's options)" \
  lookup --server=127.0.0.54@53 --name="$SLOW_NAME"
bench "1b. libunbound → slow server, unknown-server-time-limit 1128" \
  lookup --server=127.0.0.54@53 --name="$SLOW_NAME" --option=unknown-server-time-limit:1128
bench "1c. libunbound → slow server, infra-cache-min-rtt 1000" \
  lookup --server=127.0.0.54@53 --name="$SLOW_NAME" --option=infra-cache-min-rtt:1000
bench "1d. libunbound → unbound → slow server (1 s upstream)" \
  lookup --server=127.0.0.1@53 --name="$SLOW_NAME"
bench "1e. full check run, $SLOW_ZONE answers after 1 s (target < 1300 ms)" \
  run --server=127.0.0.1@53 --bounce="$IT/bounces/dnsbl-listed.log" --timeout=5000
bench "2.  50 DNSBL + 15 DNS + 3 SMTP, at once (< 100 ms wall, < 20 ms loop)" \
  mix --server=127.0.0.1@53 --smtp=127.0.0.25 --timeout=5000 --skip-zone=$SLOW_ZONE
bench "2b. the same without the SMTP probes" \
  mix --server=127.0.0.1@53 --smtp=127.0.0.25 --timeout=5000 --skip-zone=$SLOW_ZONE --probes=0
bench "2c. the 3 SMTP probes alone" \
  mix --server=127.0.0.1@53 --smtp=127.0.0.25 --timeout=5000 --dnsbl=0 --dns=0
bench "2d. creating one TLS client connection (main thread)" \
  tls-new

echo
echo "=== medians of $RUNS runs ==="
cat "$SUMMARY"
exit 0
