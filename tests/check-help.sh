#!/bin/sh
# Checks the user help in both languages:
#  - help/ru/ru.po passes msgfmt --check, has no untranslated or fuzzy
#    message, and covers exactly the messages of today's pages (itstool);
#  - every page, English and Russian (made with itstool from ru.po),
#    validates against Mallard (yelp-check validate);
#  - no page is an orphan: each is reachable from the index (yelp-check
#    orphans), no link points to a missing page (yelp-check links), every
#    image exists (yelp-check media);
#  - help/meson.build installs every page and image there is.
set -eu
srcdir=$(cd "${1:?source dir}" && pwd)
help="$srcdir/help"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

for tool in yelp-check itstool msgfmt msgmerge msgattrib xmllint; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "FAIL: $tool is not installed (sh .ci/install-deps installs it)"
    exit 1
  fi
done

cd "$help/C"
pages=$(ls *.page | LC_ALL=C sort)
n=$(echo "$pages" | wc -l)

# meson.build lists every page and image
for f in $pages legal.xml $(cd "$help/C" && ls media/*); do
  if ! grep -q "'$f'" "$help/meson.build"; then
    echo "FAIL: help/meson.build does not install $f"
    status=1
  fi
done

# translations
itstool -o "$tmp/help.pot" $pages legal.xml
msgfmt --check -o "$tmp/ru.mo" "$help/ru/ru.po" || status=1
stats=$(LC_ALL=C msgfmt --statistics -o /dev/null "$help/ru/ru.po" 2>&1)
msgmerge --quiet --no-fuzzy-matching -o "$tmp/merged.po" "$help/ru/ru.po" "$tmp/help.pot"
missing=$(msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep -c '^msgid ' || true)
echo "help/ru/ru.po: $stats; against today's pages: $missing untranslated or new, $fuzzy fuzzy"
case "$stats" in *fuzzy*|*untranslated*) status=1 ;; esac
if [ "$missing" -gt 0 ] || [ "$fuzzy" -gt 0 ]; then
  echo "FAIL: help/ru/ru.po is behind the pages (run: ninja -C build help-io.github.bouncedoctor.BounceDoctor-update-po, then translate):"
  msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -A1 '^msgid ' | head -20
  status=1
fi

mkdir -p "$tmp/ru/media"
itstool -m "$tmp/ru.mo" -o "$tmp/ru/" $pages legal.xml
cp -r media/* "$tmp/ru/media/"
if [ -d "$help/ru/media" ]; then cp -r "$help/ru/media/"* "$tmp/ru/media/" 2>/dev/null || true; fi

check_dir () {
  lang=$1; dir=$2
  out=$(cd "$dir" && yelp-check validate $pages 2>&1) || true
  if [ -n "$out" ]; then echo "FAIL ($lang): yelp-check validate:"; echo "$out"; status=1; fi
  for cmd in orphans links media; do
    out=$(cd "$dir" && yelp-check "$cmd" $pages 2>&1) || true
    if [ -n "$out" ]; then echo "FAIL ($lang): yelp-check $cmd:"; echo "$out"; status=1; fi
  done
  for p in $pages; do
    xmllint --noout --xinclude "$dir/$p" 2>"$tmp/xml.err" || { echo "FAIL ($lang): $p"; cat "$tmp/xml.err"; status=1; }
  done
}
check_dir en "$help/C"
check_dir ru "$tmp/ru"

# the Russian pages really are Russian: every page's title has Cyrillic text
for p in $pages; do
  title=$(xmllint --xpath "string(//*[local-name()='page']/*[local-name()='title'])" "$tmp/ru/$p" 2>/dev/null || true)
  if ! printf '%s' "$title" | python3 -c 'import re, sys; sys.exit(0 if re.search("[\u0400-\u04ff]", sys.stdin.buffer.read().decode("utf-8")) else 1)'; then
    echo "FAIL (ru): $p has no Russian title: '$title'"
    status=1
  fi
done

[ $status -eq 0 ] && echo "$n pages checked in English and Russian"
exit $status
