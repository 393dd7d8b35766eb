/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-worksheets.c: worksheet figures on a generated journal: open the store and
 * read the first page of the worksheet list (all, and one template's), against the
 * journal's first page measured in the same run, and search latency.
 * `bench-worksheets DIR` prints one line per figure. */

#include "config.h"

#include <stdlib.h>

#include "reframe-journal-model.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-worksheet-repository.h"

#define FIRST_PAGE 64
#define RUNS       21

static const char *const queries[] = {
  "anx",
  "therapist",
  "coffee",
  "dog rain",
  "grateful",
  "sister",
  "boss email",
  "calm",
  "walk",
  "deadline",
};

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

/* Reads what a row of the worksheet list shows, answers included (for a preview). */
static void
touch_worksheets (GListModel *model)
{
  guint n = MIN (FIRST_PAGE, g_list_model_get_n_items (model));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ReframeWorksheet) worksheet = g_list_model_get_item (model, i);

      g_assert_nonnull (reframe_worksheet_get_template_id (worksheet));
      g_assert_nonnull (reframe_worksheet_get_updated (worksheet));
      g_assert_nonnull (reframe_worksheet_get_answers (worksheet));
      (void) reframe_worksheet_get_score (worksheet);
    }
}

static double
time_worksheets_first_page (const char *dir,
                            const char *template_id,
                            guint      *n_items)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (ReframeStore) store = reframe_store_open (dir, &error);
  g_autoptr (GListModel) model = NULL;
  double ms;

  g_assert_no_error (error);
  model =
      reframe_worksheet_repository_list (reframe_store_get_worksheets (store), template_id, &error);
  g_assert_no_error (error);
  touch_worksheets (model);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  *n_items = g_list_model_get_n_items (model);
  return ms;
}

/* The baseline: the journal's list, opened and read the way bench-journal does. */
static double
time_journal_first_page (const char *dir)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (ReframeStore) store = reframe_store_open (dir, &error);
  g_autoptr (ReframeJournalModel) model = NULL;
  guint  n;
  double ms;

  g_assert_no_error (error);
  model = reframe_journal_model_new (reframe_store_get_moods (store));
  g_assert_true (reframe_journal_model_reload (model, &error));
  n = MIN (FIRST_PAGE, g_list_model_get_n_items (G_LIST_MODEL (model)));
  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  ms = (g_get_monotonic_time () - start) / 1000.0;
  return ms;
}

static void
search_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static double
time_search (ReframeWorksheetRepository *repository,
             const char                 *text,
             guint                      *n_found)
{
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GListModel) found = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  reframe_worksheet_repository_search_async (repository, text, NULL, NULL, search_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = reframe_worksheet_repository_search_finish (repository, result, &error);
  g_assert_no_error (error);
  touch_worksheets (found);
  *n_found = g_list_model_get_n_items (found);
  return (g_get_monotonic_time () - start) / 1000.0;
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

int
main (int    argc,
      char **argv)
{
  g_autoptr (GArray) all_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) filtered_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) journal_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (GError) error = NULL;
  guint n_all = 0, n_filtered = 0, total_found = 0;

  if (argc != 2)
    {
      g_printerr ("Usage: bench-worksheets DIR\n");
      return 2;
    }

  /* Interleaved, so that both see the same machine; the first run warms the cache. */
  for (guint i = 0; i < RUNS; i++)
    {
      double all = time_worksheets_first_page (argv[1], NULL, &n_all);
      double filtered = time_worksheets_first_page (argv[1], "thought-record", &n_filtered);
      double journal = time_journal_first_page (argv[1]);

      if (i == 0)
        continue;
      g_array_append_val (all_ms, all);
      g_array_append_val (filtered_ms, filtered);
      g_array_append_val (journal_ms, journal);
    }

  store = reframe_store_open (argv[1], &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 50; i++)
    {
      guint  n_found = 0;
      double ms = time_search (
          reframe_store_get_worksheets (store), queries[i % G_N_ELEMENTS (queries)], &n_found);

      g_array_append_val (search_ms, ms);
      total_found += n_found;
    }

  if (n_all < 1000)
    g_printerr (
        "bench-worksheets: only %u worksheets; regenerate the journal for the reference figure\n",
        n_all);
  g_print ("worksheets %u (thought records %u)\n", n_all, n_filtered);
  print_figure ("worksheets-open-first-page-ms", all_ms, " (target <= 5)");
  print_figure ("worksheets-template-first-page-ms", filtered_ms, "");
  print_figure ("journal-open-first-page-ms", journal_ms, " (baseline, same run)");
  g_print ("worksheets-search-ms median %.2f p95 %.2f (50 queries, %.0f matches on average)\n",
           percentile (search_ms, 0.5),
           percentile (search_ms, 0.95),
           total_found / 50.0);
  return EXIT_SUCCESS;
}
