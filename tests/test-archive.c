/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-archive.c: the whole-journal archive: round trip, merge by UUID, checks on reading. */

#include <glib/gstdio.h>
#include <string.h>

#include "reframe-archive.h"
#include "reframe-import.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "imports", name, NULL);
}

static ReframeImportBatch *
read_archive_bytes (GBytes *bytes)
{
  g_autoptr (GError) error = NULL;
  ReframeImportBatch *batch = reframe_archive_read_bytes (bytes, &error);

  g_assert_no_error (error);
  return batch;
}

static ReframeImportBatch *
read_archive (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr (GBytes) bytes = reframe_test_read_bytes (path);

  return read_archive_bytes (bytes);
}

static void
apply (ReframeStore        *store,
       ReframeImportBatch  *batch,
       ReframeImportResult *result)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_import_apply (store, batch, result, NULL, &error));
  g_assert_no_error (error);
}

static GBytes *
build (ReframeStore *store,
       JsonObject   *settings)
{
  g_autoptr (GError) error = NULL;
  GBytes *bytes =
      reframe_archive_build (store, REFRAME_ARCHIVE_WITH_CONVERSATIONS, settings, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

/* The document without its one line that changes from run to run, its creation time. */
static char *
without_created (GBytes *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GRegex) regex =
      g_regex_new ("^  \"created\" : \"[^\"]*\",$", G_REGEX_MULTILINE, 0, NULL);

  return g_regex_replace_literal (regex, text, -1, 0, "", 0, NULL);
}

static void
test_round_trip (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *first_dir = g_build_filename (dir, "first", NULL);
  g_autofree char *second_dir = g_build_filename (dir, "second", NULL);
  g_autofree char *photo =
      g_build_filename (first_dir, "toolbox", "ffffffff-0000-4000-8000-000000000002.png", NULL);
  g_autoptr (ReframeImportBatch) fixture = read_archive ("full.reframe");
  g_autoptr (ReframeStore) first = reframe_store_open (first_dir, NULL);
  g_autoptr (ReframeStore) second = reframe_store_open (second_dir, NULL);
  g_autoptr (ReframeImportBatch) again = NULL;
  g_autoptr (GBytes) document = NULL;
  g_autoptr (GBytes) document_again = NULL;
  g_autofree char    *text = NULL, *text_again = NULL;
  ReframeImportResult result;
  GStatBuf            st;

  g_assert_cmpuint (reframe_import_batch_get_n_problems (fixture), ==, 0);
  g_assert_cmpuint (reframe_import_batch_get_n_records (fixture, REFRAME_IMPORT_MOOD_ENTRY), ==, 2);
  g_assert_cmpuint (
      reframe_import_batch_get_n_records (fixture, REFRAME_IMPORT_CONVERSATION), ==, 1);
  apply (first, fixture, &result);
  g_assert_cmpuint (result.n_added, ==, 7);
  g_assert_cmpint (g_stat (photo, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Archive, import into an empty journal, archive again: the same bytes. */
  document = build (first, reframe_import_batch_get_settings (fixture));
  again = read_archive_bytes (document);
  g_assert_cmpuint (reframe_import_batch_get_n_problems (again), ==, 0);
  apply (second, again, &result);
  document_again = build (second, reframe_import_batch_get_settings (again));
  text = without_created (document);
  text_again = without_created (document_again);
  g_assert_cmpstr (text, ==, text_again);

  /* What the fixture held is all there. */
  g_assert_nonnull (strstr (text, "\"name\" : \"pottery\""));
  g_assert_nonnull (strstr (text, "\"reminder-time\" : \"20:30\""));
  g_assert_nonnull (strstr (text, "\"data\" : \"iVBORw0KGgo=\""));
  g_assert_nonnull (strstr (text, "\"therapist_note\""));
  g_assert_nonnull (strstr (text, "\"day\" : \"2024-03-12\",\n          \"at\""));
  g_assert_nonnull (strstr (text, "\"note\" : \"Walked by the river.\\nCalmer afterwards.\""));
  g_assert_nonnull (
      strstr (text, "\"time\" : \"2024-03-12T20:40:00Z\",\n      \"utc_offset\" : 3600"));

  g_clear_object (&first);
  g_clear_object (&second);
  reframe_test_remove_tree (dir);
}

static void
test_merge (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *path = fixture_path ("full.reframe");
  g_autoptr (ReframeStore) store = reframe_store_open (dir, NULL);
  g_autoptr (ReframeImportBatch) fixture = read_archive ("full.reframe");
  g_autoptr (ReframeImportBatch) same = read_archive ("full.reframe");
  g_autoptr (ReframeImportBatch) changed = NULL;
  g_autoptr (ReframeMoodEntry) first = NULL;
  g_autoptr (ReframeMoodEntry) second = NULL;
  g_autoptr (GBytes) bytes = reframe_test_read_bytes (path);
  g_autoptr (GBytes) edited = NULL;
  g_autofree char    *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autofree char    *edit = NULL;
  ReframeImportResult result;

  apply (store, fixture, &result);
  /* The same archive again changes nothing. */
  apply (store, same, &result);
  g_assert_cmpuint (result.n_added, ==, 0);
  g_assert_cmpuint (result.n_updated, ==, 0);
  g_assert_cmpuint (result.n_skipped, ==, 7);

  /* A newer copy of the first entry replaces it; an older copy of the second does not. */
  {
    g_auto (GStrv) parts = g_strsplit (text, "Walked by the river.", -1);
    g_autofree char *a = g_strjoinv ("Walked by the sea.", parts);
    g_auto (GStrv) parts2 = g_strsplit (a, "\"updated\": \"2024-03-12T20:41:00.000000Z\"", -1);
    g_autofree char *b = g_strjoinv ("\"updated\": \"2024-06-01T00:00:00.000000Z\"", parts2);
    g_auto (GStrv) parts3 = g_strsplit (b, "\"note\": \"\", \"feelings\": []", -1);

    edit = g_strjoinv ("\"note\": \"older copy\", \"feelings\": []", parts3);
  }
  edited = g_bytes_new (edit, strlen (edit));
  changed = read_archive_bytes (edited);
  apply (store, changed, &result);
  g_assert_cmpuint (result.updated[REFRAME_IMPORT_MOOD_ENTRY], ==, 1);
  g_assert_cmpuint (result.skipped[REFRAME_IMPORT_MOOD_ENTRY], ==, 1);
  g_assert_cmpuint (result.n_added, ==, 0);

  first = reframe_mood_repository_get (
      reframe_store_get_moods (store), "aaaaaaaa-0000-4000-8000-000000000001", NULL);
  second = reframe_mood_repository_get (
      reframe_store_get_moods (store), "aaaaaaaa-0000-4000-8000-000000000002", NULL);
  g_assert_cmpstr (
      reframe_mood_entry_get_note (first), ==, "Walked by the sea.\nCalmer afterwards.");
  g_assert_cmpstr (reframe_mood_entry_get_note (second), ==, "");
  g_assert_cmpuint (reframe_mood_repository_count (reframe_store_get_moods (store), NULL), ==, 2);

  g_clear_object (&store);
  reframe_test_remove_tree (dir);
}

static void
test_reader_checks (void)
{
  g_autoptr (GBytes) garbage = g_bytes_new_static ("{\"format\": \"reframe-archive\", ", 31);
  g_autoptr (GBytes) newer =
      g_bytes_new_static ("{\"format\": \"reframe-archive\", \"version\": 2}", 43);
  g_autoptr (GBytes) other = g_bytes_new_static ("{\"format\": \"something\", \"version\": 1}", 38);
  const char *bad_text =
      "{\"format\": \"reframe-archive\", \"version\": 1, \"mood_entries\": ["
      "{\"uuid\": \"x\", \"mood\": 9},"
      "{\"uuid\": \"y\", \"mood\": 3, \"time\": \"2024-01-01T10:00:00Z\", \"utc_offset\": 0, "
      "\"note\": \"\","
      " \"feelings\": [], \"activities\": [], \"private\": false, \"sleep_hours\": null,"
      " \"created\": \"2024-01-01T10:00:00Z\", \"updated\": \"2024-01-01T10:00:00Z\"},"
      "{\"uuid\": \"y\", \"mood\": 3}], \"toolbox\": [{\"uuid\": \"t\", \"kind\": \"photo\", "
      "\"text\": \"\","
      " \"detail\": \"../../escape\", \"source\": null, \"position\": 0, \"created\": "
      "\"2024-01-01T10:00:00Z\","
      " \"updated\": \"2024-01-01T10:00:00Z\", \"photo\": null}]}";
  g_autoptr (GBytes) bad = g_bytes_new_static (bad_text, strlen (bad_text));
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  const char *message = NULL;

  g_assert_null (reframe_archive_read_bytes (garbage, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (reframe_archive_read_bytes (newer, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_TOO_NEW);
  g_clear_error (&error);
  g_assert_null (reframe_archive_read_bytes (other, &error));
  g_assert_error (error, REFRAME_IMPORT_ERROR, REFRAME_IMPORT_ERROR_INVALID);
  g_clear_error (&error);

  batch = reframe_archive_read_bytes (bad, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_MOOD_ENTRY), ==, 1);
  g_assert_cmpuint (reframe_import_batch_get_n_records (batch, REFRAME_IMPORT_TOOLBOX_ITEM), ==, 0);
  g_assert_cmpuint (reframe_import_batch_get_n_problems (batch), ==, 3);
  g_assert_cmpuint (reframe_import_batch_get_problem (batch, 0, &message), ==, 1);
  g_assert_cmpstr (message, ==, "record 1 of “mood_entries” is not valid and was left out");
  g_assert_cmpuint (reframe_import_batch_get_problem (batch, 1, &message), ==, 3);
  g_assert_cmpstr (message, ==, "record 3 of “mood_entries” is not valid and was left out");
}

static void
test_write_private (void)
{
  g_autofree char *dir = reframe_test_make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "journal.reframe", NULL);
  g_autoptr (ReframeStore) store = reframe_store_open (dir, NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (ReframeImportBatch) batch = NULL;
  GStatBuf st;

  g_assert_true (reframe_archive_write (store, file, REFRAME_ARCHIVE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  bytes = reframe_test_read_bytes (path);
  batch = read_archive_bytes (bytes);
  g_assert_cmpuint (reframe_import_batch_get_n_total (batch), ==, 0);
  g_assert_null (strstr (g_bytes_get_data (bytes, NULL), "\"conversations\""));
  g_clear_object (&store);
  reframe_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/archive/round-trip", test_round_trip);
  g_test_add_func ("/reframe/archive/merge", test_merge);
  g_test_add_func ("/reframe/archive/reader-checks", test_reader_checks);
  g_test_add_func ("/reframe/archive/write-private", test_write_private);
  return g_test_run ();
}
