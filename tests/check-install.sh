#!/bin/sh
# Installs the build into a temporary DESTDIR (as a package or the Flatpak
# build does) and checks that everything a desktop needs lands where it
# looks for it: the binary, the desktop file and D-Bus service under the
# application id (the service starting the installed binary), metainfo,
# icons, the schema, translations, and the help in both languages with the
# Russian screenshots.
set -eu
build=$(cd "${1:?build dir}" && pwd)
src=$(cd "${2:?source dir}" && pwd)
# the application id (…Devel in the development profile); the help keeps
# the base id
id=${3:?application id}
help_id=io.github.bouncedoctor.BounceDoctor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
meson install -C "$build" --no-rebuild --quiet --destdir "$tmp" >/dev/null

prefix=$(meson introspect "$build" --buildoptions | python3 -c \
  'import json, sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
root="$tmp$prefix"
status=0
n=0
need () {
  n=$((n + 1))
  if [ -e "$root/$1" ]; then echo "ok $n $1"; else echo "not ok $n $1 is not installed"; status=1; fi
}

# the HTML help for the Flatpak, when this build makes it (-Dhelp_html)
html=0
[ -d "$build/help/html" ] && html=2
echo "1..$((17 + html))"
need bin/bounce-doctor
need share/applications/$id.desktop
need share/metainfo/$id.metainfo.xml
need share/dbus-1/services/$id.service
need share/icons/hicolor/scalable/apps/$id.svg
need share/icons/hicolor/symbolic/apps/$id-symbolic.svg
need share/glib-2.0/schemas/$id.gschema.xml
need share/locale/ru/LC_MESSAGES/bounce-doctor.mo
need share/help/C/$help_id/index.page
need share/help/C/$help_id/legal.xml
need share/help/C/$help_id/media/diagnosis.png
need share/help/ru/$help_id/index.page
need share/help/ru/$help_id/media/diagnosis.png
if [ $html = 2 ]; then
  need share/bounce-doctor/help-html/C/index.html
  need share/bounce-doctor/help-html/ru/index.html
fi

n=$((n + 1))
if grep -q "^Exec=$prefix/bin/bounce-doctor --gapplication-service$" "$root/share/dbus-1/services/$id.service" &&
   grep -q "^Name=$id$" "$root/share/dbus-1/services/$id.service"; then
  echo "ok $n the D-Bus service starts the installed binary"
else
  echo "not ok $n the D-Bus service file:"; cat "$root/share/dbus-1/services/$id.service"; status=1
fi

n=$((n + 1))
if grep -q "^Icon=$id$" "$root/share/applications/$id.desktop" &&
   grep -q "^DBusActivatable=true$" "$root/share/applications/$id.desktop"; then
  echo "ok $n the desktop file names the icon and is D-Bus activatable"
else
  echo "not ok $n the desktop file"; status=1
fi

n=$((n + 1))
if cmp -s "$root/share/help/ru/$help_id/media/diagnosis.png" "$src/help/ru/media/diagnosis.png"; then
  echo "ok $n the Russian help shows the Russian screenshots"
else
  echo "not ok $n the Russian help has the English screenshots"; status=1
fi

n=$((n + 1))
if python3 -c 'import re, sys; sys.exit(0 if re.search("[\u0400-\u04ff]", open(sys.argv[1], encoding="utf-8").read()) else 1)' \
     "$root/share/help/ru/$help_id/index.page"; then
  echo "ok $n the Russian help pages are translated"
else
  echo "not ok $n share/help/ru/$help_id/index.page has no Russian"; status=1
fi
exit $status
