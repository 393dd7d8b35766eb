/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-journal-model.c: the paged journal list, its day headers and its changes. */

#include "config.h"

#include "reframe-daylio-importer.h"
#include "reframe-import.h"
#include "reframe-journal-day.h"
#include "reframe-journal-model.h"
#include "reframe-journal-query.h"
#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

typedef struct
{
  char         *dir;
  ReframeStore *store;
  GListStore   *mirror;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->mirror = g_list_store_new (G_TYPE_OBJECT);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->mirror);
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static ReframeMoodRepository *
moods (Fixture *f)
{
  return reframe_store_get_moods (f->store);
}

static char *
save_at (Fixture    *f,
         const char *iso_time,
         ReframeMood mood,
         const char *note)
{
  g_autoptr (ReframeMoodEntry) entry = reframe_test_entry_at (iso_time, mood, note);
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_mood_repository_save (moods (f), entry, &error));
  g_assert_no_error (error);
  return g_strdup (reframe_mood_entry_get_uuid (entry));
}

/* A description of one item that survives re-fetching: "day" or "day/uuid". */
static char *
describe (gpointer item)
{
  if (REFRAME_IS_JOURNAL_DAY (item))
    return g_strdup_printf (
        "%s(%u)", reframe_journal_day_get_day (item), reframe_journal_day_get_n_entries (item));
  return g_strdup_printf (
      "  %s %s", reframe_mood_entry_get_uuid (item), reframe_mood_entry_get_note (item));
}

static char *
describe_model (GListModel *model)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (model, i);
      g_autofree char *line = describe (item);

      g_string_append_printf (text, "%s\n", line);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Applies each items-changed to a plain list, as a list view would. If the model's
 * announcements were wrong, the mirror would differ from the model afterwards. */
static void
model_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Fixture    *f)
{
  g_autoptr (GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < added; i++)
    g_ptr_array_add (fresh, g_list_model_get_item (model, position + i));
  g_list_store_splice (f->mirror, position, removed, fresh->pdata, fresh->len);
}

static void
assert_mirror_matches (Fixture             *f,
                       ReframeJournalModel *model)
{
  g_autofree char *expected = describe_model (G_LIST_MODEL (model));
  g_autofree char *mirrored = describe_model (G_LIST_MODEL (f->mirror));

  g_assert_cmpstr (mirrored, ==, expected);
}

static ReframeJournalModel *
new_model (Fixture *f)
{
  g_autoptr (GError) error = NULL;
  ReframeJournalModel *model = reframe_journal_model_new (moods (f));

  g_signal_connect (model, "items-changed", G_CALLBACK (model_items_changed_cb), f);
  g_assert_true (reframe_journal_model_reload (model, &error));
  g_assert_no_error (error);
  return model;
}

static void
test_empty (Fixture      *f,
            gconstpointer data)
{
  ReframeJournalModel *model = new_model (f);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));
  g_assert_cmpuint (reframe_journal_model_find_day (model, "2026-01-01"), ==, G_MAXUINT);
  g_assert_finalize_object (model);
}

static void
test_grouped_by_day (Fixture      *f,
                     gconstpointer data)
{
  g_autofree char     *a = save_at (f, "2026-03-01T09:00:00Z", REFRAME_MOOD_OKAY, "a");
  g_autofree char     *b = save_at (f, "2026-03-03T08:00:00Z", REFRAME_MOOD_GOOD, "b");
  g_autofree char     *c = save_at (f, "2026-03-03T21:00:00Z", REFRAME_MOOD_BAD, "c");
  g_autofree char     *d = save_at (f, "2026-03-01T22:00:00Z", REFRAME_MOOD_GREAT, "d");
  ReframeJournalModel *model = new_model (f);
  g_autofree char     *text = describe_model (G_LIST_MODEL (model));
  g_autofree char     *expected = g_strdup_printf (
      "2026-03-03(2)\n  %s c\n  %s b\n2026-03-01(2)\n  %s d\n  %s a\n", c, b, d, a);

  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 4);
  g_assert_cmpuint (reframe_journal_model_find_day (model, "2026-03-03"), ==, 0);
  g_assert_cmpuint (reframe_journal_model_find_day (model, "2026-03-02"), ==, 3);
  g_assert_cmpuint (reframe_journal_model_find_day (model, "2026-12-31"), ==, 0);
  g_assert_cmpuint (reframe_journal_model_find_day (model, "2025-01-01"), ==, G_MAXUINT);
  g_assert_cmpuint (reframe_journal_model_find_entry (model, b), ==, 2);
  g_assert_cmpuint (reframe_journal_model_find_entry (model, a), ==, 5);
  g_assert_finalize_object (model);
}

static void
test_pages_stay_in_order (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (GDateTime) start = g_date_time_new_utc (2020, 1, 1, 7, 0, 0);
  g_autofree char     *last_day = NULL;
  ReframeJournalModel *model;
  guint                n_headers = 0;
  gint64               last_time = G_MAXINT64;

  /* 700 entries over 350 days: more than a dozen pages, read back to front. */
  for (int i = 0; i < 700; i++)
    {
      g_autoptr (GDateTime) time = g_date_time_add_hours (start, (i / 2) * 24 + (i % 2) * 12);
      g_autofree char *iso = g_date_time_format_iso8601 (time);
      g_autofree char *uuid = save_at (f, iso, 1 + i % 5, "page test");
    }
  model = new_model (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 350 + 700);

  for (guint i = g_list_model_get_n_items (G_LIST_MODEL (model)); i-- > 0;)
    {
      g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_nonnull (item);
      if (REFRAME_IS_JOURNAL_DAY (item))
        {
          n_headers++;
          g_assert_cmpuint (reframe_journal_day_get_n_entries (REFRAME_JOURNAL_DAY (item)), ==, 2);
        }
    }
  g_assert_cmpuint (n_headers, ==, 350);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (REFRAME_IS_JOURNAL_DAY (item))
        {
          const char *day = reframe_journal_day_get_day (REFRAME_JOURNAL_DAY (item));

          g_assert_true (last_day == NULL || g_strcmp0 (day, last_day) < 0);
          g_free (last_day);
          last_day = g_strdup (day);
        }
      else
        {
          g_autofree char *day = reframe_mood_entry_dup_day (REFRAME_MOOD_ENTRY (item));
          gint64           time =
              g_date_time_to_unix (reframe_mood_entry_get_time (REFRAME_MOOD_ENTRY (item)));

          g_assert_cmpstr (day, ==, last_day);
          g_assert_cmpint (time, <, last_time);
          last_time = time;
        }
    }
  g_assert_finalize_object (model);
}

static void
test_changes_are_exact (Fixture      *f,
                        gconstpointer data)
{
  g_autofree char     *a = save_at (f, "2026-03-01T09:00:00Z", REFRAME_MOOD_OKAY, "a");
  g_autofree char     *b = save_at (f, "2026-03-03T08:00:00Z", REFRAME_MOOD_GOOD, "b");
  g_autofree char     *c = save_at (f, "2026-03-05T08:00:00Z", REFRAME_MOOD_GOOD, "c");
  ReframeJournalModel *model = new_model (f);
  g_autoptr (ReframeMoodEntry) entry = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) moved = g_date_time_new_from_iso8601 ("2026-03-05T23:00:00Z", NULL);
  g_autofree char *e = NULL;

  assert_mirror_matches (f, model);

  /* A new day in the middle, a second entry on a day, an edit, a move, deletes. */
  g_free (save_at (f, "2026-03-02T10:00:00Z", REFRAME_MOOD_BAD, "new day"));
  assert_mirror_matches (f, model);
  e = save_at (f, "2026-03-03T20:00:00Z", REFRAME_MOOD_BAD, "same day");
  assert_mirror_matches (f, model);

  entry = reframe_mood_repository_get (moods (f), b, &error);
  g_assert_no_error (error);
  reframe_mood_entry_set_note (entry, "edited");
  g_assert_true (reframe_mood_repository_save (moods (f), entry, &error));
  assert_mirror_matches (f, model);

  reframe_mood_entry_set_time (entry, moved);
  g_assert_true (reframe_mood_repository_save (moods (f), entry, &error));
  assert_mirror_matches (f, model);
  g_assert_cmpuint (reframe_journal_model_find_entry (model, b), ==, 1);

  g_assert_true (reframe_mood_repository_delete (moods (f), a, &error));
  assert_mirror_matches (f, model);
  g_assert_true (reframe_mood_repository_delete (moods (f), c, &error));
  g_assert_true (reframe_mood_repository_delete (moods (f), e, &error));
  assert_mirror_matches (f, model);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 2);
  g_assert_finalize_object (model);
}

/* An import writes many entries at once and says so with one reload: the list follows. */
static void
test_follows_imports (Fixture      *f,
                      gconstpointer data)
{
  g_autofree char *a = save_at (f, "2024-03-12T09:00:00Z", REFRAME_MOOD_OKAY, "already here");
  g_autofree char *path =
      g_test_build_filename (G_TEST_DIST, "data", "imports", "daylio-current-bom-crlf.csv", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  ReframeJournalModel *model = new_model (f);

  batch = reframe_importer_read (&reframe_daylio_importer, file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (reframe_import_apply (f->store, batch, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 4);
  assert_mirror_matches (f, model);
  g_assert_finalize_object (model);
}

static void
test_filters_off_thread (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (ReframeJournalQuery) by_mood =
      reframe_journal_query_new (NULL, REFRAME_MOOD_GREAT, NULL);
  g_autoptr (ReframeJournalQuery) by_text =
      reframe_journal_query_new ("river", REFRAME_MOOD_NONE, NULL);
  g_autoptr (ReframeJournalQuery) by_tag =
      reframe_journal_query_new (NULL, REFRAME_MOOD_NONE, "exercise");
  g_autoptr (ReframeMoodEntry) tagged =
      reframe_test_entry_at ("2026-04-02T10:00:00Z", REFRAME_MOOD_OKAY, "gym");
  g_autoptr (GError) error = NULL;
  const char          *exercise[] = { "exercise", NULL };
  ReframeJournalModel *model;

  g_free (save_at (f, "2026-04-01T10:00:00Z", REFRAME_MOOD_GREAT, "Swam in the river"));
  g_free (save_at (f, "2026-04-01T12:00:00Z", REFRAME_MOOD_BAD, "Rain"));
  g_free (save_at (f, "2026-04-03T12:00:00Z", REFRAME_MOOD_GREAT, "Sunny"));
  reframe_mood_entry_set_activities (tagged, exercise);
  g_assert_true (reframe_mood_repository_save (moods (f), tagged, &error));
  model = new_model (f);

  reframe_journal_model_set_query (model, by_mood);
  g_assert_true (reframe_journal_model_get_loading (model));
  reframe_test_wait_loaded (model);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 4);
  assert_mirror_matches (f, model);

  reframe_journal_model_set_query (model, by_text);
  reframe_test_wait_loaded (model);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 1);
  {
    g_autoptr (ReframeMoodEntry) hit = g_list_model_get_item (G_LIST_MODEL (model), 1);

    g_assert_cmpstr (reframe_mood_entry_get_snippet (hit), ==, "Swam in the \002river\003");
  }

  reframe_journal_model_set_query (model, by_tag);
  reframe_test_wait_loaded (model);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 1);

  /* A save while filtered runs the filter again. */
  reframe_mood_entry_set_note (tagged, "gym again");
  g_assert_true (reframe_mood_repository_save (moods (f), tagged, &error));
  reframe_test_wait_loaded (model);
  {
    g_autoptr (ReframeMoodEntry) hit = g_list_model_get_item (G_LIST_MODEL (model), 1);

    g_assert_cmpstr (reframe_mood_entry_get_note (hit), ==, "gym again");
  }
  assert_mirror_matches (f, model);

  reframe_journal_model_set_query (model, NULL);
  g_assert_false (reframe_journal_model_get_loading (model));
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 4);
  assert_mirror_matches (f, model);
  g_assert_finalize_object (model);
}

static void
test_search_counts_exact (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (ReframeJournalQuery) query =
      reframe_journal_query_new ("alpha", REFRAME_MOOD_NONE, NULL);
  g_autoptr (ReframeJournalQuery) both =
      reframe_journal_query_new ("alpha", REFRAME_MOOD_AWFUL, NULL);
  g_autoptr (GDateTime) start = g_date_time_new_utc (2021, 6, 1, 7, 0, 0);
  ReframeJournalModel *model;
  guint                expected_days = 0;

  /* Enough entries that the set of matches grows many times over. */
  for (int i = 0; i < 900; i++)
    {
      g_autoptr (GDateTime) time = g_date_time_add_hours (start, i * 7);
      g_autofree char *iso = g_date_time_format_iso8601 (time);

      g_free (save_at (f, iso, 1 + i % 5, i % 3 == 0 ? "alpha and more" : "beta only"));
    }
  model = new_model (f);
  reframe_journal_model_set_query (model, query);
  reframe_test_wait_loaded (model);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 300);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (REFRAME_IS_JOURNAL_DAY (item))
        expected_days++;
      else
        g_assert_cmpstr (
            reframe_mood_entry_get_note (REFRAME_MOOD_ENTRY (item)), ==, "alpha and more");
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300 + expected_days);
  assert_mirror_matches (f, model);

  /* i % 3 == 0 and i % 5 == 0: every fifteenth entry. */
  reframe_journal_model_set_query (model, both);
  reframe_test_wait_loaded (model);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 60);
  g_assert_finalize_object (model);
}

static guint
n_found (ReframeJournalModel *model,
         const char          *text)
{
  g_autoptr (ReframeJournalQuery) query = reframe_journal_query_new (text, REFRAME_MOOD_NONE, NULL);

  reframe_journal_model_set_query (model, query);
  reframe_test_wait_loaded (model);
  return reframe_journal_model_get_n_entries (model);
}

static void
log_elsewhere (Fixture    *f,
               const char *note)
{
  g_assert_cmpint (reframe_test_cli_run (&(ReframeTestCli){ .data_dir = f->dir, .in_process = TRUE },
                                         NULL,
                                         NULL,
                                         "log",
                                         "--mood",
                                         "3",
                                         "--note",
                                         note,
                                         NULL),
                   ==,
                   0);
}

/* A text search keeps the journal's order in memory between keystrokes; it still
 * finds what was written since, here or by another program, and in the right place. */
static void
test_search_sees_every_change (Fixture      *f,
                               gconstpointer data)
{
  g_autoptr (ReframeJournalModel) model = NULL;
  g_autofree char *first = NULL;

  for (int i = 0; i < 40; i++)
    {
      g_autofree char *iso = g_strdup_printf ("2026-03-%02dT09:00:00Z", 1 + i % 28);

      g_free (save_at (f, iso, 1 + i % 5, i % 2 == 0 ? "alpha walk" : "beta walk"));
    }
  model = new_model (f);
  g_assert_cmpuint (n_found (model, "alpha"), ==, 20);
  g_assert_cmpuint (n_found (model, "walk"), ==, 40);

  /* Saved through this window: the search runs again by itself. */
  first = save_at (f, "2026-03-30T09:00:00Z", REFRAME_MOOD_GOOD, "alpha at the top");
  reframe_test_wait_loaded (model);
  g_assert_cmpuint (reframe_journal_model_get_n_entries (model), ==, 40);
  g_assert_cmpuint (n_found (model, "alpha"), ==, 21);
  {
    g_autoptr (ReframeMoodEntry) top = g_list_model_get_item (G_LIST_MODEL (model), 1);

    g_assert_cmpstr (reframe_mood_entry_get_uuid (top), ==, first);
  }

  /* Written by another program meanwhile: the next keystroke finds it. */
  log_elsewhere (f, "alpha from the command line");
  g_assert_cmpuint (n_found (model, "alph"), ==, 22);
  g_assert_cmpuint (n_found (model, "alpha"), ==, 22);
  assert_mirror_matches (f, model);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (          \
      "/reframe/journal-model/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("empty", test_empty);
  ADD ("grouped-by-day", test_grouped_by_day);
  ADD ("pages-stay-in-order", test_pages_stay_in_order);
  ADD ("changes-are-exact", test_changes_are_exact);
  ADD ("follows-imports", test_follows_imports);
  ADD ("filters-off-thread", test_filters_off_thread);
  ADD ("search-counts-exact", test_search_counts_exact);
  ADD ("search-sees-every-change", test_search_sees_every_change);
#undef ADD

  return g_test_run ();
}
