/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-homework.c: homework assignments, their progress across week, month and year
 * ends and summer-time changes, and `reframe homework`.
 *
 * The whole binary runs in Europe/Berlin (set before anything reads the time zone):
 * there local midnight is not UTC midnight, and the clocks change on the last Sundays
 * of March and October.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-assignment-repository.h"
#include "reframe-cli.h"
#include "reframe-homework-item.h"
#include "reframe-homework-text.h"
#include "reframe-homework.h"
#include "reframe-store-private.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"

typedef struct
{
  char         *dir;
  ReframeStore *store;
  char         *out;
  char         *err;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  if (f->store != NULL)
    g_assert_finalize_object (g_steal_pointer (&f->store));
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static ReframeAssignmentRepository *
repo (Fixture *f)
{
  return reframe_store_get_assignments (f->store);
}

/* "2026-03-29" as a GDate (a static one per call site is enough here). */
static GDate
day (const char *text)
{
  guint year = 0, month = 0, mday = 0;
  GDate date;

  g_assert_cmpint (sscanf (text, "%4u-%2u-%2u", &year, &month, &mday), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, mday, month, year);
  return date;
}

/* Completion times; each is ISO 8601, with an offset or in local time (Berlin). */
static GPtrArray *
times (const char *first,
       ...)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  GPtrArray  *array = g_ptr_array_new_with_free_func ((GDestroyNotify) g_date_time_unref);
  const char *iso = first;
  va_list     ap;

  va_start (ap, first);
  for (; iso != NULL; iso = va_arg (ap, const char *))
    {
      GDateTime *time = g_date_time_new_from_iso8601 (iso, local);

      g_assert_nonnull (time);
      g_ptr_array_add (array, time);
    }
  va_end (ap);
  return array;
}

static ReframeAssignment *
assignment_new (ReframeFrequency frequency,
                guint            times_per_week,
                const char      *start,
                const char      *end)
{
  ReframeAssignment *assignment = reframe_assignment_new ("Thought record", "thought-record");
  GDate              start_date = day (start);
  GDate              end_date;

  reframe_assignment_set_frequency (assignment, frequency);
  reframe_assignment_set_times_per_week (assignment, times_per_week);
  reframe_assignment_set_start_date (assignment, &start_date);
  if (end != NULL)
    {
      end_date = day (end);
      if (frequency == REFRAME_FREQUENCY_ONCE)
        reframe_assignment_set_due_date (assignment, &end_date);
      else
        reframe_assignment_set_end_date (assignment, &end_date);
    }
  return assignment;
}

/* The progress in the week of @today_text. */
static ReframeHomeworkProgress
progress_on (ReframeAssignment *assignment,
             GPtrArray         *completions,
             const char        *today_text)
{
  GDate today = day (today_text);
  GDate monday;

  reframe_homework_get_week_start (&today, &monday);
  return reframe_homework_progress (assignment, completions, &monday, &today);
}

static void
assert_progress (ReframeHomeworkProgress progress,
                 guint                   done,
                 guint                   expected,
                 gboolean                due_today,
                 gboolean                done_today,
                 guint                   missed_days)
{
  g_assert_cmpuint (progress.done, ==, done);
  g_assert_cmpuint (progress.expected, ==, expected);
  g_assert_cmpint (progress.due_today, ==, due_today);
  g_assert_cmpint (progress.done_today, ==, done_today);
  g_assert_cmpuint (progress.missed_days, ==, missed_days);
}

static void
test_week_start (void)
{
  struct
  {
    const char *day;
    const char *monday;
  } cases[] = {
    { "2026-03-09", "2026-03-09" }, /* a Monday */
    { "2026-03-15", "2026-03-09" }, /* a Sunday */
    { "2026-03-29", "2026-03-23" }, /* the Sunday the clocks go forward */
    { "2026-04-02", "2026-03-30" }, /* across a month end */
    { "2027-01-01", "2026-12-28" }, /* across a year end */
    { "2024-03-01", "2024-02-26" }, /* across a leap day */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate d = day (cases[i].day), expected = day (cases[i].monday), monday;

      reframe_homework_get_week_start (&d, &monday);
      g_assert_cmpint (g_date_compare (&monday, &expected), ==, 0);
    }
}

static void
test_daily (void)
{
  g_autoptr (ReframeAssignment) daily =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-03-02", NULL);
  g_autoptr (GPtrArray) done = times ("2026-03-09T20:00:00",
                                      "2026-03-10T08:00:00",
                                      "2026-03-10T21:00:00",
                                      "2026-03-12T07:30:00",
                                      NULL);

  /* Thursday: Mon, Tue (twice, one day) and Thu done; Wed missed. */
  assert_progress (progress_on (daily, done, "2026-03-12"), 3, 7, FALSE, TRUE, 1);
  /* Friday: due, and the same one missed day. */
  assert_progress (progress_on (daily, done, "2026-03-13"), 3, 7, TRUE, FALSE, 1);
  /* Monday of that week, before anything: nothing missed yet. */
  assert_progress (progress_on (daily, NULL, "2026-03-09"), 0, 7, TRUE, FALSE, 0);
  /* Sunday with nothing done: six days missed, plainly counted. */
  assert_progress (progress_on (daily, NULL, "2026-03-15"), 0, 7, TRUE, FALSE, 6);
}

static void
test_week_boundary (void)
{
  g_autoptr (ReframeAssignment) daily =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-03-02", NULL);
  /* 23:30 on Sunday belongs to the old week; 00:10 on Monday (Sunday 23:10 UTC) to the new. */
  g_autoptr (GPtrArray) done = times ("2026-03-08T23:30:00", "2026-03-08T23:10:00Z", NULL);

  assert_progress (progress_on (daily, done, "2026-03-09"), 1, 7, FALSE, TRUE, 0);
  assert_progress (progress_on (daily, done, "2026-03-08"), 1, 7, FALSE, TRUE, 6);
}

static void
test_times_per_week (void)
{
  g_autoptr (ReframeAssignment) three =
      assignment_new (REFRAME_FREQUENCY_TIMES_PER_WEEK, 3, "2026-03-02", NULL);
  g_autoptr (ReframeAssignment) late_start =
      assignment_new (REFRAME_FREQUENCY_TIMES_PER_WEEK, 3, "2026-03-14", NULL);
  g_autoptr (GPtrArray) monday = times ("2026-03-09T19:00:00", NULL);
  g_autoptr (GPtrArray) three_days = times ("2026-03-09T19:00:00",
                                            "2026-03-11T19:00:00",
                                            "2026-03-11T21:00:00",
                                            "2026-03-12T19:00:00",
                                            NULL);

  /* Wednesday, done Monday: due today, 1 of 3, nothing missed (5 days left). */
  assert_progress (progress_on (three, monday, "2026-03-11"), 1, 3, TRUE, FALSE, 0);
  /* Saturday: two still needed and two days left, so still none missed. */
  assert_progress (progress_on (three, monday, "2026-03-14"), 1, 3, TRUE, FALSE, 0);
  /* Sunday: one day left for two, so one can no longer fit. */
  assert_progress (progress_on (three, monday, "2026-03-15"), 1, 3, TRUE, FALSE, 1);
  /* Three different days (two on Wednesday count once): done for the week. */
  assert_progress (progress_on (three, three_days, "2026-03-13"), 3, 3, FALSE, FALSE, 0);
  /* Starting on Saturday: only two days in this week, so two are expected. */
  assert_progress (progress_on (late_start, NULL, "2026-03-14"), 0, 2, TRUE, FALSE, 0);
  assert_progress (progress_on (late_start, NULL, "2026-03-13"), 0, 2, FALSE, FALSE, 0);
}

static void
test_once_by_date (void)
{
  g_autoptr (ReframeAssignment) once =
      assignment_new (REFRAME_FREQUENCY_ONCE, 1, "2026-03-04", "2026-03-12");
  g_autoptr (GPtrArray) early = times ("2026-03-05T18:00:00", NULL);
  g_autoptr (GPtrArray) before_start = times ("2026-03-03T18:00:00", NULL);
  g_autoptr (GPtrArray) late = times ("2026-03-13T09:00:00", NULL);

  assert_progress (progress_on (once, NULL, "2026-03-10"), 0, 1, TRUE, FALSE, 0);
  assert_progress (progress_on (once, NULL, "2026-03-12"), 0, 1, TRUE, FALSE, 0);
  assert_progress (progress_on (once, NULL, "2026-03-13"), 0, 1, FALSE, FALSE, 1);
  assert_progress (progress_on (once, NULL, "2026-03-03"), 0, 1, FALSE, FALSE, 0);
  /* Done in the week before still counts as done. */
  assert_progress (progress_on (once, early, "2026-03-10"), 1, 1, FALSE, FALSE, 0);
  /* Before the start it does not. */
  assert_progress (progress_on (once, before_start, "2026-03-10"), 0, 1, TRUE, FALSE, 0);
  /* Done late is done; nothing is held against it. */
  assert_progress (progress_on (once, late, "2026-03-13"), 1, 1, FALSE, TRUE, 0);
}

static void
test_start_and_end (void)
{
  g_autoptr (ReframeAssignment) short_one =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-03-11", "2026-03-13");
  g_autoptr (GPtrArray) done =
      times ("2026-03-10T12:00:00", "2026-03-12T12:00:00", "2026-03-14T12:00:00", NULL);
  GDate monday = day ("2026-03-09"), next = day ("2026-03-16"), before = day ("2026-03-02");

  /* Wednesday to Friday only: Tuesday and Saturday do not count. */
  assert_progress (progress_on (short_one, done, "2026-03-14"), 1, 3, FALSE, FALSE, 2);
  /* Tuesday, before it starts: nothing due, nothing missed, Tuesday's not counted. */
  g_ptr_array_set_size (done, 1);
  assert_progress (progress_on (short_one, done, "2026-03-10"), 0, 3, FALSE, FALSE, 0);
  g_assert_true (reframe_homework_is_in_week (short_one, &monday));
  g_assert_false (reframe_homework_is_in_week (short_one, &next));
  g_assert_false (reframe_homework_is_in_week (short_one, &before));
}

static void
test_month_end (void)
{
  g_autoptr (ReframeAssignment) daily =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-03-01", NULL);
  g_autoptr (GPtrArray) done =
      times ("2026-03-31T22:00:00", "2026-04-01T01:00:00", "2026-03-29T12:00:00", NULL);

  /* Week of Monday 30 March; Tuesday 31 and Wednesday 1 April done. */
  assert_progress (progress_on (daily, done, "2026-04-02"), 2, 7, TRUE, FALSE, 1);
  /* February in a leap year: Thursday 29th and Friday 1 March are one week. */
  g_clear_pointer (&done, g_ptr_array_unref);
  done = times ("2024-02-29T10:00:00", "2024-03-01T10:00:00", NULL);
  g_clear_object (&daily);
  daily = assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2024-02-01", NULL);
  assert_progress (progress_on (daily, done, "2024-03-03"), 2, 7, TRUE, FALSE, 4);
}

static void
test_year_end (void)
{
  g_autoptr (ReframeAssignment) three =
      assignment_new (REFRAME_FREQUENCY_TIMES_PER_WEEK, 3, "2026-12-01", "2027-01-31");
  g_autoptr (GPtrArray) done =
      times ("2026-12-31T23:59:00", "2027-01-01T00:01:00", "2026-12-27T12:00:00", NULL);

  /* Monday 28 December to Sunday 3 January is one week. */
  assert_progress (progress_on (three, done, "2027-01-02"), 2, 3, TRUE, FALSE, 0);
  assert_progress (progress_on (three, done, "2027-01-01"), 2, 3, FALSE, TRUE, 0);
}

static void
test_summer_time (void)
{
  g_autoptr (ReframeAssignment) daily =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-03-01", NULL);
  /* Clocks go forward at 02:00 on Sunday 29 March: that day has 23 hours. */
  g_autoptr (GPtrArray) spring = times ("2026-03-28T23:30:00+01:00",
                                        "2026-03-29T00:30:00+01:00",
                                        "2026-03-29T23:30:00+02:00",
                                        "2026-03-30T00:30:00+02:00",
                                        NULL);
  /* Clocks go back at 03:00 on Sunday 25 October: that day has 25 hours. */
  g_autoptr (GPtrArray) autumn = times ("2026-10-25T02:30:00+02:00",
                                        "2026-10-25T02:30:00+01:00",
                                        "2026-10-25T23:30:00+01:00",
                                        "2026-10-26T00:30:00+01:00",
                                        NULL);

  /* Saturday, Sunday (twice, once counted) in the week of the change; Monday after. */
  assert_progress (progress_on (daily, spring, "2026-03-29"), 2, 7, FALSE, TRUE, 5);
  assert_progress (progress_on (daily, spring, "2026-03-30"), 1, 7, FALSE, TRUE, 0);
  /* The same in autumn: the hour that happens twice is one day. */
  assert_progress (progress_on (daily, autumn, "2026-10-25"), 1, 7, FALSE, TRUE, 6);
  assert_progress (progress_on (daily, autumn, "2026-10-26"), 1, 7, FALSE, TRUE, 0);
}

static ReframeAssignment *
save_new (Fixture         *f,
          const char      *title,
          const char      *template_id,
          ReframeFrequency frequency,
          const char      *start,
          const char      *end)
{
  g_autoptr (GError) error = NULL;
  ReframeAssignment *assignment =
      assignment_new (frequency, frequency == REFRAME_FREQUENCY_TIMES_PER_WEEK ? 3 : 1, start, end);

  reframe_assignment_set_title (assignment, title);
  reframe_assignment_set_template_id (assignment, template_id);
  g_assert_true (reframe_assignment_repository_save (repo (f), assignment, &error));
  g_assert_no_error (error);
  return assignment;
}

/* The sentences of the homework page, from data already read (C locale). */
static void
test_sentences (void)
{
  g_autoptr (ReframeAssignment) walk =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-03-02", NULL);
  g_autoptr (GPtrArray) monday_done = times ("2026-03-02T09:00:00", NULL);
  g_autoptr (GPtrArray) none = times (NULL, NULL);
  ReframeHomeworkProgress progress = progress_on (walk, monday_done, "2026-03-04");
  GDate                   today = day ("2026-03-04"), monday = day ("2026-03-02");
  g_autofree char        *frequency = reframe_homework_describe_frequency (walk);
  g_autofree char        *state = reframe_homework_describe_progress (walk, &progress, &monday, &today);
  g_autofree char        *same_kind =
      reframe_homework_describe_week (walk, "Thought Record", &progress, &monday, &today);
  g_autofree char *other_kind =
      reframe_homework_describe_week (walk, "Worksheet", &progress, &monday, &today);
  g_autofree char *missed =
      reframe_homework_describe_missed (walk, &progress, monday_done, &monday, &today);
  g_autofree char *missed_two = NULL;
  g_autofree char *missed_unknown = NULL;

  g_assert_cmpstr (frequency, ==, "Every day");
  g_assert_cmpstr (state, ==, "Done 1 of 7 this week");
  /* The kind is left out when the title already says it, whatever the case. */
  g_assert_cmpstr (same_kind, ==, "Every day · Done 1 of 7 this week");
  g_assert_cmpstr (other_kind, ==, "Every day · Worksheet · Done 1 of 7 this week");
  g_assert_cmpstr (missed, ==, "Not done on Tuesday");

  progress = progress_on (walk, none, "2026-03-04");
  missed_two = reframe_homework_describe_missed (walk, &progress, none, &monday, &today);
  g_assert_cmpstr (missed_two, ==, "Not done on Monday and Tuesday");
  /* Without the completions, the days are counted, not named. */
  missed_unknown = reframe_homework_describe_missed (walk, &progress, NULL, &monday, &today);
  g_assert_cmpstr (missed_unknown, ==, "Not done on 2 days");

  progress = progress_on (walk, none, "2026-03-02");
  today = day ("2026-03-02");
  g_assert_null (reframe_homework_describe_missed (walk, &progress, none, &monday, &today));
}

static void
test_sentences_per_frequency (void)
{
  g_autoptr (ReframeAssignment) record =
      assignment_new (REFRAME_FREQUENCY_TIMES_PER_WEEK, 3, "2026-03-02", NULL);
  g_autoptr (ReframeAssignment) letter =
      assignment_new (REFRAME_FREQUENCY_ONCE, 1, "2026-03-02", "2026-03-03");
  g_autoptr (ReframeAssignment) later =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-03-16", NULL);
  g_autoptr (ReframeAssignment) ended =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-02-02", "2026-02-10");
  ReframeHomeworkProgress behind = { 0, 3, FALSE, FALSE, 2 };
  ReframeHomeworkProgress not_done = { 0, 1, FALSE, FALSE, 1 };
  ReframeHomeworkProgress done = { 1, 1, FALSE, FALSE, 0 };
  GDate                   today = day ("2026-03-04"), monday = day ("2026-03-02");
  g_autofree char        *times_text = reframe_homework_describe_frequency (record);
  g_autofree char        *behind_text =
      reframe_homework_describe_missed (record, &behind, NULL, &monday, &today);
  g_autofree char *once_text = reframe_homework_describe_frequency (letter);
  g_autofree char *due_text =
      reframe_homework_describe_progress (letter, &not_done, &monday, &today);
  g_autofree char *missed_text =
      reframe_homework_describe_missed (letter, &not_done, NULL, &monday, &today);
  g_autofree char *done_text = reframe_homework_describe_progress (letter, &done, &monday, &today);
  g_autofree char *later_text = reframe_homework_describe_progress (later, &done, &monday, &today);
  g_autofree char *ended_text = reframe_homework_describe_progress (ended, &done, &monday, &today);

  g_assert_cmpstr (times_text, ==, "3 days a week");
  g_assert_cmpstr (behind_text, ==, "2 days fewer than planned this week");
  g_assert_cmpstr (once_text, ==, "Once");
  /* Days near today are named as the journal names them. */
  g_assert_cmpstr (due_text, ==, "Due by Yesterday");
  g_assert_cmpstr (missed_text, ==, "Not done by Yesterday");
  g_assert_cmpstr (done_text, ==, "Done");
  g_assert_true (g_str_has_prefix (later_text, "Starts Monday"));
  g_assert_nonnull (strstr (later_text, "16"));
  g_assert_true (g_str_has_prefix (ended_text, "Ended Tuesday"));
  g_assert_nonnull (strstr (ended_text, "10"));
}

/* An item holds the week's completions and works out its progress and sentences itself. */
static void
test_item (void)
{
  g_autoptr (ReframeAssignment) walk =
      assignment_new (REFRAME_FREQUENCY_DAILY, 1, "2026-03-02", NULL);
  g_autoptr (GPtrArray) done = times ("2026-03-02T09:00:00", "2026-03-04T08:00:00", NULL);
  GDate today = day ("2026-03-04");
  g_autoptr (ReframeHomeworkItem) item = reframe_homework_item_new (walk, "Task", done, &today);
  g_autofree char *summary = reframe_homework_item_dup_summary (item);
  g_autofree char *missed = reframe_homework_item_dup_missed (item);

  g_assert_cmpstr (reframe_homework_get_kind_title (walk, NULL), ==, "Worksheet");
  g_assert_true (reframe_homework_item_get_assignment (item) == walk);
  g_assert_cmpstr (reframe_homework_item_get_kind_title (item), ==, "Task");
  assert_progress (*reframe_homework_item_get_progress (item), 2, 7, FALSE, TRUE, 1);
  g_assert_true (reframe_homework_item_is_for_today (item));
  g_assert_cmpstr (summary, ==, "Every day · Task · Done 2 of 7 this week");
  g_assert_cmpstr (missed, ==, "Not done on Tuesday");
}

static void
test_save_and_validate (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (ReframeAssignment) walk = save_new (
      f, "  Walk for 20 minutes  ", NULL, REFRAME_FREQUENCY_DAILY, "2026-03-02", "2026-03-29");
  g_autoptr (ReframeAssignment) bad = reframe_assignment_new ("", "thought-record");
  g_autoptr (ReframeAssignment) loaded = NULL;
  g_autoptr (GListModel) list = NULL;
  g_autoptr (GError) error = NULL;
  GDate end = day ("2026-03-01"), start = day ("2026-03-02");

  reframe_assignment_set_rationale (walk,
                                    "Moving lifts mood more than waiting for the mood to lift.");
  reframe_assignment_set_therapist_note (walk, "Any pace counts.");
  reframe_assignment_set_reminder (walk, TRUE);
  g_assert_true (reframe_assignment_repository_save (repo (f), walk, &error));
  loaded = reframe_assignment_repository_get (repo (f), reframe_assignment_get_uuid (walk), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_assignment_get_title (loaded), ==, "Walk for 20 minutes");
  g_assert_null (reframe_assignment_get_template_id (loaded));
  g_assert_true (reframe_assignment_is_task (loaded));
  g_assert_cmpint (reframe_assignment_get_frequency (loaded), ==, REFRAME_FREQUENCY_DAILY);
  g_assert_cmpint (g_date_compare (reframe_assignment_get_start_date (loaded), &start), ==, 0);
  g_assert_cmpuint (g_date_get_day (reframe_assignment_get_end_date (loaded)), ==, 29);
  g_assert_null (reframe_assignment_get_due_date (loaded));
  g_assert_cmpstr (reframe_assignment_get_therapist_note (loaded), ==, "Any pace counts.");
  g_assert_true (reframe_assignment_get_reminder (loaded));
  g_assert_nonnull (reframe_assignment_get_created (loaded));

  /* Each problem a person can make has its own message, and nothing is saved. */
  g_assert_false (reframe_assignment_repository_save (repo (f), bad, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  reframe_assignment_set_title (bad, "Thought record");
  reframe_assignment_set_start_date (bad, &start);
  reframe_assignment_set_end_date (bad, &end);
  g_assert_false (reframe_assignment_repository_save (repo (f), bad, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  reframe_assignment_set_end_date (bad, NULL);
  reframe_assignment_set_frequency (bad, REFRAME_FREQUENCY_ONCE);
  g_assert_false (reframe_assignment_repository_save (repo (f), bad, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  reframe_assignment_set_due_date (bad, &end);
  g_assert_false (reframe_assignment_repository_save (repo (f), bad, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* Archived ones leave the list. */
  list = reframe_assignment_repository_list (repo (f), &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_clear_object (&list);
  reframe_assignment_set_archived (walk, TRUE);
  g_assert_true (reframe_assignment_repository_save (repo (f), walk, &error));
  list = reframe_assignment_repository_list (repo (f), &error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
}

static ReframeWorksheet *
complete_worksheet (Fixture           *f,
                    ReframeAssignment *assignment,
                    const char        *iso_time,
                    gboolean           completed)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso_time, NULL);
  g_autoptr (GError) error = NULL;
  ReframeWorksheet *worksheet = reframe_worksheet_new ("thought-record", 1);

  reframe_worksheet_set_assignment_uuid (worksheet, reframe_assignment_get_uuid (assignment));
  reframe_worksheet_set_status (worksheet,
                                completed ? REFRAME_WORKSHEET_COMPLETED : REFRAME_WORKSHEET_DRAFT);
  g_assert_true (_reframe_worksheet_repository_save_at (
      reframe_store_get_worksheets (f->store), worksheet, time, time, time, &error));
  g_assert_no_error (error);
  return worksheet;
}

static void
test_completions (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (ReframeAssignment) record = save_new (
      f, "Thought record", "thought-record", REFRAME_FREQUENCY_TIMES_PER_WEEK, "2026-03-16", NULL);
  g_autoptr (ReframeAssignment) walk =
      save_new (f, "Walk", NULL, REFRAME_FREQUENCY_DAILY, "2026-03-23", NULL);
  /* Sunday 29 March 23:30 in Berlin is 21:30 UTC; Monday 00:30 is Sunday 22:30 UTC. */
  g_autoptr (ReframeWorksheet) sunday =
      complete_worksheet (f, record, "2026-03-29T23:30:00+02:00", TRUE);
  g_autoptr (ReframeWorksheet) monday =
      complete_worksheet (f, record, "2026-03-30T00:30:00+02:00", TRUE);
  g_autoptr (ReframeWorksheet) draft =
      complete_worksheet (f, record, "2026-03-27T12:00:00+01:00", FALSE);
  g_autoptr (ReframeWorksheet) wednesday =
      complete_worksheet (f, record, "2026-03-25T12:00:00+01:00", TRUE);
  g_autoptr (GDateTime) tuesday_walk =
      g_date_time_new_from_iso8601 ("2026-03-24T07:00:00+01:00", NULL);
  g_autoptr (GDateTime) tuesday_again =
      g_date_time_new_from_iso8601 ("2026-03-24T19:00:00+01:00", NULL);
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  ReframeHomeworkProgress progress;
  GDate                   from = day ("2026-03-23"), to = day ("2026-03-29"), sun = day ("2026-03-29"),
        tue = day ("2026-03-24");

  /* The worksheets completed in the week of the change, by local day; not the draft. */
  found = reframe_assignment_repository_list_completions (repo (f), record, &from, &to, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_true (
      reframe_assignment_repository_get_progress (repo (f), record, &sun, &progress, &error));
  /* Done today, and the third can no longer fit into the week: one missed. */
  assert_progress (progress, 2, 3, FALSE, TRUE, 1);
  /* The Monday after begins a new week with one done. */
  from = day ("2026-03-30");
  g_assert_true (
      reframe_assignment_repository_get_progress (repo (f), record, &from, &progress, &error));
  assert_progress (progress, 1, 3, FALSE, TRUE, 0);
  g_assert_true (
      reframe_assignment_repository_get_progress (repo (f), record, &sun, &progress, &error));

  /* A deleted worksheet no longer counts; restored, it does again. */
  g_assert_true (reframe_worksheet_repository_delete (
      reframe_store_get_worksheets (f->store), wednesday, &error));
  g_assert_true (
      reframe_assignment_repository_get_progress (repo (f), record, &sun, &progress, &error));
  g_assert_cmpuint (progress.done, ==, 1);
  g_assert_true (reframe_worksheet_repository_restore (
      reframe_store_get_worksheets (f->store), wednesday, &error));

  /* A free-text task is marked done once a day, and can be unmarked. */
  g_assert_true (
      reframe_assignment_repository_mark_task_done (repo (f), walk, tuesday_walk, &error));
  g_assert_true (
      reframe_assignment_repository_mark_task_done (repo (f), walk, tuesday_again, &error));
  g_assert_no_error (error);
  g_assert_true (
      reframe_assignment_repository_get_progress (repo (f), walk, &sun, &progress, &error));
  assert_progress (progress, 1, 7, TRUE, FALSE, 5);
  g_assert_true (reframe_assignment_repository_unmark_task_done (repo (f), walk, &tue, &error));
  g_assert_true (
      reframe_assignment_repository_get_progress (repo (f), walk, &sun, &progress, &error));
  g_assert_cmpuint (progress.done, ==, 0);

  /* Deleting hides the homework; purging unlinks its worksheets and keeps them. */
  g_assert_true (reframe_assignment_repository_delete (repo (f), record, &error));
  g_assert_null (
      reframe_assignment_repository_get (repo (f), reframe_assignment_get_uuid (record), &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (reframe_assignment_repository_restore (repo (f), record, &error));
  g_assert_true (reframe_assignment_repository_delete (repo (f), record, &error));
  g_assert_true (reframe_assignment_repository_purge_deleted (repo (f), &error));
  g_assert_no_error (error);
  g_clear_object (&sunday);
  sunday = reframe_worksheet_repository_get (
      reframe_store_get_worksheets (f->store), reframe_worksheet_get_uuid (monday), &error);
  g_assert_no_error (error);
  g_assert_null (reframe_worksheet_get_assignment_uuid (sunday));
  g_assert_false (reframe_assignment_repository_mark_task_done (repo (f), record, NULL, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_assert_nonnull (draft);
}

/* Runs `reframe ARGS… --data-dir DIR` in this process, its output in f->out and f->err;
 * the arguments end with NULL. */
#define run_cli(f, ...)                                                                \
  reframe_test_cli_run (&(ReframeTestCli){ .data_dir = (f)->dir, .in_process = TRUE }, \
                        &(f)->out,                                                     \
                        &(f)->err,                                                     \
                        __VA_ARGS__)

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autoptr (ReframeAssignment) record = save_new (f,
                                                   "Thought record after a hard moment",
                                                   "thought-record",
                                                   REFRAME_FREQUENCY_TIMES_PER_WEEK,
                                                   "2026-03-02",
                                                   NULL);
  g_autoptr (ReframeAssignment) walk = save_new (
      f, "Walk for 20 minutes", NULL, REFRAME_FREQUENCY_DAILY, "2026-03-02", "2026-03-20");
  g_autoptr (ReframeAssignment) once =
      save_new (f, "Book the dentist", NULL, REFRAME_FREQUENCY_ONCE, "2026-03-09", "2026-03-13");
  g_autoptr (ReframeAssignment) later = save_new (
      f, "Exposure ladder", "exposure-ladder", REFRAME_FREQUENCY_DAILY, "2026-04-06", NULL);
  g_autoptr (ReframeWorksheet) done =
      complete_worksheet (f, record, "2026-03-10T19:00:00+01:00", TRUE);
  g_autoptr (GDateTime) walked = g_date_time_new_from_iso8601 ("2026-03-12T08:00:00+01:00", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *journal_dir = NULL;
  JsonObject      *root, *item, *progress;
  JsonArray       *items;

  g_assert_true (reframe_assignment_repository_mark_task_done (repo (f), walk, walked, &error));

  g_assert_cmpint (run_cli (f, "homework", "--date", "2026-03-12", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "week of 2026-03-09"));
  g_assert_nonnull (strstr (
      f->out,
      "Thought record after a hard moment\n  3 times a week  ·  done 1 of 3  ·  due today\n"));
  g_assert_nonnull (strstr (f->out,
                            "Walk for 20 minutes\n  Every day, until 2026-03-20  ·  done 1 of 7  · "
                            " done today  ·  3 days missed\n"));
  g_assert_nonnull (
      strstr (f->out, "Book the dentist\n  Once, by 2026-03-13  ·  done 0 of 1  ·  due today\n"));
  g_assert_null (strstr (f->out, "Exposure ladder"));

  g_assert_cmpint (run_cli (f, "homework", "--json", "--date", "2026-03-12", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "week_start"), ==, "2026-03-09");
  items = json_object_get_array_member (root, "assignments");
  g_assert_cmpuint (json_array_get_length (items), ==, 3);
  item = json_array_get_object_element (items, 0);
  g_assert_cmpstr (
      json_object_get_string_member (item, "uuid"), ==, reframe_assignment_get_uuid (record));
  g_assert_cmpstr (json_object_get_string_member (item, "frequency"), ==, "times_per_week");
  progress = json_object_get_object_member (item, "progress");
  g_assert_cmpint (json_object_get_int_member (progress, "done"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (progress, "expected"), ==, 3);
  g_assert_true (json_object_get_boolean_member (progress, "due_today"));
  item = json_array_get_object_element (items, 2);
  g_assert_cmpstr (json_object_get_string_member (item, "due_date"), ==, "2026-03-13");
  g_assert_true (json_object_get_null_member (item, "template_id"));

  g_assert_cmpint (run_cli (f, "homework", "--date", "2026-01-05", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "No homework this week."));

  /* Bad input: exit 2, a message, and no journal made where there was none. */
  g_assert_finalize_object (g_steal_pointer (&f->store));
  journal_dir = g_steal_pointer (&f->dir);
  f->dir = g_build_filename (journal_dir, "empty", NULL);
  g_assert_cmpint (run_cli (f, "homework", "--date", "2026-02-30", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "2026-02-30"));
  g_assert_cmpint (run_cli (f, "homework", "--date", "tomorrow", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, "homework", "extra", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, "homework", "--weekly", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, "homework", "--date", NULL), ==, 2);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
  g_free (f->dir);
  f->dir = g_steal_pointer (&journal_dir);
  g_assert_nonnull (done);
  g_assert_nonnull (once);
  g_assert_nonnull (later);
}

int
main (int    argc,
      char **argv)
{
  /* The CLI prints UTF-8 as the program does, in the locale of the environment. */
  setlocale (LC_ALL, "");
  /* Before anything reads the local time zone (GLib caches it). */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/homework/week-start", test_week_start);
  g_test_add_func ("/reframe/homework/daily", test_daily);
  g_test_add_func ("/reframe/homework/week-boundary", test_week_boundary);
  g_test_add_func ("/reframe/homework/times-per-week", test_times_per_week);
  g_test_add_func ("/reframe/homework/once-by-date", test_once_by_date);
  g_test_add_func ("/reframe/homework/start-and-end", test_start_and_end);
  g_test_add_func ("/reframe/homework/month-end", test_month_end);
  g_test_add_func ("/reframe/homework/year-end", test_year_end);
  g_test_add_func ("/reframe/homework/summer-time", test_summer_time);
  g_test_add_func ("/reframe/homework/sentences-name-missed-days", test_sentences);
  g_test_add_func ("/reframe/homework/sentences-per-frequency", test_sentences_per_frequency);
  g_test_add_func ("/reframe/homework/item-works-out-its-week", test_item);
#define ADD(path, func) \
  g_test_add ("/reframe/homework/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("save-and-validate", test_save_and_validate);
  ADD ("completions", test_completions);
  ADD ("command-prints-the-week-and-refuses-bad-input", test_cli);
#undef ADD

  return g_test_run ();
}
