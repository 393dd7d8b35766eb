/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report.c: the report for a therapist: what it leaves out, its summary figures and a
 * year of entries; the journal the tests share. JSON, CSV and an empty period are in
 * test-report-formats.c, safe writing and `reframe export` in test-report-writing.c (one
 * test binary, its cases registered here in their order). */

#include "config.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include "reframe-appointment-notes.h"
#include "reframe-assignment-repository.h"
#include "reframe-mood-repository.h"
#include "reframe-questionnaire-score.h"
#include "reframe-report-private.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"
#include "test-report.h"

/* What fits on the "disk" of wrap_full_disk(): 100 KB unless a test says otherwise. */
gsize report_test_full_disk_limit = 100 * 1024;

const char report_test_special_note[] =
    "Tea, then \"rest\"\r\nline two,\nline 3 🙂 <b>not bold</b> *not em* | pipe";

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->root = reframe_test_make_tmp_dir ();
  f->dir = g_build_filename (f->root, "data", NULL);
  f->out_dir = g_build_filename (f->root, "out", NULL);
  g_assert_cmpint (g_mkdir (f->out_dir, 0700), ==, 0);
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  _reframe_report_set_stream_wrapper (NULL);
  _reframe_report_set_sync_func (NULL);
  report_test_full_disk_limit = 100 * 1024;
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  reframe_test_remove_tree (f->root);
  g_free (f->root);
  g_free (f->dir);
  g_free (f->out_dir);
  g_free (f->private_entry);
  g_free (f->special_entry);
  g_free (f->plain_entry);
  g_free (f->private_record);
  g_free (f->record);
  g_free (f->phq);
}

GDate
report_test_day (const char *text)
{
  GDate date;

  g_assert_true (_reframe_report_parse_day (text, &date));
  return date;
}

char *
report_test_add_entry (Fixture           *f,
                       const char        *iso_time,
                       ReframeMood        mood,
                       const char        *note,
                       gboolean           private_,
                       const char *const *feelings)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (iso_time, mood, note);
  g_autoptr (GError) error = NULL;

  reframe_mood_entry_set_private (entry, private_);
  reframe_mood_entry_set_feelings (entry, feelings);
  if (feelings != NULL)
    reframe_mood_entry_set_sleep_hours (entry, 7.25);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);
  return g_strdup (reframe_mood_entry_get_uuid (entry));
}

static char *
add_worksheet (Fixture    *f,
               const char *template_id,
               const char *answers,
               const char *iso_time,
               gboolean    private_)
{
  return reframe_test_add_worksheet (
      f->store, f->registry, template_id, answers, iso_time, private_);
}

static char *
phq_answers (const char *item,
             const char *item_9)
{
  g_autoptr (GString) json = g_string_new ("{");

  for (guint i = 1; i <= 8; i++)
    g_string_append_printf (json, "\"item_%u\": \"%s\", ", i, item);
  g_string_append_printf (json, "\"item_9\": \"%s\", \"difficulty\": \"somewhat\"}", item_9);
  return g_string_free (g_steal_pointer (&json), FALSE);
}

/* 1–14 March 2026: a bad first week and a good second one, one private entry, one
 * with every character CSV and Markdown care about, thought records (one private),
 * an activity diary, two PHQ-9s and a daily walk done three times. */
void
report_test_populate (Fixture *f)
{
  const char *const feelings[] = { "calm", "tired, a bit", NULL };
  g_autofree char  *previous_phq = phq_answers ("1", "0");
  g_autofree char  *latest_phq = phq_answers ("2", "1");
  g_autofree char  *activities = NULL;
  g_autoptr (ReframeAssignment) walk = reframe_assignment_new ("Walk for 20 minutes", NULL);
  g_autoptr (GError) error = NULL;
  GDate start = report_test_day ("2026-03-01");

  for (guint i = 1; i <= 14; i++)
    {
      g_autofree char *time = g_strdup_printf ("2026-03-%02uT09:00:00Z", i);
      g_autofree char *uuid = report_test_add_entry (
          f, time, i <= 7 ? REFRAME_MOOD_BAD : REFRAME_MOOD_GOOD, "An ordinary day", FALSE, NULL);

      if (i == 1)
        f->plain_entry = g_steal_pointer (&uuid);
    }
  f->private_entry = report_test_add_entry (
      f, "2026-03-03T20:00:00Z", REFRAME_MOOD_GREAT, "secret private note", TRUE, NULL);
  f->special_entry = report_test_add_entry (
      f, "2026-03-05T21:30:00+02:00", REFRAME_MOOD_BAD, report_test_special_note, FALSE, feelings);
  /* Outside the period. */
  g_free (
      report_test_add_entry (f, "2026-02-27T09:00:00Z", REFRAME_MOOD_AWFUL, "before", FALSE, NULL));
  g_free (
      report_test_add_entry (f, "2026-03-15T09:00:00Z", REFRAME_MOOD_AWFUL, "after", FALSE, NULL));

  f->record = add_worksheet (f,
                             "thought-record",
                             "{\"situation\": \"The meeting, again\", \"emotions\": [{\"name\": "
                             "\"sad\", \"before\": 80, \"after\": 40},"
                             " {\"name\": \"anxious\", \"before\": 60, \"after\": 50}], "
                             "\"hot_thought\": \"I *always* fail\"}",
                             "2026-03-04T10:00:00Z",
                             FALSE);
  f->private_record = add_worksheet (f,
                                     "thought-record",
                                     "{\"situation\": \"private situation\", \"emotions\": "
                                     "[{\"name\": \"ashamed\", \"before\": 90, \"after\": 0}]}",
                                     "2026-03-06T10:00:00Z",
                                     TRUE);
  activities = g_strdup ("{\"activities\": [{\"when\": \"2026-03-08T10:00:00Z\", \"activity\": "
                         "\"Walk with Sam\", \"predicted_mood\": 3, \"mood\": 6},"
                         " {\"when\": \"2026-03-08T15:00:00Z\", \"activity\": \"Call, mum\", "
                         "\"predicted_mood\": 5, \"mood\": 7}]}");
  g_free (add_worksheet (f, "behavioural-activation", activities, "2026-03-08T18:00:00Z", FALSE));
  g_free (add_worksheet (f, "phq-9", previous_phq, "2026-02-20T09:00:00Z", FALSE));
  f->phq = add_worksheet (f, "phq-9", latest_phq, "2026-03-10T09:00:00Z", FALSE);

  reframe_assignment_set_start_date (walk, &start);
  g_assert_true (
      reframe_assignment_repository_save (reframe_store_get_assignments (f->store), walk, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      const char *const days[] = { "2026-03-02T18:00:00Z",
                                   "2026-03-05T18:00:00Z",
                                   "2026-03-09T18:00:00Z" };
      g_autoptr (GDateTime) when = g_date_time_new_from_iso8601 (days[i], NULL);

      g_assert_true (reframe_assignment_repository_mark_task_done (
          reframe_store_get_assignments (f->store), walk, when, &error));
      g_assert_no_error (error);
    }
}

ReframeReportOptions *
report_test_options_for (const char *from,
                         const char *to)
{
  GDate                 first = report_test_day (from), last = report_test_day (to);
  ReframeReportOptions *options = reframe_report_options_new (&first, &last);
  g_autoptr (GDateTime) made = g_date_time_new_from_iso8601 ("2026-03-15T08:30:00+01:00", NULL);

  reframe_report_options_set_made (options, made);
  return options;
}

ReframeReport *
report_test_build (Fixture              *f,
                   ReframeReportOptions *options)
{
  g_autoptr (GError) error = NULL;
  ReframeReport *report = reframe_report_build (f->store, f->registry, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

char *
report_test_bytes_to_string (GBytes *bytes)
{
  gsize       size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  g_assert_true (g_utf8_validate (data, size, NULL));
  return g_strndup (data, size);
}

static gboolean
has_uuid (GPtrArray  *items,
          const char *uuid)
{
  for (guint i = 0; i < items->len; i++)
    {
      gpointer    item = g_ptr_array_index (items, i);
      const char *id =
          REFRAME_IS_MOOD_ENTRY (item)
              ? reframe_mood_entry_get_uuid (item)
              : reframe_worksheet_get_uuid (((ReframeReportWorksheet *) item)->worksheet);

      if (g_strcmp0 (id, uuid) == 0)
        return TRUE;
    }
  return FALSE;
}

ReframeReportItem *
report_test_find_candidate (ReframeReport *report,
                            const char    *uuid)
{
  GPtrArray *candidates = reframe_report_get_candidates (report);

  for (guint i = 0; i < candidates->len; i++)
    if (g_strcmp0 (((ReframeReportItem *) g_ptr_array_index (candidates, i))->uuid, uuid) == 0)
      return g_ptr_array_index (candidates, i);
  return NULL;
}

guint
report_test_count_files (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static void
test_private (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (ReframeReport) with_private = NULL;
  g_autoptr (ReframeReport) ticked = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autofree char   *md_text = NULL, *json_text = NULL, *csv_text = NULL;
  ReframeReportItem *item;

  report_test_populate (f);
  report = report_test_build (f, options);

  /* Left out by default, in every format, and from the figures. */
  g_assert_false (has_uuid (reframe_report_get_entries (report), f->private_entry));
  g_assert_false (has_uuid (reframe_report_get_worksheets (report), f->private_record));
  g_assert_true (has_uuid (reframe_report_get_worksheets (report), f->record));
  g_assert_cmpuint (reframe_report_get_entries (report)->len, ==, 15);
  g_assert_cmpuint (reframe_report_get_n_entries_logged (report), ==, 15);
  markdown = reframe_report_to_markdown (report);
  json = reframe_report_to_json (report);
  csv = reframe_report_to_csv (report);
  md_text = report_test_bytes_to_string (markdown);
  json_text = report_test_bytes_to_string (json);
  csv_text = report_test_bytes_to_string (csv);
  for (guint i = 0; i < 3; i++)
    {
      const char *text = i == 0 ? md_text : i == 1 ? json_text
                                                   : csv_text;

      g_assert_null (strstr (text, "secret private note"));
      g_assert_null (strstr (text, "private situation"));
      g_assert_null (strstr (text, f->private_entry));
      g_assert_null (strstr (text, f->private_record));
    }

  /* The dialog still lists them, unticked. */
  item = report_test_find_candidate (report, f->private_entry);
  g_assert_nonnull (item);
  g_assert_true (item->private_);
  g_assert_false (item->included);
  g_assert_cmpint (item->kind, ==, REFRAME_REPORT_ITEM_ENTRY);
  item = report_test_find_candidate (report, f->private_record);
  g_assert_nonnull (item);
  g_assert_false (item->included);
  g_assert_cmpint (item->kind, ==, REFRAME_REPORT_ITEM_WORKSHEET);
  g_assert_cmpint (
      report_test_find_candidate (report, f->phq)->kind, ==, REFRAME_REPORT_ITEM_QUESTIONNAIRE);
  g_assert_true (report_test_find_candidate (report, f->plain_entry)->included);
  g_assert_cmpuint (reframe_report_get_candidates (report)->len, ==, 16 + 4);

  /* Asked for: all of them. */
  reframe_report_options_set_include_private (options, TRUE);
  with_private = report_test_build (f, options);
  g_assert_true (has_uuid (reframe_report_get_entries (with_private), f->private_entry));
  g_assert_true (has_uuid (reframe_report_get_worksheets (with_private), f->private_record));
  g_assert_cmpuint (reframe_report_get_n_entries_logged (with_private), ==, 16);
  g_assert_true (report_test_find_candidate (with_private, f->private_entry)->included);

  /* Item by item: one private ticked, one ordinary unticked. */
  reframe_report_options_set_include_private (options, FALSE);
  reframe_report_options_include (options, f->private_entry);
  reframe_report_options_exclude (options, f->plain_entry);
  reframe_report_options_exclude (options, f->record);
  ticked = report_test_build (f, options);
  g_assert_true (has_uuid (reframe_report_get_entries (ticked), f->private_entry));
  g_assert_false (has_uuid (reframe_report_get_entries (ticked), f->plain_entry));
  g_assert_false (has_uuid (reframe_report_get_worksheets (ticked), f->record));
  g_assert_false (has_uuid (reframe_report_get_worksheets (ticked), f->private_record));
  g_assert_false (report_test_find_candidate (ticked, f->plain_entry)->included);
  g_assert_true (report_test_find_candidate (ticked, f->private_entry)->included);
  /* Without the excluded thought record there is none to count. */
  g_assert_cmpuint (reframe_report_get_entries (ticked)->len, ==, 15);
  {
    guint n = 99;

    g_assert_true (isnan (reframe_report_get_emotion_drop (ticked, &n)));
    g_assert_cmpuint (n, ==, 0);
  }
}

static void
test_summary (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autofree char       *text = NULL;
  double                 first = 0, second = 0, predicted = 0, actual = 0;
  guint                  n = 0, done = 0, expected = 0;
  ReframeReportScore    *score;
  ReframeReportHomework *homework;

  report_test_populate (f);
  reframe_report_options_set_name (options, "  Alex  ");
  report = report_test_build (f, options);

  g_assert_cmpstr (reframe_report_get_name (report), ==, "Alex");
  g_assert_cmpuint (reframe_report_get_days_in_period (report), ==, 14);
  g_assert_cmpuint (reframe_report_get_days_logged (report), ==, 14);
  g_assert_cmpfloat_with_epsilon (reframe_report_get_mean_mood (report), 44.0 / 15, 1e-9);
  g_assert_cmpfloat_with_epsilon (
      reframe_report_get_mood_trend (report, &first, &second), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (first, 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (second, 4.0, 1e-9);
  g_assert_nonnull (reframe_report_get_insights (report));

  /* Thought records: (80-40 + 60-50) / 2; the private one is not counted. */
  g_assert_cmpfloat_with_epsilon (reframe_report_get_emotion_drop (report, &n), 25.0, 1e-9);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpuint (reframe_report_get_activity_moods (report, &predicted, &actual), ==, 2);
  g_assert_cmpfloat_with_epsilon (predicted, 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (actual, 6.5, 1e-9);

  /* The latest PHQ-9 of the period, its change since the one before it, item 9. */
  g_assert_cmpuint (reframe_report_get_scores (report)->len, ==, 1);
  score = g_ptr_array_index (reframe_report_get_scores (report), 0);
  g_assert_cmpstr (score->template_id, ==, "phq-9");
  g_assert_cmpstr (score->worksheet_uuid, ==, f->phq);
  g_assert_cmpint (score->score, ==, 17);
  g_assert_cmpint (score->max_score, ==, 27);
  g_assert_cmpstr (score->band, ==, "Moderately severe");
  g_assert_true (score->has_previous);
  g_assert_cmpint (score->previous_score, ==, 8);
  g_assert_cmpint (score->change, ==, 9);
  g_assert_true (score->safety_flag);
  g_assert_cmpstr (score->safety_field_id, ==, "item_9");
  g_assert_cmpuint (score->n_results, ==, 1);
  g_assert_cmpuint (reframe_report_get_questionnaires (report)->len, ==, 1);

  /* A daily walk over 14 days, done on three. */
  reframe_report_get_homework_totals (report, &done, &expected);
  g_assert_cmpuint (done, ==, 3);
  g_assert_cmpuint (expected, ==, 14);
  homework = g_ptr_array_index (reframe_report_get_homework (report), 0);
  g_assert_cmpstr (reframe_assignment_get_title (homework->assignment), ==, "Walk for 20 minutes");

  markdown = reframe_report_to_markdown (report);
  text = report_test_bytes_to_string (markdown);
  g_assert_nonnull (strstr (text, "**Name:** Alex"));
  g_assert_nonnull (strstr (text, "14 of 14 days"));
  g_assert_nonnull (strstr (text, "17 of 27, Moderately severe"));
  g_assert_nonnull (strstr (text, "9 higher than the previous result (8)"));
  g_assert_nonnull (strstr (text, "self-harm"));
  g_assert_nonnull (strstr (text, "done 3 of 14 times"));
  g_assert_nonnull (strstr (text, "25 points weaker"));
  /* Questionnaires item by item, with points. */
  g_assert_nonnull (strstr (text,
                            "| 9 | Thoughts that you would be better off dead or of hurting "
                            "yourself in some way | Several days | 1 |"));
  /* The person's text is escaped, never markup. */
  g_assert_nonnull (strstr (text, "I \\*always\\* fail"));
  g_assert_nonnull (strstr (text, "\\<b\\>not bold\\</b\\>"));
  g_assert_null (strstr (text, "<b>"));
  g_assert_nonnull (strstr (text, "- sad: 80 → 40"));
}

/* A year of entries, two a day, weekly thought records and monthly PHQ-9s. */
static void
test_one_year (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2025-01-01", "2025-12-31");
  g_autoptr (ReframeReport) report = NULL;
  GDate  date = report_test_day ("2025-01-01");
  guint  n_entries = 0;
  gint64 start;

  for (guint i = 0; i < 365; i++, g_date_add_days (&date, 1))
    {
      g_autofree char *iso = _reframe_report_format_day (&date);
      g_autofree char *morning = g_strdup_printf ("%sT08:00:00Z", iso);
      g_autofree char *evening = g_strdup_printf ("%sT21:00:00Z", iso);
      g_autofree char *note =
          g_strdup_printf ("Day %u, with \"quotes\", commas\nand a second line", i);

      g_free (report_test_add_entry (f, morning, 1 + i % 5, note, i % 10 == 0, NULL));
      g_free (report_test_add_entry (f, evening, 1 + (i * 7) % 5, "Evening", FALSE, NULL));
      n_entries += i % 10 == 0 ? 1 : 2;
      if (i % 7 == 3)
        {
          g_autofree char *time = g_strdup_printf ("%sT12:00:00Z", iso);
          g_free (add_worksheet (f,
                                 "thought-record",
                                 "{\"situation\": \"Work\", \"emotions\": [{\"name\": \"sad\", "
                                 "\"before\": 70, \"after\": 40}]}",
                                 time,
                                 FALSE));
        }
      if (g_date_get_day (&date) == 15)
        {
          g_autofree char *time = g_strdup_printf ("%sT12:00:00Z", iso);
          g_autofree char *answers = phq_answers ("1", g_date_get_month (&date) == 6 ? "2" : "0");
          g_free (add_worksheet (f, "phq-9", answers, time, FALSE));
        }
    }

  start = g_get_monotonic_time ();
  report = report_test_build (f, options);
  g_test_message ("one year built in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (reframe_report_get_entries (report)->len, ==, n_entries);
  g_assert_cmpuint (reframe_report_get_days_logged (report), ==, 365);
  g_assert_cmpuint (reframe_report_get_questionnaires (report)->len, ==, 12);
  g_assert_cmpuint (reframe_report_get_worksheets (report)->len, ==, 52);
  g_assert_cmpfloat_with_epsilon (reframe_report_get_emotion_drop (report, NULL), 30.0, 1e-9);
  g_assert_false (((ReframeReportScore *) g_ptr_array_index (reframe_report_get_scores (report), 0))
                      ->safety_flag);
  report_test_assert_json_round_trip (report);

  for (ReframeReportFormat format = REFRAME_REPORT_FORMAT_PDF; format <= REFRAME_REPORT_FORMAT_CSV;
       format++)
    {
      g_autofree char *path =
          g_strdup_printf ("%s/year.%s", f->out_dir, reframe_report_format_get_extension (format));
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autoptr (GError) error = NULL;
      g_autofree char *contents = NULL;
      gsize            length = 0;

      start = g_get_monotonic_time ();
      g_assert_true (reframe_report_write_file (report, format, file, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_test_message ("%s written in %.0f ms",
                      reframe_report_format_get_extension (format),
                      (g_get_monotonic_time () - start) / 1000.0);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      switch (format)
        {
        case REFRAME_REPORT_FORMAT_PDF:
          g_assert_true (g_str_has_prefix (contents, "%PDF-"));
          break;
        case REFRAME_REPORT_FORMAT_MARKDOWN:
          g_assert_nonnull (strstr (contents, "365 of 365 days"));
          g_assert_nonnull (strstr (contents, "### Wednesday 31 December 2025"));
          break;
        case REFRAME_REPORT_FORMAT_JSON:
          {
            g_autoptr (GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
            g_autoptr (ReframeReport) read = reframe_report_from_json (bytes, &error);

            g_assert_no_error (error);
            report_test_assert_reports_equal (report, read);
          }
          break;
        case REFRAME_REPORT_FORMAT_FHIR:
          /* Questionnaires only, with a test of its own (test-fhir.c). */
          g_assert_not_reached ();
          break;
        case REFRAME_REPORT_FORMAT_CSV:
        default:
          {
            g_autoptr (GPtrArray) records = report_test_parse_csv (contents);
            g_assert_cmpuint (records->len, ==, n_entries + 1);
          }
          break;
        }
    }
  g_assert_cmpuint (report_test_count_files (f->out_dir), ==, 4);
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/reframe/report/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("private", test_private);
  ADD ("summary", test_summary);
  ADD ("json-round-trips-and-refuses-other-documents", test_json);
  ADD ("csv", test_csv);
  ADD ("csv-formula-guard", test_csv_formula_guard);
  ADD ("empty", test_empty);
  ADD ("bad-destinations", test_bad_destinations);
  ADD ("safe-writing", test_safe_writing);
  ADD ("async", test_async);
  ADD ("one-year", test_one_year);
  ADD ("export-command-writes-each-format", test_cli);
  ADD ("export-command-puts-confirmed-own-words-first", test_cli_own_words);
  ADD ("refuses-journal", test_refuses_journal);
  ADD ("pdf-disk-full", test_pdf_disk_full);
  ADD ("stale-temporaries", test_stale_temporaries);
  ADD ("sync-before-rename", test_sync_before_rename);
#undef ADD
  status = g_test_run ();

  /* pango, cairo and fontconfig keep the fonts the PDFs loaded for the life of the
   * process; let them go, so that LeakSanitizer looks at the report's memory only. */
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
  return status;
}
