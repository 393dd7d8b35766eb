/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-plan.c: `reframe plan export` and `reframe plan import FILE`, homework plans
 * (docs/plan-format.md).
 *
 * `export` makes a plan of the journal's homework for a period, with the templates of
 * the therapist's own it needs. `import` reads and checks the whole plan before the
 * journal is opened, prints what it would add and change, then adds it in one
 * transaction after a backup, unless --dry-run; a dry run never makes a journal.
 * Exit status: 0 done, 1 the plan or the journal failed, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliPlan"

#include "config.h"

#include "reframe-i18n.h"
#include <stdio.h>
#include <string.h>

#include "reframe-backups.h"
#include "reframe-cli-private.h"
#include "reframe-import.h"
#include "reframe-plan-import.h"
#include "reframe-plan-private.h"

#define EXIT_USAGE 2

static int
usage_error (const char *command,
             const char *message)
{
  g_autofree char *name = g_strconcat ("plan ", command, NULL);

  return _reframe_cli_usage_error (name, message);
}

/* @command: "export" or "import", whose usage line names it ("reframe plan import"). */
static gboolean
parse_options (const char   *command,
               GOptionEntry *entries,
               const char   *parameter_string,
               const char   *summary,
               int          *argc,
               char       ***argv,
               int          *status)
{
  g_autofree char *name = g_strconcat ("plan ", command, NULL);
  g_autofree char *program = g_strconcat ("reframe ", name, NULL);
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;

  g_set_prgname (program);
  context = _reframe_cli_option_context_new (parameter_string);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      _reframe_cli_explain_option_error (error, *argc, *argv);
      *status = _reframe_cli_usage_error (name, error->message);
      return FALSE;
    }
  return TRUE;
}

/* "phq-9:2", or "phq-9" for every two weeks. */
static ReframePlanRepeat *
parse_repeat (const char *text,
              char      **message)
{
  g_auto (GStrv) parts = g_strsplit (text, ":", 2);
  guint64 weeks = 2;

  if (parts[0] == NULL || *parts[0] == '\0' ||
      (parts[1] != NULL &&
       (!g_ascii_string_to_unsigned (parts[1], 10, 1, REFRAME_PLAN_MAX_EVERY_WEEKS, &weeks, NULL))))
    {
      *message = g_strdup_printf (_ ("“%s” is not a questionnaire to repeat; write its id and "
                                     "every how many weeks, for example phq-9:2."),
                                  text);
      return NULL;
    }
  {
    g_autofree char *uuid = g_uuid_string_random ();

    return reframe_plan_repeat_new (uuid, parts[0], (guint) weeks, NULL);
  }
}

static gboolean
parse_export_args (const char *from_text,
                   const char *to_text,
                   char      **repeat_texts,
                   GDate      *from,
                   GDate      *to,
                   GPtrArray  *repeats,
                   char      **message)
{
  const char *bad = NULL;

  g_date_clear (from, 1);
  g_date_clear (to, 1);
  if (from_text != NULL && !_reframe_plan_parse_day (from_text, from))
    bad = from_text;
  else if (to_text != NULL && !_reframe_plan_parse_day (to_text, to))
    bad = to_text;
  if (bad != NULL)
    {
      *message = g_strdup_printf (
          _ ("“%s” is not a date; write it as YYYY-MM-DD, for example 2026-03-14."), bad);
      return FALSE;
    }
  if (to_text != NULL && from_text == NULL)
    {
      *message =
          g_strdup (_ ("Give the plan’s first day with --from as well as its last with --to."));
      return FALSE;
    }
  for (guint i = 0; repeat_texts != NULL && repeat_texts[i] != NULL; i++)
    {
      ReframePlanRepeat *repeat = parse_repeat (repeat_texts[i], message);

      if (repeat == NULL)
        return FALSE;
      g_ptr_array_add (repeats, repeat);
    }
  return TRUE;
}

static int
run_export (int    argc,
            char **argv)
{
  g_autofree char *data_dir = NULL, *output = NULL, *therapist = NULL, *from_text = NULL,
                  *to_text = NULL;
  g_auto (GStrv) repeat_texts = NULL;
  GOptionEntry entries[] = {
    { "output",
      'o',
      0,
      G_OPTION_ARG_FILENAME,
      &output,
      N_ ("Save the plan as FILE (default: print it)"),
      "FILE" },
    { "therapist",
      0,
      0,
      G_OPTION_ARG_STRING,
      &therapist,
      N_ ("The therapist’s name, shown when the plan is opened"),
      "NAME" },
    { "from",
      0,
      0,
      G_OPTION_ARG_STRING,
      &from_text,
      N_ ("The plan’s first day, YYYY-MM-DD (default: today)"),
      "DATE" },
    { "to",
      0,
      0,
      G_OPTION_ARG_STRING,
      &to_text,
      N_ ("Its last day (default: the last day of its homework, or four weeks)"),
      "DATE" },
    { "repeat",
      0,
      0,
      G_OPTION_ARG_STRING_ARRAY,
      &repeat_texts,
      N_ ("Repeat a questionnaire every N weeks through the plan, e.g. phq-9:2"),
      "ID:N" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
    { NULL }
  };
  g_autoptr (GPtrArray) repeats =
      g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_plan_repeat_free);
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframePlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *db_path = NULL;
  GDate            from, to;
  int              status = EXIT_SUCCESS;

  if (!parse_options ("export",
                      entries,
                      NULL,
                      _ ("Saves the journal’s homework of a period as a homework plan file "
                         "(docs/plan-format.md), with the therapist’s own templates it needs."),
                      &argc,
                      &argv,
                      &status))
    return status;
  if (argc > 1)
    return usage_error ("export", _ ("Unexpected argument."));
  if (!parse_export_args (from_text, to_text, repeat_texts, &from, &to, repeats, &message))
    return usage_error ("export", message);
  if (therapist != NULL && g_utf8_strlen (therapist, -1) > REFRAME_PLAN_TITLE_MAX)
    return usage_error ("export", _ ("The therapist’s name is longer than 200 characters."));

  /* Exporting reads; it never makes a journal where there was none. */
  if (data_dir == NULL)
    data_dir = reframe_store_dup_default_dir ();
  db_path = g_build_filename (data_dir, "reframe.db", NULL);
  if (!g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_printerr (_ ("reframe: There is no journal in “%s” to make a plan of.\n"), data_dir);
      return EXIT_FAILURE;
    }
  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (plan = reframe_plan_new_from_journal (store,
                                             therapist,
                                             g_date_valid (&from) ? &from : NULL,
                                             g_date_valid (&to) ? &to : NULL,
                                             repeats,
                                             &error)) == NULL)
    return _reframe_cli_fail (error->message);
  if (output == NULL)
    {
      g_autoptr (GBytes) bytes = reframe_plan_to_bytes (plan);

      fwrite (g_bytes_get_data (bytes, NULL), 1, g_bytes_get_size (bytes), stdout);
      return EXIT_SUCCESS;
    }
  {
    g_autoptr (GFile) file = g_file_new_for_commandline_arg (output);

    if (!reframe_plan_write (plan, file, NULL, &error))
      return _reframe_cli_fail (error->message);
  }
  return EXIT_SUCCESS;
}

static void
print_preview (ReframePlanImport *preview,
               gboolean           json,
               const char        *state_member,
               gboolean           state)
{
  if (json)
    {
      g_autoptr (JsonNode) root = reframe_plan_import_to_json (preview);

      json_object_set_boolean_member (json_node_get_object (root), state_member, state);
      _reframe_cli_print_json_node (root);
    }
  else
    {
      g_autofree char *summary = reframe_plan_import_dup_summary (preview);

      g_print ("%s", summary);
    }
}

static int
dry_run (const char  *data_dir,
         ReframePlan *plan,
         gboolean     json)
{
  g_autofree char *default_dir = data_dir ? NULL : reframe_store_dup_default_dir ();
  g_autofree char *db_path =
      g_build_filename (data_dir ? data_dir : default_dir, "reframe.db", NULL);
  g_autoptr (ReframePlanImport) preview = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;

  /* A dry run never makes a journal: without one, the plan is compared with nothing. */
  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      if ((store = reframe_store_open (data_dir, &error)) != NULL)
        preview = reframe_plan_import_new (store, plan, &error);
    }
  else
    preview = reframe_plan_import_new_for_folder (data_dir ? data_dir : default_dir, plan, &error);
  if (preview == NULL)
    return _reframe_cli_fail (error->message);
  print_preview (preview, json, "dry_run", TRUE);
  if (!json)
    g_print ("%s\n", _ ("Dry run: nothing was written."));
  return EXIT_SUCCESS;
}

static int
run_import (int    argc,
            char **argv)
{
  g_autofree char *data_dir = NULL;
  gboolean         json = FALSE, dry = FALSE;
  GOptionEntry     entries[] = {
        { "dry-run",
          0,
          0,
          G_OPTION_ARG_NONE,
          &dry,
          N_ ("Show what would be added and changed; write nothing"),
          NULL },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (ReframePlanImport) preview = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframePlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = NULL;
  int status = EXIT_SUCCESS;

  if (!parse_options ("import",
                      entries,
                      "FILE",
                      _ ("Shows what a homework plan adds and changes, then adds it in one step, "
                         "after a backup."),
                      &argc,
                      &argv,
                      &status))
    return status;
  if (argc != 2)
    return usage_error ("import",
                        argc < 2 ? _ ("Name the plan file to import.")
                                 : _ ("Import one plan at a time."));

  /* The whole plan is checked before the journal is opened. */
  file = g_file_new_for_commandline_arg (argv[1]);
  if ((plan = reframe_plan_new_from_file (file, NULL, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  if (dry)
    return dry_run (data_dir, plan, json);

  /* As in the window: the journal is backed up (default folder) before anything is written. */
  reframe_import_set_backup_func (reframe_backups_before_import, NULL);
  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (preview = reframe_plan_import_new (store, plan, &error)) == NULL)
    return _reframe_cli_fail (error->message);
  if (!json)
    print_preview (preview, FALSE, NULL, FALSE);
  if (!reframe_plan_import_has_changes (preview))
    {
      if (json)
        print_preview (preview, TRUE, "applied", FALSE);
      return EXIT_SUCCESS;
    }
  if (!reframe_plan_import_apply (preview, NULL, &error))
    return _reframe_cli_fail (error->message);
  if (json)
    print_preview (preview, TRUE, "applied", TRUE);
  else
    g_print ("%s\n", _ ("The plan was imported."));
  return EXIT_SUCCESS;
}

/* `reframe plan` alone: its --help names the two commands; anything else is bad usage. */
static int
run_bare (int    argc,
          char **argv)
{
  g_autofree char *data_dir = NULL;
  GOptionEntry     entries[] = {
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (_ ("[export|import]"));
  g_autoptr (GError) error = NULL;

  g_option_context_set_summary (
      context,
      _ ("A homework plan is one file a therapist hands over (docs/plan-format.md): “export” makes "
         "one of the journal’s homework, “import” adds one."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _reframe_cli_explain_option_error (error, argc, argv);
      return _reframe_cli_usage_error ("plan", error->message);
    }
  if (argc < 2)
    return _reframe_cli_usage_error ("plan", _ ("Say what to do with a plan: export or import."));
  {
    g_autofree char *message =
        g_strdup_printf (_ ("“%s” is not a plan command; use export or import."), argv[1]);

    return _reframe_cli_usage_error ("plan", message);
  }
}

int
_reframe_cli_run_plan (int    argc,
                       char **argv)
{
  static const struct
  {
    const char *name;
    int (*func) (int argc, char **argv);
  } subcommands[] = {
    { "export", run_export },
    { "import", run_import },
  };

  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
      if (g_str_equal (argv[1], subcommands[i].name))
        {
          /* "plan import" names the command in --help's usage line. */
          g_autofree char  *name = g_strconcat (argv[0], " ", argv[1], NULL);
          g_autofree char **sub_argv = g_new0 (char *, argc);

          memcpy (sub_argv + 1, argv + 2, sizeof (char *) * (argc - 2));
          sub_argv[0] = name;
          return subcommands[i].func (argc - 1, sub_argv);
        }
  return run_bare (argc, argv);
}
