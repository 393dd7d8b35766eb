/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-insights.c: all the statistics of the Insights page over a whole generated
 * journal (its first day to its last), against a plain COUNT(*) over the mood entries
 * measured in the same run.
 * `bench-insights DIR TARGET_MS [RUNS]` prints one line per figure. */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "reframe-insights.h"
#include "reframe-store-private.h"
#include "reframe-store.h"

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
  g_print ("%s median %.2f p95 %.2f%s\n",
           name,
           percentile (samples, 0.5),
           percentile (samples, 0.95),
           note);
}

/* The journal's first and last day. */
static void
get_journal_span (ReframeStore *store,
                  GDate        *from,
                  GDate        *to)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = _reframe_store_prepare (
      _reframe_store_get_db (store), "SELECT min (day), max (day) FROM mood_entries", &error);
  guint y, m, d;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (
      sscanf ((const char *) sqlite3_column_text (stmt, 0), "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_clear (from, 1);
  g_date_set_dmy (from, d, m, y);
  g_assert_cmpint (
      sscanf ((const char *) sqlite3_column_text (stmt, 1), "%4u-%2u-%2u", &y, &m, &d), ==, 3);
  g_date_clear (to, 1);
  g_date_set_dmy (to, d, m, y);
}

/* The baseline: the cheapest question that still reads every entry row's index. */
static double
time_count (ReframeStore *store,
            gint64       *n_entries)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  g_autoptr (sqlite3_stmt) stmt = _reframe_store_prepare (
      _reframe_store_get_db (store), "SELECT count (*) FROM mood_entries", &error);

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  *n_entries = sqlite3_column_int64 (stmt, 0);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_sync (ReframeStore *store,
           const GDate  *from,
           const GDate  *to,
           gboolean      include_private,
           guint        *days_logged)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeInsights) insights =
      reframe_insights_compute (store, from, to, include_private, NULL, &error);
  double ms = (g_get_monotonic_time () - start) / 1000.0;

  g_assert_no_error (error);
  *days_logged = reframe_insights_get_days_logged (insights);
  return ms;
}

static void
computed_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* As the Insights page does it: a worker thread that opens its own connection. */
static double
time_async (ReframeStore *store,
            const GDate  *from,
            const GDate  *to)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (ReframeInsights) insights = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double ms;

  reframe_insights_compute_async (store, from, to, TRUE, NULL, computed_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  insights = reframe_insights_compute_finish (result, &error);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_no_error (error);
  return ms;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GArray) count_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) sync_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) public_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) async_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *first = NULL, *last = NULL, *note = NULL;
  guint            runs, days_logged = 0, public_days = 0;
  gint64           n_entries = 0;
  double           target;
  GDate            from, to;

  if (argc < 3 || argc > 4)
    {
      g_printerr ("Usage: bench-insights DIR TARGET_MS [RUNS]\n");
      return 2;
    }
  target = g_ascii_strtod (argv[2], NULL);
  runs = argc == 4 ? MAX (1, atoi (argv[3])) : 10;
  store = reframe_store_open (argv[1], &error);
  g_assert_no_error (error);
  get_journal_span (store, &from, &to);

  /* Interleaved, so that all see the same machine; one run first warms the cache. */
  for (guint i = 0; i <= runs; i++)
    {
      double count = time_count (store, &n_entries);
      double sync = time_sync (store, &from, &to, TRUE, &days_logged);
      double public = time_sync (store, &from, &to, FALSE, &public_days);
      double async = time_async (store, &from, &to);

      if (i == 0)
        continue;
      g_array_append_val (count_ms, count);
      g_array_append_val (sync_ms, sync);
      g_array_append_val (public_ms, public);
      g_array_append_val (async_ms, async);
    }

  first = g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (&from), g_date_get_month (&from), g_date_get_day (&from));
  last = g_strdup_printf (
      "%04u-%02u-%02u", g_date_get_year (&to), g_date_get_month (&to), g_date_get_day (&to));
  g_print ("entries %" G_GINT64_FORMAT
           ", %s to %s, %u days logged (%u without private entries), %u runs\n",
           n_entries,
           first,
           last,
           days_logged,
           public_days,
           runs);
  note = g_strdup_printf (" (target <= %.0f)", target);
  print_figure ("insights-all-async-ms", async_ms, note);
  print_figure ("insights-all-sync-ms", sync_ms, note);
  print_figure ("insights-all-sync-no-private-ms", public_ms, "");
  print_figure ("count-entries-ms", count_ms, " (baseline, same run)");
  return EXIT_SUCCESS;
}
