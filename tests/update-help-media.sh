#!/bin/sh
# Takes the help's screenshots with the ui suite's wizard walk (the seed
# MDaemon log, 1024 px wide) in English and Russian and copies them into
# help/C/media and help/ru/media.
#   ninja -C build help-media
set -eu
build=$(cd "${1:?build dir}" && pwd)
src=$(cd "${2:?source dir}" && pwd)
for lang in en ru; do
  env G_TEST_SRCDIR="$src/tests" G_TEST_BUILDDIR="$build/tests" GSETTINGS_BACKEND=memory \
      GSETTINGS_SCHEMA_DIR="$build/data" BOUNCE_DOCTOR_LOCALEDIR="$build/po" LC_ALL=C.UTF-8 \
      LANGUAGE="$lang" \
    xvfb-run -a -s "-screen 0 1280x1024x24" "$build/tests/test-wizard" -p /bd/wizard/walk/mdaemon-seed
done
for step in input diagnosis checks fixes report; do
  cp "$build/tests/screenshot-wizard-mdaemon-seed-$step.png" "$src/help/C/media/$step.png"
  cp "$build/tests/screenshot-wizard-mdaemon-seed-$step-ru.png" "$src/help/ru/media/$step.png"
done
echo "help/C/media and help/ru/media updated; help/ru/ru.po needs the new md5 sums:"
echo "  ninja -C build help-io.github.bouncedoctor.BounceDoctor-update-po"
