/* main.c: the command line, dispatched before any GTK start
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <glib/gi18n-lib.h>
#include <gmime/gmime.h>
#include <libsoup/soup.h>
#include <unbound.h>

#include "bd-cli.h"
#include "bd-diagnose.h"
#include "bd-writer.h"

#ifdef BD_WITH_GUI
# include "bd-gui.h"
#endif

static void
print_version (void)
{
  g_print ("bounce-doctor %s\n", PACKAGE_VERSION);
  g_print ("GLib %u.%u.%u (built with %d.%d.%d)\n",
           glib_major_version, glib_minor_version, glib_micro_version,
           GLIB_MAJOR_VERSION, GLIB_MINOR_VERSION, GLIB_MICRO_VERSION);
  g_print ("GMime %u.%u.%u (built with %d.%d.%d)\n",
           gmime_major_version, gmime_minor_version, gmime_micro_version,
           GMIME_MAJOR_VERSION, GMIME_MINOR_VERSION, GMIME_MICRO_VERSION);
  g_print ("libsoup %u.%u.%u (built with %d.%d.%d)\n",
           soup_get_major_version (), soup_get_minor_version (), soup_get_micro_version (),
           SOUP_MAJOR_VERSION, SOUP_MINOR_VERSION, SOUP_MICRO_VERSION);
  g_print ("libunbound %s (built with %d.%d.%d)\n", ub_version (),
           UNBOUND_VERSION_MAJOR, UNBOUND_VERSION_MINOR, UNBOUND_VERSION_MICRO);
#ifdef BD_WITH_GUI
  bd_gui_print_versions ();
#endif
}

int
main (int    argc,
      char **argv)
{
  const char *lang;

  setlocale (LC_ALL, "");
  lang = argc >= 2 && (strcmp (argv[1], "diagnose") == 0 || strcmp (argv[1], "check") == 0)
         ? bd_cli_find_lang (argc, argv) : NULL;
  /* only a language we have; a wrong one is reported by "diagnose" itself */
  bd_cli_init_i18n (lang != NULL && (strcmp (lang, "en") == 0 || strcmp (lang, "ru") == 0) ? lang : NULL);

  if (argc >= 2 && strcmp (argv[1], "diagnose") == 0)
    return bd_cli_diagnose (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "check") == 0)
    return bd_cli_check (argc - 1, argv + 1);
  if (argc == 2 && (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0))
    {
      print_version ();
      return 0;
    }
  if (argc == 2 && (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0))
    {
      bd_cli_print_usage (stdout);
      return 0;
    }

#ifdef BD_WITH_GUI
  return bd_gui_run (argc, argv);
#else
  bd_cli_print_usage (stderr);
  return 2;
#endif
}
