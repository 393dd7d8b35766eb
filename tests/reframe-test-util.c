/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-test-util.c: helpers shared by the core tests. */

#include "config.h"

#include <glib/gstdio.h>

#include "reframe-journal-model.h"
#include "reframe-mood-entry.h"
#include "reframe-test-util.h"

char *
reframe_test_make_tmp_dir (void)
{
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp ("reframe-test-XXXXXX", &error);

  g_assert_no_error (error);
  return path;
}

void
reframe_test_remove_tree (const char *path)
{
  g_autoptr (GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      reframe_test_remove_tree (child);
    }
  g_rmdir (path);
}

ReframeMoodEntry *
reframe_test_entry_at (const char *iso_time,
                       ReframeMood mood,
                       const char *note)
{
  ReframeMoodEntry *entry = reframe_mood_entry_new ();
  g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (iso_time, NULL);

  g_assert_nonnull (time);
  reframe_mood_entry_set_time (entry, time);
  reframe_mood_entry_set_mood (entry, mood);
  reframe_mood_entry_set_note (entry, note);
  return entry;
}

void
reframe_test_wait_loaded (ReframeJournalModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_TIME_SPAN_SECOND;

  while (reframe_journal_model_get_loading (model) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (reframe_journal_model_get_loading (model));
}
