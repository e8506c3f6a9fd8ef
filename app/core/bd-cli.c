/* bd-cli.c: the "diagnose" command (SPEC §5)
 *
 * Copyright 2026 The Bounce Doctor authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gunixinputstream.h>
#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "bd-check.h"
#include "bd-cli.h"
#include "bd-diagnose.h"
#include "bd-writer.h"

typedef enum
{
  FORMAT_TEXT,
  FORMAT_JSON,
  FORMAT_JSONL,
} OutputFormat;

typedef struct
{
  OutputFormat  format;
  BdWriteFlags  flags;
  guint         n_reports;
  GString      *json_array;   /* FORMAT_JSON: objects kept until we know how many */
  gboolean      read_error;
} Run;

/* Makes gettext answer in @lang even when the process runs in the C
 * locale (as CI and many scripts do), where glibc ignores LANGUAGE. */
const char *
bd_cli_find_lang (int    argc,
                  char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        break;
      if (g_str_has_prefix (argv[i], "--lang="))
        return argv[i] + 7;
      if ((strcmp (argv[i], "--lang") == 0 || strcmp (argv[i], "-l") == 0) && i + 1 < argc)
        return argv[i + 1];
    }
  return NULL;
}

void
bd_cli_init_i18n (const char *lang)
{
  const char *localedir = g_getenv ("BOUNCE_DOCTOR_LOCALEDIR");

  if (lang != NULL && *lang != '\0')
    {
      const char *current = setlocale (LC_MESSAGES, NULL);

      g_setenv ("LANGUAGE", lang, TRUE);
      /* glibc ignores LANGUAGE in the "C" locale; C.UTF-8 honours it */
      if (current == NULL || strcmp (current, "C") == 0 || strcmp (current, "POSIX") == 0)
        {
          setlocale (LC_MESSAGES, "C.UTF-8");
          setlocale (LC_CTYPE, "C.UTF-8");
        }
    }

  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

void
bd_cli_print_usage (FILE *stream)
{
  fprintf (stream, "%s\n  bounce-doctor [FILE]\n"
           "  bounce-doctor diagnose [--format=text|json|jsonl] [--lang=en|ru] [--redact] PATH|- …\n"
           "  bounce-doctor check [--format=text|json] [--lang=en|ru] [--timeout=SECONDS] [--doh=URL] PATH|-\n"
           "  bounce-doctor --version\n",
           _("Usage:"));
}

static void
on_report (BdReport *report,
           gpointer  user_data)
{
  Run *run = user_data;
  g_autoptr(GString) out = g_string_new (NULL);

  run->n_reports++;
  switch (run->format)
    {
    case FORMAT_TEXT:
      bd_write_text (out, report, run->flags);
      fwrite (out->str, 1, out->len, stdout);
      break;
    case FORMAT_JSONL:
      bd_write_json (out, report, run->flags);
      g_string_append_c (out, '\n');
      fwrite (out->str, 1, out->len, stdout);
      break;
    case FORMAT_JSON:
    default:
      if (run->json_array->len > 0)
        g_string_append (run->json_array, ",\n");
      bd_write_json (run->json_array, report, run->flags | BD_WRITE_FLAGS_PRETTY);
      break;
    }
  bd_report_free (report);
}

static void
on_error (const char   *path,
          const GError *error,
          gpointer      user_data)
{
  Run *run = user_data;

  /* Translators: %s are a file name and the reason it could not be read */
  g_printerr (_("bounce-doctor: cannot read %s: %s\n"), path, error ? error->message : "");
  run->read_error = TRUE;
}

int
bd_cli_diagnose (int    argc,
                 char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  gboolean redact = FALSE;
  g_auto(GStrv) paths = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text, json or jsonl"), "FORMAT" },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang, N_("Language of the explanations: en or ru"), "LANG" },
    { "redact", 'r', 0, G_OPTION_ARG_NONE, &redact, N_("Hide email addresses and IP addresses"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("PATH|-") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { FORMAT_TEXT, BD_WRITE_FLAGS_NONE, 0, NULL, FALSE };

  context = g_option_context_new (_("PATH|- … — find out why mail bounced"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bounce-doctor: %s\n", error->message);
      return 2;
    }

  if (lang != NULL)
    {
      if (strcmp (lang, "en") != 0 && strcmp (lang, "ru") != 0)
        {
          /* Translators: %s is what the user gave to --lang */
          g_printerr (_("bounce-doctor: unknown language “%s” (use en or ru)\n"), lang);
          return 2;
        }
      bd_cli_init_i18n (lang);
    }

  if (format == NULL || strcmp (format, "text") == 0)
    run.format = FORMAT_TEXT;
  else if (strcmp (format, "json") == 0)
    run.format = FORMAT_JSON;
  else if (strcmp (format, "jsonl") == 0)
    run.format = FORMAT_JSONL;
  else
    {
      /* Translators: %s is what the user gave to --format */
      g_printerr (_("bounce-doctor: unknown format “%s” (use text, json or jsonl)\n"), format);
      return 2;
    }

  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr ("%s\n", _("bounce-doctor: give a file, a folder or “-” for standard input"));
      bd_cli_print_usage (stderr);
      return 2;
    }

  if (redact)
    run.flags |= BD_WRITE_FLAGS_REDACT;
  run.json_array = g_string_new (NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (strcmp (paths[i], "-") == 0)
        {
          g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
          ok = bd_diagnose_stream (in, NULL, on_report, &run, NULL, &local_error);
        }
      else
        ok = bd_diagnose_path (paths[i], on_report, on_error, &run, NULL, &local_error);

      if (!ok)
        on_error (paths[i], local_error, &run);
    }

  if (run.format == FORMAT_JSON)
    {
      if (run.n_reports == 1)
        printf ("%s\n", run.json_array->str);
      else
        printf ("[\n%s\n]\n", run.json_array->str);
    }
  g_string_free (run.json_array, TRUE);
  fflush (stdout);

  return run.read_error ? 1 : 0;
}

/* ------------------------------------------------------------------------ */
/* check: diagnose, then run the live checks the diagnosis calls for */

static void
collect_report (BdReport *report,
                gpointer  user_data)
{
  g_ptr_array_add (user_data, report);
}

typedef struct
{
  gboolean done;
} CheckWait;

static void
check_run_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CheckWait *wait = user_data;

  bd_check_run_start_finish (BD_CHECK_RUN (object), result, NULL);
  wait->done = TRUE;
}

static gboolean
on_interrupt (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_CONTINUE;
}

int
bd_cli_check (int    argc,
              char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *lang = NULL;
  double timeout = 5;
  g_autofree char *doh = NULL;
  g_auto(GStrv) paths = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: text or json"), "FORMAT" },
    { "lang", 'l', 0, G_OPTION_ARG_STRING, &lang, N_("Language of the explanations: en or ru"), "LANG" },
    { "timeout", 't', 0, G_OPTION_ARG_DOUBLE, &timeout, N_("Seconds each check may take (default 5)"), "SECONDS" },
    { "doh", 0, 0, G_OPTION_ARG_STRING, &doh, N_("Compare this computer’s DNS with a DNS-over-HTTPS service (its JSON API address)"), "URL" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &paths, NULL, N_("PATH|-") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) bd_report_free);
  g_autoptr(BdResolver) resolver = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean json, read_error = FALSE;
  guint sigint;

  context = g_option_context_new (_("PATH|- — diagnose a bounce and run the live checks it calls for"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bounce-doctor: %s\n", error->message);
      return 2;
    }
  if (lang != NULL)
    {
      if (strcmp (lang, "en") != 0 && strcmp (lang, "ru") != 0)
        {
          g_printerr (_("bounce-doctor: unknown language “%s” (use en or ru)\n"), lang);
          return 2;
        }
      bd_cli_init_i18n (lang);
    }
  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "json") != 0)
    {
      /* Translators: %s is what the user gave to --format */
      g_printerr (_("bounce-doctor: unknown format “%s” (use text or json)\n"), format);
      return 2;
    }
  json = format != NULL && strcmp (format, "json") == 0;
  if (!(timeout > 0 && timeout <= 600))
    {
      g_printerr ("%s\n", _("bounce-doctor: the timeout must be between 0 and 600 seconds"));
      return 2;
    }
  if (paths == NULL || paths[0] == NULL)
    {
      g_printerr ("%s\n", _("bounce-doctor: give a file, a folder or “-” for standard input"));
      bd_cli_print_usage (stderr);
      return 2;
    }

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean ok;

      if (strcmp (paths[i], "-") == 0)
        {
          g_autoptr(GInputStream) in = g_unix_input_stream_new (STDIN_FILENO, FALSE);
          ok = bd_diagnose_stream (in, NULL, collect_report, reports, NULL, &local_error);
        }
      else
        ok = bd_diagnose_path (paths[i], collect_report, NULL, reports, NULL, &local_error);
      if (!ok)
        {
          g_printerr (_("bounce-doctor: cannot read %s: %s\n"), paths[i], local_error->message);
          read_error = TRUE;
        }
    }

  resolver = bd_resolver_new (NULL, &error);
  if (resolver == NULL)
    {
      /* Translators: %s is the reason */
      g_printerr (_("bounce-doctor: cannot use DNS: %s\n"), error->message);
      return 1;
    }

  /* Ctrl+C stops the checks; what finished is still printed */
  sigint = g_unix_signal_add (SIGINT, on_interrupt, cancellable);

  for (guint i = 0; i < reports->len; i++)
    {
      BdReport *report = g_ptr_array_index (reports, i);
      g_autoptr(BdCheckRun) run = bd_check_run_new (report, resolver, (guint) (timeout * 1000));
      CheckWait wait = { FALSE };

      bd_check_run_set_doh (run, doh);
      bd_check_run_start_async (run, cancellable, check_run_cb, &wait);
      while (!wait.done)
        g_main_context_iteration (NULL, TRUE);
      bd_check_run_apply (run, report);

      if (json)
        {
          if (i > 0)
            g_string_append (out, ",\n");
          bd_write_json (out, report, BD_WRITE_FLAGS_PRETTY);
        }
      else
        {
          if (i > 0)
            g_string_append_c (out, '\n');
          bd_write_text (out, report, BD_WRITE_FLAGS_NONE);
        }
    }
  g_source_remove (sigint);

  if (json && reports->len != 1)
    printf ("[\n%s\n]\n", out->str);
  else if (json)
    printf ("%s\n", out->str);
  else
    fwrite (out->str, 1, out->len, stdout);
  fflush (stdout);

  return read_error ? 1 : 0;
}
