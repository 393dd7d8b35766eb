/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-safety-plan.c: `reframe safety-plan`, the person's safety plan as text,
 * JSON, a one-page PDF or a wallet card:
 * `reframe safety-plan [--json] [--pdf FILE] [--card FILE] [--country CC]
 * [--therapist-name NAME] [--therapist-phone NUMBER] [--paper a4|letter]`.
 *
 * The crisis-country setting lives in GSettings, which the core does not read, so the
 * country is the locale's unless --country is given. Every argument is checked before
 * the journal is opened; the PDFs are written safely (reframe_safety_plan_write_pdf_file()).
 * Exit status: 0 done, 1 the journal or a file failed, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliSafetyPlan"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>

#include "reframe-cli-private.h"
#include "reframe-crisis-lines.h"
#include "reframe-safety-plan-pdf.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"

#define EXIT_USAGE 2

typedef struct
{
  char    *data_dir;
  char    *pdf;
  char    *card;
  char    *country;
  char    *therapist_name;
  char    *therapist_phone;
  char    *paper_name;
  gboolean json;

  ReframePaper paper;
} Request;

static void
request_clear (Request *request)
{
  g_free (request->data_dir);
  g_free (request->pdf);
  g_free (request->card);
  g_free (request->country);
  g_free (request->therapist_name);
  g_free (request->therapist_phone);
  g_free (request->paper_name);
}

static int
usage_error (const char *message)
{
  g_printerr ("reframe safety-plan: %s\n", message);
  g_printerr ("%s\n", _ ("Run “reframe safety-plan --help” to see its options."));
  return EXIT_USAGE;
}

static int
check_output (const char *output)
{
  g_autoptr (GFile) file = g_file_new_for_commandline_arg (output);
  g_autoptr (GFile) parent = g_file_get_parent (file);

  if (*output == '\0')
    return usage_error (_ ("Give a file name to save the PDF to."));
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

static gboolean
is_known_country (ReframeCrisisLines *lines,
                  const char         *code)
{
  g_autoptr (GPtrArray) countries = reframe_crisis_lines_get_countries (lines);

  for (guint i = 0; i < countries->len; i++)
    if (g_ascii_strcasecmp (((ReframeCrisisCountry *) g_ptr_array_index (countries, i))->code,
                            code) == 0)
      return TRUE;
  return FALSE;
}

static int
check_request (Request            *request,
               ReframeCrisisLines *lines)
{
  int status = EXIT_SUCCESS;

  if (request->json && (request->pdf != NULL || request->card != NULL))
    return usage_error (_ ("--json prints the plan; it cannot be combined with --pdf or --card."));
  if ((request->pdf != NULL && (status = check_output (request->pdf)) != EXIT_SUCCESS) ||
      (request->card != NULL && (status = check_output (request->card)) != EXIT_SUCCESS))
    return status;
  if (request->pdf != NULL && request->card != NULL && g_strcmp0 (request->pdf, request->card) == 0)
    return usage_error (_ ("Give --pdf and --card different files."));
  if (request->paper_name == NULL)
    request->paper = reframe_report_paper_for_locale ();
  else if (g_ascii_strcasecmp (request->paper_name, "a4") == 0)
    request->paper = REFRAME_PAPER_A4;
  else if (g_ascii_strcasecmp (request->paper_name, "letter") == 0)
    request->paper = REFRAME_PAPER_LETTER;
  else
    return usage_error (_ ("Choose the paper with --paper a4 or --paper letter."));
  if (request->country != NULL && *request->country != '\0' &&
      !is_known_country (lines, request->country))
    {
      g_autofree char *message =
          g_strdup_printf (_ ("Reframe has no crisis lines for “%s”; give a two-letter country "
                              "code such as GB, US or DE."),
                           request->country);
      return usage_error (message);
    }
  return EXIT_SUCCESS;
}

static void
print_json (ReframeSafetyPlan *plan)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();

  reframe_safety_plan_build_json (plan, builder);
  _reframe_cli_print_json (builder);
}

static void
print_text (ReframeSafetyPlan *plan)
{
  g_autofree char *text = reframe_safety_plan_dup_text (plan);

  if (text == NULL)
    g_print ("%s\n",
             _ ("You have not written a safety plan yet. You can write one in Reframe, ideally "
                "with your therapist; "
                "“reframe safety-plan --pdf FILE” prints a blank one to fill in by hand."));
  else
    g_print ("%s", text);
}

static gboolean
save (ReframeSafetyPlan             *plan,
      const ReframeSafetyPlanExtras *extras,
      Request                       *request,
      ReframeSafetyPlanFormat        format,
      const char                    *data_dir)
{
  const char *output = format == REFRAME_SAFETY_PLAN_FORMAT_CARD ? request->card : request->pdf;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  if (output == NULL)
    return TRUE;
  file = g_file_new_for_commandline_arg (output);
  if (!reframe_safety_plan_write_pdf_file (
          plan, extras, request->paper, format, file, data_dir, NULL, &error))
    {
      g_printerr ("reframe: %s\n", error->message);
      return FALSE;
    }
  path = g_file_get_parse_name (file);
  if (format == REFRAME_SAFETY_PLAN_FORMAT_CARD)
    g_print (_ ("Saved the wallet card to %s\n"), path);
  else
    g_print (_ ("Saved the safety plan to %s\n"), path);
  return TRUE;
}

static int
run (Request            *request,
     ReframeCrisisLines *lines)
{
  const char *country =
      request->country != NULL ? request->country : reframe_crisis_lines_default_country ();
  g_autoptr (GPtrArray) country_lines = reframe_crisis_lines_lookup (lines, country);
  ReframeSafetyPlanExtras extras = {
    request->therapist_name, request->therapist_phone, NULL, country_lines
  };
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeSafetyPlan) plan = NULL;
  g_autoptr (GError) error = NULL;

  if ((registry = reframe_template_registry_new (request->data_dir, &error)) == NULL ||
      (store = reframe_store_open (request->data_dir, &error)) == NULL ||
      (plan = reframe_safety_plan_load (store, registry, &error)) == NULL)
    {
      g_printerr ("reframe: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (request->pdf == NULL && request->card == NULL)
    {
      if (request->json)
        print_json (plan);
      else
        print_text (plan);
      return EXIT_SUCCESS;
    }
  if (!save (plan,
             &extras,
             request,
             REFRAME_SAFETY_PLAN_FORMAT_PAGE,
             reframe_store_get_data_dir (store)) ||
      !save (plan,
             &extras,
             request,
             REFRAME_SAFETY_PLAN_FORMAT_CARD,
             reframe_store_get_data_dir (store)))
    return EXIT_FAILURE;
  return EXIT_SUCCESS;
}

int
_reframe_cli_run_safety_plan (int    argc,
                              char **argv)
{
  Request      request = { 0 };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &request.json, N_ ("Print JSON"), NULL },
    { "pdf",
      0,
      0,
      G_OPTION_ARG_FILENAME,
      &request.pdf,
      N_ ("Save the plan on one page as a PDF"),
      "FILE" },
    { "card",
      0,
      0,
      G_OPTION_ARG_FILENAME,
      &request.card,
      N_ ("Save a wallet card to cut out and fold as a PDF"),
      "FILE" },
    { "country",
      0,
      0,
      G_OPTION_ARG_STRING,
      &request.country,
      N_ ("The country whose crisis lines to print (default: the locale’s)"),
      "CC" },
    { "therapist-name",
      0,
      0,
      G_OPTION_ARG_STRING,
      &request.therapist_name,
      N_ ("Your therapist or clinic, for the PDFs"),
      "NAME" },
    { "therapist-phone",
      0,
      0,
      G_OPTION_ARG_STRING,
      &request.therapist_phone,
      N_ ("Their number, for the PDFs"),
      "NUMBER" },
    { "paper",
      0,
      0,
      G_OPTION_ARG_STRING,
      &request.paper_name,
      N_ ("a4 or letter (default: the locale’s)"),
      "PAPER" },
    { "data-dir",
      0,
      0,
      G_OPTION_ARG_FILENAME,
      &request.data_dir,
      N_ ("Folder of the journal"),
      "DIR" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (NULL);
  g_autoptr (ReframeCrisisLines) lines = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (
      context,
      _ ("Show your safety plan, or save it as a one-page PDF or a wallet card to print."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _reframe_cli_explain_option_error (error, argc, argv);
      status = usage_error (error->message);
    }
  else if (argc > 1)
    status = usage_error (_ ("Unexpected argument."));
  else if ((lines = reframe_crisis_lines_new (&error)) == NULL)
    {
      g_printerr ("reframe: %s\n", error->message);
      status = EXIT_FAILURE;
    }
  else if ((status = check_request (&request, lines)) == EXIT_SUCCESS)
    {
      status = run (&request, lines);
      if (request.pdf != NULL || request.card != NULL)
        reframe_report_release_fonts ();
    }
  request_clear (&request);
  return status;
}
