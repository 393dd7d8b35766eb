/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-page-plans.c: the homework page's homework plans: Import Plan… (or a
 * plan dropped on the page) opens its preview, Export Plan… saves the homework as one,
 * and the page says what came in or where it went.
 */

#define G_LOG_DOMAIN "ReframeHomeworkPage"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-homework-page-private.h"
#include "reframe-plan-export-dialog.h"
#include "reframe-plan.h"

static GtkWindow *
get_window (ReframeHomeworkPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* The plan is in: the worksheets it brought join the gallery, and the page says so. */
static void
plan_imported_cb (ReframeHomeworkPage *self,
                  ReframePlanImport   *import)
{
  GPtrArray       *templates = reframe_plan_import_get_new_templates (import);
  guint            added = reframe_plan_import_count (import, REFRAME_PLAN_CHANGE_ADD);
  guint            changed = reframe_plan_import_count (import, REFRAME_PLAN_CHANGE_UPDATE);
  g_autofree char *message = NULL;

  for (guint i = 0; self->registry != NULL && i < templates->len; i++)
    {
      g_autoptr (GError) error = NULL;

      if (reframe_template_registry_import_template (
              self->registry, g_ptr_array_index (templates, i), &error) == NULL)
        g_debug ("A template of the plan is not in the gallery until Reframe starts again: %s",
                 error->message);
    }
  if (changed == 0)
    /* Translators: a count of homework a plan added; short, to fit a phone's width */
    message = g_strdup_printf (
        g_dngettext (GETTEXT_PACKAGE, "Plan added: %u new", "Plan added: %u new", added), added);
  else
    /* Translators: the first count is new homework, the second homework changed */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Plan added: %u new, %u changed",
                                            "Plan added: %u new, %u changed",
                                            changed),
                               added,
                               changed);
  _reframe_homework_page_show_toast_printf (self, NULL, NULL, "%s", message);
  _reframe_homework_page_queue_refresh (self);
}

static void
plan_exported_cb (ReframeHomeworkPage *self,
                  GFile               *file)
{
  g_autofree char *name = g_file_get_basename (file);

  /* Translators: %s is the name of the file a homework plan was saved as */
  _reframe_homework_page_show_toast_printf (self, NULL, NULL, _ ("Plan saved as “%s”"), name);
}

static void
plan_chooser_response_cb (GtkNativeDialog     *chooser,
                          int                  response,
                          ReframeHomeworkPage *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                               : NULL;

  g_clear_object (&self->plan_chooser);
  if (file != NULL)
    reframe_homework_page_open_plan (self, file);
}

static void
import_plan_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ReframeHomeworkPage *self = REFRAME_HOMEWORK_PAGE (widget);
  g_autoptr (GtkFileFilter) plans = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

  if (self->store == NULL || self->plan_chooser != NULL)
    return;
  gtk_file_filter_set_name (plans, _ ("Homework Plans"));
  gtk_file_filter_add_mime_type (plans, REFRAME_PLAN_MIME_TYPE);
  gtk_file_filter_add_pattern (plans, "*" REFRAME_PLAN_SUFFIX);
  gtk_file_filter_set_name (all, _ ("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  self->plan_chooser = gtk_file_chooser_native_new (_ ("Import Homework Plan"),
                                                    get_window (self),
                                                    GTK_FILE_CHOOSER_ACTION_OPEN,
                                                    _ ("_Open"),
                                                    _ ("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->plan_chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->plan_chooser), plans);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->plan_chooser), all);
  g_signal_connect (self->plan_chooser, "response", G_CALLBACK (plan_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->plan_chooser));
}

static void
export_plan_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ReframeHomeworkPage *self = REFRAME_HOMEWORK_PAGE (widget);
  GtkWidget           *dialog;

  if (self->store == NULL)
    return;
  dialog = reframe_plan_export_dialog_new (get_window (self), self->store, self->registry);
  g_signal_connect_object (
      dialog, "exported", G_CALLBACK (plan_exported_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A plan dropped on the page opens as from Import Plan…; anything else is refused there. */
static gboolean
plan_dropped_cb (GtkDropTarget       *target,
                 const GValue        *value,
                 double               x,
                 double               y,
                 ReframeHomeworkPage *self)
{
  GSList *files;

  if (self->store == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;
  reframe_homework_page_open_plan (self, files->data);
  g_slist_free (files);
  return TRUE;
}

/* The page */

void
_reframe_homework_page_class_init_plans (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (
      widget_class, "homework.import-plan", NULL, import_plan_activated);
  gtk_widget_class_install_action (
      widget_class, "homework.export-plan", NULL, export_plan_activated);
}

void
_reframe_homework_page_init_plans (ReframeHomeworkPage *self)
{
  GtkDropTarget *drop_target;

  /* Files dropped from a file manager: a homework plan. */
  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (plan_dropped_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
}

void
_reframe_homework_page_dispose_plans (ReframeHomeworkPage *self)
{
  if (self->plan_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->plan_chooser));
  g_clear_object (&self->plan_chooser);
  if (self->plan_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->plan_window), (gpointer *) &self->plan_window);
  self->plan_window = NULL;
}

/**
 * reframe_homework_page_open_plan:
 * @self: the page
 * @file: a homework plan (docs/plan-format.md)
 *
 * Shows what the plan would add and change, over the window; the person adds it or not.
 * A plan window already open is brought forward instead.
 *
 * Returns: (transfer none) (nullable): the plan window, %NULL without a journal
 */
GtkWindow *
reframe_homework_page_open_plan (ReframeHomeworkPage *self,
                                 GFile               *file)
{
  GtkWidget *window;

  g_return_val_if_fail (REFRAME_IS_HOMEWORK_PAGE (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (self->store == NULL)
    return NULL;
  if (self->plan_window != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->plan_window));
      return GTK_WINDOW (self->plan_window);
    }
  window = reframe_plan_window_new (get_window (self), self->store, self->registry);
  self->plan_window = REFRAME_PLAN_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->plan_window);
  g_signal_connect_object (
      window, "imported", G_CALLBACK (plan_imported_cb), self, G_CONNECT_SWAPPED);
  reframe_plan_window_open (self->plan_window, file);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}
