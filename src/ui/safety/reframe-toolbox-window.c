/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-window.c: the person's coping toolbox (a "hope box").
 *
 * What helps this person, in their order: reasons to live, people to call, words, a
 * song, photos, things that worked before. Below it, only when they ask, what their own
 * journal suggests: activities that went with better days, worked out here from the
 * last three months (reframe-insights-toolbox.c), each added only if they choose. */

#define G_LOG_DOMAIN "ReframeToolboxWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-insights.h"
#include "reframe-toolbox-item-dialog.h"
#include "reframe-toolbox-repository.h"
#include "reframe-toolbox-row.h"
#include "reframe-toolbox-window.h"

/* How far back the suggestions look. */
#define SUGGESTION_DAYS 90

struct _ReframeToolboxWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  AdwPreferencesGroup *items_group;
  AdwPreferencesGroup *suggestions_group;
  AdwActionRow        *look_row;
  GtkSpinner          *look_spinner;

  /* Owned */
  ReframeStore *store;
  GPtrArray    *item_rows;       /* of GtkWidget, in items_group */
  GPtrArray    *suggestion_rows; /* of GtkWidget, in suggestions_group */
  GCancellable *cancellable;
  guint         n_items;
};

G_DEFINE_FINAL_TYPE (ReframeToolboxWindow, reframe_toolbox_window, ADW_TYPE_WINDOW)

static ReframeToolboxRepository *
repository (ReframeToolboxWindow *self)
{
  return reframe_store_get_toolbox (self->store);
}

static void
show_toast (ReframeToolboxWindow *self,
            const char           *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* Items */

static GtkWidget *
item_button (ReframeToolboxItem *item,
             const char         *icon_name,
             const char         *label,
             GCallback           callback,
             gpointer            user_data)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data_full (G_OBJECT (button), "item", g_object_ref (item), g_object_unref);
  g_signal_connect (button, "clicked", callback, user_data);
  return button;
}

static void
change_clicked_cb (GtkButton            *button,
                   ReframeToolboxWindow *self)
{
  gtk_window_present (GTK_WINDOW (reframe_toolbox_item_dialog_new (
      GTK_WINDOW (self), repository (self), g_object_get_data (G_OBJECT (button), "item"))));
}

static void
remove_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    ReframeToolboxWindow *self)
{
  ReframeToolboxItem *item = g_object_get_data (G_OBJECT (dialog), "item");
  g_autoptr (GError) error = NULL;

  if (g_strcmp0 (response, "remove") != 0)
    return;
  if (reframe_toolbox_repository_delete (repository (self), item, &error))
    show_toast (self, _ ("Removed from your toolbox"));
  else
    show_toast (self, error->message);
}

static void
remove_clicked_cb (GtkButton            *button,
                   ReframeToolboxWindow *self)
{
  ReframeToolboxItem *item = g_object_get_data (G_OBJECT (button), "item");
  GtkWidget          *dialog = adw_message_dialog_new (
      GTK_WINDOW (self), _ ("Remove From Your Toolbox?"), reframe_toolbox_item_get_text (item));

  adw_message_dialog_add_responses (
      ADW_MESSAGE_DIALOG (dialog), "cancel", _ ("_Cancel"), "remove", _ ("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (
      ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reload_items (ReframeToolboxWindow *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GListModel) items = reframe_toolbox_repository_list (repository (self), &error);

  clear_rows (self->items_group, self->item_rows);
  self->n_items = items != NULL ? g_list_model_get_n_items (items) : 0;
  adw_preferences_group_set_description (
      self->items_group,
      self->n_items > 0
          ? NULL
          : _ ("Keep what helps you here: reasons to live, people to call, words, a song, "
               "photos, things that worked before. It is shown with your safety plan "
               "and in Get Help Now."));
  if (items == NULL)
    show_toast (self, error->message);
  for (guint i = 0; i < self->n_items; i++)
    {
      g_autoptr (ReframeToolboxItem) item = g_list_model_get_item (items, i);
      GtkWidget *box = NULL;
      GtkWidget *row = reframe_toolbox_row_new (repository (self), item, &box);
      /* Translators: a button's name; %s is what the toolbox item says */
      g_autofree char *change =
          g_strdup_printf (_ ("Change “%s”"), reframe_toolbox_item_get_text (item));
      /* Translators: a button's name; %s is what the toolbox item says */
      g_autofree char *remove =
          g_strdup_printf (_ ("Remove “%s”"), reframe_toolbox_item_get_text (item));

      gtk_box_append (
          GTK_BOX (box),
          item_button (
              item, "document-edit-symbolic", change, G_CALLBACK (change_clicked_cb), self));
      gtk_box_append (
          GTK_BOX (box),
          item_button (item, "user-trash-symbolic", remove, G_CALLBACK (remove_clicked_cb), self));
      adw_preferences_group_add (self->items_group, row);
      g_ptr_array_add (self->item_rows, row);
    }
}

static void
add_activated_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ReframeToolboxWindow *self = REFRAME_TOOLBOX_WINDOW (widget);

  gtk_window_present (
      GTK_WINDOW (reframe_toolbox_item_dialog_new (GTK_WINDOW (self), repository (self), NULL)));
}

/* Suggestions from the journal */

static void
take_clicked_cb (GtkButton            *button,
                 ReframeToolboxWindow *self)
{
  g_autoptr (ReframeToolboxItem) item = reframe_toolbox_item_new (
      REFRAME_TOOLBOX_WORKED, g_object_get_data (G_OBJECT (button), "text"));
  g_autoptr (GError) error = NULL;

  reframe_toolbox_item_set_source (item, g_object_get_data (G_OBJECT (button), "source"));
  if (!reframe_toolbox_repository_save (repository (self), item, &error))
    {
      show_toast (self, error->message);
      return;
    }
  /* Translators: a suggestion's button once it is in the toolbox (it was added) */
  gtk_button_set_label (button, _ ("Added"));
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
}

static GtkWidget *
suggestion_row (ReframeToolboxWindow         *self,
                const ReframeToolboxProposal *proposal)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_ ("_Add"));
  gboolean   taken =
      reframe_toolbox_repository_has_source (repository (self), proposal->source, NULL);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), proposal->text);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (button), "text", g_strdup (proposal->text), g_free);
  g_object_set_data_full (G_OBJECT (button), "source", g_strdup (proposal->source), g_free);
  if (taken)
    {
      gtk_button_set_label (GTK_BUTTON (button), _ ("Added"));
      gtk_widget_set_sensitive (button, FALSE);
    }
  g_signal_connect (button, "clicked", G_CALLBACK (take_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
add_suggestion_row (ReframeToolboxWindow *self,
                    GtkWidget            *row)
{
  adw_preferences_group_add (self->suggestions_group, row);
  g_ptr_array_add (self->suggestion_rows, row);
}

static void
insights_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (ReframeToolboxWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeInsights) insights = reframe_insights_compute_finish (result, &error);
  g_autoptr (GPtrArray) proposals = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->look_spinner);
  gtk_widget_set_sensitive (GTK_WIDGET (self->look_row), TRUE);
  if (insights == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  proposals = reframe_insights_dup_toolbox_proposals (insights);
  clear_rows (self->suggestions_group, self->suggestion_rows);
  for (guint i = 0; i < proposals->len; i++)
    add_suggestion_row (self, suggestion_row (self, g_ptr_array_index (proposals, i)));
  if (proposals->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _ ("No clear pattern yet"));
      adw_action_row_set_subtitle (
          ADW_ACTION_ROW (row),
          _ ("Suggestions need a few weeks of entries with activities. Look again later."));
      add_suggestion_row (self, row);
    }
}

static void
look_activated_cb (ReframeToolboxWindow *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  GDate to, from;

  g_date_clear (&to, 1);
  g_date_set_dmy (&to,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
  from = to;
  g_date_subtract_days (&from, SUGGESTION_DAYS - 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->look_row), FALSE);
  gtk_spinner_start (self->look_spinner);
  /* Private entries stay out: a suggestion may end up on the safety plan's paper. */
  reframe_insights_compute_async (
      self->store, &from, &to, FALSE, self->cancellable, insights_done_cb, g_object_ref (self));
}

static void
reframe_toolbox_window_dispose (GObject *object)
{
  ReframeToolboxWindow *self = REFRAME_TOOLBOX_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_TOOLBOX_WINDOW);
  g_clear_pointer (&self->item_rows, g_ptr_array_unref);
  g_clear_pointer (&self->suggestion_rows, g_ptr_array_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_toolbox_window_parent_class)->dispose (object);
}

static void
reframe_toolbox_window_class_init (ReframeToolboxWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_toolbox_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-toolbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxWindow, items_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxWindow, suggestions_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxWindow, look_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeToolboxWindow, look_spinner);
  gtk_widget_class_bind_template_callback (widget_class, look_activated_cb);

  gtk_widget_class_install_action (widget_class, "toolbox.add", NULL, add_activated_cb);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "toolbox.add", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
reframe_toolbox_window_init (ReframeToolboxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->item_rows = g_ptr_array_new ();
  self->suggestion_rows = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

/**
 * reframe_toolbox_window_new:
 * @parent: (nullable): the window it opens from
 * @store: the journal
 *
 * Returns: (transfer floating): the toolbox window
 */
GtkWidget *
reframe_toolbox_window_new (GtkWindow    *parent,
                            ReframeStore *store)
{
  ReframeToolboxWindow *self;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_TOOLBOX_WINDOW, parent);
  self->store = g_object_ref (store);
  g_signal_connect_object (
      repository (self), "changed", G_CALLBACK (reload_items), self, G_CONNECT_SWAPPED);
  reload_items (self);
  return GTK_WIDGET (self);
}

guint
reframe_toolbox_window_get_n_items (ReframeToolboxWindow *self)
{
  g_return_val_if_fail (REFRAME_IS_TOOLBOX_WINDOW (self), 0);

  return self->n_items;
}
