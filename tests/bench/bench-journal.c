/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-journal.c: journal figures on a generated journal: open and first page,
 * search latency, insert. `bench-journal DIR [PASSPHRASE-FILE]` prints one line per
 * figure; with a passphrase file, the journal is encrypted and is unlocked first (its
 * time printed too). */

#include "config.h"

#include <stdlib.h>

#include "reframe-journal-crypt.h"
#include "reframe-journal-model.h"
#include "reframe-journal-query.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"

#define FIRST_PAGE 64

static const char *const queries[] = {
  "river",
  "anx",
  "therapist",
  "coffee",
  "dog rain",
  "grateful",
  "meditation",
  "boss email",
  "sister",
  "concert",
  "hospital",
  "swim",
  "compassion",
  "deadline",
  "lonely evening",
  "garden",
  "headache",
  "cat",
  "partner dishes",
  "hopeful tomorrow",
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

static void
touch_first_page (ReframeJournalModel *model)
{
  guint n = MIN (FIRST_PAGE, g_list_model_get_n_items (G_LIST_MODEL (model)));

  for (guint i = 0; i < n; i++)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
}

/* Opens the store, loads the journal list and reads its first screenful. */
static double
time_open_first_page (const char *dir)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (ReframeStore) store = reframe_store_open (dir, &error);
  g_autoptr (ReframeJournalModel) model = NULL;
  double ms;

  g_assert_no_error (error);
  model = reframe_journal_model_new (reframe_store_get_moods (store));
  g_assert_true (reframe_journal_model_reload (model, &error));
  touch_first_page (model);
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, FIRST_PAGE);
  return ms;
}

/* From typing to the first screenful of results, as the journal page does it. */
static double
time_search (ReframeJournalModel *model,
             const char          *text,
             guint               *n_found)
{
  g_autoptr (ReframeJournalQuery) query = reframe_journal_query_new (text, REFRAME_MOOD_NONE, NULL);
  gint64 start = g_get_monotonic_time ();

  reframe_journal_model_set_query (model, query);
  while (reframe_journal_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  touch_first_page (model);
  *n_found = reframe_journal_model_get_n_entries (model);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_insert (ReframeMoodRepository *moods,
             guint                  i)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_mood_entry_new ();
  g_autoptr (GError) error = NULL;
  const char *feelings[] = { "calm", "tired", NULL };
  const char *activities[] = { "exercise", NULL };
  gint64      start;
  double      ms;

  reframe_mood_entry_set_mood (entry, 1 + i % 5);
  reframe_mood_entry_set_feelings (entry, feelings);
  reframe_mood_entry_set_activities (entry, activities);
  reframe_mood_entry_set_note (
      entry, "A benchmark entry with a short note about a walk by the river and a coffee.");
  start = g_get_monotonic_time ();
  g_assert_true (reframe_mood_repository_save (moods, entry, &error));
  ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_true (
      reframe_mood_repository_delete (moods, reframe_mood_entry_get_uuid (entry), &error));
  return ms;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GArray) open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) search_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) insert_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeJournalModel) model = NULL;
  g_autoptr (GError) error = NULL;
  guint total_found = 0;

  if (argc != 2 && argc != 3)
    {
      g_printerr ("Usage: bench-journal DIR [PASSPHRASE-FILE]\n");
      return 2;
    }
  if (argc == 3)
    {
      g_autofree char *passphrase = NULL;
      gint64           start;

      g_assert_true (g_file_get_contents (argv[2], &passphrase, NULL, NULL));
      g_strchomp (passphrase);
      start = g_get_monotonic_time ();
      g_assert_true (
          reframe_journal_unlock (argv[1], REFRAME_UNLOCK_PASSPHRASE, passphrase, NULL, &error));
      g_print ("unlock-ms %.1f\n", (g_get_monotonic_time () - start) / 1000.0);
    }

  for (guint i = 0; i < 21; i++)
    {
      double ms = time_open_first_page (argv[1]);

      if (i > 0) /* the first run warms the page cache */
        g_array_append_val (open_ms, ms);
    }

  store = reframe_store_open (argv[1], &error);
  g_assert_no_error (error);
  model = reframe_journal_model_new (reframe_store_get_moods (store));
  g_assert_true (reframe_journal_model_reload (model, &error));
  for (guint i = 0; i < 100; i++)
    {
      guint  n_found = 0;
      double ms = time_search (model, queries[i % G_N_ELEMENTS (queries)], &n_found);

      g_array_append_val (search_ms, ms);
      total_found += n_found;
    }
  reframe_journal_model_set_query (model, NULL);

  for (guint i = 0; i < 100; i++)
    {
      double ms = time_insert (reframe_store_get_moods (store), i);

      g_array_append_val (insert_ms, ms);
    }

  g_print ("entries %u\n", reframe_mood_repository_count (reframe_store_get_moods (store), NULL));
  g_print ("open-first-page-ms median %.2f p95 %.2f\n",
           percentile (open_ms, 0.5),
           percentile (open_ms, 0.95));
  g_print ("search-ms median %.2f p95 %.2f (100 queries, %.0f matches on average)\n",
           percentile (search_ms, 0.5),
           percentile (search_ms, 0.95),
           total_found / 100.0);
  g_print ("insert-ms median %.2f p95 %.2f (with the journal list following)\n",
           percentile (insert_ms, 0.5),
           percentile (insert_ms, 0.95));
  return EXIT_SUCCESS;
}
