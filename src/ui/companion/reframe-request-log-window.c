/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-request-log-window.c: shows the request log, and clears it when asked. */

#define G_LOG_DOMAIN "ReframeRequestLogWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-format.h"
#include "reframe-request-log-window.h"

struct _ReframeRequestLogWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkButton           *clear_button;
  GtkStack            *stack;
  AdwPreferencesGroup *group;

  /* Owned */
  ReframeRequestLog *log;
  GPtrArray         *rows;
};

G_DEFINE_FINAL_TYPE (ReframeRequestLogWindow, reframe_request_log_window, ADW_TYPE_WINDOW)

static GtkWidget *
entry_row (const ReframeRequestLogEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr (GDateTime) local = g_date_time_to_local (entry->time);
  g_autofree char *when = reframe_format_date_time (local);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  /* Translators: where the model service runs, in "(on) this computer" or "another computer";
   * "nothing" is what was attached when nothing was */
  const char *place = entry->remote ? _ ("another computer") : _ ("this computer");
  const char *attached = entry->attachments != NULL && *entry->attachments != '\0'
                             ? entry->attachments
                             : _ ("nothing");

  /* Translators: a request log row: the time, then the model's name */
  title =
      g_strdup_printf (_ ("%s · %s"),
                       when,
                       entry->model != NULL && *entry->model ? entry->model : _ ("first model"));
  /* Translators: the endpoint URL, whether it is on this or another computer, what was attached */
  subtitle = g_strdup_printf (_ ("%s (%s)\nAttached: %s"), entry->endpoint, place, attached);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (entry->remote ? "network-server-symbolic"
                                                                         : "computer-symbolic"));
  return row;
}

static void
show_error (ReframeRequestLogWindow *self,
            const GError            *error)
{
  adw_status_page_set_title (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack, "empty")),
                             _ ("The Log Can't Be Read"));
  adw_status_page_set_description (
      ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack, "empty")), error->message);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
reload (ReframeRequestLogWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = reframe_request_log_list (self->log, &error);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  if (entries == NULL)
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      GtkWidget *row = entry_row (g_ptr_array_index (entries, i));

      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->clear_button), entries->len > 0);
}

static void
clear_clicked_cb (ReframeRequestLogWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (!reframe_request_log_clear (self->log, &error))
    {
      show_error (self, error);
      return;
    }
  reload (self);
}

static void
reframe_request_log_window_dispose (GObject *object)
{
  ReframeRequestLogWindow *self = REFRAME_REQUEST_LOG_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_REQUEST_LOG_WINDOW);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (reframe_request_log_window_parent_class)->dispose (object);
}

static void
reframe_request_log_window_class_init (ReframeRequestLogWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_request_log_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-request-log-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeRequestLogWindow, clear_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeRequestLogWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeRequestLogWindow, group);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reframe_request_log_window_init (ReframeRequestLogWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
}

/**
 * reframe_request_log_window_new:
 * @parent: the window it belongs to
 * @log: the request log of the open journal
 *
 * Returns: (transfer floating): a window listing @log
 */
GtkWidget *
reframe_request_log_window_new (GtkWindow         *parent,
                                ReframeRequestLog *log)
{
  ReframeRequestLogWindow *self;

  g_return_val_if_fail (REFRAME_IS_REQUEST_LOG (log), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_REQUEST_LOG_WINDOW, parent);
  self->log = g_object_ref (log);
  reload (self);

  return GTK_WIDGET (self);
}

guint
reframe_request_log_window_get_n_rows (ReframeRequestLogWindow *self)
{
  g_return_val_if_fail (REFRAME_IS_REQUEST_LOG_WINDOW (self), 0);

  return self->rows->len;
}
