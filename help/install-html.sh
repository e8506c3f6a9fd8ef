#!/bin/sh
# install-html.sh: installs the HTML help (built by build-html.sh)
#
# Copyright 2026 The Bounce Doctor authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage (from meson.add_install_script): install-html.sh BUILT_DIR DEST_DIR
# DEST_DIR is absolute; meson install --destdir sets $DESTDIR.
set -eu

src=$1
dest=${DESTDIR:-}$2

if [ ! -f "$src/C/index.html" ]; then
  echo "$0: $src/C/index.html is missing: build first" >&2
  exit 1
fi
if [ -n "${MESON_INSTALL_DRY_RUN:-}" ]; then
  echo "Would install $src to $dest"
  exit 0
fi
echo "Installing $src to $dest"
rm -rf "$dest"
mkdir -p "$dest"
cp -R "$src/." "$dest/"
find "$dest" -type d -exec chmod 755 {} +
find "$dest" -type f -exec chmod 644 {} +
