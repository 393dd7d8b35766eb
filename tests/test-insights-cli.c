/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-insights-cli.c: `reframe insights`: its text and JSON against the expected
 * figures, and its refusals of bad input. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-assignment-repository.h"
#include "reframe-cli.h"
#include "reframe-insights.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"
#include "reframe-worksheet-repository.h"
#include "test-insights-private.h"

/* Runs `reframe ARGS… --data-dir DIR` in this process, its output in f->out and f->err;
 * the arguments end with NULL. */
#define run_cli(f, ...)                                                                \
  reframe_test_cli_run (&(ReframeTestCli){ .data_dir = (f)->dir, .in_process = TRUE }, \
                        &(f)->out,                                                     \
                        &(f)->err,                                                     \
                        __VA_ARGS__)
static JsonObject *
find_member_object (JsonArray  *array,
                    const char *key,
                    const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (object, key), value) == 0)
        return object;
    }
  return NULL;
}

/* The JSON document against the same independent loops. */
static void
check_json (const char *text,
            gboolean    include_private)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GArray) days = _reframe_test_expected_days (FROM, TO, include_private);
  g_autoptr (GError) error = NULL;
  JsonObject *root, *item, *sleep, *scores;
  JsonArray  *daily, *factors, *phq, *weeks;
  double      mood_sum = 0;
  guint       n = 0;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "from"), ==, FROM);
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, TO);
  g_assert_true (json_object_get_boolean_member (root, "include_private") == include_private);
  g_assert_cmpint (json_object_get_int_member (root, "days_in_period"), ==, 14);
  g_assert_cmpint (json_object_get_int_member (root, "days_logged"), ==, days->len);
  g_assert_cmpint (json_object_get_int_member (root, "min_days"), ==, REFRAME_INSIGHTS_MIN_DAYS);

  daily = json_object_get_array_member (root, "daily");
  g_assert_cmpuint (json_array_get_length (daily), ==, days->len);
  for (guint i = 0; i < days->len; i++)
    {
      const Expected *e = &g_array_index (days, Expected, i);

      item = json_array_get_object_element (daily, i);
      g_assert_cmpstr (json_object_get_string_member (item, "day"), ==, e->day);
      _reframe_test_assert_close (json_object_get_double_member (item, "mean"),
                                  _reframe_test_mean_of (e));
      g_assert_cmpint (json_object_get_int_member (item, "entries"), ==, e->n);
      mood_sum += e->mood_sum;
      n += e->n;
    }
  _reframe_test_assert_close (json_object_get_double_member (root, "mean_mood"), mood_sum / n);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "rolling")), ==, 14);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "weekdays")), ==, 7);

  factors = json_object_get_array_member (root, "factors");
  item = find_member_object (factors, "tag", "exercise");
  g_assert_nonnull (item);
  g_assert_cmpint (json_object_get_int_member (item, "days_with"), ==, include_private ? 6 : 5);
  g_assert_true (json_object_get_boolean_member (item, "enough_data"));
  item = find_member_object (factors, "tag", "social");
  g_assert_true (json_object_get_null_member (item, "mean_without"));
  g_assert_false (json_object_get_boolean_member (item, "enough_data"));
  item = find_member_object (factors, "tag", "piano");
  g_assert_true (json_object_get_null_member (item, "icon_name"));
  g_assert_cmpint (json_object_get_int_member (item, "days_with"), ==, 3);

  sleep = json_object_get_object_member (root, "sleep");
  g_assert_cmpint (json_object_get_int_member (sleep, "n"), ==, include_private ? 12 : 12);
  g_assert_true (json_object_get_boolean_member (sleep, "enough_data"));

  scores = json_object_get_object_member (root, "scores");
  phq = json_object_get_array_member (scores, "phq-9");
  g_assert_cmpuint (json_array_get_length (phq), ==, include_private ? 3 : 2);
  item = json_array_get_object_element (phq, 0);
  g_assert_cmpstr (json_object_get_string_member (item, "time"), ==, "2026-03-03T10:00:00Z");
  g_assert_cmpint (json_object_get_int_member (item, "score"), ==, 12);
  g_assert_cmpstr (json_object_get_string_member (item, "band"), ==, "Moderate");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (scores, "gad-7")), ==, 1);

  weeks = json_object_get_array_member (root, "homework_weeks");
  g_assert_cmpuint (json_array_get_length (weeks), ==, 2);
  item = json_array_get_object_element (weeks, 1);
  g_assert_cmpstr (json_object_get_string_member (item, "week_start"), ==, "2026-03-09");
  g_assert_cmpint (json_object_get_int_member (item, "done"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (item, "expected"), ==, 7);
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *journal_dir = NULL;
  JsonObject      *root;

  g_assert_cmpint (run_cli (f, "insights", "--from", FROM, "--to", TO, "--json", NULL), ==, 0);
  check_json (f->out, FALSE);
  g_assert_cmpint (
      run_cli (f, "insights", "--from", FROM, "--to", TO, "--with-private", "--json", NULL), ==, 0);
  check_json (f->out, TRUE);

  g_assert_cmpint (run_cli (f, "insights", "--from", FROM, "--to", TO, NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "Insights from 2026-03-02 to 2026-03-15\n"));
  g_assert_nonnull (strstr (f->out, "Days logged: 12 of 14\n"));
  g_assert_nonnull (strstr (f->out, "Most felt: calm 6, happy 6, anxious 4, tired 3, sad 1\n"));
  g_assert_nonnull (
      strstr (f->out, "  exercise: 4.20 on 5 days with it, 2.43 on 7 days without\n"));
  g_assert_nonnull (strstr (f->out, "PHQ-9: 2 results; the last 8 (Mild) on 2026-03-10\n"));
  g_assert_nonnull (strstr (f->out, "Homework: done 6 of 14 over 2 weeks\n"));

  /* By default, the 30 days up to today. */
  g_assert_cmpint (run_cli (f, "insights", "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "to"), ==, today);
  g_assert_cmpint (json_object_get_int_member (root, "days_in_period"), ==, 30);
  g_assert_false (json_object_get_boolean_member (root, "include_private"));

  /* Bad input: exit 2, a message, and no journal made where there was none. */
  g_assert_finalize_object (g_steal_pointer (&f->store));
  journal_dir = g_steal_pointer (&f->dir);
  f->dir = g_build_filename (journal_dir, "empty", NULL);
  g_assert_cmpint (run_cli (f, "insights", "--from", "2026-02-30", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "2026-02-30"));
  g_assert_cmpint (run_cli (f, "insights", "--to", "yesterday", NULL), ==, 2);
  g_assert_cmpint (
      run_cli (f, "insights", "--from", "2026-03-10", "--to", "2026-03-01", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "ends before it starts"));
  g_assert_cmpint (run_cli (f, "insights", "extra", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, "insights", "--weekly", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, "insights", "--from", NULL), ==, 2);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  g_free (f->dir);
  f->dir = g_steal_pointer (&journal_dir);
}

void
_reframe_test_insights_add_cli_tests (void)
{
  ADD ("command-prints-the-period-and-refuses-bad-input", test_cli);
}
