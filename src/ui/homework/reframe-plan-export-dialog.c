/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-export-dialog.c: the homework of some weeks saved as a plan file to hand over.
 *
 * A therapist who sets the homework in Reframe (their own copy, or the person's at the
 * appointment) names themselves, picks the weeks and the questionnaires to repeat, and
 * saves one .reframe-plan file (docs/plan-format.md). The plan is made on a worker thread
 * and written asynchronously; the dialog says what went wrong in a toast and stays.
 */

#define G_LOG_DOMAIN "ReframePlanExportDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-homework.h"
#include "reframe-plan-export-dialog.h"
#include "reframe-plan.h"
#include "reframe-locale.h"

/* Without another choice, a plan runs four weeks from today. */
#define DEFAULT_DAYS 28

struct _ReframePlanExportDialog
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget           *cancel_button;
  GtkWidget           *save_button;
  AdwToastOverlay     *toast_overlay;
  AdwEntryRow         *therapist_row;
  GtkMenuButton       *from_button;
  GtkMenuButton       *to_button;
  GtkCalendar         *from_calendar;
  GtkCalendar         *to_calendar;
  AdwPreferencesGroup *repeat_group;

  /* Owned */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GCancellable            *cancellable;
  GtkFileChooserNative    *chooser;
  GPtrArray               *repeat_rows; /* of AdwComboRow, with "template-id" set */
  GFile                   *file;
  gboolean                 saving;
};

G_DEFINE_FINAL_TYPE (ReframePlanExportDialog, reframe_plan_export_dialog, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The repeat choices, in weeks; 0 is "not repeated". */
static const guint repeat_weeks[] = { 0, 1, 2, 4 };

static void
get_day (GtkCalendar *calendar,
         GDate       *day)
{
  g_autoptr (GDateTime) date = gtk_calendar_get_date (calendar);

  g_date_clear (day, 1);
  g_date_set_dmy (day,
                  g_date_time_get_day_of_month (date),
                  g_date_time_get_month (date),
                  g_date_time_get_year (date));
}

static void
set_day (GtkCalendar *calendar,
         const GDate *day)
{
  g_autoptr (GDateTime) date = g_date_time_new_local (
      g_date_get_year (day), g_date_get_month (day), g_date_get_day (day), 12, 0, 0);

  gtk_calendar_select_day (calendar, date);
}

static void
show_day (GtkMenuButton *button,
          GtkCalendar   *calendar)
{
  g_autofree char *text = NULL;
  GDate            day;

  get_day (calendar, &day);
  if (!g_date_valid (&day))
    return;
  text = reframe_locale_format_date (&day, REFRAME_DATE_FULL);
  gtk_menu_button_set_label (button, text);
}

static void
day_selected_cb (ReframePlanExportDialog *self,
                 GtkCalendar             *calendar)
{
  show_day (self->from_button, self->from_calendar);
  show_day (self->to_button, self->to_calendar);
  gtk_menu_button_popdown (calendar == self->from_calendar ? self->from_button : self->to_button);
}

static void
toast (ReframePlanExportDialog *self,
       const char              *message)
{
  /* Escaped: the message may quote anything the journal holds. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast        *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
set_saving (ReframePlanExportDialog *self,
            gboolean                 saving)
{
  self->saving = saving;
  gtk_widget_set_sensitive (self->save_button, !saving);
  gtk_window_set_deletable (GTK_WINDOW (self), !saving);
}

/* The questionnaires to repeat: a row for each the journal knows. */
static void
add_repeat_rows (ReframePlanExportDialog *self)
{
  GListModel *templates =
      self->registry != NULL ? reframe_template_registry_get_templates (self->registry) : NULL;
  guint n = templates != NULL ? g_list_model_get_n_items (templates) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr (ReframeTemplate) template = g_list_model_get_item (templates, i);
      g_autoptr (GtkStringList) choices = NULL;
      GtkWidget *row;

      if (reframe_template_get_kind (template) != REFRAME_TEMPLATE_KIND_QUESTIONNAIRE)
        continue;
      choices = gtk_string_list_new ((const char *const[]){
          _ ("Not repeated"), _ ("Every week"), _ ("Every 2 weeks"), _ ("Every 4 weeks"), NULL });
      row = adw_combo_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     reframe_template_get_title (template));
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
      g_object_set_data_full (
          G_OBJECT (row), "template-id", g_strdup (reframe_template_get_id (template)), g_free);
      adw_preferences_group_add (self->repeat_group, row);
      g_ptr_array_add (self->repeat_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->repeat_group), self->repeat_rows->len > 0);
}

static GPtrArray *
collect_repeats (ReframePlanExportDialog *self)
{
  GPtrArray *repeats = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_plan_repeat_free);

  for (guint i = 0; i < self->repeat_rows->len; i++)
    {
      AdwComboRow     *row = g_ptr_array_index (self->repeat_rows, i);
      guint            selected = adw_combo_row_get_selected (row);
      g_autofree char *uuid = NULL;

      if (selected == 0 || selected >= G_N_ELEMENTS (repeat_weeks))
        continue;
      uuid = g_uuid_string_random ();
      g_ptr_array_add (repeats,
                       reframe_plan_repeat_new (uuid,
                                                g_object_get_data (G_OBJECT (row), "template-id"),
                                                repeat_weeks[selected],
                                                NULL));
    }
  return repeats;
}

/* Saving */

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr (ReframePlanExportDialog) self = user_data;
  g_autoptr (GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message =
              g_strdup_printf (_ ("The plan could not be saved: %s"), error->message);

          set_saving (self, FALSE);
          toast (self, message);
        }
      return;
    }
  set_saving (self, FALSE);
  g_signal_emit (self, signals[SIGNAL_EXPORTED], 0, source);
  gtk_window_close (GTK_WINDOW (self));
}

static void
plan_made_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (ReframePlanExportDialog) self = user_data;
  g_autoptr (ReframePlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;

  if ((plan = reframe_plan_new_from_journal_finish (REFRAME_STORE (source), result, &error)) ==
      NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          set_saving (self, FALSE);
          toast (self, error->message);
        }
      return;
    }
  bytes = reframe_plan_to_bytes (plan);
  g_file_replace_contents_bytes_async (self->file,
                                       bytes,
                                       NULL,
                                       FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       self->cancellable,
                                       written_cb,
                                       g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog         *chooser,
                     int                      response,
                     ReframePlanExportDialog *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                               : NULL;
  g_autoptr (GPtrArray) repeats = NULL;
  g_autofree char *therapist = NULL;
  GDate            from, to;

  g_clear_object (&self->chooser);
  if (file == NULL)
    return;
  g_set_object (&self->file, file);
  get_day (self->from_calendar, &from);
  get_day (self->to_calendar, &to);
  therapist = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->therapist_row))));
  repeats = collect_repeats (self);
  set_saving (self, TRUE);
  reframe_plan_new_from_journal_async (self->store,
                                       therapist,
                                       &from,
                                       &to,
                                       repeats,
                                       self->cancellable,
                                       plan_made_cb,
                                       g_object_ref (self));
}

static void
save_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframePlanExportDialog *self = REFRAME_PLAN_EXPORT_DIALOG (widget);
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *name = NULL;
  GDate            from, to;

  if (self->chooser != NULL || self->saving)
    return;
  get_day (self->from_calendar, &from);
  get_day (self->to_calendar, &to);
  if (!reframe_plan_check_period (&from, &to, &error))
    {
      toast (self, error->message);
      return;
    }
  /* Translators: the file name a plan is saved as; %04u-%02u-%02u is its first day */
  name = g_strdup_printf (_ ("homework-plan-%04u-%02u-%02u.reframe-plan"),
                          g_date_get_year (&from),
                          g_date_get_month (&from),
                          g_date_get_day (&from));
  gtk_file_filter_set_name (filter, _ ("Homework Plans"));
  gtk_file_filter_add_pattern (filter, "*" REFRAME_PLAN_SUFFIX);
  self->chooser = gtk_file_chooser_native_new (_ ("Save Homework Plan"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _ ("_Save"),
                                               _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* A plan half made is not half saved, but the window waits for it either way. */
static gboolean
reframe_plan_export_dialog_close_request (GtkWindow *window)
{
  if (REFRAME_PLAN_EXPORT_DIALOG (window)->saving)
    return TRUE;
  return GTK_WINDOW_CLASS (reframe_plan_export_dialog_parent_class)->close_request (window);
}

static void
reframe_plan_export_dialog_dispose (GObject *object)
{
  ReframePlanExportDialog *self = REFRAME_PLAN_EXPORT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_PLAN_EXPORT_DIALOG);
  g_clear_pointer (&self->repeat_rows, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->file);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_plan_export_dialog_parent_class)->dispose (object);
}

static void
reframe_plan_export_dialog_class_init (ReframePlanExportDialogClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_plan_export_dialog_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = reframe_plan_export_dialog_close_request;

  /**
   * ReframePlanExportDialog::exported:
   * @self: the dialog
   * @file: where the plan was saved
   *
   * The plan is saved; the dialog closes.
   */
  signals[SIGNAL_EXPORTED] =
      g_signal_new ("exported",
                    G_TYPE_FROM_CLASS (klass),
                    G_SIGNAL_RUN_LAST,
                    0,
                    NULL,
                    NULL,
                    NULL,
                    G_TYPE_NONE,
                    1,
                    G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-plan-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, therapist_row);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, from_button);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, to_button);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanExportDialog, repeat_group);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);

  gtk_widget_class_install_action (widget_class, "plan-export.save", NULL, save_activated_cb);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "plan-export.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
reframe_plan_export_dialog_init (ReframePlanExportDialog *self)
{
  GDate from, to;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->repeat_rows = g_ptr_array_new ();
  reframe_homework_get_today (&from);
  to = from;
  g_date_add_days (&to, DEFAULT_DAYS - 1);
  set_day (self->from_calendar, &from);
  set_day (self->to_calendar, &to);
  show_day (self->from_button, self->from_calendar);
  show_day (self->to_button, self->to_calendar);
}

/**
 * reframe_plan_export_dialog_new:
 * @parent: (nullable): the window it opens over
 * @store: the journal whose homework goes into the plan
 * @registry: (nullable): its templates: the questionnaires to repeat
 *
 * Returns: (transfer floating): the dialog
 */
GtkWidget *
reframe_plan_export_dialog_new (GtkWindow               *parent,
                                ReframeStore            *store,
                                ReframeTemplateRegistry *registry)
{
  ReframePlanExportDialog *self;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (registry == NULL || REFRAME_IS_TEMPLATE_REGISTRY (registry), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_PLAN_EXPORT_DIALOG, parent);
  self->store = g_object_ref (store);
  self->registry = registry ? g_object_ref (registry) : NULL;
  add_repeat_rows (self);
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->therapist_row));
  return GTK_WIDGET (self);
}
