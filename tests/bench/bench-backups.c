/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-backups.c: a backup and a restore of a generated journal, against `cp` of the
 * same file in the same run, and the longest main-loop stall while a backup and a
 * restore run on their worker threads. `bench-backups DIR [RUNS]` works on a copy of
 * DIR's journal and leaves DIR as it was. */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "reframe-backups.h"
#include "reframe-store-private.h"

#define BACKUP_TARGET_MS  1000
#define RESTORE_TARGET_MS 2000
#define STALL_TARGET_MS   50

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, MIN (samples->len - 1, (guint) (p * samples->len)));
}

static void
print_figure (const char *name,
              GArray     *samples,
              const char *note)
{
  g_print ("%s median %.1f p95 %.1f max %.1f%s\n",
           name,
           percentile (samples, 0.5),
           percentile (samples, 0.95),
           percentile (samples, 1.0),
           note);
}

/* The baseline: copying the same bytes with `cp` (then syncing them, as a backup does). */
static double
time_cp (const char *from,
         const char *to)
{
  g_autofree char *command = g_strdup_printf ("cp '%s' '%s' && sync -f '%s'", from, to, to);
  const char      *argv[] = { "sh", "-c", command, NULL };
  gint64           start = g_get_monotonic_time ();
  int              status = 0;

  g_assert_true (g_spawn_sync (
      NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_backup (ReframeBackups *backups,
             char          **path)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_free (*path);
  *path = reframe_backups_create (backups, REFRAME_BACKUP_REASON_MANUAL, NULL, &error);
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_restore (ReframeBackups *backups,
              const char     *path)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  g_assert_true (reframe_backups_restore (backups, path, NULL, &error));
  g_assert_no_error (error);
  return (g_get_monotonic_time () - start) / 1000.0;
}

typedef struct
{
  gint64 last;
  double longest_ms;
} Stall;

static gboolean
tick_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();

  stall->longest_ms = MAX (stall->longest_ms, (now - stall->last) / 1000.0);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static void
keep_result_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The longest gap between ticks of a 1 ms timeout while a backup (or, with
 * @restore_path, a restore) runs on its worker thread, as the window's main loop would
 * see it. */
static double
stall_during (ReframeBackups *backups,
              const char     *restore_path)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  Stall stall = { g_get_monotonic_time (), 0 };
  guint tick = g_timeout_add (1, tick_cb, &stall);

  if (restore_path == NULL)
    reframe_backups_create_async (
        backups, REFRAME_BACKUP_REASON_MANUAL, NULL, keep_result_cb, &result);
  else
    reframe_backups_restore_async (backups, restore_path, NULL, keep_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
  if (restore_path == NULL)
    g_free (reframe_backups_create_finish (backups, result, &error));
  else
    reframe_backups_restore_finish (backups, result, &error);
  g_assert_no_error (error);
  return stall.longest_ms;
}

static char *
copy_journal (const char *from_dir)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *work = g_dir_make_tmp ("reframe-bench-backups-XXXXXX", &error);
  g_autofree char *from = g_build_filename (from_dir, "reframe.db", NULL);
  g_autofree char *to = g_build_filename (work, "reframe.db", NULL);
  g_autoptr (ReframeStore) store = NULL;

  g_assert_no_error (error);
  /* Opening and closing the reference journal leaves everything in its main file. */
  store = reframe_store_open (from_dir, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  time_cp (from, to);
  return g_steal_pointer (&work);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GArray) cp_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) backup_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) restore_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) stall_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeBackups) backups = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *work = NULL, *journal = NULL, *baseline = NULL, *path = NULL, *note = NULL;
  guint            runs;
  GStatBuf         st;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("Usage: bench-backups DIR [RUNS]\n");
      return 2;
    }
  runs = argc == 3 ? MAX (1, atoi (argv[2])) : 5;
  work = copy_journal (argv[1]);
  journal = g_build_filename (work, "reframe.db", NULL);
  baseline = g_build_filename (work, "cp-baseline.db", NULL);
  store = reframe_store_open (work, &error);
  g_assert_no_error (error);
  backups = reframe_backups_new (store);
  g_assert_cmpint (g_stat (journal, &st), ==, 0);

  /* Interleaved, so that all see the same machine; one run first warms the cache. */
  for (guint i = 0; i <= runs; i++)
    {
      double cp = time_cp (journal, baseline);
      double backup = time_backup (backups, &path);
      double restore = time_restore (backups, path);

      if (i == 0)
        continue;
      g_array_append_val (cp_ms, cp);
      g_array_append_val (backup_ms, backup);
      g_array_append_val (restore_ms, restore);
    }
  for (guint i = 0; i < MAX (2u, runs / 2); i++)
    {
      double create = stall_during (backups, NULL);
      double restore = stall_during (backups, path);

      g_array_append_val (stall_ms, create);
      g_array_append_val (stall_ms, restore);
    }

  g_print ("journal %.1f MB, %u runs\n", st.st_size / 1e6, runs);
  note = g_strdup_printf (" (target <= %d; includes the integrity check and rotation)",
                          BACKUP_TARGET_MS);
  print_figure ("backup-ms", backup_ms, note);
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf (
      " (target <= %d; includes checking the backup and backing up the journal first)",
      RESTORE_TARGET_MS);
  print_figure ("restore-ms", restore_ms, note);
  print_figure ("cp-and-sync-same-file-ms", cp_ms, " (baseline, same run)");
  g_clear_pointer (&note, g_free);
  note = g_strdup_printf (
      " (target <= %d; 1 ms ticks while backups and restores run on worker threads)",
      STALL_TARGET_MS);
  print_figure ("main-loop-longest-stall-ms", stall_ms, note);

  g_clear_object (&backups);
  g_clear_object (&store);
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", work);

    g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL);
  }
  return EXIT_SUCCESS;
}
