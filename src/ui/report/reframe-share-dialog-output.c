/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-share-dialog-output.c: what leaves the share dialog: the report saved to a file
 * (with progress and Cancel), printed, and the saved file opened, shown or emailed. */

#define G_LOG_DOMAIN "ReframeShareDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-share-dialog-private.h"

/* Saving */

typedef struct
{
  ReframeShareDialog *self;
  double              fraction;
} ProgressUpdate;

static gboolean
apply_progress (gpointer data)
{
  ProgressUpdate *update = data;

  if (update->self->save_cancellable != NULL)
    gtk_progress_bar_set_fraction (update->self->save_progress, update->fraction);
  return G_SOURCE_REMOVE;
}

static void
free_progress (gpointer data)
{
  ProgressUpdate *update = data;

  g_object_unref (update->self);
  g_free (update);
}

/* Called in the writer's thread: the bar is moved in the main thread. */
static void
save_progress_cb (double   fraction,
                  gpointer user_data)
{
  ProgressUpdate *update = g_new (ProgressUpdate, 1);

  update->self = g_object_ref (user_data);
  update->fraction = fraction;
  g_main_context_invoke_full (NULL, G_PRIORITY_DEFAULT, apply_progress, update, free_progress);
}

static void
show_save_state (ReframeShareDialog *self,
                 gboolean            saving)
{
  gtk_widget_set_visible (GTK_WIDGET (self->save_progress), saving);
  gtk_widget_set_visible (self->cancel_save_button, saving);
  gtk_widget_set_visible (self->open_button, !saving);
  gtk_widget_set_visible (self->show_button, !saving);
  gtk_widget_set_visible (self->email_button, !saving);
  gtk_revealer_set_reveal_child (self->save_revealer, TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), !saving);
}

/* The next report starts the day after this one's period. */
static void
remember_report (ReframeShareDialog *self,
                 ReframeReport      *report)
{
  char buffer[16];

  g_date_strftime (buffer, sizeof buffer, "%Y-%m-%d", reframe_report_get_to (report));
  g_settings_set_string (self->settings, "last-report-to", buffer);
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (ReframeShareDialog) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GFile) file = g_steal_pointer (&self->saving_file);
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;

  g_clear_object (&self->save_cancellable);
  if (!reframe_report_write_file_finish (result, &error))
    {
      gtk_revealer_set_reveal_child (self->save_revealer, FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->save_button), TRUE);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _reframe_share_dialog_toast (self, error->message);
      return;
    }
  g_set_object (&self->saved_file, file);
  name = g_file_get_basename (file);
  /* Translators: after saving the report; %s is the file's name */
  label = g_strdup_printf (_ ("Saved “%s”"), name);
  gtk_label_set_text (self->save_label, label);
  show_save_state (self, FALSE);
  if (self->report != NULL)
    remember_report (self, self->report);
}

/**
 * _reframe_share_dialog_save:
 *
 * Writes the current report to @file as @format, as when the person chose the file.
 */
void
_reframe_share_dialog_save (ReframeShareDialog *self,
                            GFile              *file,
                            ReframeReportFormat format)
{
  g_autofree char *name = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (REFRAME_IS_SHARE_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));
  if (self->report == NULL || self->save_cancellable != NULL)
    return;
  name = g_file_get_basename (file);
  /* Translators: while saving; %s is the file's name */
  label = g_strdup_printf (_ ("Saving “%s”…"), name);
  self->save_cancellable = g_cancellable_new ();
  g_set_object (&self->saving_file, file);
  gtk_label_set_text (self->save_label, label);
  gtk_progress_bar_set_fraction (self->save_progress, 0);
  show_save_state (self, TRUE);
  reframe_report_write_file_async (self->report,
                                   format,
                                   file,
                                   save_progress_cb,
                                   self,
                                   self->save_cancellable,
                                   save_done_cb,
                                   g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog    *chooser,
                     int                 response,
                     ReframeShareDialog *self)
{
  ReframeReportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    _reframe_share_dialog_save (self, file, format);
}

static char *
suggest_file_name (ReframeShareDialog *self,
                   ReframeReportFormat format)
{
  char from[16], to[16];

  g_date_strftime (from, sizeof from, "%Y-%m-%d", &self->from);
  g_date_strftime (to, sizeof to, "%Y-%m-%d", &self->to);
  /* Not the name of the JSON report, which has the same extension. */
  if (format == REFRAME_REPORT_FORMAT_FHIR)
    /* Translators: the suggested name of a file of questionnaire results in the FHIR format: the
     * period's first and last day, then the extension */
    return g_strdup_printf (_ ("Reframe questionnaires %s to %s (FHIR).%s"),
                            from,
                            to,
                            reframe_report_format_get_extension (format));
  /* Translators: the suggested file name of a report, without its extension: the period's first and
   * last day */
  return g_strdup_printf (
      _ ("Reframe report %s to %s.%s"), from, to, reframe_report_format_get_extension (format));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (widget);
  ReframeReportFormat format;
  g_autofree char    *name = NULL;

  if (self->report == NULL || self->chooser != NULL ||
      !reframe_report_format_parse (g_variant_get_string (parameter, NULL), &format))
    return;
  /* A FHIR file holds only the PHQ-9 and GAD-7 results: none ticked, nothing to save. */
  if (format == REFRAME_REPORT_FORMAT_FHIR && reframe_report_count_fhir_results (self->report) == 0)
    {
      _reframe_share_dialog_toast (
          self, _ ("No PHQ-9 or GAD-7 results are ticked, so there is nothing to save as FHIR"));
      return;
    }
  self->chooser = gtk_file_chooser_native_new (_ ("Save Report"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _ ("_Save"),
                                               _ ("_Cancel"));
  name = suggest_file_name (self, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_save_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (widget);

  if (self->save_cancellable != NULL)
    g_cancellable_cancel (self->save_cancellable);
}

/* After saving: open, show in the file manager, email */

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (ReframeShareDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    _reframe_share_dialog_toast (self, _ ("No app could open the file"));
}

static void
launch_uri (ReframeShareDialog *self,
            const char         *uri)
{
  g_autoptr (GdkAppLaunchContext) context =
      gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));

  g_app_info_launch_default_for_uri_async (
      uri, G_APP_LAUNCH_CONTEXT (context), NULL, launch_done_cb, g_object_ref (self));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (widget);
  g_autofree char    *uri = NULL;

  if (self->saved_file == NULL)
    return;
  uri = g_file_get_uri (self->saved_file);
  launch_uri (self, uri);
}

static void
show_items_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr (ReframeShareDialog) self = user_data;
  g_autoptr (GVariant) reply =
      g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, NULL);
  g_autoptr (GFile) folder = NULL;
  g_autofree char *uri = NULL;

  if (reply != NULL || self->saved_file == NULL)
    return;
  /* No file manager that selects files: open the folder instead. */
  folder = g_file_get_parent (self->saved_file);
  uri = g_file_get_uri (folder);
  launch_uri (self, uri);
}

static void
show_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (widget);
  g_autoptr (GDBusConnection) bus = NULL;
  g_autofree char *uri = NULL;
  const char      *uris[2] = { NULL, NULL };

  if (self->saved_file == NULL)
    return;
  uri = g_file_get_uri (self->saved_file);
  uris[0] = uri;
  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    {
      g_autoptr (GFile) folder = g_file_get_parent (self->saved_file);
      g_autofree char *folder_uri = g_file_get_uri (folder);

      launch_uri (self, folder_uri);
      return;
    }
  g_dbus_connection_call (bus,
                          "org.freedesktop.FileManager1",
                          "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1",
                          "ShowItems",
                          g_variant_new ("(^ass)", uris, ""),
                          NULL,
                          G_DBUS_CALL_FLAGS_NONE,
                          -1,
                          NULL,
                          show_items_done_cb,
                          g_object_ref (self));
}

static void
email_file_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (widget);
  g_autofree char    *xdg_email = g_find_program_in_path ("xdg-email");
  g_autofree char    *path = NULL;
  const char         *subject = _ ("My Reframe report");

  if (self->saved_file == NULL)
    return;
  path = g_file_get_path (self->saved_file);
  if (xdg_email != NULL && path != NULL)
    {
      const char *argv[] = { xdg_email, "--subject", subject, "--attach", path, NULL };
      g_autoptr (GError) error = NULL;

      if (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &error))
        return;
    }
  {
    /* Without xdg-email: a mailto: link; Thunderbird and others read the attachment. */
    g_autofree char *file_uri = g_file_get_uri (self->saved_file);
    g_autofree char *escaped_subject = g_uri_escape_string (subject, NULL, FALSE);
    g_autofree char *escaped_file = g_uri_escape_string (file_uri, NULL, FALSE);
    g_autofree char *mailto =
        g_strdup_printf ("mailto:?subject=%s&attachment=%s", escaped_subject, escaped_file);

    launch_uri (self, mailto);
  }
}

/* Printing */

static void
layout_box_closure_notify (gpointer  box,
                           GClosure *closure)
{
  _reframe_share_dialog_layout_box_release (box);
}

static void
print_draw_page_cb (GtkPrintOperation *operation,
                    GtkPrintContext   *context,
                    int                page,
                    LayoutBox         *box)
{
  double page_width;

  reframe_report_layout_get_page_size (box->layout, &page_width, NULL);
  reframe_report_layout_draw_page (box->layout,
                                   gtk_print_context_get_cairo_context (context),
                                   page,
                                   gtk_print_context_get_width (context) / page_width);
}

static void
print_done_cb (GtkPrintOperation      *operation,
               GtkPrintOperationResult result,
               ReframeShareDialog     *self)
{
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      _reframe_share_dialog_toast (self, error != NULL ? error->message : _ ("Could not print"));
    }
  else if (result == GTK_PRINT_OPERATION_RESULT_APPLY && self->report != NULL)
    remember_report (self, self->report);
  g_object_unref (operation);
}

/* Prints the pages of the preview, with the same drawing. */
static GtkPrintOperation *
create_print_operation (ReframeShareDialog *self)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) paper = NULL;

  paper = gtk_paper_size_new (reframe_report_layout_get_paper (self->layout->layout) ==
                                      REFRAME_PAPER_LETTER
                                  ? GTK_PAPER_NAME_LETTER
                                  : GTK_PAPER_NAME_A4);
  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation,
                                   reframe_report_layout_get_n_pages (self->layout->layout));
  /* The pages have their own margins, in points. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, _ ("Reframe report"));
  /* The operation keeps the layout it was given, whatever the preview shows next. */
  g_signal_connect_data (operation,
                         "draw-page",
                         G_CALLBACK (print_draw_page_cb),
                         g_rc_box_acquire (self->layout),
                         layout_box_closure_notify,
                         0);
  return operation;
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ReframeShareDialog *self = REFRAME_SHARE_DIALOG (widget);
  GtkPrintOperation  *operation;
  g_autoptr (GError) error = NULL;

  if (self->layout == NULL)
    return;
  operation = create_print_operation (self);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (gtk_print_operation_run (
          operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    _reframe_share_dialog_toast (self, error->message);
}

void
_reframe_share_dialog_class_install_output_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "share.save", "s", save_action);
  gtk_widget_class_install_action (widget_class, "share.cancel-save", NULL, cancel_save_action);
  gtk_widget_class_install_action (widget_class, "share.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "share.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "share.show-file", NULL, show_file_action);
  gtk_widget_class_install_action (widget_class, "share.email-file", NULL, email_file_action);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "share.print", NULL);
}

gboolean
_reframe_share_dialog_is_saving (ReframeShareDialog *self)
{
  return self->save_cancellable != NULL;
}

GFile *
_reframe_share_dialog_get_saved_file (ReframeShareDialog *self)
{
  return self->saved_file;
}

/**
 * _reframe_share_dialog_print_to_file:
 *
 * Runs the print operation of Print… without its dialog, into a PDF at @path.
 */
gboolean
_reframe_share_dialog_print_to_file (ReframeShareDialog *self,
                                     const char         *path,
                                     GError            **error)
{
  g_autoptr (GtkPrintOperation) operation = NULL;

  if (self->layout == NULL)
    return FALSE;
  operation = create_print_operation (self);
  gtk_print_operation_set_export_filename (operation, path);
  return gtk_print_operation_run (
             operation, GTK_PRINT_OPERATION_ACTION_EXPORT, GTK_WINDOW (self), error) ==
         GTK_PRINT_OPERATION_RESULT_APPLY;
}
