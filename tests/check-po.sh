#!/bin/sh
# Fails when po/ru.po is not complete for the strings in the sources:
# a fresh template is extracted the way meson's 'glib' preset does, merged
# with ru.po, and the result must have no untranslated, fuzzy or missing
# messages; ru.po itself must pass msgfmt --check.
set -eu
srcdir=${1:?source dir}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# po/kb.pot must be what po/kb-extract.py makes of data/kb today.
python3 "$srcdir/po/kb-extract.py" "$srcdir" "$tmp/kb.pot"
if ! cmp -s "$tmp/kb.pot" "$srcdir/po/kb.pot"; then
  echo "po/kb.pot is out of date with data/kb (run: ninja -C build kb-pot bounce-doctor-pot bounce-doctor-update-po)"
  diff "$srcdir/po/kb.pot" "$tmp/kb.pot" | head -20
  exit 1
fi

xgettext --package-name=bounce-doctor --from-code=UTF-8 --add-comments \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
  --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --directory="$srcdir" --files-from="$srcdir/po/POTFILES.in" \
  -o "$tmp/bounce-doctor.pot"

status=0
msgfmt --check --output-file=/dev/null "$srcdir/po/ru.po" || status=1
msgmerge --quiet --no-fuzzy-matching --output-file="$tmp/merged.po" "$srcdir/po/ru.po" "$tmp/bounce-doctor.pot"
stats=$(LC_ALL=C msgfmt --statistics --output-file=/dev/null "$tmp/merged.po" 2>&1)
echo "ru.po against the current sources: $stats"
case "$stats" in
  *fuzzy*|*untranslated*) status=1 ;;
esac
missing=$(msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -c '^msgid ' || true)
if [ "$missing" -gt 0 ]; then
  echo "untranslated or new messages (run: ninja -C build bounce-doctor-pot bounce-doctor-update-po):"
  msgattrib --untranslated --no-obsolete "$tmp/merged.po" | grep -A1 '^msgid ' | head -40
  status=1
fi
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep -c '^msgid ' || true)
if [ "$fuzzy" -gt 0 ]; then
  echo "fuzzy messages:"
  msgattrib --only-fuzzy --no-obsolete "$tmp/merged.po" | grep -A1 '^msgid ' | head -40
  status=1
fi
obsolete=$(msgattrib --only-obsolete "$tmp/merged.po" | grep -c '^#~ msgid ' || true)
if [ "$obsolete" -gt 0 ]; then
  echo "ru.po has $obsolete messages the sources no longer use (stale): update it"
  status=1
fi
exit $status
