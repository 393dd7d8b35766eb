/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf-fixture.c: journals for the PDF report and share dialog tests.
 *
 * The month, March 2024 (period 1 to 31 March):
 *   - one entry a day on 1 to 20 March; the one of 3 March has emoji, Cyrillic and Japanese
 *     (REFRAME_TEST_EMOJI_NOTE), the one of 5 March a link wider than a line, the one of
 *     7 March is long enough to run over a page;
 *   - a private entry on 8 March (REFRAME_TEST_PRIVATE_NOTE), and one on 9 March the
 *     dialog test unticks (REFRAME_TEST_EXCLUDED_NOTE, its UUID returned);
 *   - PHQ-9 on 20 February (all items 2: 18, item 9 at 0) and 10 March (all items 1:
 *     9, item 9 at 1, so flagged);
 *   - a thought record on 12 March (sad 80, then 40);
 *   - daily homework "Walk after lunch" from 1 March, done on 1 to 10 March.
 */

#include "config.h"

#include "reframe-assignment-repository.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-questionnaire-score.h"
#include "reframe-report-pdf-fixture.h"
#include "reframe-store-private.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"

static const char *const words[] = {
  "today",
  "felt",
  "tired",
  "after",
  "work",
  "walked",
  "the",
  "dog",
  "in",
  "rain",
  "and",
  "called",
  "my",
  "sister",
  "about",
  "weekend",
  "slept",
  "badly",
  "again",
  "worried",
  "money",
  "meeting",
  "went",
  "better",
  "than",
  "expected",
  "therapist",
  "said",
  "notice",
  "thought",
  "caught",
  "myself",
  "wrote",
  "down",
  "evidence",
  "calm",
  "coffee",
  "friend",
};

static char *
make_note (GRand *rand,
           guint  n_words)
{
  GString *text = g_string_new ("");

  for (guint i = 0; i < n_words; i++)
    {
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append (text, i % 14 == 13 ? ". " : " ");
    }
  g_string_append_c (text, '.');
  return g_string_free (text, FALSE);
}

static ReframeMoodEntry *
save_entry (ReframeStore *store,
            const char   *iso,
            ReframeMood   mood,
            const char   *note,
            gboolean      private_)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (iso, mood, note);
  g_autoptr (GError) error = NULL;
  const char *feelings[] = { "calm", "hopeful", NULL };

  reframe_mood_entry_set_private (entry, private_);
  reframe_mood_entry_set_feelings (entry, feelings);
  reframe_mood_entry_set_sleep_hours (entry, 7.5);
  reframe_mood_repository_save (reframe_store_get_moods (store), entry, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&entry);
}

static ReframeTemplate *
find_builtin (const char *id)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) builtins = reframe_template_registry_dup_builtins (&error);

  g_assert_no_error (error);
  for (guint i = 0; i < builtins->len; i++)
    if (g_str_equal (reframe_template_get_id (g_ptr_array_index (builtins, i)), id))
      return g_object_ref (g_ptr_array_index (builtins, i));
  g_assert_not_reached ();
}

static void
save_worksheet (ReframeStore *store,
                ReframeTemplate *template,
                JsonObject *answers,
                const char *iso)
{
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new (
      reframe_template_get_id (template), reframe_template_get_version (template));
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso, NULL);
  g_autoptr (GError) error = NULL;

  reframe_worksheet_set_answers (worksheet, answers);
  reframe_worksheet_set_status (worksheet, REFRAME_WORKSHEET_COMPLETED);
  if (reframe_template_get_kind (template) == REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
    {
      g_autoptr (ReframeQuestionnaireScore) score =
          reframe_template_score (template, answers, &error);

      g_assert_no_error (error);
      reframe_worksheet_set_score (worksheet, score->score);
      reframe_worksheet_set_band (worksheet, score->band_label);
    }
  _reframe_worksheet_repository_save_at (
      reframe_store_get_worksheets (store), worksheet, time, time, time, &error);
  g_assert_no_error (error);
}

static void
save_phq9 (ReframeStore *store,
           const char   *iso,
           const char   *items,
           const char   *item_9)
{
  g_autoptr (ReframeTemplate) phq9 = find_builtin ("phq-9");
  g_autoptr (JsonObject) answers = json_object_new ();

  for (guint i = 1; i <= 9; i++)
    {
      g_autofree char *id = g_strdup_printf ("item_%u", i);
      json_object_set_string_member (answers, id, i == 9 ? item_9 : items);
    }
  save_worksheet (store, phq9, answers, iso);
}

static void
save_thought_record (ReframeStore *store,
                     const char   *iso)
{
  g_autoptr (ReframeTemplate) record = find_builtin ("thought-record");
  g_autoptr (JsonObject) answers = json_object_new ();
  JsonArray  *emotions = json_array_new ();
  JsonObject *sad = json_object_new ();

  json_object_set_string_member (answers, "situation", "Colleague did not answer my message.");
  json_object_set_string_member (sad, "name", "sad");
  json_object_set_int_member (sad, "before", 80);
  json_object_set_int_member (sad, "after", 40);
  json_array_add_object_element (emotions, sad);
  json_object_set_array_member (answers, "emotions", emotions);
  json_object_set_string_member (answers, "automatic_thoughts", "They are annoyed with me.");
  json_object_set_string_member (answers, "balanced_thought", "They were in meetings all day.");
  save_worksheet (store, record, answers, iso);
}

static void
save_homework (ReframeStore *store)
{
  ReframeAssignmentRepository *repository = reframe_store_get_assignments (store);
  g_autoptr (ReframeAssignment) walk = reframe_assignment_new (REFRAME_TEST_ASSIGNMENT, NULL);
  g_autoptr (GError) error = NULL;
  GDate start;

  g_date_clear (&start, 1);
  g_date_set_dmy (&start, 1, 3, 2024);
  reframe_assignment_set_frequency (walk, REFRAME_FREQUENCY_DAILY);
  reframe_assignment_set_start_date (walk, &start);
  reframe_assignment_repository_save (repository, walk, &error);
  g_assert_no_error (error);
  for (guint day = 1; day <= 10; day++)
    {
      g_autoptr (GDateTime) when = g_date_time_new_utc (2024, 3, day, 14, 0, 0);

      reframe_assignment_repository_mark_task_done (repository, walk, when, &error);
      g_assert_no_error (error);
    }
}

void
reframe_test_fill_report_month (ReframeStore *store,
                                char        **excluded_uuid)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (6);

  for (guint day = 1; day <= 20; day++)
    {
      g_autofree char *iso = g_strdup_printf ("2024-03-%02uT19:00:00Z", day);
      g_autofree char *note =
          day == 3 ? g_strdup (REFRAME_TEST_EMOJI_NOTE) : make_note (rand, day == 7 ? 1500 : 40);

      /* A word wider than a line (a link) breaks inside itself rather than run off the page. */
      if (day == 5)
        {
          g_autofree char *link = g_strnfill (180, 'q');

          g_free (note);
          note = g_strdup_printf ("Read https://example.org/%s about sleep.", link);
        }
      g_object_unref (
          save_entry (store, iso, day <= 10 ? REFRAME_MOOD_OKAY : REFRAME_MOOD_GOOD, note, FALSE));
    }
  g_object_unref (save_entry (
      store, "2024-03-08T22:00:00Z", REFRAME_MOOD_BAD, REFRAME_TEST_PRIVATE_NOTE, TRUE));
  {
    g_autoptr (ReframeMoodEntry) excluded = save_entry (
        store, "2024-03-09T22:00:00Z", REFRAME_MOOD_GOOD, REFRAME_TEST_EXCLUDED_NOTE, FALSE);

    if (excluded_uuid != NULL)
      *excluded_uuid = g_strdup (reframe_mood_entry_get_uuid (excluded));
  }
  save_phq9 (store, "2024-02-20T10:00:00Z", "2", "0");
  save_phq9 (store, "2024-03-10T10:00:00Z", "1", "1");
  save_thought_record (store, "2024-03-12T20:00:00Z");
  save_homework (store);
}

void
reframe_test_report_month (GDate *from,
                           GDate *to)
{
  g_date_clear (from, 1);
  g_date_set_dmy (from, 1, 3, 2024);
  g_date_clear (to, 1);
  g_date_set_dmy (to, 31, 3, 2024);
}

/* About two entries a day of 50 to 250 words, a PHQ-9 a month and a thought record a week. */
void
reframe_test_fill_report_years (ReframeStore *store,
                                int           first_year,
                                guint         n_years)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (2024);
  g_autoptr (GDateTime) start = g_date_time_new_utc (first_year, 1, 1, 8, 0, 0);
  g_autoptr (GDateTime) end = g_date_time_add_years (start, n_years);
  guint    n_days = g_date_time_difference (end, start) / G_TIME_SPAN_DAY;
  sqlite3 *db = _reframe_store_get_db (store);
  g_autoptr (GError) error = NULL;

  g_assert_true (_reframe_store_exec (db, "BEGIN", &error));
  for (guint day = 0; day < n_days; day++)
    {
      g_autoptr (GDateTime) when = g_date_time_add_days (start, day);
      g_autofree char *iso = g_date_time_format_iso8601 (when);
      guint            n = g_rand_int_range (rand, 1, 4);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr (GDateTime) at = g_date_time_add_hours (when, 4 * i + 3);
          g_autofree char *at_iso = g_date_time_format_iso8601 (at);
          g_autofree char *note = make_note (rand, g_rand_int_range (rand, 50, 250));

          g_object_unref (save_entry (store, at_iso, g_rand_int_range (rand, 1, 6), note, FALSE));
        }
      if (day % 30 == 0)
        save_phq9 (store, iso, day % 60 == 0 ? "1" : "2", "0");
      if (day % 7 == 3)
        save_thought_record (store, iso);
    }
  g_assert_true (_reframe_store_exec (db, "COMMIT", &error));
}
