/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backups-cli.c: `reframe backup`, `reframe backups` and `reframe restore`. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <sys/stat.h>

#include "reframe-backups-private.h"
#include "reframe-fault-vfs.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store-private.h"
#include "reframe-test-util.h"
#include "test-backups-private.h"

/* Runs `reframe ARGS… --data-dir DIR` with @input on its stdin; the arguments end
 * with NULL. */
#define run_cli(f, stdin_text, out, err, ...)                                               \
  reframe_test_cli_run (                                                                    \
      &(ReframeTestCli){ .data_dir = (f)->dir, .input = (stdin_text) ? (stdin_text) : "" }, \
      (out),                                                                                \
      (err),                                                                                \
      __VA_ARGS__)
static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) kept = _reframe_test_save (f, "2026-03-01T09:00:00Z", "Kept");
  g_autofree char *copy = g_build_filename (f->dir, "copy.db", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty", NULL);
  g_autofree char *empty_db = g_build_filename (empty, "reframe.db", NULL);
  g_autofree char *text = g_build_filename (f->dir, "notes.txt", NULL);
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  char       *out = NULL, *err = NULL;
  JsonArray  *array;
  const char *path;

#define RUN(status, input, ...)                                                \
  G_STMT_START                                                                 \
  {                                                                            \
    g_clear_pointer (&out, g_free);                                            \
    g_clear_pointer (&err, g_free);                                            \
    g_assert_cmpint (run_cli (f, input, &out, &err, __VA_ARGS__), ==, status); \
  }                                                                            \
  G_STMT_END

  RUN (0, NULL, "backup", NULL);
  g_assert_nonnull (strstr (out, "Backed up to"));
  g_assert_nonnull (strstr (out, "-manual.db"));
  RUN (0, NULL, "backup", "--to", copy, NULL);
  g_assert_cmpint (_reframe_test_mode_of (copy), ==, 0600);
  /* Again over its own earlier copy, but never over the journal or another file. */
  RUN (0, NULL, "backup", "--to", copy, NULL);
  RUN (1, NULL, "backup", "--to", f->db_path, NULL);
  g_assert_nonnull (strstr (err, "is the journal itself"));
  g_assert_true (g_file_set_contents (text, "my notes", -1, NULL));
  RUN (1, NULL, "backup", "--to", text, NULL);
  g_assert_nonnull (strstr (err, "not a Reframe backup"));
  RUN (2, NULL, "backup", "extra", NULL);
  RUN (2, NULL, "backup", "--no-such-option", NULL);

  RUN (0, NULL, "backups", NULL);
  g_assert_nonnull (strstr (out, "manual"));
  g_assert_nonnull (strstr (out, "1 entry"));
  RUN (0, NULL, "backups", "--json", NULL);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpint (
      json_object_get_int_member (json_array_get_object_element (array, 0), "entries"), ==, 1);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (array, 0), "reason"),
      ==,
      "manual");
  path = json_object_get_string_member (json_array_get_object_element (array, 0), "path");
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  /* Restoring asks, and without a terminal it needs --yes. */
  RUN (2, NULL, "restore", copy, NULL);
  g_assert_nonnull (strstr (err, "--yes"));
  RUN (2, NULL, "restore", NULL);
  RUN (1, NULL, "restore", "--yes", text, NULL);
  g_assert_nonnull (strstr (err, "damaged, or it is not a Reframe journal"));
  {
    g_autoptr (ReframeMoodEntry) later = _reframe_test_save (f, "2026-03-02T09:00:00Z", "Later");
  }
  RUN (0, NULL, "restore", "--yes", copy, NULL);
  g_assert_nonnull (strstr (out, "Backup of"));
  g_assert_nonnull (strstr (out, "1 entry, 2026-03-01 to 2026-03-01"));
  g_assert_nonnull (strstr (out, "Restored."));
  g_assert_cmpuint (_reframe_test_count_entries (f), ==, 1);
  g_assert_true (_reframe_test_has_entry (f, reframe_mood_entry_get_uuid (kept)));

  /* Nothing is made where there is no journal. */
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  {
    g_autofree char *dir = f->dir;

    f->dir = empty;
    RUN (1, NULL, "backup", NULL);
    g_assert_nonnull (strstr (err, "There is no journal"));
    RUN (1, NULL, "backups", NULL);
    f->dir = dir;
    dir = NULL;
  }
  g_assert_false (g_file_test (empty_db, G_FILE_TEST_EXISTS));
  g_free (out);
  g_free (err);
#undef RUN
}

void
_reframe_test_backups_add_cli_tests (void)
{
  ADD ("commands-back-up-list-and-restore", test_cli);
}
