/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli.c: the reframe subcommands, with good and bad input. */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "reframe-store-private.h"
#include "reframe-test-util.h"

typedef struct
{
  char *dir;
  char *db_path;
  char *out;
  char *err;
  int   status;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  f->dir = reframe_test_make_tmp_dir ();
  f->db_path = g_build_filename (f->dir, "reframe.db", NULL);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db_path);
  g_free (f->out);
  g_free (f->err);
}

/* Runs `reframe ARGV… --data-dir DIR` with @input (or nothing) on its standard input,
 * and @setup run in the child before it starts. */
static int
run_full (Fixture             *f,
          const char          *input,
          GSpawnChildSetupFunc setup,
          gpointer             setup_data,
          const char *const   *args)
{
  ReframeTestCli how = {
    .data_dir = f->dir, .input = input ? input : "", .setup = setup, .setup_data = setup_data
  };

  f->status = reframe_test_cli_runv (&how, args, &f->out, &f->err);
  return f->status;
}

/* Runs `reframe ARGS… --data-dir DIR`; the arguments end with NULL. */
static int
run (Fixture *f,
     ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list     ap;

  va_start (ap, f);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return run_full (f, NULL, NULL, NULL, (const char *const *) args->pdata);
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));
  return json_array_ref (json_node_get_array (root));
}

static void
test_log_and_list (Fixture      *f,
                   gconstpointer data)
{
  g_autoptr (JsonArray) entries = NULL;
  JsonObject *entry;

  g_assert_cmpint (run (f,
                        "log",
                        "--mood",
                        "4",
                        "--feeling",
                        "calm",
                        "--feeling",
                        "hopeful",
                        "--activity",
                        "exercise",
                        "--sleep",
                        "7.5",
                        "--note",
                        "Ran, then tea, with a \"friend\".",
                        "--at",
                        "2026-03-14T21:30:00+01:00",
                        "--private",
                        NULL),
                   ==,
                   0);
  g_assert_nonnull (strstr (f->out, "Logged"));
  g_assert_cmpint (run (f, "log", "--mood", "awful", "--at", "2026-03-10", NULL), ==, 0);
  g_assert_cmpint (run (f, "log", "--mood", "okay", "--at", "2026-03-12T07:05Z", NULL), ==, 0);

  g_assert_cmpint (run (f, "list", "--json", NULL), ==, 0);
  entries = parse_array (f->out);
  g_assert_cmpuint (json_array_get_length (entries), ==, 3);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (entries, 1), "time"),
      ==,
      "2026-03-12T07:05:00Z");
  entry = json_array_get_object_element (entries, 0);
  g_assert_cmpint (json_object_get_int_member (entry, "mood"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (entry, "mood_name"), ==, "good");
  g_assert_cmpstr (json_object_get_string_member (entry, "day"), ==, "2026-03-14");
  g_assert_cmpstr (json_object_get_string_member (entry, "time"), ==, "2026-03-14T21:30:00+01");
  g_assert_cmpstr (
      json_object_get_string_member (entry, "note"), ==, "Ran, then tea, with a \"friend\".");
  g_assert_cmpfloat (json_object_get_double_member (entry, "sleep_hours"), ==, 7.5);
  g_assert_true (json_object_get_boolean_member (entry, "private"));
  g_assert_cmpuint (
      json_array_get_length (json_object_get_array_member (entry, "feelings")), ==, 2);
  g_assert_cmpstr (
      json_array_get_string_element (json_object_get_array_member (entry, "activities"), 0),
      ==,
      "exercise");
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (entry, "uuid")));
  entry = json_array_get_object_element (entries, 2);
  g_assert_cmpint (json_object_get_int_member (entry, "mood"), ==, 1);
  g_assert_true (json_object_get_null_member (entry, "sleep_hours"));
  g_clear_pointer (&entries, json_array_unref);

  g_assert_cmpint (
      run (f, "list", "--from", "2026-03-13", "--to", "2026-03-31", "--json", NULL), ==, 0);
  entries = parse_array (f->out);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_clear_pointer (&entries, json_array_unref);

  g_assert_cmpint (run (f, "list", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "2026-03-14 21:30  4 Good"));
  g_assert_nonnull (strstr (f->out, "Ran, then tea"));
}

static void
test_search (Fixture      *f,
             gconstpointer data)
{
  g_autoptr (JsonArray) entries = NULL;

  g_assert_cmpint (
      run (f, "log", "--mood", "2", "--note", "Argued about the dishes, felt small.", NULL), ==, 0);
  g_assert_cmpint (run (f, "log", "--mood", "5", "--note", "Concert night!", NULL), ==, 0);

  g_assert_cmpint (run (f, "search", "dish", "--json", NULL), ==, 0);
  entries = parse_array (f->out);
  g_assert_cmpuint (json_array_get_length (entries), ==, 1);
  g_assert_nonnull (
      strstr (json_object_get_string_member (json_array_get_object_element (entries, 0), "snippet"),
              "dishes"));

  g_assert_cmpint (run (f, "search", "dishes", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "[dishes]"));
  g_assert_cmpint (run (f, "search", "nothing-like-this", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "No entries."));
  g_assert_cmpint (run (f, "search", NULL), ==, 2);
}

static void
assert_nothing_written (Fixture *f)
{
  g_assert_cmpint (f->status, ==, 2);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
}

static void
test_bad_input (Fixture      *f,
                gconstpointer data)
{
  run (f, "log", "--mood", "9", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "“9” is not a mood"));

  run (f, "log", "--note", "no mood", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "--mood"));

  run (f, "log", "--mood", "3", "--at", "yesterday-ish", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "not a time"));

  run (f, "log", "--mood", "3", "--at", "2026-02-30", NULL);
  assert_nothing_written (f);

  run (f, "log", "--mood", "3", "--sleep", "25", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "0 to 24"));

  run (f, "log", "--mood", "3", "--colour", "blue", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "--colour"));

  run (f, "list", "--from", "2026-02-30", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "not a date"));

  run (f, "list", "--from", "2026-03-02", "--to", "2026-03-01", NULL);
  assert_nothing_written (f);

  run (f, "frobnicate", NULL);
  assert_nothing_written (f);
}

static void
test_bad_files (Fixture      *f,
                gconstpointer data)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (f->db_path, "not a journal", -1, NULL));
  g_assert_cmpint (run (f, "list", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "not a Reframe journal"));
  g_assert_cmpint (run (f, "log", "--mood", "3", NULL), ==, 1);
  g_assert_true (g_file_get_contents (f->db_path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "not a journal");
}

typedef struct
{
  Fixture *f;
  guint    loop;
  guint    n_failed;
  char    *first_error;
} LogLoop;

static gpointer
log_loop_thread (gpointer data)
{
  LogLoop *loop = data;

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *note = g_strdup_printf ("loop %u, entry %u", loop->loop, i);
      const char      *argv[] = { g_getenv ("REFRAME_BIN"),
                                  "log",
                                  "--mood",
                                  "3",
                                  "--note",
                                  note,
                                  "--data-dir",
                                  loop->f->dir,
                                  NULL };
      g_autofree char *err = NULL;
      int              wait_status = 0;

      g_assert_true (g_spawn_sync (NULL,
                                   (char **) argv,
                                   NULL,
                                   G_SPAWN_STDOUT_TO_DEV_NULL,
                                   NULL,
                                   NULL,
                                   NULL,
                                   &err,
                                   &wait_status,
                                   NULL));
      if (!g_spawn_check_wait_status (wait_status, NULL))
        {
          loop->n_failed++;
          if (loop->first_error == NULL)
            loop->first_error = g_steal_pointer (&err);
        }
    }
  return NULL;
}

/* Six scripts log at once, from an empty folder on: every entry is saved, none fails
 * with "database is locked". */
static void
test_parallel_logs_all_saved (Fixture      *f,
                              gconstpointer data)
{
  g_autoptr (JsonArray) entries = NULL;
  LogLoop  loops[6] = { { 0 } };
  GThread *threads[G_N_ELEMENTS (loops)];
  guint    n_failed = 0;

  for (guint i = 0; i < G_N_ELEMENTS (loops); i++)
    {
      loops[i] = (LogLoop){ f, i, 0, NULL };
      threads[i] = g_thread_new ("log-loop", log_loop_thread, &loops[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (loops); i++)
    {
      g_thread_join (threads[i]);
      n_failed += loops[i].n_failed;
      if (loops[i].first_error != NULL)
        g_test_message ("loop %u: %s", i, loops[i].first_error);
      g_free (loops[i].first_error);
    }
  g_assert_cmpuint (n_failed, ==, 0);

  g_assert_cmpint (run (f, "list", "--json", NULL), ==, 0);
  entries = parse_array (f->out);
  g_assert_cmpuint (json_array_get_length (entries), ==, 6 * 40);
}

/* `list` reports a damaged journal; `log` then refuses it with the same words and
 * leaves the file as it was. */
static void
test_damaged_journal_not_written (Fixture      *f,
                                  gconstpointer data)
{
  g_autoptr (GBytes) before = NULL;
  g_autoptr (GBytes) after = NULL;
  g_autofree char *list_error = NULL;

  reframe_test_fill_journal (f->dir, 300);
  reframe_test_damage_middle_page (f->db_path, "mood_notes");
  before = reframe_test_read_bytes (f->db_path);

  g_assert_cmpint (run (f, "list", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "damaged"));
  g_assert_nonnull (strstr (f->err, "not changed"));
  list_error = g_strdup (f->err);

  g_assert_cmpint (run (f, "log", "--mood", "3", "--note", "After the damage", NULL), ==, 1);
  g_assert_cmpstr (f->err, ==, list_error);
  g_assert_cmpstr (f->out, ==, "");
  after = reframe_test_read_bytes (f->db_path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
make_v1_journal (Fixture *f,
                 guint    n_entries)
{
  g_autoptr (GError) error = NULL;
  ReframeStore    *old = _reframe_store_open_at_version (f->dir, 1, &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  sql = g_strdup_printf (
      "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %u)"
      " INSERT INTO mood_entries (uuid, mood, at, utc_offset, day, created, updated)"
      "  SELECT reframe_uuid (), 3, 1700000000 + i, 0, '2023-11-14', '2023-11-14T22:13:20Z', "
      "'2023-11-14T22:13:20Z' FROM n;"
      "INSERT INTO mood_notes SELECT id, printf ('%%.2000c', 'x') FROM mood_entries;",
      n_entries);
  g_assert_true (_reframe_store_exec (_reframe_store_get_db (old), sql, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (old);
}

/* The copy taken before an update holds the whole journal, so it is private from its
 * first byte: an update killed half-way never leaves a copy others can read. Each round
 * updates its own copy of an old journal and is killed as soon as a file (the copy's
 * temporary file, or the copy) appears in the backups folder. */
static void
test_backup_private_from_the_start (Fixture      *f,
                                    gconstpointer data)
{
  guint  n_killed = 0;
  mode_t old_umask = umask (022);

  make_v1_journal (f, 5000);
  for (guint round = 0; round < 5; round++)
    {
      g_autofree char *name = g_strdup_printf ("round-%u", round);
      g_autofree char *dir = g_build_filename (f->dir, name, NULL);
      g_autofree char *journal = g_build_filename (dir, "reframe.db", NULL);
      g_autofree char *backups = g_build_filename (dir, "backups", NULL);
      g_autofree char *backup = NULL;
      g_autoptr (GFile) source = g_file_new_for_path (f->db_path);
      g_autoptr (GFile) copy = g_file_new_for_path (journal);
      const char *argv[] = { g_getenv ("REFRAME_BIN"), "list", "--data-dir", dir, NULL };
      g_autoptr (GError) error = NULL;
      GPid        pid = 0;
      int         wait_status = 0;
      struct stat st;
      gint64      deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      g_assert_true (g_file_copy (source, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
      g_assert_true (g_spawn_async (NULL,
                                    (char **) argv,
                                    NULL,
                                    G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                    NULL,
                                    NULL,
                                    &pid,
                                    &error));
      g_assert_no_error (error);
      while ((backup = reframe_test_first_file_in (backups)) == NULL &&
             g_get_monotonic_time () < deadline)
        g_usleep (50);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
      g_spawn_close_pid (pid);
      if (WIFSIGNALED (wait_status))
        n_killed++;

      /* The file seen may have been renamed since; whatever is there now is private. */
      g_clear_pointer (&backup, g_free);
      g_assert_nonnull ((backup = reframe_test_first_file_in (backups)));
      g_assert_cmpint (g_stat (backup, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0600);
      g_assert_cmpint (g_stat (backups, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    }
  umask (old_umask);
  g_test_message ("%u of 5 updates killed half-way", n_killed);
  g_assert_cmpuint (n_killed, >, 0);
}

/* Values that would be stored wrongly, or not read back, are refused with status 2
 * and a sentence a person understands; nothing is written. */
static void
test_bad_values_refused (Fixture      *f,
                         gconstpointer data)
{
  const char *bad_sleep[] = { "nan", "NaN", "inf", "0x10", "1e1", "7h", "-0.5", "24.5", "", NULL };

  run (f, "log", "--mood", "3", "--at", "9999-12-31T23:59:59-14:00", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "9999-12-31T23:59:59-14:00"));

  for (guint i = 0; bad_sleep[i] != NULL; i++)
    {
      run (f, "log", "--mood", "3", "--sleep", bad_sleep[i], NULL);
      assert_nothing_written (f);
      g_assert_nonnull (strstr (f->err, "0 to 24"));
    }

  run (f, "log", "--mood", "3", "--note", "caf\xe9 au lait", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "--note"));
  g_assert_nonnull (strstr (f->err, "UTF-8"));
  g_assert_null (strstr (f->err, "conversion"));

  run (f, "log", "--mood", "3", "--feeling", "\xff", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "--feeling"));
  g_assert_null (strstr (f->err, "conversion"));

  run (f, "list", "--from", "2026-0\xff-01", NULL);
  assert_nothing_written (f);
  g_assert_nonnull (strstr (f->err, "UTF-8"));

  /* Good values still pass: plain decimals, with either separator. */
  g_assert_cmpint (run (f, "log", "--mood", "3", "--sleep", "7.5", NULL), ==, 0);
  g_assert_cmpint (run (f, "log", "--mood", "3", "--sleep", "6,5", NULL), ==, 0);
  g_assert_cmpint (
      run (f, "log", "--mood", "3", "--sleep", "8", "--at", "9999-12-31T10:00:00+00:00", NULL),
      ==,
      0);
}

/* A long note comes from a file or from standard input, as the command line cannot
 * carry it. */
static void
test_note_from_file_or_stdin (Fixture      *f,
                              gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "note.txt", NULL);
  g_autoptr (GString) long_note = g_string_new (NULL);
  g_autoptr (JsonArray) entries = NULL;
  const char *from_stdin[] = {
    "log", "--mood", "4", "--note-file", "-", "--at", "2026-03-02", NULL
  };

  for (guint i = 0; i < 40000; i++)
    g_string_append (long_note, "Walked along the river and felt lighter. ");
  g_assert_true (g_file_set_contents (path, long_note->str, -1, NULL));

  g_assert_cmpint (
      run (f, "log", "--mood", "3", "--note-file", path, "--at", "2026-03-01", NULL), ==, 0);
  g_assert_cmpint (
      run_full (f, "Typed into a pipe.\nSecond line.\n", NULL, NULL, from_stdin), ==, 0);

  g_assert_cmpint (run (f, "list", "--json", NULL), ==, 0);
  entries = parse_array (f->out);
  g_assert_cmpuint (json_array_get_length (entries), ==, 2);
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (entries, 0), "note"),
      ==,
      "Typed into a pipe.\nSecond line.");
  g_assert_cmpstr (
      json_object_get_string_member (json_array_get_object_element (entries, 1), "note"),
      ==,
      long_note->str);

  g_assert_cmpint (run (f, "search", "lighter", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "[lighter]"));

  /* Bad notes are refused like bad options. */
  reframe_test_remove_tree (f->db_path);
  g_assert_cmpint (run (f, "log", "--mood", "3", "--note", "x", "--note-file", path, NULL), ==, 2);
  g_assert_cmpint (
      run (f, "log", "--mood", "3", "--note-file", "/nonexistent/note.txt", NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "/nonexistent/note.txt"));
  g_assert_true (g_file_set_contents (path, "caf\xe9", -1, NULL));
  g_assert_cmpint (run (f, "log", "--mood", "3", "--note-file", path, NULL), ==, 2);
  g_assert_nonnull (strstr (f->err, "UTF-8"));
  g_assert_false (g_file_test (f->db_path, G_FILE_TEST_EXISTS));
}

/* On a nearly full disk reading works; `log` says plainly that nothing was saved. */
static void
test_nearly_full_disk (Fixture      *f,
                       gconstpointer data)
{
  const char *list[] = { "list", NULL };
  const char *log[] = { "log", "--mood", "3", "--note", "One more", NULL };

  reframe_test_fill_journal (f->dir, 20);
  g_assert_cmpint (run_full (f,
                             NULL,
                             (GSpawnChildSetupFunc) reframe_test_limit_file_size,
                             GSIZE_TO_POINTER (16 * 1024),
                             list),
                   ==,
                   0);
  g_assert_nonnull (strstr (f->out, "Entry 19."));

  g_assert_cmpint (run_full (f,
                             NULL,
                             (GSpawnChildSetupFunc) reframe_test_limit_file_size,
                             GSIZE_TO_POINTER (16 * 1024),
                             log),
                   ==,
                   1);
  g_assert_nonnull (strstr (f->err, "disk is full"));
  g_assert_nonnull (strstr (f->err, "not saved"));
  g_assert_null (strstr (f->err, "kept"));

  g_assert_cmpint (run (f, "list", "--json", NULL), ==, 0);
  g_assert_null (strstr (f->out, "One more"));
}

/* The same activity given twice is logged once, spelled as first given. */
static void
test_duplicate_tags_logged_once (Fixture      *f,
                                 gconstpointer data)
{
  g_autoptr (JsonArray) entries = NULL;
  JsonArray *activities;

  g_assert_cmpint (run (f,
                        "log",
                        "--mood",
                        "3",
                        "--activity",
                        "chores",
                        "--activity",
                        "Chores",
                        "--activity",
                        "chores",
                        "--activity",
                        "cooking",
                        NULL),
                   ==,
                   0);
  g_assert_cmpint (run (f, "list", "--json", NULL), ==, 0);
  entries = parse_array (f->out);
  activities =
      json_object_get_array_member (json_array_get_object_element (entries, 0), "activities");
  g_assert_cmpuint (json_array_get_length (activities), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (activities, 0), ==, "chores");
  g_assert_cmpstr (json_array_get_string_element (activities, 1), ==, "cooking");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("REFRAME_BIN"));

#define ADD(path, func) \
  g_test_add ("/reframe/cli/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("log-and-list", test_log_and_list);
  ADD ("search", test_search);
  ADD ("bad-input", test_bad_input);
  ADD ("bad-files", test_bad_files);
  ADD ("parallel-logs-all-saved", test_parallel_logs_all_saved);
  ADD ("damaged-journal-not-written", test_damaged_journal_not_written);
  ADD ("backup-private-from-the-start", test_backup_private_from_the_start);
  ADD ("bad-values-refused", test_bad_values_refused);
  ADD ("note-from-file-or-stdin", test_note_from_file_or_stdin);
  ADD ("nearly-full-disk", test_nearly_full_disk);
  ADD ("duplicate-tags-logged-once", test_duplicate_tags_logged_once);
#undef ADD

  return g_test_run ();
}
