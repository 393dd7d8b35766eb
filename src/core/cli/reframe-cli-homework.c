/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-cli-homework.c: `reframe homework`, this week's homework: how far along
 * each assignment is and what is due today.
 *
 * A missed day is a plain count, never a reproach. Every argument is checked before
 * the journal is opened, so bad input never creates or changes a file.
 * Exit status: 0 done, 1 the journal failed, 2 bad usage.
 */

#define G_LOG_DOMAIN "ReframeCliHomework"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "reframe-assignment-repository.h"
#include "reframe-cli-private.h"
#include "reframe-homework.h"
#include "reframe-store.h"

#define EXIT_USAGE 2

typedef struct
{
  ReframeAssignment      *assignment;
  ReframeHomeworkProgress progress;
} Row;

static const char *const frequency_keys[] = {
  [REFRAME_FREQUENCY_DAILY] = "daily",
  [REFRAME_FREQUENCY_TIMES_PER_WEEK] = "times_per_week",
  [REFRAME_FREQUENCY_ONCE] = "once",
};

static void
row_free (Row *row)
{
  g_object_unref (row->assignment);
  g_free (row);
}

static int
usage_error (const char *message)
{
  g_printerr ("reframe homework: %s\n", message);
  g_printerr ("%s\n", _ ("Run “reframe homework --help” to see its options."));
  return EXIT_USAGE;
}

static gboolean
parse_day (const char *text,
           GDate      *day)
{
  guint year = 0, month = 0, mday = 0;
  char  tail = 0;

  if (text == NULL)
    {
      reframe_homework_get_today (day);
      return TRUE;
    }
  g_date_clear (day, 1);
  if (strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &year, &month, &mday, &tail) != 3 ||
      !g_date_valid_dmy (mday, month, year))
    return FALSE;
  g_date_set_dmy (day, mday, month, year);
  return TRUE;
}

static char *
format_day (const GDate *day)
{
  if (day == NULL)
    return NULL;
  return g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

/* The assignments that have days in the week of @today, with their progress. */
static GPtrArray *
collect_rows (ReframeAssignmentRepository *repository,
              const GDate                 *today,
              GError                     **error)
{
  g_autoptr (GListModel) assignments = reframe_assignment_repository_list (repository, error);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  GDate monday;

  if (assignments == NULL)
    return NULL;
  reframe_homework_get_week_start (today, &monday);
  for (guint i = 0; i < g_list_model_get_n_items (assignments); i++)
    {
      g_autoptr (ReframeAssignment) assignment = g_list_model_get_item (assignments, i);
      Row *row;

      if (!reframe_homework_is_in_week (assignment, &monday))
        continue;
      row = g_new0 (Row, 1);
      row->assignment = g_steal_pointer (&assignment);
      g_ptr_array_add (rows, row);
      if (!reframe_assignment_repository_get_progress (
              repository, row->assignment, today, &row->progress, error))
        return NULL;
    }
  return g_steal_pointer (&rows);
}

static void
add_day_member (JsonBuilder *builder,
                const char  *name,
                const GDate *day)
{
  g_autofree char *text = format_day (day);

  json_builder_set_member_name (builder, name);
  if (text != NULL)
    json_builder_add_string_value (builder, text);
  else
    json_builder_add_null_value (builder);
}

static void
add_progress_json (JsonBuilder                   *builder,
                   const ReframeHomeworkProgress *progress)
{
  json_builder_set_member_name (builder, "progress");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "done");
  json_builder_add_int_value (builder, progress->done);
  json_builder_set_member_name (builder, "expected");
  json_builder_add_int_value (builder, progress->expected);
  json_builder_set_member_name (builder, "due_today");
  json_builder_add_boolean_value (builder, progress->due_today);
  json_builder_set_member_name (builder, "done_today");
  json_builder_add_boolean_value (builder, progress->done_today);
  json_builder_set_member_name (builder, "missed_days");
  json_builder_add_int_value (builder, progress->missed_days);
  json_builder_end_object (builder);
}

static void
add_row_json (JsonBuilder *builder,
              const Row   *row)
{
  ReframeAssignment *assignment = row->assignment;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, reframe_assignment_get_uuid (assignment));
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, reframe_assignment_get_title (assignment));
  json_builder_set_member_name (builder, "template_id");
  if (reframe_assignment_get_template_id (assignment) != NULL)
    json_builder_add_string_value (builder, reframe_assignment_get_template_id (assignment));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "frequency");
  json_builder_add_string_value (builder,
                                 frequency_keys[reframe_assignment_get_frequency (assignment)]);
  json_builder_set_member_name (builder, "times_per_week");
  json_builder_add_int_value (builder, reframe_assignment_get_times_per_week (assignment));
  add_day_member (builder, "start_date", reframe_assignment_get_start_date (assignment));
  add_day_member (builder, "end_date", reframe_assignment_get_end_date (assignment));
  add_day_member (builder, "due_date", reframe_assignment_get_due_date (assignment));
  json_builder_set_member_name (builder, "rationale");
  json_builder_add_string_value (builder, reframe_assignment_get_rationale (assignment));
  json_builder_set_member_name (builder, "therapist_note");
  json_builder_add_string_value (builder, reframe_assignment_get_therapist_note (assignment));
  json_builder_set_member_name (builder, "reminder");
  json_builder_add_boolean_value (builder, reframe_assignment_get_reminder (assignment));
  add_progress_json (builder, &row->progress);
  json_builder_end_object (builder);
}

static void
print_json (GPtrArray   *rows,
            const GDate *today)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  GDate monday;

  reframe_homework_get_week_start (today, &monday);
  json_builder_begin_object (builder);
  add_day_member (builder, "today", today);
  add_day_member (builder, "week_start", &monday);
  json_builder_set_member_name (builder, "assignments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    add_row_json (builder, g_ptr_array_index (rows, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  _reframe_cli_print_json (builder);
}

static char *
describe_frequency (ReframeAssignment *assignment)
{
  guint            times = reframe_assignment_get_times_per_week (assignment);
  g_autofree char *due = format_day (reframe_assignment_get_due_date (assignment));

  switch (reframe_assignment_get_frequency (assignment))
    {
    case REFRAME_FREQUENCY_DAILY:
      return g_strdup (_ ("Every day"));
    case REFRAME_FREQUENCY_TIMES_PER_WEEK:
      return g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "Once a week", "%u times a week", times), times);
    case REFRAME_FREQUENCY_ONCE:
    default:
      /* Translators: how often homework is due: once, by a day ("Once, by 3 March 2026") */
      return g_strdup_printf (_ ("Once, by %s"), due);
    }
}

static void
print_row (const Row *row)
{
  ReframeAssignment             *assignment = row->assignment;
  const ReframeHomeworkProgress *progress = &row->progress;
  g_autofree char               *frequency = describe_frequency (assignment);
  g_autofree char               *end = format_day (reframe_assignment_get_end_date (assignment));
  g_autoptr (GString) line = g_string_new (NULL);

  g_print ("%s\n", reframe_assignment_get_title (assignment));
  g_string_append_printf (line, "  %s", frequency);
  if (end != NULL && reframe_assignment_get_frequency (assignment) != REFRAME_FREQUENCY_ONCE)
    /* Translators: after how often homework is due: its end day, as in "Every day, until 3 March
     * 2026" */
    g_string_append_printf (line, _ (", until %s"), end);
  g_string_append (line, "  ·  ");
  /* Translators: homework done this week, out of how many times it was planned */
  g_string_append_printf (line, _ ("done %u of %u"), progress->done, progress->expected);
  if (progress->done_today)
    g_string_append_printf (line, "  ·  %s", _ ("done today"));
  else if (progress->due_today)
    g_string_append_printf (line, "  ·  %s", _ ("due today"));
  if (progress->missed_days > 0)
    {
      g_string_append (line, "  ·  ");
      g_string_append_printf (
          line,
          g_dngettext (GETTEXT_PACKAGE, "%u day missed", "%u days missed", progress->missed_days),
          progress->missed_days);
    }
  g_print ("%s\n", line->str);
  if (*reframe_assignment_get_therapist_note (assignment) != '\0')
    g_print ("  %s\n", reframe_assignment_get_therapist_note (assignment));
}

static void
print_text (GPtrArray   *rows,
            const GDate *today)
{
  g_autofree char *day = NULL;
  GDate            monday;

  reframe_homework_get_week_start (today, &monday);
  day = format_day (&monday);
  if (rows->len == 0)
    {
      g_print ("%s\n", _ ("No homework this week."));
      return;
    }
  g_print (_ ("Homework for the week of %s:\n"), day);
  for (guint i = 0; i < rows->len; i++)
    print_row (g_ptr_array_index (rows, i));
}

int
_reframe_cli_run_homework (int    argc,
                           char **argv)
{
  g_autofree char *data_dir = NULL, *date = NULL;
  gboolean         json = FALSE;
  GOptionEntry     entries[] = {
        { "date",
          0,
          0,
          G_OPTION_ARG_STRING,
          &date,
          N_ ("Show the week of this day, YYYY-MM-DD (default: today)"),
          "DATE" },
        { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_ ("Print JSON"), NULL },
        { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, N_ ("Folder of the journal"), "DIR" },
        { NULL }
  };
  g_autoptr (GOptionContext) context = _reframe_cli_option_context_new (NULL);
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GPtrArray) rows = NULL;
  g_autoptr (GError) error = NULL;
  GDate today;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      _reframe_cli_explain_option_error (error, argc, argv);
      return usage_error (error->message);
    }
  if (argc > 1)
    return usage_error (_ ("Unexpected argument."));
  if (!parse_day (date, &today))
    {
      g_autofree char *message = g_strdup_printf (
          _ ("“%s” is not a date; write it as YYYY-MM-DD, for example 2026-03-14."), date);
      return usage_error (message);
    }

  if ((store = reframe_store_open (data_dir, &error)) == NULL ||
      (rows = collect_rows (reframe_store_get_assignments (store), &today, &error)) == NULL)
    {
      g_printerr ("reframe: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (json)
    print_json (rows, &today);
  else
    print_text (rows, &today);
  return EXIT_SUCCESS;
}
