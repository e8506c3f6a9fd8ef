#!/bin/sh
# build-html.sh: the help as plain HTML, for the Flatpak
#
# Copyright 2026 The Bounce Doctor authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Flatpak does not export /app/share/help, so the host's help viewer cannot
# open help:io.github.bouncedoctor.BounceDoctor. There the app serves this
# HTML on 127.0.0.1 instead (app/core/bd-help-server.c).
#
# Usage: build-html.sh OUTDIR SRCDIR
#   OUTDIR  gets C/ and ru/, each with index.html, one .html per page, the
#           stylesheet, the scripts and media/
#   SRCDIR  the help/ folder of the source tree
set -eu

if [ $# -ne 2 ]; then
  echo "usage: $0 OUTDIR SRCDIR" >&2
  exit 2
fi

outdir=$1
srcdir=$2
case $outdir in
  /*) ;;
  *) outdir=$(pwd)/$outdir ;;
esac
case $srcdir in
  /*) ;;
  *) srcdir=$(pwd)/$srcdir ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/bd-help-html.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

# Builds from the current folder's pages into $1 and checks the result.
build_lang () {
  dest=$1
  rm -rf "$dest"
  mkdir -p "$dest"
  yelp-build html -o "$dest/" ./*.page
  for page in ./*.page; do
    name=$(basename "$page" .page)
    if [ ! -s "$dest/$name.html" ]; then
      echo "$0: yelp-build wrote no $dest/$name.html" >&2
      exit 1
    fi
  done
  # yelp-build copies the media the pages name; make sure all are there
  if [ -d media ]; then
    mkdir -p "$dest/media"
    for file in media/*; do
      [ -e "$dest/$file" ] || cp "$file" "$dest/$file"
    done
  fi
  if [ ! -s "$dest/index.html" ] || ! ls "$dest"/*.css >/dev/null 2>&1; then
    echo "$0: $dest lacks index.html or its stylesheet" >&2
    exit 1
  fi
}

# C: straight from the sources (run from help/C so legal.xml's XInclude
# resolves)
cd "$srcdir/C"
build_lang "$outdir/C"

# Other languages: translate the pages with itstool, then the same
for lang in $(sed -e 's/#.*//' "$srcdir/LINGUAS"); do
  msgfmt -o "$tmp/$lang.mo" "$srcdir/$lang/$lang.po"
  mkdir -p "$tmp/$lang/media"
  cd "$srcdir/C"
  itstool -m "$tmp/$lang.mo" -o "$tmp/$lang/" ./*.page legal.xml
  cp media/* "$tmp/$lang/media/"
  if [ -d "$srcdir/$lang/media" ]; then
    cp "$srcdir/$lang/media/"* "$tmp/$lang/media/"
  fi
  cd "$tmp/$lang"
  build_lang "$outdir/$lang"
done
