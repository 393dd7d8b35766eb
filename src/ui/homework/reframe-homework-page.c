/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-page.c: what the therapist asked for: due today, this week's progress, the
 * assignments.
 *
 * Missed days are said plainly, once, with no count of streaks and nothing red:
 * the page is a list of what was asked and how it is going, not a judgement.
 */

#define G_LOG_DOMAIN "ReframeHomeworkPage"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-assignment-editor.h"
#include "reframe-assignment-repository.h"
#include "reframe-homework-item.h"
#include "reframe-homework-page-private.h"
#include "reframe-homework-today-row.h"
#include "reframe-homework-week-row.h"
#include "reframe-label-width.h"

G_DEFINE_FINAL_TYPE (ReframeHomeworkPage, reframe_homework_page, ADW_TYPE_BIN)

enum
{
  SIGNAL_START_WORKSHEET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_midnight_refresh (ReframeHomeworkPage *self);

/* Helpers */

static void
set_journal_actions_enabled (ReframeHomeworkPage *self,
                             gboolean             enabled)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "homework.add-assignment", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "homework.import-plan", enabled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "homework.export-plan", enabled);
}

static ReframeAssignmentRepository *
get_repository (ReframeHomeworkPage *self)
{
  return self->store != NULL ? reframe_store_get_assignments (self->store) : NULL;
}

static void
get_today (ReframeHomeworkPage *self,
           GDate               *today)
{
  if (g_date_valid (&self->fixed_today))
    *today = self->fixed_today;
  else
    reframe_homework_get_today (today);
}

static void
show_toast (ReframeHomeworkPage *self,
            const char          *title,
            const char          *undo_action,
            const char          *uuid)
{
  AdwToast *toast = adw_toast_new (title);

  if (undo_action != NULL)
    {
      adw_toast_set_button_label (toast, _ ("_Undo"));
      adw_toast_set_action_name (toast, undo_action);
      adw_toast_set_action_target_value (toast, g_variant_new_string (uuid));
    }
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The arguments are escaped for the toast's markup. */
void
_reframe_homework_page_show_toast_printf (ReframeHomeworkPage *self,
                                          const char          *undo_action,
                                          const char          *uuid,
                                          const char          *format,
                                          ...)
{
  g_autofree char *title = NULL;
  va_list          args;

  va_start (args, format);
  title = g_markup_vprintf_escaped (format, args);
  va_end (args);

  show_toast (self, title, undo_action, uuid);
}

static GtkWidget *
find_row (GtkListBox *list,
          const char *uuid)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      ReframeHomeworkItem *item = NULL;

      if (REFRAME_IS_HOMEWORK_WEEK_ROW (child))
        item = reframe_homework_week_row_get_item (REFRAME_HOMEWORK_WEEK_ROW (child));
      else if (REFRAME_IS_HOMEWORK_TODAY_ROW (child))
        item = reframe_homework_today_row_get_item (REFRAME_HOMEWORK_TODAY_ROW (child));
      if (item != NULL && g_strcmp0 (reframe_homework_item_get_uuid (item), uuid) == 0)
        return child;
    }

  return NULL;
}

/* Rows */

static GtkWidget *
create_week_row_cb (gpointer item,
                    gpointer user_data)
{
  return reframe_homework_week_row_new (item);
}

static GtkWidget *
create_today_row_cb (gpointer item,
                     gpointer user_data)
{
  return reframe_homework_today_row_new (item);
}

/* Refreshing */

static void
show_error (ReframeHomeworkPage *self,
            const GError        *error)
{
  adw_status_page_set_description (self->error_status, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Shows @items: all of them this week, those due or done today above. */
static void
show_items (ReframeHomeworkPage *self,
            GListModel          *items)
{
  guint n_items = g_list_model_get_n_items (items);
  g_autoptr (GPtrArray) week = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) today = g_ptr_array_new ();

  for (guint i = 0; i < n_items; i++)
    {
      ReframeHomeworkItem *item = g_list_model_get_item (items, i);
      ReframeAssignment   *assignment = reframe_homework_item_get_assignment (item);

      g_ptr_array_add (week, item);
      g_hash_table_insert (self->assignments,
                           g_strdup (reframe_assignment_get_uuid (assignment)),
                           g_object_ref (assignment));
      if (reframe_homework_item_is_for_today (item))
        g_ptr_array_add (today, item);
    }

  g_list_store_splice (self->today_items, 0, 0, today->pdata, today->len);
  g_list_store_splice (self->week_items, 0, 0, week->pdata, week->len);
  /* Rows from a bound model go before the list's placeholder, and GTK 4.8 counts the
   * hidden placeholder as the list's last child: the last row would keep its separator
   * line. The placeholder goes first, where it was when rows were appended. */
  gtk_widget_insert_after (self->today_placeholder, GTK_WIDGET (self->today_list), NULL);
  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");
}

static void
refresh (ReframeHomeworkPage *self)
{
  g_autoptr (GListModel) items = NULL;
  g_autoptr (GError) error = NULL;
  GDate today;

  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  g_hash_table_remove_all (self->assignments);
  g_list_store_remove_all (self->today_items);
  g_list_store_remove_all (self->week_items);

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  get_today (self, &today);
  if ((items = reframe_homework_list_week (
           get_repository (self), self->registry, &today, &error)) == NULL)
    {
      show_error (self, error);
      return;
    }
  show_items (self, items);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  ReframeHomeworkPage *self = user_data;

  self->refresh_idle_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* Changes come in bursts (a save, then a completion): one refresh for all. */
void
_reframe_homework_page_queue_refresh (ReframeHomeworkPage *self)
{
  if (self->refresh_idle_id == 0)
    self->refresh_idle_id = g_idle_add (refresh_idle_cb, self);
}

static gboolean
midnight_cb (gpointer user_data)
{
  ReframeHomeworkPage *self = user_data;

  self->midnight_timeout_id = 0;
  refresh (self);
  schedule_midnight_refresh (self);

  return G_SOURCE_REMOVE;
}

/* "Today" changes at midnight even when nothing else does. */
static void
schedule_midnight_refresh (ReframeHomeworkPage *self)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autoptr (GDateTime) midnight = NULL;
  GDate     tomorrow;
  GTimeSpan wait;

  reframe_homework_get_local_day (now, &tomorrow);
  g_date_add_days (&tomorrow, 1);
  midnight = g_date_time_new_local (g_date_get_year (&tomorrow),
                                    g_date_get_month (&tomorrow),
                                    g_date_get_day (&tomorrow),
                                    0,
                                    0,
                                    1);
  wait = g_date_time_difference (midnight, now) / G_TIME_SPAN_MILLISECOND;

  /* Capped, because the monotonic clock stops while the computer sleeps. */
  g_clear_handle_id (&self->midnight_timeout_id, g_source_remove);
  self->midnight_timeout_id =
      g_timeout_add ((guint) CLAMP (wait, 1000, 15 * 60 * 1000), midnight_cb, self);
}

/* Actions */

static ReframeAssignment *
lookup_assignment (ReframeHomeworkPage *self,
                   GVariant            *parameter)
{
  return g_hash_table_lookup (self->assignments, g_variant_get_string (parameter, NULL));
}

static void
add_assignment_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  reframe_homework_page_add_assignment (REFRAME_HOMEWORK_PAGE (widget));
}

static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ReframeHomeworkPage *self = REFRAME_HOMEWORK_PAGE (widget);
  ReframeAssignment   *assignment = lookup_assignment (self, parameter);

  if (assignment != NULL)
    reframe_homework_page_edit_assignment (self, assignment);
}

static void
set_archived (ReframeHomeworkPage *self,
              const char          *uuid,
              gboolean             archived)
{
  g_autoptr (ReframeAssignment) assignment = NULL;
  g_autoptr (GError) error = NULL;

  if (self->store == NULL)
    return;

  /* Read afresh: an archived assignment is no longer among those shown. */
  assignment = reframe_assignment_repository_get (get_repository (self), uuid, &error);
  if (assignment != NULL)
    {
      reframe_assignment_set_archived (assignment, archived);
      if (reframe_assignment_repository_save (get_repository (self), assignment, &error))
        {
          if (archived)
            /* Translators: %s is the title of a homework assignment */
            _reframe_homework_page_show_toast_printf (self,
                                                      "homework.unarchive",
                                                      uuid,
                                                      _ ("“%s” archived"),
                                                      reframe_assignment_get_title (assignment));
          return;
        }
    }

  /* Translators: %s says why the homework could not be changed */
  _reframe_homework_page_show_toast_printf (
      self, NULL, NULL, _ ("Could not change it: %s"), error->message);
}

static void
archive_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  set_archived (REFRAME_HOMEWORK_PAGE (widget), g_variant_get_string (parameter, NULL), TRUE);
}

static void
unarchive_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  set_archived (REFRAME_HOMEWORK_PAGE (widget), g_variant_get_string (parameter, NULL), FALSE);
}

static void
mark_done_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ReframeHomeworkPage *self = REFRAME_HOMEWORK_PAGE (widget);
  ReframeAssignment   *assignment = lookup_assignment (self, parameter);
  g_autoptr (GDateTime) when = NULL;
  g_autoptr (GError) error = NULL;

  if (assignment == NULL)
    return;

  if (g_date_valid (&self->fixed_today))
    when = g_date_time_new_local (g_date_get_year (&self->fixed_today),
                                  g_date_get_month (&self->fixed_today),
                                  g_date_get_day (&self->fixed_today),
                                  12,
                                  0,
                                  0);
  if (!reframe_assignment_repository_mark_task_done (
          get_repository (self), assignment, when, &error))
    {
      /* Translators: %s says why the task could not be ticked off */
      _reframe_homework_page_show_toast_printf (
          self, NULL, NULL, _ ("Could not mark it done: %s"), error->message);
      _reframe_homework_page_queue_refresh (self);
      return;
    }

  /* Translators: %s is the title of a homework task */
  _reframe_homework_page_show_toast_printf (self,
                                            "homework.undo-done",
                                            reframe_assignment_get_uuid (assignment),
                                            _ ("“%s” done for today"),
                                            reframe_assignment_get_title (assignment));
}

static void
undo_done_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ReframeHomeworkPage *self = REFRAME_HOMEWORK_PAGE (widget);
  ReframeAssignment   *assignment = lookup_assignment (self, parameter);
  g_autoptr (GError) error = NULL;
  GDate today;

  if (assignment == NULL)
    return;

  get_today (self, &today);
  if (!reframe_assignment_repository_unmark_task_done (
          get_repository (self), assignment, &today, &error))
    {
      /* Translators: %s says why the tick could not be taken back */
      _reframe_homework_page_show_toast_printf (
          self, NULL, NULL, _ ("Could not undo it: %s"), error->message);
      _reframe_homework_page_queue_refresh (self);
    }
}

static void
start_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ReframeHomeworkPage *self = REFRAME_HOMEWORK_PAGE (widget);
  ReframeAssignment   *assignment = lookup_assignment (self, parameter);

  if (assignment != NULL && !reframe_assignment_is_task (assignment))
    g_signal_emit (self,
                   signals[SIGNAL_START_WORKSHEET],
                   0,
                   reframe_assignment_get_uuid (assignment),
                   reframe_assignment_get_template_id (assignment));
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  refresh (REFRAME_HOMEWORK_PAGE (widget));
}

/* GObject */

static void
reframe_homework_page_dispose (GObject *object)
{
  ReframeHomeworkPage *self = REFRAME_HOMEWORK_PAGE (object);

  reframe_homework_page_set_store (self, NULL, NULL);
  _reframe_homework_page_dispose_plans (self);
  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  g_clear_handle_id (&self->midnight_timeout_id, g_source_remove);
  if (self->editor != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  self->editor = NULL;
  /* The toast overlay is both the bin's child and a template child: unparented
   * twice otherwise. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_HOMEWORK_PAGE);
  g_clear_pointer (&self->assignments, g_hash_table_unref);
  g_clear_object (&self->today_items);
  g_clear_object (&self->week_items);

  G_OBJECT_CLASS (reframe_homework_page_parent_class)->dispose (object);
}

static void
reframe_homework_page_class_init (ReframeHomeworkPageClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_homework_page_dispose;

  /**
   * ReframeHomeworkPage::start-worksheet:
   * @self: the page
   * @assignment_uuid: the assignment the worksheet is done for
   * @template_id: the template to fill in
   *
   * The person chose to start a worksheet for an assignment due today; the
   * window opens the worksheet editor with the assignment linked.
   */
  signals[SIGNAL_START_WORKSHEET] =
      g_signal_new ("start-worksheet",
                    G_TYPE_FROM_CLASS (klass),
                    G_SIGNAL_RUN_LAST,
                    0,
                    NULL,
                    NULL,
                    NULL,
                    G_TYPE_NONE,
                    2,
                    G_TYPE_STRING,
                    G_TYPE_STRING);

  gtk_widget_class_install_action (
      widget_class, "homework.add-assignment", NULL, add_assignment_activated);
  gtk_widget_class_install_action (widget_class, "homework.edit", "s", edit_activated);
  gtk_widget_class_install_action (widget_class, "homework.archive", "s", archive_activated);
  gtk_widget_class_install_action (widget_class, "homework.unarchive", "s", unarchive_activated);
  gtk_widget_class_install_action (widget_class, "homework.mark-done", "s", mark_done_activated);
  gtk_widget_class_install_action (widget_class, "homework.undo-done", "s", undo_done_activated);
  gtk_widget_class_install_action (widget_class, "homework.start", "s", start_activated);
  gtk_widget_class_install_action (widget_class, "homework.refresh", NULL, refresh_activated);
  _reframe_homework_page_class_init_plans (widget_class);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-homework-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkPage, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkPage, today_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkPage, week_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkPage, today_list);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkPage, week_list);
  gtk_widget_class_bind_template_child (widget_class, ReframeHomeworkPage, error_status);
}

static void
reframe_homework_page_init (ReframeHomeworkPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  reframe_label_width_set_least (GTK_WIDGET (self), REFRAME_LABEL_LEAST_CHARS);

  g_date_clear (&self->fixed_today, 1);
  self->assignments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->today_items = g_list_store_new (REFRAME_TYPE_HOMEWORK_ITEM);
  self->week_items = g_list_store_new (REFRAME_TYPE_HOMEWORK_ITEM);
  gtk_list_box_bind_model (
      self->today_list, G_LIST_MODEL (self->today_items), create_today_row_cb, NULL, NULL);
  gtk_list_box_bind_model (
      self->week_list, G_LIST_MODEL (self->week_items), create_week_row_cb, NULL, NULL);

  placeholder = gtk_label_new (_ ("Nothing is due today."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_add_css_class (placeholder, "homework-placeholder");
  gtk_list_box_set_placeholder (self->today_list, placeholder);
  self->today_placeholder = placeholder;

  gtk_stack_set_visible_child_name (self->stack, "empty");
  set_journal_actions_enabled (self, FALSE);

  _reframe_homework_page_init_plans (self);
}

/**
 * reframe_homework_page_new:
 *
 * Returns: (transfer floating): a page showing nothing until it gets a store
 */
GtkWidget *
reframe_homework_page_new (void)
{
  return g_object_new (REFRAME_TYPE_HOMEWORK_PAGE, NULL);
}

/**
 * reframe_homework_page_set_store:
 * @self: the page
 * @store: (nullable): the open journal
 * @registry: (nullable): the templates, for their titles and the editor
 *
 * Shows the homework in @store, and follows its changes.
 */
void
reframe_homework_page_set_store (ReframeHomeworkPage     *self,
                                 ReframeStore            *store,
                                 ReframeTemplateRegistry *registry)
{
  g_return_if_fail (REFRAME_IS_HOMEWORK_PAGE (self));
  g_return_if_fail (store == NULL || REFRAME_IS_STORE (store));
  g_return_if_fail (registry == NULL || REFRAME_IS_TEMPLATE_REGISTRY (registry));

  /* New templates change the titles shown; the same store needs no new signals. */
  if (self->store == store)
    {
      if (g_set_object (&self->registry, registry) && store != NULL)
        refresh (self);
      return;
    }

  g_set_object (&self->registry, registry);

  if (self->store != NULL)
    {
      g_signal_handlers_disconnect_by_func (
          reframe_store_get_assignments (self->store), _reframe_homework_page_queue_refresh, self);
      g_signal_handlers_disconnect_by_func (
          reframe_store_get_worksheets (self->store), _reframe_homework_page_queue_refresh, self);
      g_clear_handle_id (&self->midnight_timeout_id, g_source_remove);
    }

  g_set_object (&self->store, store);
  if (store == NULL)
    {
      if (self->assignments != NULL)
        refresh (self);
      set_journal_actions_enabled (self, FALSE);
      return;
    }

  /* A worksheet completed for an assignment counts toward it. */
  g_signal_connect_object (reframe_store_get_assignments (store),
                           "assignment-changed",
                           G_CALLBACK (_reframe_homework_page_queue_refresh),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (reframe_store_get_worksheets (store),
                           "worksheet-changed",
                           G_CALLBACK (_reframe_homework_page_queue_refresh),
                           self,
                           G_CONNECT_SWAPPED);
  set_journal_actions_enabled (self, TRUE);
  schedule_midnight_refresh (self);
  refresh (self);
}

/**
 * reframe_homework_page_get_store:
 * @self: the page
 *
 * Returns: (transfer none) (nullable): the journal shown
 */
ReframeStore *
reframe_homework_page_get_store (ReframeHomeworkPage *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_PAGE (self), NULL);

  return self->store;
}

/**
 * reframe_homework_page_refresh:
 * @self: the page
 *
 * Reads the homework again now (it also follows the store's changes by itself).
 */
void
reframe_homework_page_refresh (ReframeHomeworkPage *self)
{
  g_return_if_fail (REFRAME_IS_HOMEWORK_PAGE (self));

  refresh (self);
}

static GtkWindow *
open_editor (ReframeHomeworkPage *self,
             ReframeAssignment   *assignment)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->store == NULL)
    return NULL;

  /* One at a time: the open one is brought forward instead. */
  if (self->editor != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->editor));
      return GTK_WINDOW (self->editor);
    }

  self->editor = reframe_assignment_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                get_repository (self),
                                                self->registry,
                                                assignment);
  g_object_add_weak_pointer (G_OBJECT (self->editor), (gpointer *) &self->editor);
  gtk_window_present (GTK_WINDOW (self->editor));

  return GTK_WINDOW (self->editor);
}

/**
 * reframe_homework_page_add_assignment:
 * @self: the page
 *
 * Opens the editor for a new assignment.
 *
 * Returns: (transfer none) (nullable): the editor, %NULL without a journal
 */
GtkWindow *
reframe_homework_page_add_assignment (ReframeHomeworkPage *self)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_PAGE (self), NULL);

  return open_editor (self, NULL);
}

/**
 * reframe_homework_page_edit_assignment:
 * @self: the page
 * @assignment: the assignment to change
 *
 * Returns: (transfer none) (nullable): the editor, %NULL without a journal
 */
GtkWindow *
reframe_homework_page_edit_assignment (ReframeHomeworkPage *self,
                                       ReframeAssignment   *assignment)
{
  g_return_val_if_fail (REFRAME_IS_HOMEWORK_PAGE (self), NULL);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT (assignment), NULL);

  return open_editor (self, assignment);
}

/* For the tests */

ReframeAssignmentEditor *
_reframe_homework_page_get_editor (ReframeHomeworkPage *self)
{
  return self->editor;
}

const char *
_reframe_homework_page_get_state (ReframeHomeworkPage *self)
{
  return gtk_stack_get_visible_child_name (self->stack);
}

AdwActionRow *
_reframe_homework_page_find_today_row (ReframeHomeworkPage *self,
                                       const char          *uuid)
{
  return (AdwActionRow *) find_row (self->today_list, uuid);
}

AdwActionRow *
_reframe_homework_page_find_week_row (ReframeHomeworkPage *self,
                                      const char          *uuid)
{
  return (AdwActionRow *) find_row (self->week_list, uuid);
}

guint
_reframe_homework_page_count_today (ReframeHomeworkPage *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->today_items));
}

void
_reframe_homework_page_set_today (ReframeHomeworkPage *self,
                                  const GDate         *today)
{
  if (today != NULL)
    self->fixed_today = *today;
  else
    g_date_clear (&self->fixed_today, 1);

  refresh (self);
}
