/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-importers.c: the readers of the other apps' exports: Bearable, eMoods, RedNotebook,
 * FreeCBT and jrnl. Detection (and not mistaking one for another), what each reads and the
 * mood mapping, problems with their line or record numbers, importing twice adding nothing,
 * and `reframe import --dry-run --json`. */

#include <glib/gstdio.h>

#include "reframe-bearable-importer.h"
#include "reframe-emoods-importer.h"
#include "reframe-freecbt-importer.h"
#include "reframe-import.h"
#include "reframe-jrnl-importer.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-rednotebook-importer.h"
#include "reframe-store.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository.h"

static ReframeMoodEntry *
entry_at (ReframeImportBatch *batch,
          guint               i)
{
  return reframe_import_batch_get_record (batch, REFRAME_IMPORT_MOOD_ENTRY, i);
}

static void
assert_entry (ReframeImportBatch *batch,
              guint               i,
              const char         *time,
              ReframeMood         mood,
              const char         *note,
              const char *const  *activities)
{
  ReframeMoodEntry *entry = entry_at (batch, i);
  g_autofree char  *text =
      g_date_time_format (reframe_mood_entry_get_time (entry), "%Y-%m-%d %H:%M");

  g_assert_cmpstr (text, ==, time);
  g_assert_cmpint (reframe_mood_entry_get_mood (entry), ==, mood);
  g_assert_cmpstr (reframe_mood_entry_get_note (entry), ==, note);
  g_assert_cmpstrv (reframe_mood_entry_get_activities (entry), activities);
  g_assert_nonnull (reframe_import_batch_get_source_id (batch, REFRAME_IMPORT_MOOD_ENTRY, i));
}

static void
assert_problems (ReframeImportBatch *batch,
                 const guint        *lines,
                 const char *const  *messages,
                 guint               n)
{
  g_assert_cmpuint (reframe_import_batch_get_n_problems (batch), ==, n);
  for (guint i = 0; i < n; i++)
    {
      const char *message = NULL;

      g_assert_cmpuint (reframe_import_batch_get_problem (batch, i, &message), ==, lines[i]);
      g_assert_cmpstr (message, ==, messages[i]);
    }
}

static void
test_detect (void)
{
  const struct
  {
    const char *name;
    const char *id;
  } cases[] = {
    { "bearable-2021.csv", "bearable-csv" },
    { "bearable-2024.csv", "bearable-csv" },
    { "emoods-entry.csv", "emoods-csv" },
    { "emoods-no-id.csv", "emoods-csv" },
    { "freecbt.json", "freecbt-json" },
    { "jrnl.json", "jrnl-json" },
    { "rednotebook", "rednotebook" },
    { "rednotebook/2024-03.txt", "rednotebook" },
    /* And the earlier readers are still chosen for their own files. */
    { "daylio-current-bom-crlf.csv", "daylio-csv" },
    { "daylio-2018.csv", "daylio-csv" },
    { "full.reframe", "reframe-archive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GFile) file = reframe_test_import_file (cases[i].name);
      g_autoptr (GError) error = NULL;
      const ReframeImporter *importer = reframe_import_detect (file, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (reframe_importer_get_id (importer), ==, cases[i].id);
    }
}

/* Each reader refuses the others' files: detection cannot pick two. */
static void
test_detect_exclusive (void)
{
  const char *const             names[] = { "bearable-2021.csv",
                                            "bearable-2024.csv",
                                            "emoods-entry.csv",
                                            "freecbt.json",
                                            "jrnl.json",
                                            "rednotebook",
                                            "rednotebook/2024-03.txt",
                                            "daylio-current-bom-crlf.csv",
                                            "daylio-2019.csv",
                                            "full.reframe",
                                            "not-an-export.csv" };
  guint                         n_importers = 0;
  const ReframeImporter *const *importers = reframe_importers_get_all (&n_importers);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GFile) file = reframe_test_import_file (names[i]);
      g_autofree char *path = g_file_get_path (file);
      g_autofree char *head = NULL;
      gsize            len = 0;
      guint            n = 0;

      if (!g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_assert_true (g_file_get_contents (path, &head, &len, NULL));
          len = MIN (len, REFRAME_IMPORT_HEAD_SIZE);
        }
      for (guint r = 0; r < n_importers; r++)
        n += importers[r]->detect (file, head, len) ? 1 : 0;
      g_assert_cmpuint (n, ==, g_str_equal (names[i], "not-an-export.csv") ? 0 : 1);
    }
}

static void
test_bearable (void)
{
  g_autoptr (ReframeImportBatch) batch =
      reframe_test_read_import ("bearable-2021.csv", "bearable-csv");
  g_autofree char  *mapping = reframe_import_batch_dup_mood_mapping_text (batch);
  const guint       lines[] = { 8, 9, 10 };
  const char *const messages[] = { "the date cannot be read.",
                                   "the time of day cannot be read.",
                                   "the mood rating is not a number from 0 to 10." };
  ReframeMoodEntry *morning;

  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 3);
  /* The day's factors and symptom go to its first mood reading, with the factors' note. */
  assert_entry (batch,
                0,
                "2024-05-03 08:15",
                REFRAME_MOOD_OKAY,
                "Good chat with Ana",
                (const char *const[]){ "Headache (Moderate)", "Walk", "With friends", NULL });
  morning = entry_at (batch, 0);
  g_assert_cmpstrv (reframe_mood_entry_get_feelings (morning),
                    ((const char *const[]){ "Tired", "Hopeful", NULL }));
  assert_entry (
      batch, 1, "2024-05-03 21:40", REFRAME_MOOD_GREAT, "", (const char *const[]){ NULL });
  /* A day without a mood reading: one entry, its sleep, its gratitude as the note. */
  assert_entry (batch,
                2,
                "2024-05-04 12:00",
                REFRAME_MOOD_OKAY,
                "Sun on the balcony",
                (const char *const[]){ "Sleep 7.5", NULL });
  g_assert_cmpfloat (reframe_mood_entry_get_sleep_hours (entry_at (batch, 2)), ==, 7.5);
  g_assert_cmpstr (mapping, ==, "6/10 → 3 Okay, 9/10 → 5 Great, no mood in the export → 3 Okay");
  assert_problems (batch, lines, messages, G_N_ELEMENTS (lines));
}

static void
test_bearable_2024 (void)
{
  g_autoptr (ReframeImportBatch) batch =
      reframe_test_read_import ("bearable-2024.csv", "bearable-csv");

  /* The ISO date column, an unpadded hour, CRLF, and a note with quotes kept exactly. */
  g_assert_cmpuint (reframe_import_batch_get_n_problems (batch), ==, 0);
  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 1);
  assert_entry (batch,
                0,
                "2024-06-01 03:04",
                REFRAME_MOOD_BAD,
                "Couldn't sleep, \"again\"",
                (const char *const[]){ "Sertraline (50mg)", NULL });
}

static void
test_emoods (void)
{
  g_autoptr (ReframeImportBatch) batch =
      reframe_test_read_import ("emoods-entry.csv", "emoods-csv");
  g_autoptr (ReframeImportBatch) no_id =
      reframe_test_read_import ("emoods-no-id.csv", "emoods-csv");
  g_autofree char  *mapping = reframe_import_batch_dup_mood_mapping_text (batch);
  const guint       lines[] = { 5, 6, 7 };
  const char *const messages[] = { "the date cannot be read.",
                                   "a mood rating is not a number from 0 to 4.",
                                   "the hours of sleep are not a number from 0 to 24." };

  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 3);
  assert_entry (
      batch,
      0,
      "2024-05-01 12:00",
      REFRAME_MOOD_BAD,
      "Rough morning, better after a walk",
      (const char *const[]){ "Depressed 3", "Elevated 1", "Irritability 1", "Anxiety 2", NULL });
  g_assert_cmpfloat (reframe_mood_entry_get_sleep_hours (entry_at (batch, 0)), ==, 6.5);
  assert_entry (batch,
                1,
                "2024-05-02 12:00",
                REFRAME_MOOD_OKAY,
                "",
                (const char *const[]){ "Depressed 2",
                                       "Elevated 1",
                                       "Irritability 1",
                                       "Anxiety 1",
                                       "Therapy",
                                       "Weight 71.5",
                                       NULL });
  /* Nothing rated: the point for no mood, and no sleep. */
  assert_entry (batch,
                2,
                "2024-05-03 12:00",
                REFRAME_MOOD_OKAY,
                "Forgot to rate",
                (const char *const[]){ NULL });
  g_assert_cmpfloat (
      reframe_mood_entry_get_sleep_hours (entry_at (batch, 2)), ==, REFRAME_SLEEP_UNKNOWN);
  g_assert_cmpstr (
      reframe_import_batch_get_source_id (batch, REFRAME_IMPORT_MOOD_ENTRY, 0), ==, "id:1");
  g_assert_cmpstr (
      mapping,
      ==,
      "depressed 3 of 4 → 2 Bad, depressed 2 of 4 → 3 Okay, no mood in the export → 3 Okay");
  assert_problems (batch, lines, messages, G_N_ELEMENTS (lines));

  /* Another column order, no ID: a checksum; elevation never raises the mood. */
  assert_entry (
      no_id,
      0,
      "2023-01-10 12:00",
      REFRAME_MOOD_GOOD,
      "Wired",
      (const char *const[]){ "Depressed 1", "Elevated 3", "Irritability 2", "Anxiety 1", NULL });
  g_assert_cmpuint (
      strlen (reframe_import_batch_get_source_id (no_id, REFRAME_IMPORT_MOOD_ENTRY, 0)), ==, 64);
}

static void
test_rednotebook (void)
{
  g_autoptr (ReframeImportBatch) batch = reframe_test_read_import ("rednotebook", "rednotebook");
  g_autofree char  *mapping = reframe_import_batch_dup_mood_mapping_text (batch);
  const guint       lines[] = { 18, 21 };
  const char *const messages[] = {
    "in 2024-03.txt: this day cannot be read: a comma or a closing bracket is missing.",
    "in 2024-03.txt: “40” is not a day of the month."
  };

  /* February first (the months in order), the transient .new.txt ignored. */
  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 6);
  assert_entry (batch,
                0,
                "2024-02-03 12:00",
                REFRAME_MOOD_OKAY,
                "Februar: gut",
                (const char *const[]){ NULL });
  assert_entry (batch,
                1,
                "2024-03-05 12:00",
                REFRAME_MOOD_OKAY,
                "Slept badly. Did the thought record anyway. #anxiety",
                (const char *const[]){ "anxiety", NULL });
  assert_entry (batch,
                2,
                "2024-03-12 12:00",
                REFRAME_MOOD_OKAY,
                "Long walk with Sam.\n#walk #gratitude",
                (const char *const[]){ "Work", "walk", "gratitude", NULL });
  /* Folding: a wrapped line is a space, an empty line a line break; no colour, no C#. */
  assert_entry (
      batch,
      3,
      "2024-03-14 12:00",
      REFRAME_MOOD_OKAY,
      "A long entry that PyYAML wrapped over two lines because it is longer than eighty "
      "characters.\n\nA new paragraph with colour #ff00aa and C# code.",
      (const char *const[]){ "family", "Exercise: Swimming", "Exercise: Yoga, short", NULL });
  assert_entry (batch,
                4,
                "2024-03-16 12:00",
                REFRAME_MOOD_OKAY,
                "Literal text\n  kept as written",
                (const char *const[]){ NULL });
  /* After a day that cannot be read, the next one is. */
  assert_entry (batch,
                5,
                "2024-03-22 12:00",
                REFRAME_MOOD_OKAY,
                "Back on track after a broken day.",
                (const char *const[]){ NULL });
  g_assert_cmpstr (
      reframe_import_batch_get_source_id (batch, REFRAME_IMPORT_MOOD_ENTRY, 2), ==, "2024-03-12");
  g_assert_cmpstr (mapping, ==, "no mood in the export → 3 Okay, Mood 6/10 → 3 Okay");
  assert_problems (batch, lines, messages, G_N_ELEMENTS (lines));
}

static void
test_rednotebook_yaml (void)
{
  const struct
  {
    const char *yaml;
    const char *note;
  } cases[] = {
    { "1: {text: 'It''s fine'}\n", "It's fine" },
    { "1: {text: \"tab\\there \\u00fc \\x41 \\\\ \\\"q\\\"\"}\n", "tab\there ü A \\ \"q\"" },
    { "1: {text: \"joined\\\n    here\"}\n", "joinedhere" },
    { "1:\n  text: plain text\n    over two lines\n", "plain text over two lines" },
    { "1:\n  text: >\n    folded\n    lines\n\n    para\n", "folded lines\npara\n" },
    { "1:\n  text: |+\n    kept\n\n", "kept\n\n" },
    { "# comment\n---\n1:\n  text: \"x\" # trailing comment\n", "x" },
    { "{1: {text: flow month}}\n", "flow month" },
    { "1:\r\n  text: crlf\r\n", "crlf" },
  };
  const char *const broken[] = {
    "1: {text: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[x]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
    "1: &a {text: x}\n",
    "1: {text: \"\\q\"}\n",
    "  1: {text: x}\n",
    "1: {text: \"open\n"
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (cases[i].yaml, strlen (cases[i].yaml));
      g_autoptr (GError) error = NULL;
      g_autoptr (ReframeImportBatch) batch =
          reframe_rednotebook_read_month_bytes (bytes, 2024, 1, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (reframe_import_batch_get_n_problems (batch), ==, 0);
      g_assert_cmpuint (
          reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 1);
      g_assert_cmpstr (reframe_mood_entry_get_note (entry_at (batch, 0)), ==, cases[i].note);
    }
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (broken[i], strlen (broken[i]));
      g_autoptr (ReframeImportBatch) batch =
          reframe_rednotebook_read_month_bytes (bytes, 2024, 1, NULL);

      g_assert_cmpuint (
          reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 0);
      g_assert_cmpuint (reframe_import_batch_get_n_problems (batch), ==, 1);
      g_assert_cmpuint (reframe_import_batch_get_problem (batch, 0, NULL), ==, 1);
    }
}

static void
test_freecbt (void)
{
  g_autoptr (ReframeImportBatch) batch = reframe_test_read_import ("freecbt.json", "freecbt-json");
  const guint       numbers[] = { 3, 4, 5, 6 };
  const char *const messages[] = {
    "the thinking trap “jumping-to-conclusions” is not one Reframe knows; the record is imported "
    "without it.",
    "the time it was written cannot be read.",
    "this thought record is not a record.",
    "a text of this thought record is not text.",
  };
  ReframeWorksheet *first, *legacy, *third;
  JsonObject       *answers;
  JsonArray        *distortions;
  g_autofree char  *created = NULL;

  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_WORKSHEET), ==, 3);
  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 0);
  first = reframe_import_batch_get_record (batch, REFRAME_IMPORT_WORKSHEET, 0);
  g_assert_cmpstr (reframe_worksheet_get_template_id (first), ==, "thought-record");
  answers = reframe_worksheet_get_answers (first);
  g_assert_cmpstr (json_object_get_string_member (answers, "automatic_thoughts"),
                   ==,
                   "I'll fail the presentation");
  g_assert_cmpstr (
      json_object_get_string_member (answers, "hot_thought"), ==, "I'll fail the presentation");
  g_assert_cmpstr (
      json_object_get_string_member (answers, "evidence_against"), ==, "Last two went fine");
  g_assert_cmpstr (json_object_get_string_member (answers, "balanced_thought"),
                   ==,
                   "I may be nervous, and I'm prepared");
  g_assert_cmpstr (
      json_object_get_string_member (answers, "when"), ==, "2024-03-12T19:04:11.512000Z");
  distortions = json_object_get_array_member (answers, "distortions");
  g_assert_cmpuint (json_array_get_length (distortions), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (distortions, 0), ==, "catastrophizing");
  g_assert_cmpstr (json_array_get_string_element (distortions, 1), ==, "fortune-telling");
  g_assert_cmpint (reframe_worksheet_get_status (first), ==, REFRAME_WORKSHEET_COMPLETED);
  created = g_date_time_format_iso8601 (reframe_worksheet_get_created (first));
  g_assert_cmpstr (created, ==, "2024-03-12T19:04:11.512000Z");
  g_assert_cmpstr (reframe_import_batch_get_source_id (batch, REFRAME_IMPORT_WORKSHEET, 0),
                   ==,
                   "0b6f3c2e-5d1a-4c8e-9f3a-2a7d1e4b9c10");

  /* Quirk's legacy record: the selected distortions only, its uuid without the prefix, a draft. */
  legacy = reframe_import_batch_get_record (batch, REFRAME_IMPORT_WORKSHEET, 1);
  distortions =
      json_object_get_array_member (reframe_worksheet_get_answers (legacy), "distortions");
  g_assert_cmpuint (json_array_get_length (distortions), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (distortions, 0), ==, "mind-reading");
  g_assert_cmpstr (json_array_get_string_element (distortions, 1), ==, "personalization");
  g_assert_cmpint (reframe_worksheet_get_status (legacy), ==, REFRAME_WORKSHEET_DRAFT);
  g_assert_cmpstr (reframe_import_batch_get_source_id (batch, REFRAME_IMPORT_WORKSHEET, 1),
                   ==,
                   "5a1e0c7d-1111-4222-8333-944455556666");

  /* No uuid: a checksum; the unknown slug reported, the known one kept. */
  third = reframe_import_batch_get_record (batch, REFRAME_IMPORT_WORKSHEET, 2);
  distortions = json_object_get_array_member (reframe_worksheet_get_answers (third), "distortions");
  g_assert_cmpuint (json_array_get_length (distortions), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (distortions, 0), ==, "blaming");
  g_assert_cmpuint (
      strlen (reframe_import_batch_get_source_id (batch, REFRAME_IMPORT_WORKSHEET, 2)), ==, 64);
  assert_problems (batch, numbers, messages, G_N_ELEMENTS (numbers));
}

static void
test_freecbt_not_freecbt (void)
{
  const char *const texts[] = {
    "", "{", "[]", "{\"v\": \"Other\", \"thoughts\": []}", ":FreeCBT:N4Ig…:FreeCBT:"
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr (GBytes) bytes = g_bytes_new_static (texts[i], strlen (texts[i]));
      g_autoptr (GError) error = NULL;

      g_assert_null (reframe_freecbt_read_bytes (bytes, &error));
      g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
    }
}

static void
test_jrnl (void)
{
  g_autoptr (ReframeImportBatch) batch = reframe_test_read_import ("jrnl.json", "jrnl-json");
  g_autofree char  *mapping = reframe_import_batch_dup_mood_mapping_text (batch);
  const guint       numbers[] = { 3, 4 };
  const char *const messages[] = { "the date cannot be read.", "the time cannot be read." };

  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 2);
  assert_entry (batch,
                0,
                "2024-03-12 07:30",
                REFRAME_MOOD_OKAY,
                "Bad night. Woke at 4 again, felt müde. @sleep",
                (const char *const[]){ "sleep", NULL });
  assert_entry (batch,
                1,
                "2024-03-13 18:05",
                REFRAME_MOOD_OKAY,
                "Project review\nWent better than I feared. #work",
                (const char *const[]){ "work", "starred", NULL });
  g_assert_cmpstr (reframe_import_batch_get_source_id (batch, REFRAME_IMPORT_MOOD_ENTRY, 1),
                   ==,
                   "6F1C2A9B0D3E4F5A8B7C6D5E4F3A2B1C");
  g_assert_cmpstr (mapping, ==, "no mood in the export → 3 Okay");
  assert_problems (batch, numbers, messages, G_N_ELEMENTS (numbers));
}

static void
test_not_theirs (void)
{
  g_autoptr (GBytes) csv = g_bytes_new_static ("a,b\n1,2\n", 8);
  g_autoptr (GBytes) json = g_bytes_new_static ("{\"x\": 1}", 8);
  g_autoptr (GError) error = NULL;

  g_assert_null (reframe_bearable_read_bytes (csv, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (reframe_emoods_read_bytes (csv, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (reframe_jrnl_read_bytes (json, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
}

/* Every reader's records have stable source ids: the same export twice adds nothing. */
static void
test_reimport (ReframeTestStore *f,
               gconstpointer     data)
{
  const struct
  {
    const char *name;
    const char *id;
    guint       entries, worksheets;
  } cases[] = {
    { "bearable-2021.csv", "bearable-csv", 3, 0 },
    { "emoods-entry.csv", "emoods-csv", 3, 0 },
    { "rednotebook", "rednotebook", 6, 0 },
    { "freecbt.json", "freecbt-json", 0, 3 },
    { "jrnl.json", "jrnl-json", 2, 0 },
  };
  guint entries = 0, worksheets = 0;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (ReframeImportBatch) batch = reframe_test_read_import (cases[i].name, cases[i].id);
      g_autoptr (ReframeImportBatch) again = reframe_test_read_import (cases[i].name, cases[i].id);
      g_autoptr (GError) error = NULL;
      ReframeImportResult result;

      g_assert_true (reframe_import_apply (f->store, batch, &result, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (result.added[REFRAME_IMPORT_MOOD_ENTRY], ==, cases[i].entries);
      g_assert_cmpuint (result.added[REFRAME_IMPORT_WORKSHEET], ==, cases[i].worksheets);
      entries += cases[i].entries;
      worksheets += cases[i].worksheets;

      g_assert_true (reframe_import_apply (f->store, again, &result, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (result.n_added, ==, 0);
      g_assert_cmpuint (result.n_skipped, ==, cases[i].entries + cases[i].worksheets);
      g_assert_cmpuint (
          reframe_mood_repository_count (reframe_store_get_moods (f->store), NULL), ==, entries);
      g_assert_cmpuint (reframe_worksheet_repository_count (
                            reframe_store_get_worksheets (f->store), "thought-record", NULL),
                        ==,
                        worksheets);
    }
}

static void
test_cli (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *data_dir = g_build_filename (dir, "journal", NULL);
  g_autofree char *db = g_build_filename (data_dir, "reframe.db", NULL);
  g_autofree char *csv =
      g_test_build_filename (G_TEST_DIST, "data", "imports", "emoods-entry.csv", NULL);
  g_autofree char *out = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *preview;

  g_assert_cmpint (reframe_test_run_cli (
                       (const char *const[]){
                           "import", csv, "--dry-run", "--json", "--data-dir", data_dir, NULL },
                       &out),
                   ==,
                   0);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_no_error (error);
  preview = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (preview, "preview"))
    preview = json_object_get_object_member (preview, "preview");
  g_assert_nonnull (strstr (out, "emoods-csv"));
  g_assert_nonnull (strstr (out, "depressed 3 of 4"));
  g_assert_nonnull (strstr (out, "the hours of sleep are not a number from 0 to 24."));
  g_assert_nonnull (preview);
  reframe_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/importers/detect", test_detect);
  g_test_add_func ("/reframe/importers/detect-exclusive", test_detect_exclusive);
  g_test_add_func ("/reframe/importers/bearable/2021", test_bearable);
  g_test_add_func ("/reframe/importers/bearable/2024", test_bearable_2024);
  g_test_add_func ("/reframe/importers/emoods", test_emoods);
  g_test_add_func ("/reframe/importers/rednotebook/folder", test_rednotebook);
  g_test_add_func ("/reframe/importers/rednotebook/yaml", test_rednotebook_yaml);
  g_test_add_func ("/reframe/importers/freecbt", test_freecbt);
  g_test_add_func ("/reframe/importers/freecbt/not-freecbt", test_freecbt_not_freecbt);
  g_test_add_func ("/reframe/importers/jrnl", test_jrnl);
  g_test_add_func ("/reframe/importers/not-theirs", test_not_theirs);
  g_test_add ("/reframe/importers/reimport",
              ReframeTestStore,
              NULL,
              reframe_test_store_set_up,
              test_reimport,
              reframe_test_store_tear_down);
  g_test_add_func ("/reframe/importers/dry-run-previews-without-making-a-journal", test_cli);
  return g_test_run ();
}
