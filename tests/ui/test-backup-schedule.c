/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backup-schedule.c: when the app backs the journal up: on quit only after a change,
 * before every import, and into the folder the settings name. */

#include "config.h"

#include <glib/gstdio.h>

#include "reframe-backup-schedule.h"
#include "reframe-daylio-importer.h"
#include "reframe-import.h"
#include "reframe-mood-repository.h"
#include "reframe-test-util.h"

typedef struct
{
  char         *dir;
  ReframeStore *store;
  GSettings    *settings;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->dir = reframe_test_make_tmp_dir ();
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->settings = g_settings_new ("io.github.reframe.Reframe");
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_settings_reset (f->settings, "backup-folder");
  g_clear_object (&f->settings);
  g_assert_finalize_object (g_steal_pointer (&f->store));
  reframe_test_remove_tree (f->dir);
  g_free (f->dir);
}

static guint
count_backups (ReframeBackupSchedule *schedule,
               const char            *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list =
      reframe_backups_list (reframe_backup_schedule_get_backups (schedule), &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    n += g_strcmp0 (((ReframeBackupInfo *) g_ptr_array_index (list, i))->reason, reason) == 0;
  return n;
}

static void
save_entry (Fixture *f)
{
  g_autoptr (ReframeMoodEntry) entry =
      reframe_test_entry_at ("2026-03-14T21:00:00Z", REFRAME_MOOD_GOOD, "A walk");
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_mood_repository_save (reframe_store_get_moods (f->store), entry, &error));
  g_assert_no_error (error);
}

/* Nothing changed: quitting makes no backup. A change: it makes one, then not again. */
static void
test_quit_after_change (Fixture      *f,
                        gconstpointer data)
{
  g_autoptr (ReframeBackupSchedule) schedule = reframe_backup_schedule_new (f->store, f->settings);
  g_autoptr (GError) error = NULL;

  g_assert_true (reframe_backup_schedule_quit (schedule, &error));
  g_assert_cmpuint (count_backups (schedule, REFRAME_BACKUP_REASON_ON_QUIT), ==, 0);
  save_entry (f);
  g_assert_true (reframe_backup_schedule_quit (schedule, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_backups (schedule, REFRAME_BACKUP_REASON_ON_QUIT), ==, 1);
  g_assert_true (reframe_backup_schedule_quit (schedule, &error));
  g_assert_cmpuint (count_backups (schedule, REFRAME_BACKUP_REASON_ON_QUIT), ==, 1);
}

/* An import backs the journal up first, into the folder the settings name. */
static void
test_before_import (Fixture      *f,
                    gconstpointer data)
{
  g_autofree char *folder = g_build_filename (f->dir, "elsewhere", NULL);
  g_autoptr (ReframeBackupSchedule) schedule = NULL;
  static const char text[] = "full_date,date,weekday,time,mood,activities,note_title,note\n"
                             "2024-01-05,Jan 5,Friday,09:00,rad,\"\",\"\",\"A good day\"\n";
  g_autoptr (GBytes) csv = g_bytes_new_static (text, sizeof text - 1);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  ReframeImportResult result = { 0 };

  g_settings_set_string (f->settings, "backup-folder", folder);
  schedule = reframe_backup_schedule_new (f->store, f->settings);
  g_assert_cmpstr (
      reframe_backups_get_folder (reframe_backup_schedule_get_backups (schedule)), ==, folder);
  batch = reframe_daylio_read_bytes (csv, &error);
  g_assert_no_error (error);
  g_assert_true (reframe_import_apply (f->store, batch, &result, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.n_added, ==, 1);
  g_assert_cmpuint (count_backups (schedule, REFRAME_BACKUP_REASON_BEFORE_IMPORT), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/reframe/backup-schedule/quit-after-change",
              Fixture,
              NULL,
              fixture_set_up,
              test_quit_after_change,
              fixture_tear_down);
  g_test_add ("/reframe/backup-schedule/before-import",
              Fixture,
              NULL,
              fixture_set_up,
              test_before_import,
              fixture_tear_down);
  return g_test_run ();
}
