/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-search.c: full-text search over notes, feelings and activities. */

#include "config.h"

#include "reframe-mood-entry.h"
#include "reframe-mood-repository-private.h"
#include "reframe-store.h"
#include "reframe-test-util.h"

typedef struct
{
  char         *dir;
  ReframeStore *store;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_assert_finalize_object (f->store);
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static guint
n_found (Fixture    *f,
         const char *text)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found =
      reframe_mood_repository_search (reframe_store_get_moods (f->store), text, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (found);
  return found->len;
}

static ReframeMoodEntry *
save (Fixture    *f,
      const char *iso_time,
      const char *note)
{
  ReframeMoodEntry *entry = reframe_test_entry_at (iso_time, REFRAME_MOOD_OKAY, note);
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);
  return entry;
}

static void
test_words_and_prefixes (Fixture      *f,
                         gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) a =
      save (f, "2025-05-01T10:00:00Z", "Felt anxious before the meeting at the café.");
  g_autoptr (ReframeMoodEntry) b =
      save (f, "2025-06-01T10:00:00Z", "Anxiety eased after a long walk.");

  g_assert_cmpuint (n_found (f, "anx"), ==, 2);
  g_assert_cmpuint (n_found (f, "anxious"), ==, 1);
  g_assert_cmpuint (n_found (f, "ANXIOUS meeting"), ==, 1);
  g_assert_cmpuint (n_found (f, "cafe"), ==, 1);
  g_assert_cmpuint (n_found (f, "walk meeting"), ==, 0);
  g_assert_cmpuint (n_found (f, "   "), ==, 0);
}

static void
test_syntax_is_text (Fixture      *f,
                     gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) a =
      save (f, "2025-05-01T10:00:00Z", "He said \"NOT tonight\" (again) * sigh");

  /* Characters that mean something to FTS5 are searched as plain text. */
  g_assert_cmpuint (n_found (f, "\"NOT"), ==, 1);
  g_assert_cmpuint (n_found (f, "NOT"), ==, 1);
  g_assert_cmpuint (n_found (f, "(again)"), ==, 1);
  g_assert_cmpuint (n_found (f, "AND OR NEAR("), ==, 0);
  g_assert_cmpuint (n_found (f, "*"), ==, 0);
  g_assert_cmpuint (n_found (f, "sigh:"), ==, 1);
  g_assert_cmpuint (n_found (f, "col:sigh"), ==, 0);
}

static void
test_tags_are_searched (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) a =
      reframe_test_entry_at ("2025-05-01T10:00:00Z", REFRAME_MOOD_GOOD, "");
  g_autoptr (GError) error = NULL;
  const char *feelings[] = { "hopeful", NULL };
  const char *activities[] = { "medication taken", NULL };

  reframe_mood_entry_set_feelings (a, feelings);
  reframe_mood_entry_set_activities (a, activities);
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), a, &error));
  g_assert_cmpuint (n_found (f, "hopeful"), ==, 1);
  g_assert_cmpuint (n_found (f, "medication"), ==, 1);
}

static void
test_index_follows_edits (Fixture      *f,
                          gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) a = save (f, "2025-05-01T10:00:00Z", "thunderstorm at night");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found = NULL;

  reframe_mood_entry_set_note (a, "quiet morning");
  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), a, &error));
  g_assert_cmpuint (n_found (f, "thunderstorm"), ==, 0);
  g_assert_cmpuint (n_found (f, "quiet"), ==, 1);

  found = reframe_mood_repository_search (reframe_store_get_moods (f->store), "morn", 0, &error);
  g_assert_cmpstr (
      reframe_mood_entry_get_snippet (g_ptr_array_index (found, 0)), ==, "quiet \002morning\003");

  g_assert_true (reframe_mood_repository_delete (
      reframe_store_get_moods (f->store), reframe_mood_entry_get_uuid (a), &error));
  g_assert_cmpuint (n_found (f, "quiet"), ==, 0);
}

static void
test_newest_first_and_limit (Fixture      *f,
                             gconstpointer data)
{
  g_autoptr (ReframeMoodEntry) old = save (f, "2020-05-01T10:00:00Z", "tea");
  g_autoptr (ReframeMoodEntry) recent = save (f, "2026-05-01T10:00:00Z", "tea");
  g_autoptr (ReframeMoodEntry) middle = save (f, "2023-05-01T10:00:00Z", "tea");
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) found =
      reframe_mood_repository_search (reframe_store_get_moods (f->store), "tea", 2, &error);

  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (reframe_mood_entry_get_uuid (g_ptr_array_index (found, 0)),
                   ==,
                   reframe_mood_entry_get_uuid (recent));
  g_assert_cmpstr (reframe_mood_entry_get_uuid (g_ptr_array_index (found, 1)),
                   ==,
                   reframe_mood_entry_get_uuid (middle));
}

/* A snippet costs what a screenful costs, however long the note and however many
 * times it matches: FTS5's own snippet() scores every match against every other. */
static void
test_snippet_of_huge_note_is_quick (Fixture      *f,
                                    gconstpointer data)
{
  g_autoptr (GString) note = g_string_new (NULL);
  g_autoptr (ReframeMoodEntry) a = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start;

  /* 100,000 words that all start with "a". */
  for (guint i = 0; i < 100000; i++)
    g_string_append (note, i % 2 ? "apple " : "anchor ");
  a = save (f, "2025-05-01T10:00:00Z", note->str);

  start = g_get_monotonic_time ();
  found = reframe_mood_repository_search (reframe_store_get_moods (f->store), "a", 0, &error);
  g_assert_no_error (error);
  g_test_message ("search with 100,000 hits in one note: %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (g_str_has_prefix (reframe_mood_entry_get_snippet (g_ptr_array_index (found, 0)),
                                   "\002anchor\003 \002apple\003 \002anchor\003"));
  g_assert_true (
      g_str_has_suffix (reframe_mood_entry_get_snippet (g_ptr_array_index (found, 0)), "\003…"));
}

/* A match deep in a long note shows the words around it, as FTS5's snippet () does. */
static void
test_snippet_around_late_match (Fixture      *f,
                                gconstpointer data)
{
  g_autoptr (GString) note = g_string_new (NULL);
  g_autoptr (ReframeMoodEntry) a = NULL;
  g_autoptr (ReframeMoodEntry) b = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < 2000; i++)
    g_string_append_printf (note, "w%u%s", i, i == 1000 ? ", then the Café closed. " : " ");
  a = save (f, "2025-05-01T10:00:00Z", note->str);
  b = save (f, "2025-04-01T10:00:00Z", "Short: the cafe, again!");

  found = reframe_mood_repository_search (reframe_store_get_moods (f->store), "cafe", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_cmpstr (reframe_mood_entry_get_snippet (g_ptr_array_index (found, 0)),
                   ==,
                   "…w996 w997 w998 w999 w1000, then the \002Café\003 closed. w1001 w1002 w1003 "
                   "w1004 w1005 w1006 w1007…");
  g_assert_cmpstr (reframe_mood_entry_get_snippet (g_ptr_array_index (found, 1)),
                   ==,
                   "Short: the \002cafe\003, again!");
}

static void
test_query_building (void)
{
  g_autofree char *q1 = _reframe_mood_repository_fts_query ("a \"b c");
  g_autofree char *q2 = _reframe_mood_repository_fts_query (" \t ");

  g_assert_cmpstr (q1, ==, "\"a\"* \"\"\"b\"* \"c\"*");
  g_assert_null (q2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/reframe/search/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("words-and-prefixes", test_words_and_prefixes);
  ADD ("syntax-is-text", test_syntax_is_text);
  ADD ("tags-are-searched", test_tags_are_searched);
  ADD ("index-follows-edits", test_index_follows_edits);
  ADD ("newest-first-and-limit", test_newest_first_and_limit);
  ADD ("snippet-of-huge-note-is-quick", test_snippet_of_huge_note_is_quick);
  ADD ("snippet-around-late-match", test_snippet_around_late_match);
#undef ADD
  g_test_add_func ("/reframe/search/query-building", test_query_building);

  return g_test_run ();
}
