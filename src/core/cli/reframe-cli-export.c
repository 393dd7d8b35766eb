/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-export.c: `reframe export`, the report for a therapist as a file:
 * `reframe export --from DATE --to DATE --format pdf|md|json|csv|fhir [--include KIND]...
 * [--with-private] [--include-safety-plan] -o FILE`.
 *
 * Private entries and worksheets stay out unless --with-private is given. A FHIR file holds
 * questionnaire results only (PHQ-9 and GAD-7, docs/report-fhir.md): when the period has
 * none, nothing is saved and the command says so. Every
 * argument is checked before the journal is opened, so bad input never creates or
 * changes a file; the file itself is written safely (reframe_report_write_file()).
 * Exit status: 0 done, 1 the journal or the file failed (or a FHIR file would hold nothing),
 * 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliExport"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-appointment-notes.h"
#include "reframe-cli-private.h"
#include "reframe-homework.h"
#include "reframe-report-pdf.h"
#include "reframe-report-private.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-l10n.h"

#define EXIT_USAGE 2

/* Two weeks, the dialog's first preset, when no period is given. */
#define DEFAULT_DAYS 14

typedef struct
{
  GDate               from;
  GDate               to;
  ReframeReportFormat format;
  ReframeReportKinds  kinds;
  gboolean            with_private;
  gboolean            with_safety_plan;
  gboolean            with_own_words;
  const char         *language;
} Request;

static const struct
{
  const char        *name;
  ReframeReportKinds kind;
} kinds[] = {
  { "summary", REFRAME_REPORT_MOOD_SUMMARY },
  { "entries", REFRAME_REPORT_ENTRIES },
  { "worksheets", REFRAME_REPORT_WORKSHEETS },
  { "questionnaires", REFRAME_REPORT_QUESTIONNAIRES },
  { "homework", REFRAME_REPORT_HOMEWORK },
};

static int
usage_error (const char *message)
{
  g_printerr ("reframe export: %s\n", message);
  g_printerr ("%s\n", _ ("Run “reframe export --help” to see its options."));
  return EXIT_USAGE;
}

static gboolean
parse_kinds (char              **names,
             ReframeReportKinds *result,
             char              **bad)
{
  *result = names == NULL || names[0] == NULL ? REFRAME_REPORT_ALL : 0;
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      gboolean known = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (kinds); j++)
        if (g_ascii_strcasecmp (names[i], kinds[j].name) == 0)
          {
            *result |= kinds[j].kind;
            known = TRUE;
          }
      if (!known)
        {
          *bad = names[i];
          return FALSE;
        }
    }
  return TRUE;
}

/* The format named, else the one the file name's extension says. */
static gboolean
parse_format (const char          *format_name,
              const char          *output,
              ReframeReportFormat *format)
{
  const char *dot;

  if (format_name != NULL)
    return reframe_report_format_parse (format_name, format);
  dot = strrchr (output, '.');
  return dot != NULL && reframe_report_format_parse (dot + 1, format);
}

static char *
bad_date_message (const char *text)
{
  return g_strdup_printf (_ ("“%s” is not a date; write it as YYYY-MM-DD, for example 2026-03-14."),
                          text);
}

static int
parse_period (const char *from,
              const char *to,
              Request    *request)
{
  if (to == NULL)
    reframe_homework_get_today (&request->to);
  else if (!_reframe_report_parse_day (to, &request->to))
    {
      g_autofree char *message = bad_date_message (to);
      return usage_error (message);
    }
  if (from == NULL)
    {
      request->from = request->to;
      g_date_subtract_days (&request->from, DEFAULT_DAYS - 1);
    }
  else if (!_reframe_report_parse_day (from, &request->from))
    {
      g_autofree char *message = bad_date_message (from);
      return usage_error (message);
    }
  if (g_date_compare (&request->from, &request->to) > 0)
    return usage_error (
        _ ("The period ends before it starts; give a --to date on or after the --from date."));
  return EXIT_SUCCESS;
}

static int
check_output (const char *output)
{
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) parent = NULL;

  if (output == NULL || *output == '\0')
    return usage_error (_ ("Give the file to save with -o FILE."));
  file = g_file_new_for_commandline_arg (output);
  parent = g_file_get_parent (file);
  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *message =
          g_strdup_printf (_ ("“%s” is a folder; give a file name."), output);
      return usage_error (message);
    }
  if (parent != NULL &&
      g_file_query_file_type (parent, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_autofree char *folder = g_file_get_parse_name (parent);
      g_autofree char *message = g_strdup_printf (_ ("The folder “%s” does not exist."), folder);
      return usage_error (message);
    }
  return EXIT_SUCCESS;
}

/* How many questionnaire results marked private the report left out. */
static guint
count_private_questionnaires (ReframeReport *report)
{
  GPtrArray *candidates = reframe_report_get_candidates (report);
  guint      n = 0;

  for (guint i = 0; i < candidates->len; i++)
    {
      ReframeReportItem *item = g_ptr_array_index (candidates, i);

      if (item->kind == REFRAME_REPORT_ITEM_QUESTIONNAIRE && item->private_ && !item->included)
        n++;
    }
  return n;
}

/* A FHIR file without a single result would be of no use: says why there is none instead. */
static gboolean
check_fhir_results (ReframeReport *report,
                    Request       *request)
{
  g_autofree char *from = NULL, *to = NULL, *message = NULL;
  guint            n_private;

  if (request->format != REFRAME_REPORT_FORMAT_FHIR ||
      reframe_report_count_fhir_results (report) > 0)
    return TRUE;
  from = _reframe_report_format_day (&request->from);
  to = _reframe_report_format_day (&request->to);
  message = g_strdup_printf (
      _ ("There are no PHQ-9 or GAD-7 results from %s to %s, so no FHIR file was saved."),
      from,
      to);
  g_printerr ("reframe: %s\n", message);
  if ((n_private = count_private_questionnaires (report)) > 0)
    g_printerr (
        g_dngettext (
            GETTEXT_PACKAGE,
            "%u result marked private was left out; give --with-private to include it.\n",
            "%u results marked private were left out; give --with-private to include them.\n",
            n_private),
        n_private);
  return FALSE;
}

static void
print_saved (ReframeReport *report,
             Request       *request,
             GFile         *file)
{
  g_autofree char *path = g_file_get_parse_name (file);
  guint            n, n_other;

  if (request->format != REFRAME_REPORT_FORMAT_FHIR)
    {
      g_print (_ ("Saved the report to %s\n"), path);
      return;
    }
  n = reframe_report_count_fhir_results (report);
  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Saved %u questionnaire result as FHIR to %s\n",
                        "Saved %u questionnaire results as FHIR to %s\n",
                        n),
           n,
           path);
  n_other = reframe_report_get_questionnaires (report)->len - n;
  if (n_other > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%u result of a questionnaire without LOINC codes was left out.\n",
                          "%u results of questionnaires without LOINC codes were left out.\n",
                          n_other),
             n_other);
}

/* "In my own words": the text kept for exactly this period, when the person confirmed it
 * for the report (Prepare for My Appointment); without one the report has none. */
static gboolean
add_own_words (ReframeStore         *store,
               Request              *request,
               ReframeReportOptions *options,
               GError              **error)
{
  gboolean         confirmed = FALSE;
  GError          *local_error = NULL;
  g_autofree char *text = reframe_store_dup_appointment_note (
      store, &request->from, &request->to, &confirmed, &local_error);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (text != NULL && confirmed)
    reframe_report_options_set_own_words (options, text);
  else
    g_printerr (
        "%s\n",
        _ ("reframe: no words of yours are confirmed for this period; the report has none."));
  return TRUE;
}

static int export(const char *data_dir,
                  Request    *request,
                  const char *name,
                  const char *output)
{
  g_autoptr (ReframeReportOptions) options =
      reframe_report_options_new (&request->from, &request->to);
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (output);
  g_autoptr (GError) error = NULL;

  reframe_report_options_set_kinds (options, request->kinds);
  reframe_report_options_set_include_private (options, request->with_private);
  reframe_report_options_set_include_safety_plan (options, request->with_safety_plan);
  reframe_report_options_set_name (options, name);
  reframe_report_options_set_language (options, request->language);
  /* Only for laying worksheets out: the report is still made without it. */
  registry = reframe_template_registry_new (data_dir, NULL);
  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (request->with_own_words && !add_own_words (store, request, options, &error)) ||
      (report = reframe_report_build (store, registry, options, NULL, &error)) == NULL)
    {
      g_printerr ("reframe: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (!check_fhir_results (report, request))
    return EXIT_FAILURE;
  if (!reframe_report_write_file (report, request->format, file, NULL, NULL, NULL, &error))
    {
      g_printerr ("reframe: %s\n", error->message);
      return EXIT_FAILURE;
    }
  print_saved (report, request, file);
  return EXIT_SUCCESS;
}

int
_reframe_cli_run_export (int    argc,
                         char **argv)
{
  g_autofree char *data_dir = NULL, *from = NULL, *to = NULL, *format = NULL, *output = NULL,
                  *name = NULL, *language = NULL;
  g_auto (GStrv) include = NULL;
  Request      request = { 0 };
  GOptionEntry entries[] = {
    { "from",
      0,
      0,
      G_OPTION_ARG_STRING,
      &from,
      N_ ("First day, YYYY-MM-DD (default: 13 days before --to)"),
      "DATE" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_ ("Last day, YYYY-MM-DD (default: today)"), "DATE" },
    { "format",
      'f',
      0,
      G_OPTION_ARG_STRING,
      &format,
      N_ ("pdf, md, json, csv or fhir (questionnaire results only) (default: from the file name)"),
      "FORMAT" },
    { "include",
      'i',
      0,
      G_OPTION_ARG_STRING_ARRAY,
      &include,
      N_ ("summary, entries, worksheets, questionnaires or homework; repeat for more (default: "
          "all)"),
      "KIND" },
    { "with-private",
      0,
      0,
      G_OPTION_ARG_NONE,
      &request.with_private,
      N_ ("Include entries and worksheets marked private"),
      NULL },
    { "include-safety-plan",
      0,
      0,
      G_OPTION_ARG_NONE,
      &request.with_safety_plan,
      N_ ("Add your safety plan at the end"),
      NULL },
    { "with-own-words",
      0,
      0,
      G_OPTION_ARG_NONE,
      &request.with_own_words,
      N_ ("Start with what you wrote for this period in Prepare for My Appointment, if you used it "
          "in a report"),
      NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_ ("A name for the report’s header"), "NAME" },
    { "language",
      0,
      0,
      G_OPTION_ARG_STRING,
      &language,
      N_ ("The language to write the report in: en, de, es… (default: yours)"),
      "LANG" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_ ("The file to save"), "FILE" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  char *bad_kind = NULL;
  int   status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
                                _ ("Save a report for your therapist. Entries and worksheets "
                                   "marked private are left out unless you give --with-private."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (error->message);
  if (argc > 1)
    return usage_error (_ ("Unexpected argument."));
  if ((status = check_output (output)) != EXIT_SUCCESS ||
      (status = parse_period (from, to, &request)) != EXIT_SUCCESS)
    return status;
  if (!parse_format (format, output, &request.format))
    return usage_error (_ ("Choose the format with --format pdf, md, json, csv or fhir."));
  if (!parse_kinds (include, &request.kinds, &bad_kind))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("“%s” is not something a report can include; choose summary, "
                              "entries, worksheets, questionnaires or homework."),
                           bad_kind);
      return usage_error (message);
    }
  if (language != NULL && !reframe_l10n_has_language (language))
    {
      g_auto (GStrv) languages = reframe_l10n_list_languages ();
      g_autofree char *known = g_strjoinv (", ", languages);
      /* Translators: %s is a language code the person gave, then a list of codes ("en, de, es") */
      g_autofree char *message = g_strdup_printf (
          _ ("Reframe cannot write a report in “%s”; it can in %s."), language, known);
      return usage_error (message);
    }
  request.language = language;
  if (request.format == REFRAME_REPORT_FORMAT_FHIR)
    {
      if (!(request.kinds & REFRAME_REPORT_QUESTIONNAIRES))
        return usage_error (_ ("A FHIR file holds questionnaire results only; include "
                               "questionnaires, or leave out --include."));
      if (request.with_safety_plan)
        return usage_error (_ ("A FHIR file holds questionnaire results only; the safety plan goes "
                               "into a PDF, Markdown or JSON report."));
      request.kinds = REFRAME_REPORT_QUESTIONNAIRES;
    }
  status = export(data_dir, &request, name, output);
  reframe_report_release_fonts ();
  return status;
}
