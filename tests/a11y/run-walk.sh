#!/bin/sh
# run-walk.sh: the accessibility walk (walk.py) in its own X server and
# D-Bus session, with every file the run writes in a temporary directory.
#
# Copyright 2026 The Bounce Doctor authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: run-walk.sh APP SCHEMA_DIR LOCALEDIR TEST_DATA_DIR [--dump]
#   e.g. tests/a11y/run-walk.sh build/app/bounce-doctor build/data build/po tests/data --dump
# Needs: xvfb-run (xvfb, xauth), dbus-run-session (dbus), at-spi2-core and
# python3-dogtail (Debian), used with /usr/bin/python3. Exit 77 (skip)
# when one of them is missing; otherwise TAP on stdout, non-zero on failure.

set -u

if [ $# -lt 4 ]; then
  echo "usage: $0 APP SCHEMA_DIR LOCALEDIR TEST_DATA_DIR [--dump]" >&2
  exit 2
fi
app=$1 schema_dir=$2 localedir=$3 data=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)

python=/usr/bin/python3
[ -x "$python" ] || python=python3
missing=
command -v xvfb-run >/dev/null 2>&1 || missing="$missing xvfb"
command -v dbus-run-session >/dev/null 2>&1 || missing="$missing dbus"
[ -x /usr/libexec/at-spi-bus-launcher ] || missing="$missing at-spi2-core"
"$python" -c 'import dogtail' >/dev/null 2>&1 || missing="$missing python3-dogtail"
if [ -n "$missing" ]; then
  echo "1..0 # SKIP missing:$missing"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bd-a11y-XXXXXX") || exit 1
cleanup() {
  # the document portal FUSE-mounts $XDG_RUNTIME_DIR/doc; it is gone once
  # the bus is, but give it a moment, and unmount it if it stayed
  rm -rf "$tmp" 2>/dev/null && return
  sleep 1
  fusermount -uz "$tmp/runtime/doc" 2>/dev/null || umount -l "$tmp/runtime/doc" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$tmp/cache" "$tmp/config" "$tmp/data" "$tmp/runtime" "$tmp/bd-data"
chmod 700 "$tmp/runtime"

# everything a GUI run and dogtail write lands in $tmp
export XDG_CACHE_HOME="$tmp/cache"
export XDG_CONFIG_HOME="$tmp/config"
export XDG_DATA_HOME="$tmp/data"
export XDG_RUNTIME_DIR="$tmp/runtime"
export GSETTINGS_SCHEMA_DIR="$schema_dir"
export GSETTINGS_BACKEND=memory
export BOUNCE_DOCTOR_DATA_DIR="$tmp/bd-data"
export BOUNCE_DOCTOR_LOCALEDIR="$localedir"
export LC_ALL=C.UTF-8
unset GTK_A11Y DBUS_SESSION_BUS_ADDRESS
# fatal-warnings would kill the app on a portal or D-Bus warning that is not ours
unset G_DEBUG

# walk.py ends the app itself (also on failure); dbus-run-session ends the
# bus and what it started (at-spi, portals) when walk.py exits; xvfb-run
# ends Xvfb. timeout is the last resort, below meson's 120 s.
# TAP from walk.py reaches stdout through fd 3; what the bus and the
# services it starts print (at-spi, portals) goes to stderr.
exec 3>&1
timeout -k 5 110 \
  xvfb-run -a -s '-screen 0 1280x1024x24' \
  dbus-run-session -- \
  sh -c 'exec "$@" >&3 3>&-' sh \
  "$python" "$here/walk.py" --app "$app" --data "$data" --timeout 95 "$@" >&2
