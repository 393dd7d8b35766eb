/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-backups-page.c: Preferences → Backups.
 *
 * Where backups go and how many are kept (the settings the schedule follows), the list of
 * them with what each holds, Back Up Now, and Restore…, which says what the backup holds
 * and that the journal as it is now is backed up first, before anything is replaced.
 * Every copy, check and restore runs on a worker thread (reframe-backups.c). */

#define G_LOG_DOMAIN "ReframeBackupsPage"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-accessible.h"
#include "reframe-application.h"
#include "reframe-backups-page.h"
#include "reframe-locale.h"
#include "reframe-preferences-window.h"

struct _ReframeBackupsPage
{
  AdwPreferencesPage parent_instance;

  /* Template widgets */
  AdwActionRow        *folder_row;
  GtkWidget           *default_folder_button;
  GtkSpinButton       *daily_spin;
  GtkSpinButton       *weekly_spin;
  GtkSpinButton       *monthly_spin;
  AdwPreferencesGroup *list_group;
  GtkSpinner          *spinner;
  GtkWidget           *backup_button;

  /* Owned */
  ReframeBackupSchedule *schedule;
  GSettings             *settings;
  GCancellable          *cancellable;
  GtkFileChooserNative  *chooser;
  GPtrArray             *rows; /* of GtkWidget, in list_group */
  guint                  n_backups;
};

G_DEFINE_FINAL_TYPE (ReframeBackupsPage, reframe_backups_page, ADW_TYPE_PREFERENCES_PAGE)

static ReframeBackups *
backups (ReframeBackupsPage *self)
{
  return reframe_backup_schedule_get_backups (self->schedule);
}

static void
set_busy (ReframeBackupsPage *self,
          gboolean            busy)
{
  gtk_widget_set_sensitive (self->backup_button, !busy);
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
}

static char *
format_when (GDateTime *when)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (when);

  return reframe_locale_format_day_and_clock (local, REFRAME_DATE_FULL);
}

static const char *
reason_label (const char *reason)
{
  if (g_strcmp0 (reason, REFRAME_BACKUP_REASON_DAILY) == 0)
    /* Translators: why a backup was made, shown after its size ("48.2 MB · daily"): reasons daily,
     * on quit, made by you, before an update, a restore or an import, copied in */
    return _ ("daily");
  if (g_strcmp0 (reason, REFRAME_BACKUP_REASON_ON_QUIT) == 0)
    return _ ("on quit");
  if (g_strcmp0 (reason, REFRAME_BACKUP_REASON_MANUAL) == 0)
    return _ ("made by you");
  if (g_strcmp0 (reason, REFRAME_BACKUP_REASON_BEFORE_UPDATE) == 0)
    return _ ("before an update");
  if (g_strcmp0 (reason, REFRAME_BACKUP_REASON_BEFORE_RESTORE) == 0)
    return _ ("before a restore");
  if (g_strcmp0 (reason, REFRAME_BACKUP_REASON_BEFORE_IMPORT) == 0)
    return _ ("before an import");
  return _ ("copied in");
}

static char *
info_subtitle (const ReframeBackupInfo *info)
{
  g_autofree char *size = g_format_size (info->size);

  if (info->schema_version == 0)
    /* Translators: a backup that cannot be read; %s is its size */
    return g_strdup_printf (_ ("Cannot be read · %s"), size);
  /* Translators: a backup: how many entries, its size, why it was made, as in "7301 entries · 48.2
   * MB · daily" */
  return g_strdup_printf (ngettext ("%u entry · %s · %s", "%u entries · %s · %s", info->n_entries),
                          info->n_entries,
                          size,
                          reason_label (info->reason));
}

/* Restoring */

static void
restore_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (ReframeBackupsPage) self = user_data;
  g_autoptr (GError) error = NULL;
  GApplication *app = g_application_get_default ();

  set_busy (self, FALSE);
  if (!reframe_backups_restore_finish (REFRAME_BACKUPS (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        reframe_preferences_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  /* Everything shown is read again from the restored journal. */
  if (REFRAME_IS_APPLICATION (app))
    reframe_application_reopen_journal (REFRAME_APPLICATION (app),
                                        _ ("Your journal was restored from the backup"));
}

static void
restore_response_cb (AdwMessageDialog   *dialog,
                     const char         *response,
                     ReframeBackupsPage *self)
{
  if (g_strcmp0 (response, "restore") != 0)
    return;
  set_busy (self, TRUE);
  reframe_backups_restore_async (backups (self),
                                 g_object_get_data (G_OBJECT (dialog), "path"),
                                 self->cancellable,
                                 restore_done_cb,
                                 g_object_ref (self));
}

static char *
holds_text (const ReframeBackupInfo *info)
{
  g_autoptr (GString) text = g_string_new (NULL);
  /* Translators: a count of worksheets, for the sentence "It holds …, and %s." */
  g_autofree char *worksheets = g_strdup_printf (
      ngettext ("%u worksheet", "%u worksheets", info->n_worksheets), info->n_worksheets);

  if (info->n_entries > 0 && g_date_valid (&info->first_day) && g_date_valid (&info->last_day))
    {
      g_autofree char *from = reframe_locale_format_date (&info->first_day, REFRAME_DATE_FULL);
      g_autofree char *to = reframe_locale_format_date (&info->last_day, REFRAME_DATE_FULL);

      /* Translators: what a backup holds: its entries, the first and last day of them,
       * then a count of worksheets ("2 worksheets") */
      g_string_append_printf (text,
                              ngettext ("It holds %u entry, from %s to %s, and %s.",
                                        "It holds %u entries, from %s to %s, and %s.",
                                        info->n_entries),
                              info->n_entries,
                              from,
                              to,
                              worksheets);
    }
  else
    /* Translators: %s is a count of worksheets ("2 worksheets") */
    g_string_append_printf (text, _ ("It holds no entries, and %s."), worksheets);
  g_string_append (text, " ");
  g_string_append (text,
                   _ ("Your journal as it is now is backed up first, so you can come back to it."));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
inspect_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (ReframeBackupsPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeBackupInfo) info = reframe_backup_inspect_finish (result, &error);
  g_autofree char *when = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  GtkWidget       *dialog;

  set_busy (self, FALSE);
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        reframe_preferences_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  when = format_when (info->when);
  /* Translators: %s is when the backup was made */
  heading = g_strdup_printf (_ ("Restore the Backup of %s?"), when);
  body = holds_text (info);
  dialog =
      adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, body);
  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "restore", _ ("_Restore"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "restore", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (info->path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (restore_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_clicked_cb (GtkButton          *button,
                    ReframeBackupsPage *self)
{
  set_busy (self, TRUE);
  reframe_backup_inspect_async (g_object_get_data (G_OBJECT (button), "path"),
                                self->cancellable,
                                inspect_done_cb,
                                g_object_ref (self));
}

/* The list */

static GtkWidget *
backup_row (ReframeBackupsPage      *self,
            const ReframeBackupInfo *info)
{
  GtkWidget       *row = adw_action_row_new ();
  GtkWidget       *button = gtk_button_new_with_mnemonic (_ ("_Restore…"));
  g_autofree char *title = format_when (info->when);
  g_autofree char *subtitle = info_subtitle (info);
  /* Translators: a button's name; %s is when the backup was made */
  g_autofree char *label = g_strdup_printf (_ ("Restore the Backup of %s"), title);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (button, info->schema_version > 0);
  reframe_accessible_set_name (button, label);
  g_object_set_data_full (G_OBJECT (button), "path", g_strdup (info->path), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (restore_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
list_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (ReframeBackupsPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list =
      reframe_backups_list_finish (REFRAME_BACKUPS (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  self->n_backups = list != NULL ? list->len : 0;
  adw_preferences_group_set_description (self->list_group,
                                         list == NULL ? error->message
                                         : list->len == 0
                                             ? _ ("No backups yet. The first one is made today.")
                                             : NULL);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      GtkWidget *row = backup_row (self, g_ptr_array_index (list, i));

      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
    }
}

static void
reload (ReframeBackupsPage *self)
{
  reframe_backups_list_async (backups (self), self->cancellable, list_done_cb, g_object_ref (self));
}

/* Backing up now */

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (ReframeBackupsPage) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = reframe_backups_create_finish (REFRAME_BACKUPS (source), result, &error);

  set_busy (self, FALSE);
  if (path == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        reframe_preferences_window_toast_for (GTK_WIDGET (self), error->message);
      return;
    }
  reframe_preferences_window_toast_for (GTK_WIDGET (self), _ ("Backed up and checked"));
  reload (self);
}

static void
back_up_activated_cb (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ReframeBackupsPage *self = REFRAME_BACKUPS_PAGE (widget);

  set_busy (self, TRUE);
  reframe_backup_schedule_note_backup (self->schedule);
  reframe_backups_create_async (backups (self),
                                REFRAME_BACKUP_REASON_MANUAL,
                                self->cancellable,
                                backup_done_cb,
                                g_object_ref (self));
}

/* The folder */

static void
show_folder (ReframeBackupsPage *self)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "backup-folder");

  adw_action_row_set_subtitle (self->folder_row, reframe_backups_get_folder (backups (self)));
  gtk_widget_set_visible (self->default_folder_button, *chosen != '\0');
}

static void
folder_changed_cb (ReframeBackupsPage *self)
{
  /* The schedule hears the same signal first: its backups already use the new folder. */
  show_folder (self);
  reload (self);
}

static void
chooser_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     ReframeBackupsPage *self)
{
  g_autoptr (GFile) folder = response == GTK_RESPONSE_ACCEPT
                                 ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                                 : NULL;
  g_autofree char *path = folder != NULL ? g_file_get_path (folder) : NULL;

  g_clear_object (&self->chooser);
  if (path != NULL)
    g_settings_set_string (self->settings, "backup-folder", path);
}

static void
choose_folder_activated_cb (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  ReframeBackupsPage *self = REFRAME_BACKUPS_PAGE (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_ ("Choose Where Backups Go"),
                                               GTK_WINDOW (gtk_widget_get_root (widget)),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _ ("_Choose"),
                                               _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
default_folder_activated_cb (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  g_settings_reset (REFRAME_BACKUPS_PAGE (widget)->settings, "backup-folder");
}

static void
reframe_backups_page_dispose (GObject *object)
{
  ReframeBackupsPage *self = REFRAME_BACKUPS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_BACKUPS_PAGE);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->schedule);

  G_OBJECT_CLASS (reframe_backups_page_parent_class)->dispose (object);
}

static void
reframe_backups_page_class_init (ReframeBackupsPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_backups_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-backups-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeBackupsPage, folder_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeBackupsPage, default_folder_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeBackupsPage, daily_spin);
  gtk_widget_class_bind_template_child (widget_class, ReframeBackupsPage, weekly_spin);
  gtk_widget_class_bind_template_child (widget_class, ReframeBackupsPage, monthly_spin);
  gtk_widget_class_bind_template_child (widget_class, ReframeBackupsPage, list_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeBackupsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframeBackupsPage, backup_button);

  gtk_widget_class_install_action (widget_class, "backups.back-up", NULL, back_up_activated_cb);
  gtk_widget_class_install_action (
      widget_class, "backups.choose-folder", NULL, choose_folder_activated_cb);
  gtk_widget_class_install_action (
      widget_class, "backups.default-folder", NULL, default_folder_activated_cb);
}

static void
reframe_backups_page_init (ReframeBackupsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

/**
 * reframe_backups_page_new:
 * @schedule: the open journal's backups
 * @settings: Reframe's settings: the folder and how many are kept
 *
 * Returns: (transfer floating): the page, filling its list on a worker thread
 */
GtkWidget *
reframe_backups_page_new (ReframeBackupSchedule *schedule,
                          GSettings             *settings)
{
  ReframeBackupsPage *self;

  g_return_val_if_fail (REFRAME_IS_BACKUP_SCHEDULE (schedule), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (REFRAME_TYPE_BACKUPS_PAGE, NULL);
  self->schedule = g_object_ref (schedule);
  self->settings = g_object_ref (settings);
  g_settings_bind (
      settings, "backup-keep-daily", self->daily_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (
      settings, "backup-keep-weekly", self->weekly_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (
      settings, "backup-keep-monthly", self->monthly_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (
      settings, "changed::backup-folder", G_CALLBACK (folder_changed_cb), self, G_CONNECT_SWAPPED);
  show_folder (self);
  reload (self);
  return GTK_WIDGET (self);
}

guint
reframe_backups_page_get_n_backups (ReframeBackupsPage *self)
{
  g_return_val_if_fail (REFRAME_IS_BACKUPS_PAGE (self), 0);

  return self->n_backups;
}
