#!/bin/bash
# Integration suite of Bounce Doctor's live checks (SPEC §9).
#
#   run.sh BOUNCE_DOCTOR CANCEL_TEST [WORKDIR]
#
# Builds a private network in a new network namespace (only "lo" inside):
# a real unbound with test zones, a slow and a silent DNS server, a private
# Postfix instance (SIZE limit, 550 5.1.1, AUTH on 587 only after STARTTLS,
# relay refused, 554 greeting for a listed client) and misbehaving SMTP
# peers (no greeting, slow greeting, refused port). Then runs
# `bounce-doctor check --format=json` inside it on the bounces in
# bounces/ and checks every result with check-results.py, and runs the
# cancel test. Everything is stopped and the namespace deleted on exit,
# also when a test fails. Nothing leaves the namespace.
#
# Needs root (ip netns, Postfix); uses `sudo -n` when not root, and FAILS
# (never passes) when neither is possible.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/netns.sh"

bd_net_need_root "the integration suite" "$0" "$@"

if [ $# -lt 2 ]; then
  echo "usage: $0 BOUNCE_DOCTOR CANCEL_TEST [WORKDIR]" >&2
  exit 2
fi
BD=$(readlink -f "$1")
CANCEL=$(readlink -f "$2")
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

bd_net_need_tools "iproute2 unbound postfix sasl2-bin libsasl2-modules openssl util-linux bind9-dnsutils python3" \
  ip unbound unbound-checkconf postfix postconf saslpasswd2 openssl script unshare dig "$PY"

bd_net_work "${3:-}" bd-integration
trap bd_net_cleanup EXIT
trap 'exit 130' INT TERM
t0=$(date +%s%N)

# --- the namespace -----------------------------------------------------------
bd_net_up "bd-test-$$" 127.0.0.25 127.0.0.26 127.0.0.27 127.0.0.29
# other views for single runs (bind-mounted in a private mount namespace)
printf 'nameserver 127.0.0.54\n' > "$WORK/resolv-slow.conf"
printf 'nameserver 127.0.0.53\n' > "$WORK/resolv-silent.conf"

# --- DNS ---------------------------------------------------------------------
sed "s|@WORK@|$WORK|g" "$HERE/unbound.conf.in" > "$WORK/unbound.conf"
unbound-checkconf "$WORK/unbound.conf" > "$WORK/unbound-checkconf.log" 2>&1 || {
  cat "$WORK/unbound-checkconf.log"; exit 1; }
$N unbound -d -c "$WORK/unbound.conf" > "$WORK/unbound.log" 2>&1 &
PIDS+=($!)
$N "$PY" "$HERE/peers.py" slowdns 127.0.0.54:53 127.0.0.1:53 1 > "$WORK/slowdns.log" 2>&1 &
PIDS+=($!)
$N "$PY" "$HERE/peers.py" silentdns 127.0.0.53:53 > "$WORK/silentdns.log" 2>&1 &
PIDS+=($!)
ok=0
for _ in $(seq 100); do
  if $N dig +time=1 +tries=1 +short @127.0.0.1 mx1.example.net A 2> /dev/null | grep -q 127.0.0.25; then
    ok=1; break
  fi
  sleep 0.05
done
[ $ok = 1 ] || { log "unbound does not answer"; cat "$WORK/unbound.log"; exit 1; }
log "DNS up"

# --- SMTP: a private Postfix instance ----------------------------------------
mkdir -p "$PF"/{conf/sasl,queue,data,tls,log}
log "making the test certificate"
openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
  -subj "/CN=mx1.example.net" -addext "subjectAltName=DNS:mx1.example.net" \
  -keyout "$PF/tls/key.pem" -out "$PF/tls/cert.pem" > /dev/null 2>&1 || exit 1
chmod 600 "$PF/tls/key.pem"
# Debian's Postfix reads $config_directory/sasl/smtpd.conf
cat > "$PF/conf/sasl/smtpd.conf" << EOC
pwcheck_method: auxprop
auxprop_plugin: sasldb
mech_list: PLAIN LOGIN
sasldb_path: $PF/conf/sasl/sasldb2
EOC
echo secret | saslpasswd2 -p -f "$PF/conf/sasl/sasldb2" -c -u example.net alice || exit 1
chown root:postfix "$PF/conf/sasl/sasldb2"
chmod 640 "$PF/conf/sasl/sasldb2"
cat > "$PF/conf/client_access" << 'EOC'
127.0.0.66   554 5.7.1 Test policy block
EOC
cat > "$PF/conf/early_access" << 'EOC'
127.0.0.29   554 5.7.1 Service unavailable; Client host [127.0.0.29] blocked using zen.spamhaus.org
EOC
cat > "$PF/conf/recipient_access" << 'EOC'
bob@example.net    550 5.1.1 User unknown in virtual mailbox table
EOC
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
myorigin = \$mydomain
inet_interfaces = 127.0.0.25, 127.0.0.29
inet_protocols = ipv4
mynetworks = 127.0.0.250/32
smtpd_banner = \$myhostname ESMTP Postfix (bounce test)
message_size_limit = 10240
mydestination = example.net, \$myhostname, localhost
local_recipient_maps = inline:{alice=ok, postmaster=ok}
alias_maps =
alias_database =
unknown_local_recipient_reject_code = 550
local_transport = discard:
default_transport = discard:
relay_transport = discard:
virtual_transport = discard:
smtpd_client_restrictions =
    check_client_access texthash:$PF/conf/client_access
    reject_rbl_client zen.spamhaus.org
smtpd_recipient_restrictions =
    check_recipient_access texthash:$PF/conf/recipient_access
smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination
smtpd_tls_cert_file = $PF/tls/cert.pem
smtpd_tls_key_file = $PF/tls/key.pem
smtpd_tls_security_level = may
smtpd_tls_loglevel = 1
smtpd_sasl_type = cyrus
smtpd_sasl_path = smtpd
smtpd_sasl_local_domain = example.net
smtpd_sasl_auth_enable = no
smtpd_timeout = 30s
smtpd_error_sleep_time = 0
biff = no
EOC
cat > "$PF/conf/master.cf" << EOC
127.0.0.25:smtp inet n - n - - smtpd
127.0.0.25:submission inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_tls_auth_only=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
127.0.0.29:smtp inet n - n - - smtpd
  -o syslog_name=postfix/early
  -o smtpd_delay_reject=no
  -o smtpd_client_restrictions=check_client_access,texthash:$PF/conf/early_access
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
  log "postfix $step done"
done
log "Postfix started"

# --- misbehaving SMTP peers --------------------------------------------------
$N "$PY" "$HERE/peers.py" tarpit 127.0.0.26:25 > "$WORK/tarpit.log" 2>&1 &
PIDS+=($!)
$N "$PY" "$HERE/peers.py" slowbanner 127.0.0.27:25 1 > "$WORK/slowbanner.log" 2>&1 &
PIDS+=($!)
# 127.0.0.28: nothing listens (refused)

for port in 127.0.0.25/25 127.0.0.25/587 127.0.0.29/25 127.0.0.26/25 127.0.0.27/25; do
  ok=0
  for _ in $(seq 100); do
    if $N bash -c "exec 3<>/dev/tcp/$port" 2> /dev/null; then ok=1; break; fi
    sleep 0.05
  done
  [ $ok = 1 ] || { log "nothing listens on $port"; cat "$WORK/postfix-start.log" "$PF/log/postfix.log" 2> /dev/null; exit 1; }
done
log "test network up in $(( ($(date +%s%N) - t0) / 1000000 )) ms (namespace $NS)"

# --- the cases ----------------------------------------------------------------
# name|bounce|timeout|resolver view (default, slow, silent, flatpak)
# "flatpak" lays /etc out as a Flatpak sandbox does (bubblewrap): a fresh
# /etc where resolv.conf is a symlink to /run/host/monitor/resolv.conf,
# the host's file as flatpak-session-helper provides it.
CASES="
dnsbl-listed|dnsbl-listed.log|2|default
ptr-missing|ptr-missing.log|2|default
ptr-mismatch|dnsbl-refused.log|2|default
dnsbl-unlisted|dnsbl-unlisted.log|2|default
dead-list|dead-list.log|2|default
spf-fail|spf-fail.log|2|default
spf-softfail|spf-softfail.log|2|default
spf-permerror|spf-permerror.log|2|default
no-domain|no-domain.eml|2|default
no-mx|no-mx.eml|2|default
dangling-mx|dangling-mx.eml|2|default
size|size.log|2|default
relay-denied|relay-denied.log|2|default
tarpit|tarpit.eml|2|default
slow-banner|slow-banner.eml|2|default
refused|refused.eml|2|default
banner-554|banner-554.log|2|default
dns-slow|no-domain.eml|4|slow
dns-silent|dnsbl-listed.log|2|silent
flatpak-resolv|dnsbl-unlisted.log|2|flatpak
"

printf '[Application]\nname=io.github.bouncedoctor.BounceDoctor\n' > "$WORK/flatpak-info"
echo "{" > "$WORK/runs.json"
first=1
while IFS='|' read -r name bounce timeout view; do
  [ -z "$name" ] && continue
  out="$WORK/$name.json"
  start=$(date +%s%N)
  case $view in
    default)
      $N env LC_ALL=C.UTF-8 "$BD" check --format=json --lang=en --timeout="$timeout" \
        "$HERE/bounces/$bounce" > "$out" 2> "$WORK/$name.err"
      ;;
    flatpak)
      $N bwrap --bind / / --tmpfs /etc \
        --ro-bind /etc/ld.so.cache /etc/ld.so.cache --ro-bind /etc/passwd /etc/passwd \
        --ro-bind /etc/group /etc/group --ro-bind /etc/ssl /etc/ssl \
        --tmpfs /run/host --dir /run/host/monitor \
        --ro-bind "/etc/netns/$NS/resolv.conf" /run/host/monitor/resolv.conf \
        --symlink /run/host/monitor/resolv.conf /etc/resolv.conf \
        --ro-bind "$WORK/flatpak-info" /.flatpak-info \
        sh -c 'test -L /etc/resolv.conf && test -f /.flatpak-info && exec "$@"' sh \
        env LC_ALL=C.UTF-8 "$BD" check --format=json --lang=en --timeout="$timeout" \
        "$HERE/bounces/$bounce" > "$out" 2> "$WORK/$name.err"
      ;;
    *)
      $N unshare -m sh -c 'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' sh \
        "$WORK/resolv-$view.conf" env LC_ALL=C.UTF-8 "$BD" check --format=json --lang=en --timeout="$timeout" \
        "$HERE/bounces/$bounce" > "$out" 2> "$WORK/$name.err"
      ;;
  esac
  rc=$?
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  log "$name: exit $rc in $ms ms"
  [ $first = 1 ] || echo "," >> "$WORK/runs.json"
  first=0
  printf '"%s": {"file": "%s", "exit": %d, "ms": %d, "timeout": %s}\n' \
    "$name" "$out" "$rc" "$ms" "$timeout" >> "$WORK/runs.json"
done <<< "$CASES"
echo "}" >> "$WORK/runs.json"

# --- cancel: a run against the silent DNS server, cancelled after 100 ms ------
$N env LC_ALL=C.UTF-8 "$CANCEL" "$HERE/bounces/cancel.log" 127.0.0.53 > "$WORK/cancel.out" 2>&1
cancel_rc=$?
cat "$WORK/cancel.out"

"$PY" "$HERE/check-results.py" "$WORK/runs.json"
results_rc=$?

if [ $cancel_rc -ne 0 ]; then
  log "cancel test FAILED"
  exit 1
fi
exit $results_rc
