#!/bin/sh
# D-Bus activation as a desktop shell does it for DBusActivatable=true:
# a private session bus finds our .service file, starts
# "bounce-doctor --gapplication-service", Activate opens a window (its
# actions appear on the bus), Open hands over a file, and the app.quit
# action ends the process.
# Usage: test-dbus-activation.sh BUILD_DIR APP_ID   (run under xvfb-run)
set -eu
build=$(cd "${1:?build dir}" && pwd)
app_id=${2:?application id}
path=/$(echo "$app_id" | tr . /)

if [ -z "${DBUS_SESSION_BUS_ADDRESS_PRIVATE:-}" ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  mkdir -p "$tmp/share/dbus-1/services"
  # the installed file, pointed at the uninstalled binary and schema
  sed "s|^Exec=.*|Exec=/usr/bin/env GSETTINGS_SCHEMA_DIR=$build/data XDG_DATA_HOME=$tmp/data XDG_CONFIG_HOME=$tmp/config $build/app/bounce-doctor --gapplication-service|" \
    "$build/data/$app_id.service" > "$tmp/share/dbus-1/services/$app_id.service"
  grep -q "^Name=$app_id$" "$tmp/share/dbus-1/services/$app_id.service"
  # TAP goes to fd 3; what the bus and the services it starts print
  # (at-spi, portals) goes to stderr
  exec 3>&1
  XDG_DATA_DIRS="$tmp/share:/usr/share" DBUS_SESSION_BUS_ADDRESS_PRIVATE=1 \
    exec dbus-run-session -- sh "$0" "$build" "$app_id" >&2
fi

tap () {
  echo "$@" >&3
}
call () {
  gdbus call --session --dest "$app_id" --object-path "$@"
}
wait_for () {
  i=0
  while ! eval "$1" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -gt 100 ]; then tap "not ok - timed out waiting for: $1"; exit 1; fi
    sleep 0.1
  done
}

tap "1..4"
# what a session does at login: services started by the bus see the display
dbus-update-activation-environment DISPLAY XAUTHORITY
call "$path" --method org.freedesktop.Application.Activate '{}' >/dev/null
wait_for "call $path/window/1 --method org.gtk.Actions.List | grep -q helpdesk-mode"
tap "ok 1 Activate started the service and opened a window"

pid=$(gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
      --method org.freedesktop.DBus.GetConnectionUnixProcessID "$app_id" | sed 's/[^0-9]*uint32 \([0-9]*\).*/\1/')
grep -q -- "--gapplication-service" "/proc/$pid/cmdline"
tap "ok 2 the service runs as $pid with --gapplication-service"

sample="$(cd "$(dirname "$0")" && pwd)/data/samples/mdaemon-seed.log"
call "$path" --method org.freedesktop.Application.Open "['file://$sample']" '{}' >/dev/null
wait_for "call $path/window/2 --method org.gtk.Actions.List"
tap "ok 3 Open took a file (a second window)"

call "$path" --method org.freedesktop.Application.ActivateAction 'quit' '[]' '{}' >/dev/null
wait_for "! kill -0 $pid"
tap "ok 4 app.quit ended the service"
