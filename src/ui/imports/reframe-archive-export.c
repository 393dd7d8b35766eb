/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-archive-export.c: "Export Everything…": the whole journal saved as one archive.
 *
 * The archive carries the settings a person would want on a new computer (their
 * therapist, their country's lines, the companion they chose, reminders), never window
 * sizes or which remote services they once agreed to; companion conversations only when
 * they tick the box, since those are the most private part. Written on a worker thread;
 * the file is replaced whole or not at all. */

#define G_LOG_DOMAIN "ReframeArchiveExport"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "reframe-archive-export.h"
#include "reframe-archive.h"

#define CONVERSATIONS_CHOICE "conversations"

static const char *const KEPT_SETTINGS[] = {
  "color-scheme",
  "companion-provider",
  "companion-endpoint",
  "companion-model",
  "companion-system-prompt",
  "crisis-country",
  "crisis-extra-phrases",
  "therapist-name",
  "therapist-phone",
  "reminder-enabled",
  "reminder-time",
};

/**
 * reframe_archive_export_settings:
 * @settings: Reframe's settings
 *
 * Returns: (transfer full): the settings worth keeping in an archive, key → value
 */
JsonObject *
reframe_archive_export_settings (GSettings *settings)
{
  JsonObject *object = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (KEPT_SETTINGS); i++)
    {
      g_autoptr (GVariant) value = g_settings_get_value (settings, KEPT_SETTINGS[i]);

      json_object_set_member (object, KEPT_SETTINGS[i], json_gvariant_serialize (value));
    }
  return object;
}

static void
write_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (ReframeWindow) window = user_data;
  g_autoptr (GError) error = NULL;

  if (reframe_archive_write_finish (REFRAME_STORE (source), result, &error))
    reframe_window_add_toast (window, adw_toast_new (_ ("Everything was saved in the archive")));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    reframe_window_add_toast (window, adw_toast_new (error->message));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     ReframeWindow   *window)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                               : NULL;
  GSettings  *settings = g_object_get_data (G_OBJECT (chooser), "settings");
  const char *conversations =
      gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), CONVERSATIONS_CHOICE);

  if (file != NULL && reframe_window_get_store (window) != NULL)
    {
      g_autoptr (JsonObject) kept = reframe_archive_export_settings (settings);

      reframe_archive_write_async (reframe_window_get_store (window),
                                   file,
                                   g_strcmp0 (conversations, "true") == 0
                                       ? REFRAME_ARCHIVE_WITH_CONVERSATIONS
                                       : REFRAME_ARCHIVE_NONE,
                                   kept,
                                   NULL,
                                   write_done_cb,
                                   g_object_ref (window));
    }
  g_object_unref (chooser);
}

/**
 * reframe_archive_export_run:
 * @window: the main window, whose journal is saved
 * @settings: Reframe's settings
 *
 * Asks where, and whether conversations go too, then saves the archive.
 */
void
reframe_archive_export_run (ReframeWindow *window,
                            GSettings     *settings)
{
  GtkFileChooserNative *chooser;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  /* Translators: the archive's suggested file name; %s is today's date */
  g_autofree char *day = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *name = g_strdup_printf (_ ("reframe-journal-%s.reframe"), day);

  g_return_if_fail (REFRAME_IS_WINDOW (window));

  chooser = gtk_file_chooser_native_new (_ ("Export Everything"),
                                         GTK_WINDOW (window),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _ ("_Export"),
                                         _ ("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser),
                               CONVERSATIONS_CHOICE,
                               _ ("Include companion conversations"),
                               NULL,
                               NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), CONVERSATIONS_CHOICE, "false");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "settings", g_object_ref (settings), g_object_unref);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), window);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
