/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backup-schedule.c: when the journal is backed up.
 *
 * Once a day when Reframe runs (on a worker thread, a little after the window shows, so
 * that start-up does not wait for it), on quit when the journal changed since the last
 * backup (that one the quit waits for: it is what keeps the day's words), and before every
 * import (on the import's own thread). The folder and how many are kept follow the
 * settings as they change. A backup that fails is said once, in the window, and the older
 * ones are kept (reframe-backups.c). */

#define G_LOG_DOMAIN "ReframeBackupSchedule"

#include "config.h"

#include "reframe-backup-schedule.h"
#include "reframe-import.h"

/* How long after start-up the daily backup waits: the first frames come first. */
#define DAILY_DELAY_SECONDS 5

struct _ReframeBackupSchedule
{
  GObject parent_instance;

  /* Owned */
  ReframeStore   *store;
  GSettings      *settings;
  ReframeBackups *backups;
  GCancellable   *cancellable;
  GMutex          folder_lock;
  char           *folder; /* for the import's thread; NULL for the default */
  guint64         backed_up_count;
  guint           daily_id;
};

G_DEFINE_FINAL_TYPE (ReframeBackupSchedule, reframe_backup_schedule, G_TYPE_OBJECT)

enum
{
  SIGNAL_FAILED,
  N_SIGNALS,
};

static guint signals[N_SIGNALS];

static void
settings_changed_cb (ReframeBackupSchedule *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "backup-folder");

  reframe_backups_set_folder (self->backups, *folder != '\0' ? folder : NULL);
  reframe_backups_set_keep (self->backups,
                            g_settings_get_uint (self->settings, "backup-keep-daily"),
                            g_settings_get_uint (self->settings, "backup-keep-weekly"),
                            g_settings_get_uint (self->settings, "backup-keep-monthly"));
  g_mutex_lock (&self->folder_lock);
  g_free (self->folder);
  self->folder = *folder != '\0' ? g_steal_pointer (&folder) : NULL;
  g_mutex_unlock (&self->folder_lock);
}

/* Runs on the import's worker thread: the folder is read under the lock. */
static gboolean
before_import (ReframeStore *store,
               gpointer      user_data,
               GError      **error)
{
  ReframeBackupSchedule *self = user_data;
  g_autofree char       *folder = NULL;

  g_mutex_lock (&self->folder_lock);
  folder = g_strdup (self->folder);
  g_mutex_unlock (&self->folder_lock);
  return reframe_backups_before_import (store, folder, error);
}

static void
daily_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (ReframeBackupSchedule) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = reframe_backups_create_finish (REFRAME_BACKUPS (source), result, &error);

  if (path != NULL)
    return;
  /* Not saved after all: a quit must make one. */
  self->backed_up_count = G_MAXUINT64;
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, error->message);
}

static gboolean
daily_cb (gpointer user_data)
{
  ReframeBackupSchedule *self = user_data;

  self->daily_id = 0;
  if (!reframe_backups_need_daily (self->backups))
    return G_SOURCE_REMOVE;
  /* What this backup holds is what a quit right now would have to save again. */
  self->backed_up_count = reframe_store_get_change_count (self->store);
  reframe_backups_create_async (self->backups,
                                REFRAME_BACKUP_REASON_DAILY,
                                self->cancellable,
                                daily_done_cb,
                                g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
reframe_backup_schedule_dispose (GObject *object)
{
  ReframeBackupSchedule *self = REFRAME_BACKUP_SCHEDULE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->daily_id, g_source_remove);
  reframe_import_set_backup_func (NULL, NULL);
  g_clear_object (&self->backups);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (reframe_backup_schedule_parent_class)->dispose (object);
}

static void
reframe_backup_schedule_finalize (GObject *object)
{
  ReframeBackupSchedule *self = REFRAME_BACKUP_SCHEDULE (object);

  g_mutex_clear (&self->folder_lock);
  g_free (self->folder);

  G_OBJECT_CLASS (reframe_backup_schedule_parent_class)->finalize (object);
}

static void
reframe_backup_schedule_class_init (ReframeBackupScheduleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_backup_schedule_dispose;
  object_class->finalize = reframe_backup_schedule_finalize;

  /**
   * ReframeBackupSchedule::failed:
   * @self: the schedule
   * @message: what went wrong, for the person
   *
   * An automatic backup could not be made; the older ones are kept.
   */
  signals[SIGNAL_FAILED] = g_signal_new ("failed",
                                         G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST,
                                         0,
                                         NULL,
                                         NULL,
                                         NULL,
                                         G_TYPE_NONE,
                                         1,
                                         G_TYPE_STRING);
}

static void
reframe_backup_schedule_init (ReframeBackupSchedule *self)
{
  g_mutex_init (&self->folder_lock);
  self->cancellable = g_cancellable_new ();
}

/**
 * reframe_backup_schedule_new:
 * @store: the journal
 * @settings: Reframe's settings: the folder and how many are kept
 *
 * Returns: (transfer full): the schedule; it backs up before imports from now on
 */
ReframeBackupSchedule *
reframe_backup_schedule_new (ReframeStore *store,
                             GSettings    *settings)
{
  ReframeBackupSchedule *self;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (REFRAME_TYPE_BACKUP_SCHEDULE, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->backups = reframe_backups_new (store);
  self->backed_up_count = reframe_store_get_change_count (store);
  settings_changed_cb (self);
  g_signal_connect_object (
      settings, "changed", G_CALLBACK (settings_changed_cb), self, G_CONNECT_SWAPPED);
  reframe_import_set_backup_func (before_import, self);
  return self;
}

ReframeBackups *
reframe_backup_schedule_get_backups (ReframeBackupSchedule *self)
{
  g_return_val_if_fail (REFRAME_IS_BACKUP_SCHEDULE (self), NULL);

  return self->backups;
}

ReframeStore *
reframe_backup_schedule_get_store (ReframeBackupSchedule *self)
{
  g_return_val_if_fail (REFRAME_IS_BACKUP_SCHEDULE (self), NULL);

  return self->store;
}

/**
 * reframe_backup_schedule_start:
 * @self: the schedule
 *
 * Makes the day's backup soon, if there is none from the last 24 hours.
 */
void
reframe_backup_schedule_start (ReframeBackupSchedule *self)
{
  g_return_if_fail (REFRAME_IS_BACKUP_SCHEDULE (self));

  if (self->daily_id == 0)
    self->daily_id = g_timeout_add_seconds (DAILY_DELAY_SECONDS, daily_cb, self);
}

/**
 * reframe_backup_schedule_note_backup:
 * @self: the schedule
 *
 * Says a backup was just made by hand: a quit now has nothing new to save.
 */
void
reframe_backup_schedule_note_backup (ReframeBackupSchedule *self)
{
  g_return_if_fail (REFRAME_IS_BACKUP_SCHEDULE (self));

  self->backed_up_count = reframe_store_get_change_count (self->store);
}

/**
 * reframe_backup_schedule_quit:
 * @self: the schedule
 * @error: return location for why the backup failed
 *
 * Backs the journal up as Reframe quits, when it changed since the last backup.
 *
 * Returns: %FALSE when a backup was needed and failed
 */
gboolean
reframe_backup_schedule_quit (ReframeBackupSchedule *self,
                              GError               **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (REFRAME_IS_BACKUP_SCHEDULE (self), FALSE);

  g_clear_handle_id (&self->daily_id, g_source_remove);
  if (reframe_store_get_change_count (self->store) == self->backed_up_count)
    return TRUE;
  path = reframe_backups_create (self->backups, REFRAME_BACKUP_REASON_ON_QUIT, NULL, error);
  if (path != NULL)
    self->backed_up_count = reframe_store_get_change_count (self->store);
  return path != NULL;
}
