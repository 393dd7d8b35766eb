/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart-fixture.c: a small journal with figures worked out by hand.
 *
 * March 2024, period 1 to 30 March (30 days), one entry a day on 1 to 20 March (a second
 * one on the 20th, same mood), so 20 days logged:
 *   - 1 to 10 March: good (4), with exercise; 11 to 20 March: bad (2), without.
 *     Mean 3.0 (okay); the 7-day average starts at 4.0 (1 March) and ends at 2.0
 *     (26 March, the last day whose window has an entry).
 *   - exercise: 10 days with at 4.0, 10 without at 2.0: +2.0.
 *   - reading on 2, 12 and 15 March: 3 days with, 17 without: not enough data.
 *   - sleep given on 1 to 6 March only: 6 nights, not enough for a pattern.
 *   - PHQ-9 completed on 5 March (14, Moderate) and 25 March (8, Mild); no GAD-7.
 *   - In 2024: 10 good days and 10 bad days.
 */

#include "config.h"

#include "reframe-chart-fixture.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"

static void
add_entry (ReframeStore *store,
           guint         day,
           const char   *time_of_day,
           ReframeMood   mood)
{
  g_autoptr (GPtrArray) activities = g_ptr_array_new ();
  g_autofree char *iso = g_strdup_printf ("%04d-%02d-%02uT%sZ",
                                          REFRAME_TEST_FIXTURE_YEAR,
                                          REFRAME_TEST_FIXTURE_MONTH,
                                          day,
                                          time_of_day);
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (iso, mood, "A day.");
  g_autoptr (GError) error = NULL;

  if (day <= 10)
    g_ptr_array_add (activities, (gpointer) "exercise");
  if (day == 2 || day == 12 || day == 15)
    g_ptr_array_add (activities, (gpointer) "reading");
  g_ptr_array_add (activities, NULL);
  reframe_mood_entry_set_activities (entry, (const char *const *) activities->pdata);
  if (day <= 6)
    reframe_mood_entry_set_sleep_hours (entry, 6.0 + day % 3);
  reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error);
  g_assert_no_error (error);
}

static void
add_score (ReframeStore *store,
           const char   *template_id,
           const char   *iso_time,
           int           score,
           const char   *band)
{
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new (template_id, 1);
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso_time, NULL);
  g_autoptr (GError) error = NULL;

  reframe_worksheet_set_status (worksheet, REFRAME_WORKSHEET_COMPLETED);
  reframe_worksheet_set_score (worksheet, score);
  reframe_worksheet_set_band (worksheet, band);
  _reframe_worksheet_repository_save_at (
      reframe_store_get_worksheets (store), worksheet, time, time, time, &error);
  g_assert_no_error (error);
}

void
reframe_test_fill_small_journal (ReframeStore *store)
{
  for (guint day = 1; day <= 20; day++)
    add_entry (store, day, "19:00:00", day <= 10 ? REFRAME_MOOD_GOOD : REFRAME_MOOD_BAD);
  add_entry (store, 20, "21:00:00", REFRAME_MOOD_BAD);
  add_score (store, "phq-9", "2024-03-05T10:00:00Z", 14, "Moderate");
  add_score (store, "phq-9", "2024-03-25T10:00:00Z", 8, "Mild");
}

void
reframe_test_fixture_period (GDate *from,
                             GDate *to)
{
  g_date_clear (from, 1);
  g_date_set_dmy (from, 1, REFRAME_TEST_FIXTURE_MONTH, REFRAME_TEST_FIXTURE_YEAR);
  g_date_clear (to, 1);
  g_date_set_dmy (to, 30, REFRAME_TEST_FIXTURE_MONTH, REFRAME_TEST_FIXTURE_YEAR);
}
