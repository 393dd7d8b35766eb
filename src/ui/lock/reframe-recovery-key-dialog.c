/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-recovery-key-dialog.c: a new recovery key, shown once.
 *
 * The key can be copied (the clipboard is emptied again a minute later, if it still
 * holds the key), saved to a text file, or printed on one page. Closing before saying it
 * is saved asks first: the key is not shown again, though a new one can be made in
 * Preferences while the journal is open.
 */

#define G_LOG_DOMAIN "ReframeRecoveryKeyDialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-application.h"
#include "reframe-recovery-key-dialog.h"
#include "reframe-locale.h"

/* How long the key stays on the clipboard. */
#define CLIPBOARD_SECONDS 60

struct _ReframeRecoveryKeyDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkLabel       *key_label;
  GtkLabel       *status_label;
  GtkCheckButton *saved_check;
  GtkButton      *copy_button;

  /* Owned */
  char                 *key;
  GDateTime            *made;
  GtkFileChooserNative *chooser;

  gboolean closing;
};

G_DEFINE_FINAL_TYPE (ReframeRecoveryKeyDialog, reframe_recovery_key_dialog, ADW_TYPE_WINDOW)

static void
show_status (ReframeRecoveryKeyDialog *self,
             const char               *text)
{
  gtk_label_set_label (self->status_label, text);
}

/* Copy */

static gboolean
clear_clipboard_cb (gpointer user_data)
{
  GdkContentProvider *provider = user_data;
  GdkClipboard       *clipboard = g_object_get_data (G_OBJECT (provider), "clipboard");

  if (clipboard != NULL && gdk_clipboard_get_content (clipboard) == provider)
    gdk_clipboard_set_content (clipboard, NULL);
  return G_SOURCE_REMOVE;
}

static void
copy_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeRecoveryKeyDialog *self = REFRAME_RECOVERY_KEY_DIALOG (widget);
  GdkClipboard             *clipboard = gtk_widget_get_clipboard (widget);
  GdkContentProvider       *provider;
  g_auto (GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  g_value_set_string (&value, self->key);
  provider = gdk_content_provider_new_for_value (&value);
  g_object_set_data_full (
      G_OBJECT (provider), "clipboard", g_object_ref (clipboard), g_object_unref);
  gdk_clipboard_set_content (clipboard, provider);
  g_timeout_add_seconds_full (
      G_PRIORITY_DEFAULT, CLIPBOARD_SECONDS, clear_clipboard_cb, provider, g_object_unref);
  show_status (self,
               _ ("Copied. Paste it into your password manager now: Reframe empties the clipboard "
                  "again in a minute."));
}

/* Save */

static void
file_saved_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (ReframeRecoveryKeyDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    /* Translators: %s says why the file could not be written */
    text = g_strdup_printf (_ ("The key could not be saved: %s"), error->message);
  else
    /* Translators: %s is a file name */
    text = g_strdup_printf (_ ("Saved in “%s”. Keep a copy away from this computer, too."), name);
  show_status (self, text);
}

static void
chooser_response_cb (GtkNativeDialog          *chooser,
                     int                       response,
                     ReframeRecoveryKeyDialog *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                               : NULL;

  g_clear_object (&self->chooser);
  if (file != NULL)
    {
      char *text = reframe_recovery_key_dialog_dup_text (self->key, self->made);
      g_autoptr (GBytes) bytes = g_bytes_new_take (text, strlen (text));

      /* Readable by this user only: it opens the journal. */
      g_file_replace_contents_bytes_async (file,
                                           bytes,
                                           NULL,
                                           FALSE,
                                           G_FILE_CREATE_PRIVATE |
                                               G_FILE_CREATE_REPLACE_DESTINATION,
                                           NULL,
                                           file_saved_cb,
                                           g_object_ref (self));
    }
}

static void
save_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeRecoveryKeyDialog *self = REFRAME_RECOVERY_KEY_DIALOG (widget);

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_file_chooser_native_new (_ ("Save Your Recovery Key"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _ ("_Save"),
                                               _ ("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     _ ("Reframe recovery key.txt"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Print */

static void
draw_text (GtkPrintContext *context,
           cairo_t         *cr,
           const char      *text,
           const char      *font,
           double           width,
           double          *y)
{
  PangoLayout          *layout = gtk_print_context_create_pango_layout (context);
  PangoFontDescription *description = pango_font_description_from_string (font);
  int                   height;

  pango_layout_set_font_description (layout, description);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  cairo_move_to (cr, 0, *y);
  pango_cairo_show_layout (cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  *y += (double) height / PANGO_SCALE + 18;
  pango_font_description_free (description);
  g_object_unref (layout);
}

static void
draw_page_cb (GtkPrintOperation        *operation,
              GtkPrintContext          *context,
              int                       page,
              ReframeRecoveryKeyDialog *self)
{
  cairo_t         *cr = gtk_print_context_get_cairo_context (context);
  double           width = gtk_print_context_get_width (context);
  double           y = 0;
  g_autofree char *day = reframe_locale_format_day (self->made, REFRAME_DATE_FULL);
  g_autofree char *made = NULL;

  /* Translators: %s is a date */
  made = g_strdup_printf (_ ("Made on %s."), day);
  cairo_set_source_rgb (cr, 0, 0, 0);
  draw_text (context, cr, _ ("Reframe Recovery Key"), "Sans Bold 18", width, &y);
  draw_text (context, cr, self->key, "Monospace Bold 16", width, &y);
  draw_text (context, cr, made, "Sans 11", width, &y);
  draw_text (context,
             cr,
             _ ("If you forget your passphrase, this key opens your journal: choose “Use Recovery "
                "Key…” where Reframe asks for the passphrase.\n\n"
                "Keep this page somewhere safe, away from the computer. Anyone with this key and a "
                "copy of your journal can read the journal."),
             "Sans 11",
             width,
             &y);
}

static void
print_done_cb (GtkPrintOperation        *operation,
               GtkPrintOperationResult   result,
               ReframeRecoveryKeyDialog *self)
{
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autofree char *text = NULL;

      gtk_print_operation_get_error (operation, &error);
      /* Translators: %s says why printing failed */
      text = g_strdup_printf (_ ("The key could not be printed: %s"),
                              error != NULL ? error->message : "");
      show_status (self, text);
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    show_status (self, _ ("Sent to the printer. Keep the page somewhere safe."));
}

static void
print_activated_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ReframeRecoveryKeyDialog *self = REFRAME_RECOVERY_KEY_DIALOG (widget);
  g_autoptr (GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr (GError) error = NULL;

  gtk_print_operation_set_n_pages (operation, 1);
  gtk_print_operation_set_job_name (operation, _ ("Reframe recovery key"));
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (gtk_print_operation_run (
          operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    print_done_cb (operation, GTK_PRINT_OPERATION_RESULT_ERROR, self);
}

/* Closing */

static void
done_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeRecoveryKeyDialog *self = REFRAME_RECOVERY_KEY_DIALOG (widget);

  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
close_response_cb (AdwMessageDialog         *dialog,
                   const char               *response,
                   ReframeRecoveryKeyDialog *self)
{
  if (g_strcmp0 (response, "close") != 0)
    return;
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static gboolean
reframe_recovery_key_dialog_close_request (GtkWindow *window)
{
  ReframeRecoveryKeyDialog *self = REFRAME_RECOVERY_KEY_DIALOG (window);
  GtkWidget                *dialog;

  if (self->closing || gtk_check_button_get_active (self->saved_check))
    return GTK_WINDOW_CLASS (reframe_recovery_key_dialog_parent_class)->close_request (window);

  dialog = adw_message_dialog_new (
      window,
      _ ("Close Without Saving the Key?"),
      _ ("It will not be shown again. If you forget your passphrase and have no recovery key, your "
         "journal cannot be opened. You can make a new key later in Preferences, under Privacy."));
  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "back", _ ("_Go Back"), "close", _ ("Close _Anyway"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "close", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "back");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "back");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* GObject */

static void
reframe_recovery_key_dialog_dispose (GObject *object)
{
  ReframeRecoveryKeyDialog *self = REFRAME_RECOVERY_KEY_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_RECOVERY_KEY_DIALOG);

  G_OBJECT_CLASS (reframe_recovery_key_dialog_parent_class)->dispose (object);
}

static void
reframe_recovery_key_dialog_finalize (GObject *object)
{
  ReframeRecoveryKeyDialog *self = REFRAME_RECOVERY_KEY_DIALOG (object);

  if (self->key != NULL)
    explicit_bzero (self->key, strlen (self->key));
  g_clear_pointer (&self->key, g_free);
  g_clear_pointer (&self->made, g_date_time_unref);

  G_OBJECT_CLASS (reframe_recovery_key_dialog_parent_class)->finalize (object);
}

static void
reframe_recovery_key_dialog_class_init (ReframeRecoveryKeyDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = reframe_recovery_key_dialog_dispose;
  object_class->finalize = reframe_recovery_key_dialog_finalize;
  window_class->close_request = reframe_recovery_key_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-recovery-key-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeRecoveryKeyDialog, key_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeRecoveryKeyDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeRecoveryKeyDialog, saved_check);
  gtk_widget_class_bind_template_child (widget_class, ReframeRecoveryKeyDialog, copy_button);

  gtk_widget_class_install_action (widget_class, "key.copy", NULL, copy_activated_cb);
  gtk_widget_class_install_action (widget_class, "key.save", NULL, save_activated_cb);
  gtk_widget_class_install_action (widget_class, "key.print", NULL, print_activated_cb);
  gtk_widget_class_install_action (widget_class, "key.done", NULL, done_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "key.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "key.save", NULL);
}

static void
reframe_recovery_key_dialog_init (ReframeRecoveryKeyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->made = g_date_time_new_now_local ();
}

/**
 * reframe_recovery_key_dialog_new:
 * @parent: (nullable): the window it opens over
 * @recovery_key: the key, as the journal gave it
 *
 * Returns: (transfer none): the dialog, owned by GTK's list of windows
 */
GtkWidget *
reframe_recovery_key_dialog_new (GtkWindow  *parent,
                                 const char *recovery_key)
{
  ReframeRecoveryKeyDialog *self;

  g_return_val_if_fail (recovery_key != NULL, NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_RECOVERY_KEY_DIALOG, parent);
  self->key = g_strdup (recovery_key);
  gtk_label_set_label (self->key_label, recovery_key);
  /* The keyboard starts on Copy, not in the key, where it would select it all. */
  gtk_widget_grab_focus (GTK_WIDGET (self->copy_button));
  return GTK_WIDGET (self);
}

/**
 * reframe_recovery_key_dialog_dup_text:
 * @recovery_key: the key
 * @made: when it was made
 *
 * Returns: (transfer full): the text of the file the key is saved in
 */
char *
reframe_recovery_key_dialog_dup_text (const char *recovery_key,
                                      GDateTime  *made)
{
  g_autofree char *day = NULL;

  g_return_val_if_fail (recovery_key != NULL && made != NULL, NULL);

  day = g_date_time_format (made, "%Y-%m-%d");
  /* Translators: the text file a recovery key is saved in. The first %s is the key, the
   * second a date (YYYY-MM-DD). */
  return g_strdup_printf (
      _ ("Reframe recovery key\n"
         "\n"
         "%s\n"
         "\n"
         "Made on %s.\n"
         "\n"
         "If you forget your passphrase, this key opens your journal: choose\n"
         "“Use Recovery Key…” where Reframe asks for the passphrase.\n"
         "\n"
         "Keep it somewhere safe, away from the computer. Anyone with this key\n"
         "and a copy of your journal can read the journal.\n"),
      recovery_key,
      day);
}
