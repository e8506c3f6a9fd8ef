# netns.sh: the private network that the integration suite (run.sh) and the
# live-checks benchmark (../bench/bench-checks.sh) build. Sourced by bash:
#
#   . netns.sh
#   bd_net_need_root "the integration suite" "$0" "$@"
#   bd_net_need_tools "iproute2 unbound …" ip unbound …
#   bd_net_work "${3:-}" bd-integration     # WORK, PF, PIDS, KEEP
#   trap bd_net_cleanup EXIT; trap 'exit 130' INT TERM
#   bd_net_up bd-test-$$ 127.0.0.25 …       # NS, N; lo + extra addresses
#
# bd_net_cleanup stops Postfix ($PF) and the processes in PIDS, kills what is
# left in the namespace, deletes it and /etc/netns/$NS, and removes WORK
# unless the run failed or WORK was given (or KEEP_WORK is set).

log() { printf '[%s] %s\n' "$(date +%T.%3N)" "$*"; }

# Re-runs the script through `sudo -n` when not root; FAILS (never passes)
# when neither is possible.
bd_net_need_root() {
  local what=$1
  shift
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo > /dev/null 2>&1 && sudo -n true 2> /dev/null; then
      exec sudo -n -E "$@"
    fi
    echo "FAIL: $what needs root (network namespace, Postfix): run it as root or allow 'sudo -n'." >&2
    exit 1
  fi
}

bd_net_need_tools() {
  local packages=$1 missing="" tool
  shift
  for tool in "$@"; do
    command -v "$tool" > /dev/null 2>&1 || [ -x "$tool" ] || missing="$missing $tool"
  done
  if [ -n "$missing" ]; then
    echo "FAIL: missing tools:$missing (Debian packages: $packages)" >&2
    exit 1
  fi
}

# WORK: the given folder (emptied, kept afterwards) or a new temporary one
bd_net_work() {
  WORK=$1
  KEEP=${1:+1}
  if [ -n "$WORK" ]; then
    rm -rf "$WORK"
    mkdir -p "$WORK"
  else
    WORK=$(mktemp -d "/tmp/$2.XXXXXX")
  fi
  WORK=$(readlink -f "$WORK")
  # Postfix's own users must reach its queue and configuration
  chmod 755 "$WORK"
  PF=$WORK/pf
  PIDS=()
}

bd_net_cleanup() {
  local rc=$?
  set +e
  if [ -f "$PF/conf/main.cf" ] && ip netns list 2> /dev/null | grep -qw "$NS"; then
    ip netns exec "$NS" script -qec "postfix -c $PF/conf stop" /dev/null > /dev/null 2>&1
  fi
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2> /dev/null
  done
  # whatever is left in the namespace (postfix children, socket handlers)
  if [ -n "${NS:-}" ] && ip netns list 2> /dev/null | grep -qw "$NS"; then
    local left
    for _ in $(seq 30); do
      left=$(ip netns pids "$NS" 2> /dev/null)
      [ -z "$left" ] && break
      kill $left 2> /dev/null
      sleep 0.1
    done
    left=$(ip netns pids "$NS" 2> /dev/null)
    [ -n "$left" ] && kill -9 $left 2> /dev/null
    ip netns del "$NS"
  fi
  [ -n "${NS:-}" ] && rm -rf "/etc/netns/$NS"
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2> /dev/null
  done
  if [ $rc -ne 0 ]; then
    log "FAILED (exit $rc); logs kept in $WORK"
  elif [ -z "$KEEP" ] && [ -z "${KEEP_WORK:-}" ]; then
    rm -rf "$WORK"
  fi
  exit $rc
}

# The namespace NAME with only "lo" (127.0.0.1 and the addresses given);
# its resolv.conf names the unbound on 127.0.0.1, so Postfix and the app
# never ask the host's DNS.
bd_net_up() {
  local a
  NS=$1
  shift
  N="ip netns exec $NS"
  ip netns add "$NS" || exit 1
  ip -n "$NS" link set lo up
  for a in "$@"; do
    ip -n "$NS" addr add "$a/32" dev lo
  done
  mkdir -p "/etc/netns/$NS"
  printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' > "/etc/netns/$NS/resolv.conf"
}
