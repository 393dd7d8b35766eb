/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-worksheets.c: worksheets in the store: migration, saving, soft delete, the paged
 * list, search, score history, and `reframe worksheets`. */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "reframe-cli.h"
#include "reframe-conversation-repository.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-safety-plan.h"
#include "reframe-store-private.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-model.h"
#include "reframe-worksheet-repository-private.h"

typedef struct
{
  char         *dir;
  ReframeStore *store;
  char         *out;
  char         *err;
} Fixture;

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint n_signals;
} Changes;

static void
open_store (Fixture *f)
{
  g_autoptr (GError) error = NULL;

  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
close_store (Fixture *f)
{
  g_assert_finalize_object (g_steal_pointer (&f->store));
}

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  open_store (f);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  if (f->store != NULL)
    close_store (f);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->out);
  g_free (f->err);
}

static ReframeWorksheetRepository *
repo (Fixture *f)
{
  return reframe_store_get_worksheets (f->store);
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64        n;

  g_assert_cmpint (
      sqlite3_prepare_v2 (_reframe_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static JsonObject *
parse_object (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

/* A worksheet of @template_id with @answers (JSON), saved as if at @iso_time. */
static ReframeWorksheet *
save_at (Fixture               *f,
         const char            *template_id,
         const char            *answers,
         ReframeWorksheetStatus status,
         int                    score,
         const char            *iso_time)
{
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso_time, NULL);
  g_autoptr (JsonObject) object = parse_object (answers);
  g_autoptr (GError) error = NULL;
  ReframeWorksheet *worksheet = reframe_worksheet_new (template_id, 1);

  g_assert_nonnull (time);
  reframe_worksheet_set_answers (worksheet, object);
  reframe_worksheet_set_status (worksheet, status);
  reframe_worksheet_set_score (worksheet, score);
  if (score >= 0)
    reframe_worksheet_set_band (worksheet, score >= 10 ? "Moderate" : "Mild");
  g_assert_true (
      _reframe_worksheet_repository_save_at (repo (f), worksheet, time, time, time, &error));
  g_assert_no_error (error);
  return worksheet;
}

static void
test_migration_from_v3 (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-03-14T21:00:00Z", REFRAME_MOOD_GOOD, "Café with Ana");
  g_autoptr (ReframeConversation) conversation = NULL;
  g_autoptr (GListModel) conversations = NULL;
  g_autoptr (GListModel) worksheets = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (ReframeWorksheet) worksheet = NULL;
  g_autofree char *backup = NULL;
  ReframeStore    *old;

  /* Start again from a journal that version 3 made, with an entry and a conversation. */
  close_store (f);
  reframe_test_remove_tree (f->dir);
  old = _reframe_store_open_at_version (f->dir, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reframe_store_get_schema_version (old), ==, 3);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (old), entry, &error));
  conversation = reframe_conversation_repository_create (
      reframe_store_get_conversations (old), "Before the appointment", &error);
  g_assert_no_error (error);
  g_clear_object (&conversation);
  g_assert_finalize_object (old);

  open_store (f);
  g_assert_cmpint (reframe_store_get_schema_version (f->store), ==, REFRAME_STORE_SCHEMA_VERSION);
  backup = reframe_test_find_backup (reframe_store_get_data_dir (f->store), "before-update");
  g_assert_nonnull (backup);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  found = reframe_mood_repository_search (reframe_store_get_moods (f->store), "cafe", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  conversations =
      reframe_conversation_repository_list (reframe_store_get_conversations (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 1);
  conversation = g_list_model_get_item (conversations, 0);
  g_assert_cmpstr (reframe_conversation_get_title (conversation), ==, "Before the appointment");

  /* And the new tables work. */
  worksheet = save_at (f,
                       "thought-record",
                       "{\"situation\": \"The meeting\"}",
                       REFRAME_WORKSHEET_DRAFT,
                       -1,
                       "2026-03-15T10:00:00Z");
  worksheets = reframe_worksheet_repository_list (repo (f), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (worksheets), ==, 1);
}

static void
test_save_and_get (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new ("thought-record", 2);
  g_autoptr (ReframeWorksheet) loaded = NULL;
  g_autoptr (JsonObject) answers =
      parse_object ("{\"situation\": \"Told I didn't get the job\","
                    " \"emotions\": [{\"name\": \"sad\", \"before\": 80, \"after\": 40}],"
                    " \"distortions\": [\"mind-reading\"], \"hot_thought_belief\": 90}");
  g_autoptr (GError) error = NULL;
  g_autofree char *first_updated = NULL;
  g_autofree char *second_updated = NULL;
  JsonObject      *emotion;

  reframe_worksheet_set_answers (worksheet, answers);
  reframe_worksheet_set_private (worksheet, TRUE);
  g_assert_true (reframe_worksheet_repository_save (repo (f), worksheet, &error));
  g_assert_no_error (error);
  g_assert_nonnull (reframe_worksheet_get_created (worksheet));
  g_assert_null (reframe_worksheet_get_completed_at (worksheet));
  first_updated = g_date_time_format_iso8601 (reframe_worksheet_get_updated (worksheet));

  loaded =
      reframe_worksheet_repository_get (repo (f), reframe_worksheet_get_uuid (worksheet), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_worksheet_get_template_id (loaded), ==, "thought-record");
  g_assert_cmpuint (reframe_worksheet_get_template_version (loaded), ==, 2);
  g_assert_cmpint (reframe_worksheet_get_status (loaded), ==, REFRAME_WORKSHEET_DRAFT);
  g_assert_cmpint (reframe_worksheet_get_score (loaded), ==, REFRAME_WORKSHEET_NO_SCORE);
  g_assert_true (reframe_worksheet_get_private (loaded));
  g_assert_cmpstr (
      json_object_get_string_member (reframe_worksheet_get_answers (loaded), "situation"),
      ==,
      "Told I didn't get the job");
  emotion = json_array_get_object_element (
      json_object_get_array_member (reframe_worksheet_get_answers (loaded), "emotions"), 0);
  g_assert_cmpint (json_object_get_int_member (emotion, "after"), ==, 40);
  g_assert_cmpint (
      json_object_get_int_member (reframe_worksheet_get_answers (loaded), "hot_thought_belief"),
      ==,
      90);
  g_clear_object (&loaded);

  /* Completing sets the completion time; the answers can still change. */
  g_usleep (2000);
  json_object_set_string_member (reframe_worksheet_get_answers (worksheet),
                                 "balanced_thought",
                                 "One interview is not my career");
  reframe_worksheet_set_status (worksheet, REFRAME_WORKSHEET_COMPLETED);
  g_assert_true (reframe_worksheet_repository_save (repo (f), worksheet, &error));
  g_assert_nonnull (reframe_worksheet_get_completed_at (worksheet));
  loaded =
      reframe_worksheet_repository_get (repo (f), reframe_worksheet_get_uuid (worksheet), &error);
  g_assert_cmpint (reframe_worksheet_get_status (loaded), ==, REFRAME_WORKSHEET_COMPLETED);
  g_assert_cmpstr (
      json_object_get_string_member (reframe_worksheet_get_answers (loaded), "balanced_thought"),
      ==,
      "One interview is not my career");
  g_assert_cmpint (g_date_time_compare (reframe_worksheet_get_completed_at (loaded),
                                        reframe_worksheet_get_completed_at (worksheet)),
                   ==,
                   0);
  g_assert_cmpint (g_date_time_compare (reframe_worksheet_get_created (loaded),
                                        reframe_worksheet_get_created (worksheet)),
                   ==,
                   0);
  second_updated = g_date_time_format_iso8601 (reframe_worksheet_get_updated (loaded));
  g_assert_cmpstr (second_updated, !=, first_updated);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM worksheets"), ==, 1);
  g_clear_object (&loaded);

  /* Back to a draft loses the completion time. */
  reframe_worksheet_set_status (worksheet, REFRAME_WORKSHEET_DRAFT);
  g_assert_true (reframe_worksheet_repository_save (repo (f), worksheet, &error));
  g_assert_null (reframe_worksheet_get_completed_at (worksheet));
}

static void
test_invalid (Fixture      *f,
              gconstpointer data)
{
  g_autoptr (ReframeWorksheet) bad_template = reframe_worksheet_new ("Thought Record!", 1);
  g_autoptr (ReframeWorksheet) unknown_assignment = reframe_worksheet_new ("phq-9", 1);
  g_autoptr (ReframeWorksheet) loaded = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  g_assert_false (reframe_worksheet_repository_save (repo (f), bad_template, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);

  reframe_worksheet_set_assignment_uuid (unknown_assignment, uuid);
  g_assert_false (reframe_worksheet_repository_save (repo (f), unknown_assignment, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM worksheets"), ==, 0);

  loaded = reframe_worksheet_repository_get (repo (f), uuid, &error);
  g_assert_null (loaded);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
}

static void
changed_cb (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            Changes    *changes)
{
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
  changes->n_signals++;
}

static void
test_delete_restore_purge (Fixture      *f,
                           gconstpointer data)
{
  g_autoptr (ReframeWorksheet) a = save_at (f,
                                            "worry-log",
                                            "{\"worry\": \"Rent is late\"}",
                                            REFRAME_WORKSHEET_COMPLETED,
                                            -1,
                                            "2026-03-10T10:00:00Z");
  g_autoptr (ReframeWorksheet) b = save_at (f,
                                            "worry-log",
                                            "{\"worry\": \"The exam\"}",
                                            REFRAME_WORKSHEET_DRAFT,
                                            -1,
                                            "2026-03-11T10:00:00Z");
  g_autoptr (ReframeWorksheet) gone = NULL;
  g_autoptr (GListModel) list = NULL;
  g_autoptr (GError) error = NULL;
  Changes changes = { 0 };

  list = reframe_worksheet_repository_list (repo (f), NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (list, "items-changed", G_CALLBACK (changed_cb), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);

  /* Deleting hides it at once, from the list, get and the counts. */
  g_assert_true (reframe_worksheet_repository_delete (repo (f), a, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 0);
  gone = reframe_worksheet_repository_get (repo (f), reframe_worksheet_get_uuid (a), &error);
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (reframe_worksheet_repository_count (repo (f), "worry-log", &error), ==, 1);

  /* Undo puts it back where it was. */
  g_assert_true (reframe_worksheet_repository_restore (repo (f), a, &error));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 2);
  g_assert_cmpuint (changes.position, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_false (reframe_worksheet_repository_restore (repo (f), a, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Purging removes deleted ones for good, with their search text. */
  g_assert_true (reframe_worksheet_repository_delete (repo (f), b, &error));
  g_assert_true (reframe_worksheet_repository_purge_deleted (repo (f), &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM worksheets"), ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM worksheets_fts"), ==, 1);
  g_assert_false (reframe_worksheet_repository_restore (repo (f), b, &error));
  g_assert_error (error, REFRAME_STORE_ERROR, REFRAME_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
}

static const char *const template_ids[] = { "thought-record", "phq-9", "gad-7", "worry-log" };

/* 1,000 worksheets a day apart, in one transaction; worksheet i of template i % 4. */
static void
add_thousand (Fixture *f)
{
  g_autoptr (GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr (GDateTime) first = g_date_time_new (utc, 2023, 1, 1, 12, 0, 0);
  g_autoptr (GError) error = NULL;

  g_assert_true (_reframe_store_exec (_reframe_store_get_db (f->store), "BEGIN", &error));
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr (GDateTime) time = g_date_time_add_days (first, i);
      g_autoptr (ReframeWorksheet) worksheet = reframe_worksheet_new (template_ids[i % 4], 1);
      g_autofree char *situation = g_strdup_printf ("Worksheet number %u", i);

      json_object_set_string_member (
          reframe_worksheet_get_answers (worksheet), "situation", situation);
      g_assert_true (
          _reframe_worksheet_repository_save_at (repo (f), worksheet, time, time, NULL, &error));
    }
  g_assert_true (_reframe_store_exec (_reframe_store_get_db (f->store), "COMMIT", &error));
  g_assert_no_error (error);
}

static guint
number_of (GListModel *list,
           guint       position)
{
  g_autoptr (ReframeWorksheet) worksheet = g_list_model_get_item (list, position);
  const char *situation =
      json_object_get_string_member (reframe_worksheet_get_answers (worksheet), "situation");

  return (guint) g_ascii_strtoull (situation + strlen ("Worksheet number "), NULL, 10);
}

static void
test_list_order_and_paging (Fixture      *f,
                            gconstpointer data)
{
  g_autoptr (GListModel) list = NULL;
  g_autoptr (GListModel) phq = NULL;
  g_autoptr (ReframeWorksheet) moved = NULL;
  g_autoptr (GError) error = NULL;
  Changes changes = { 0 };
  gint64  start;

  add_thousand (f);
  start = g_get_monotonic_time ();
  list = reframe_worksheet_repository_list (repo (f), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1000);
  g_assert_true (g_list_model_get_item_type (list) == REFRAME_TYPE_WORKSHEET);
  for (guint i = 0; i < 64; i++)
    g_assert_cmpuint (number_of (list, i), ==, 999 - i);
  /* How fast is the benchmark's question (bench-worksheets); a timed assertion fails on
   * a busy machine. */
  g_test_message ("the list and its first page: %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);

  /* Any page, in order, across page ends, and nothing past the end. */
  g_assert_cmpuint (number_of (list, 63), ==, 936);
  g_assert_cmpuint (number_of (list, 64), ==, 935);
  g_assert_cmpuint (number_of (list, 500), ==, 499);
  g_assert_cmpuint (number_of (list, 999), ==, 0);
  g_assert_null (g_list_model_get_item (list, 1000));
  for (guint i = 0; i < 1000; i += 37)
    g_assert_cmpuint (number_of (list, i), ==, 999 - i);

  /* Filtered by template. */
  phq = reframe_worksheet_repository_list (repo (f), "phq-9", &error);
  g_assert_cmpuint (g_list_model_get_n_items (phq), ==, 250);
  g_assert_cmpuint (number_of (phq, 0), ==, 997);
  g_assert_cmpuint (number_of (phq, 249), ==, 1);
  g_assert_cmpuint (reframe_worksheet_repository_count (repo (f), "phq-9", &error), ==, 250);

  /* Saving an old one moves it to the top: one change from the top to where it was. */
  g_signal_connect (list, "items-changed", G_CALLBACK (changed_cb), &changes);
  moved = g_list_model_get_item (list, 700);
  g_assert_cmpuint (reframe_worksheet_model_find (REFRAME_WORKSHEET_MODEL (list),
                                                  reframe_worksheet_get_uuid (moved)),
                    ==,
                    700);
  g_assert_true (reframe_worksheet_repository_save (repo (f), moved, &error));
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 701);
  g_assert_cmpuint (changes.added, ==, 701);
  g_assert_cmpuint (number_of (list, 0), ==, 299);
  g_assert_cmpuint (number_of (list, 1), ==, 999);
  g_assert_cmpuint (number_of (list, 701), ==, 298);

  /* Saving the newest again changes only its row. */
  g_assert_true (reframe_worksheet_repository_save (repo (f), moved, &error));
  g_assert_cmpuint (changes.n_signals, ==, 2);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GListModel *
search (Fixture    *f,
        const char *text,
        const char *template_id)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  GListModel *found;

  reframe_worksheet_repository_search_async (
      repo (f), text, template_id, NULL, search_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = reframe_worksheet_repository_search_finish (repo (f), result, &error);
  g_assert_no_error (error);
  return found;
}

static guint
n_found (Fixture    *f,
         const char *text,
         const char *template_id)
{
  g_autoptr (GListModel) found = search (f, text, template_id);

  return g_list_model_get_n_items (found);
}

static void
test_search (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (ReframeWorksheet) a =
      save_at (f,
               "thought-record",
               "{\"situation\": \"Café with my sister, felt anxious\","
               " \"emotions\": [{\"name\": \"ashamed\", \"before\": 70, \"after\": 30}]}",
               REFRAME_WORKSHEET_COMPLETED,
               -1,
               "2026-03-10T10:00:00Z");
  g_autoptr (ReframeWorksheet) b =
      save_at (f,
               "worry-log",
               "{\"worry\": \"She said \\\"unfair\\\" (again) - AND NOT fine\","
               " \"rows\": [{\"step\": \"anxiety at the bus stop\"}]}",
               REFRAME_WORKSHEET_DRAFT,
               -1,
               "2026-03-11T10:00:00Z");
  g_autoptr (GListModel) found = NULL;
  g_autoptr (ReframeWorksheet) first = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) cancelled = NULL;

  /* Prefixes, newest first, with a marked snippet. */
  found = search (f, "anx", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 2);
  first = g_list_model_get_item (found, 0);
  g_assert_cmpstr (reframe_worksheet_get_uuid (first), ==, reframe_worksheet_get_uuid (b));
  g_assert_nonnull (strstr (reframe_worksheet_get_snippet (first), "\x02"
                                                                   "anxiety"
                                                                   "\x03"));
  g_clear_object (&found);

  /* Accents, case, nested values (an emotion's name, a table cell). */
  g_assert_cmpuint (n_found (f, "cafe", NULL), ==, 1);
  g_assert_cmpuint (n_found (f, "CAFÉ SISTER", NULL), ==, 1);
  g_assert_cmpuint (n_found (f, "ashamed", NULL), ==, 1);
  g_assert_cmpuint (n_found (f, "bus stop", NULL), ==, 1);
  /* Keys and numbers are not text. */
  g_assert_cmpuint (n_found (f, "situation", NULL), ==, 0);
  g_assert_cmpuint (n_found (f, "70", NULL), ==, 0);

  /* Quotes and search syntax are plain text. */
  g_assert_cmpuint (n_found (f, "\"unfair\"", NULL), ==, 1);
  g_assert_cmpuint (n_found (f, "\"unfair", NULL), ==, 1);
  g_assert_cmpuint (n_found (f, "AND NOT", NULL), ==, 1);
  g_assert_cmpuint (n_found (f, "(again)", NULL), ==, 1);
  g_assert_cmpuint (n_found (f, "anx*", NULL), ==, 2);
  g_assert_cmpuint (n_found (f, "NEAR(anx sister)", NULL), ==, 0);
  g_assert_cmpuint (n_found (f, "   ", NULL), ==, 0);

  /* By template, and never deleted ones. */
  g_assert_cmpuint (n_found (f, "anx", "thought-record"), ==, 1);
  g_assert_cmpuint (n_found (f, "anx", "phq-9"), ==, 0);
  g_assert_true (reframe_worksheet_repository_delete (repo (f), a, &error));
  g_assert_cmpuint (n_found (f, "anx", NULL), ==, 1);

  /* Answers changed are searched as they are now. */
  json_object_set_string_member (reframe_worksheet_get_answers (b), "worry", "Nothing left");
  g_assert_true (reframe_worksheet_repository_save (repo (f), b, &error));
  g_assert_cmpuint (n_found (f, "unfair", NULL), ==, 0);
  g_assert_cmpuint (n_found (f, "nothing", NULL), ==, 1);

  /* A cancelled search reports it, and nothing else. */
  g_cancellable_cancel (cancellable);
  reframe_worksheet_repository_search_async (
      repo (f), "nothing", NULL, cancellable, search_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  cancelled = reframe_worksheet_repository_search_finish (repo (f), result, &error);
  g_assert_null (cancelled);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_scores (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (ReframeWorksheet) second = save_at (
      f, "phq-9", "{\"item_1\": \"2\"}", REFRAME_WORKSHEET_COMPLETED, 12, "2026-02-15T09:00:00Z");
  g_autoptr (ReframeWorksheet) first = save_at (
      f, "phq-9", "{\"item_1\": \"3\"}", REFRAME_WORKSHEET_COMPLETED, 17, "2026-02-01T09:00:00Z");
  g_autoptr (ReframeWorksheet) third = save_at (
      f, "phq-9", "{\"item_1\": \"1\"}", REFRAME_WORKSHEET_COMPLETED, 6, "2026-03-01T09:00:00Z");
  g_autoptr (ReframeWorksheet) draft = save_at (
      f, "phq-9", "{\"item_1\": \"1\"}", REFRAME_WORKSHEET_DRAFT, -1, "2026-03-05T09:00:00Z");
  g_autoptr (ReframeWorksheet) gad = save_at (
      f, "gad-7", "{\"item_1\": \"1\"}", REFRAME_WORKSHEET_COMPLETED, 4, "2026-02-20T09:00:00Z");
  g_autoptr (ReframeWorksheet) fresh = reframe_worksheet_new ("phq-9", 1);
  g_autoptr (ReframeWorksheet) previous = NULL;
  g_autoptr (GPtrArray) scores = NULL;
  g_autoptr (GError) error = NULL;

  /* Oldest first; drafts and other questionnaires left out; every item kept. */
  scores = reframe_worksheet_repository_list_scores (repo (f), "phq-9", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scores->len, ==, 3);
  g_assert_cmpint (reframe_worksheet_get_score (g_ptr_array_index (scores, 0)), ==, 17);
  g_assert_cmpint (reframe_worksheet_get_score (g_ptr_array_index (scores, 1)), ==, 12);
  g_assert_cmpint (reframe_worksheet_get_score (g_ptr_array_index (scores, 2)), ==, 6);
  g_assert_cmpstr (reframe_worksheet_get_band (g_ptr_array_index (scores, 0)), ==, "Moderate");
  g_assert_cmpstr (json_object_get_string_member (
                       reframe_worksheet_get_answers (g_ptr_array_index (scores, 1)), "item_1"),
                   ==,
                   "2");

  /* "Change since": the one completed just before. */
  previous = reframe_worksheet_repository_previous_score (repo (f), third, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (reframe_worksheet_get_uuid (previous), ==, reframe_worksheet_get_uuid (second));
  g_clear_object (&previous);
  previous = reframe_worksheet_repository_previous_score (repo (f), second, &error);
  g_assert_cmpstr (reframe_worksheet_get_uuid (previous), ==, reframe_worksheet_get_uuid (first));
  g_clear_object (&previous);
  previous = reframe_worksheet_repository_previous_score (repo (f), first, &error);
  g_assert_null (previous);
  g_assert_no_error (error);
  /* A result not completed yet compares with the latest. */
  previous = reframe_worksheet_repository_previous_score (repo (f), fresh, &error);
  g_assert_cmpstr (reframe_worksheet_get_uuid (previous), ==, reframe_worksheet_get_uuid (third));
  g_clear_object (&previous);
  previous = reframe_worksheet_repository_previous_score (repo (f), gad, &error);
  g_assert_null (previous);

  /* A deleted result leaves the history. */
  g_assert_true (reframe_worksheet_repository_delete (repo (f), second, &error));
  previous = reframe_worksheet_repository_previous_score (repo (f), third, &error);
  g_assert_cmpstr (reframe_worksheet_get_uuid (previous), ==, reframe_worksheet_get_uuid (first));
  g_clear_pointer (&scores, g_ptr_array_unref);
  scores = reframe_worksheet_repository_list_scores (repo (f), "phq-9", &error);
  g_assert_cmpuint (scores->len, ==, 2);
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
  g_autoptr (ReframeWorksheet) record = save_at (f,
                                                 "thought-record",
                                                 "{\"situation\": \"The meeting\"}",
                                                 REFRAME_WORKSHEET_COMPLETED,
                                                 -1,
                                                 "2026-03-10T10:00:00Z");
  g_autoptr (ReframeWorksheet) phq = save_at (
      f, "phq-9", "{\"item_1\": \"2\"}", REFRAME_WORKSHEET_COMPLETED, 12, "2026-03-12T10:00:00Z");
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autofree char *journal_dir = NULL;
  g_autofree char *db = NULL;
  JsonArray       *array;
  JsonObject      *item;

  g_assert_cmpint (run_cli (f, "worksheets", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "2026-03-12 10:00  PHQ-9"));
  g_assert_nonnull (strstr (f->out, "score 12 (Moderate)"));
  g_assert_true (strstr (f->out, "PHQ-9") < strstr (f->out, "Thought record"));

  g_assert_cmpint (
      run_cli (f, "worksheets", "--json", "--template", "thought-record", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, f->out, -1, NULL));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  item = json_array_get_object_element (array, 0);
  g_assert_cmpstr (
      json_object_get_string_member (item, "uuid"), ==, reframe_worksheet_get_uuid (record));
  g_assert_cmpstr (json_object_get_string_member (item, "status"), ==, "completed");
  g_assert_true (json_object_get_null_member (item, "score"));
  g_assert_cmpstr (
      json_object_get_string_member (json_object_get_object_member (item, "answers"), "situation"),
      ==,
      "The meeting");

  g_assert_cmpint (run_cli (f, "worksheets", "--template", "gad-7", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "No worksheets."));

  /* Bad input: exit 2, a message, and no journal made where there was none. */
  close_store (f);
  journal_dir = g_steal_pointer (&f->dir);
  f->dir = g_build_filename (journal_dir, "empty", NULL);
  g_assert_cmpint (g_mkdir (f->dir, 0700), ==, 0);
  g_assert_cmpint (run_cli (f, "worksheets", "--template", "Not a template!", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "reframe worksheets:"));
  g_assert_cmpint (run_cli (f, "worksheets", "--template", "no-such-template", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "no-such-template"));
  g_assert_cmpint (run_cli (f, "worksheets", "extra", NULL), ==, 2);
  g_assert_cmpint (run_cli (f, "worksheets", "--no-such-option", NULL), ==, 2);
  db = g_build_filename (f->dir, "reframe.db", NULL);
  g_assert_false (g_file_test (db, G_FILE_TEST_EXISTS));
  g_free (f->dir);
  f->dir = g_steal_pointer (&journal_dir);
  g_assert_nonnull (phq);
}

/* The plan reads back in the template's order, every step kept; white space is not
 * writing; a table row's name and number are found by column, not by position; a plan
 * saved later wins; with none saved, the steps are there and empty. */
static void
test_safety_plan (Fixture      *f,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeTemplateRegistry) registry = reframe_template_registry_new (f->dir, &error);
  g_autoptr (ReframeSafetyPlan) empty = NULL;
  g_autoptr (ReframeSafetyPlan) plan = NULL;
  g_autoptr (ReframeWorksheet) older = NULL;
  g_autoptr (ReframeWorksheet) newer = NULL;
  const ReframeSafetyPlanStep    *helpers;
  const ReframeSafetyPlanContact *contact;
  g_autofree char                *text = NULL;
  GPtrArray                      *steps;

  g_assert_no_error (error);
  empty = reframe_safety_plan_load (f->store, registry, &error);
  g_assert_no_error (error);
  g_assert_true (reframe_safety_plan_is_empty (empty));
  g_assert_null (reframe_safety_plan_get_worksheet_uuid (empty));
  g_assert_cmpuint (reframe_safety_plan_get_steps (empty)->len, ==, 7);
  g_assert_null (reframe_safety_plan_dup_text (empty));

  older = save_at (f,
                   "safety-plan",
                   "{\"warning_signs\": \"Old signs\"}",
                   REFRAME_WORKSHEET_DRAFT,
                   -1,
                   "2026-03-10T10:00:00Z");
  newer = save_at (f,
                   "safety-plan",
                   "{\"warning_signs\": \"  Not sleeping  \", \"coping\": \" \\n \","
                   " \"helpers\": [{\"phone\": \"0151 555 0100\", \"name\": \"Ana\"}, {\"name\": "
                   "\" \"}, {\"phone\": \"112\"}],"
                   " \"reason\": \"My niece\"}",
                   REFRAME_WORKSHEET_COMPLETED,
                   -1,
                   "2026-03-12T10:00:00Z");
  plan = reframe_safety_plan_load (f->store, registry, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (
      reframe_safety_plan_get_worksheet_uuid (plan), ==, reframe_worksheet_get_uuid (newer));
  g_assert_false (reframe_safety_plan_is_empty (plan));

  steps = reframe_safety_plan_get_steps (plan);
  g_assert_cmpstr (
      ((ReframeSafetyPlanStep *) g_ptr_array_index (steps, 0))->id, ==, "warning_signs");
  g_assert_cmpstr (
      ((ReframeSafetyPlanStep *) g_ptr_array_index (steps, 0))->text, ==, "Not sleeping");
  g_assert_nonnull (((ReframeSafetyPlanStep *) g_ptr_array_index (steps, 0))->guidance);
  g_assert_true (
      reframe_safety_plan_step_is_empty (reframe_safety_plan_lookup_step (plan, "coping")));
  g_assert_cmpstr (((ReframeSafetyPlanStep *) g_ptr_array_index (steps, 6))->id, ==, "reason");

  helpers = reframe_safety_plan_lookup_step (plan, "helpers");
  g_assert_nonnull (helpers);
  g_assert_cmpuint (helpers->contacts->len, ==, 2);
  contact = g_ptr_array_index (helpers->contacts, 0);
  g_assert_cmpstr (contact->name, ==, "Ana");
  g_assert_cmpstr (contact->phone, ==, "0151 555 0100");
  contact = g_ptr_array_index (helpers->contacts, 1);
  g_assert_cmpstr (contact->name, ==, "");
  g_assert_cmpstr (contact->phone, ==, "112");

  text = reframe_safety_plan_dup_text (plan);
  g_assert_nonnull (strstr (text, "Not sleeping\n"));
  g_assert_nonnull (strstr (text, "Ana: 0151 555 0100\n"));
  g_assert_nonnull (strstr (text, "My niece"));
  g_assert_null (strstr (text, "Old signs"));
  g_assert_true (strstr (text, "Not sleeping") < strstr (text, "Ana") &&
                 strstr (text, "Ana") < strstr (text, "My niece"));
  g_assert_nonnull (older);
}

int
main (int    argc,
      char **argv)
{
  /* The CLI prints UTF-8 as the program does, in the locale of the environment. */
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/reframe/worksheets/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("migration-from-v3", test_migration_from_v3);
  ADD ("save-and-get", test_save_and_get);
  ADD ("invalid", test_invalid);
  ADD ("delete-restore-purge", test_delete_restore_purge);
  ADD ("list-order-and-paging", test_list_order_and_paging);
  ADD ("search", test_search);
  ADD ("scores", test_scores);
  ADD ("command-lists-and-refuses-bad-input", test_cli);
  ADD ("safety-plan", test_safety_plan);
#undef ADD

  return g_test_run ();
}
