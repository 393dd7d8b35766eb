/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-assignment-editor.c: the window that adds or changes one homework assignment, saving as
 * it goes. */

#define G_LOG_DOMAIN "ReframeAssignmentEditor"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-assignment-editor.h"
#include "reframe-format.h"
#include "reframe-spell.h"

/* Changes are written this long after the last one, and on close. */
#define SAVE_DELAY_MS 400

/* A new end date or due date falls this many days after the start: most homework
 * runs until the next session, a week away. */
#define DEFAULT_SPAN_DAYS 6

struct _ReframeAssignmentEditor
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkRevealer    *error_revealer;
  GtkLabel       *error_label;
  AdwEntryRow    *title_row;
  AdwComboRow    *template_row;
  AdwComboRow    *frequency_row;
  AdwActionRow   *times_row;
  GtkSpinButton  *times_spin;
  AdwActionRow   *due_row;
  GtkMenuButton  *due_button;
  GtkCalendar    *due_calendar;
  GtkMenuButton  *start_button;
  GtkCalendar    *start_calendar;
  GtkMenuButton  *end_button;
  GtkCalendar    *end_calendar;
  GtkSwitch      *end_switch;
  GtkTextView    *rationale_view;
  GtkTextView    *note_view;
  GtkSwitch      *reminder_switch;

  /* Owned */
  ReframeAssignmentRepository *repository;
  ReframeTemplateRegistry     *registry;
  ReframeAssignment           *assignment;
  GPtrArray                   *template_ids;
  guint                        save_timeout_id;

  /* The assignment is saved (it was passed in, or saved once). */
  guint exists : 1;
  /* There are changes the journal does not have yet. */
  guint dirty : 1;
  /* Widgets are being filled from the assignment: their signals are not edits. */
  guint syncing : 1;
  /* Closing failed to save once and said why; the next close goes through. */
  guint warned : 1;
};

G_DEFINE_FINAL_TYPE (ReframeAssignmentEditor, reframe_assignment_editor, ADW_TYPE_WINDOW)

/* Helpers */

static char *
format_date (const GDate *date)
{
  char day[16];

  g_snprintf (day,
              sizeof day,
              "%04u-%02u-%02u",
              g_date_get_year (date),
              g_date_get_month (date),
              g_date_get_day (date));
  return reframe_format_day_heading (day);
}

static void
get_calendar_date (GtkCalendar *calendar,
                   GDate       *date)
{
  g_autoptr (GDateTime) time = gtk_calendar_get_date (calendar);

  g_date_clear (date, 1);
  g_date_set_dmy (date,
                  g_date_time_get_day_of_month (time),
                  g_date_time_get_month (time),
                  g_date_time_get_year (time));
}

static void
set_calendar_date (GtkCalendar *calendar,
                   const GDate *date)
{
  g_autoptr (GDateTime) time = g_date_time_new_local (
      g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);

  gtk_calendar_select_day (calendar, time);
}

static char *
dup_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter    start;
  GtkTextIter    end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
has_title (ReframeAssignmentEditor *self)
{
  g_autofree char *title = g_strstrip (g_strdup (reframe_assignment_get_title (self->assignment)));

  return *title != '\0';
}

/* Nothing worth keeping was typed into a new assignment. */
static gboolean
is_blank (ReframeAssignmentEditor *self)
{
  const char *rationale = reframe_assignment_get_rationale (self->assignment);
  const char *note = reframe_assignment_get_therapist_note (self->assignment);

  return !has_title (self) && (rationale == NULL || *rationale == '\0') &&
         (note == NULL || *note == '\0');
}

/* Saving */

static void
show_save_error (ReframeAssignmentEditor *self,
                 const GError            *error)
{
  g_autofree char *text = NULL;

  /* Translators: %s says why the homework could not be saved; it is saved again
   * with the next change. */
  text = g_strdup_printf (_ ("Not saved yet. %s"), error->message);
  gtk_label_set_label (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
set_exists (ReframeAssignmentEditor *self)
{
  self->exists = TRUE;
  adw_window_title_set_title (self->window_title, _ ("Edit Assignment"));
  gtk_window_set_title (GTK_WINDOW (self), _ ("Edit Assignment"));
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  ReframeAssignmentEditor *self = user_data;

  self->save_timeout_id = 0;
  /* A failure is shown in the window and retried with the next change. */
  reframe_assignment_editor_save_now (self, NULL);

  return G_SOURCE_REMOVE;
}

static void
schedule_save (ReframeAssignmentEditor *self)
{
  self->dirty = TRUE;
  self->warned = FALSE;

  /* Homework without a title is not written yet: the person may still be
   * filling in the other fields first. */
  if (!has_title (self))
    return;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);
  self->save_timeout_id = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/* Filling the widgets from the assignment */

static void
update_date_button (GtkMenuButton *button,
                    const GDate   *date,
                    const char    *what)
{
  g_autofree char *text = date != NULL ? format_date (date) : g_strdup (_ ("No end date"));
  /* Translators: the first %s names a date field ("Start date"), the second is the date */
  g_autofree char *label = g_strdup_printf (_ ("%s: %s"), what, text);

  gtk_menu_button_set_label (button, text);
  gtk_accessible_update_property (
      GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static void
sync_dates (ReframeAssignmentEditor *self)
{
  const GDate     *start = reframe_assignment_get_start_date (self->assignment);
  const GDate     *end = reframe_assignment_get_end_date (self->assignment);
  const GDate     *due = reframe_assignment_get_due_date (self->assignment);
  ReframeFrequency frequency = reframe_assignment_get_frequency (self->assignment);

  self->syncing = TRUE;
  set_calendar_date (self->start_calendar, start);
  update_date_button (self->start_button, start, _ ("Start date"));
  gtk_switch_set_active (self->end_switch, end != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->end_button), end != NULL);
  if (end != NULL)
    set_calendar_date (self->end_calendar, end);
  update_date_button (self->end_button, end, _ ("End date"));
  if (due != NULL)
    {
      set_calendar_date (self->due_calendar, due);
      update_date_button (self->due_button, due, _ ("Due date"));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->times_row),
                          frequency == REFRAME_FREQUENCY_TIMES_PER_WEEK);
  gtk_widget_set_visible (GTK_WIDGET (self->due_row), frequency == REFRAME_FREQUENCY_ONCE);
  self->syncing = FALSE;
}

static guint
find_template_position (ReframeAssignmentEditor *self,
                        const char              *template_id)
{
  for (guint i = 1; i < self->template_ids->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->template_ids, i), template_id) == 0)
        return i;
    }

  return 0;
}

static void
sync_widgets (ReframeAssignmentEditor *self)
{
  const char *rationale = reframe_assignment_get_rationale (self->assignment);
  const char *note = reframe_assignment_get_therapist_note (self->assignment);

  self->syncing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->title_row),
                         reframe_assignment_get_title (self->assignment));
  adw_combo_row_set_selected (
      self->template_row,
      find_template_position (self, reframe_assignment_get_template_id (self->assignment)));
  adw_combo_row_set_selected (self->frequency_row,
                              reframe_assignment_get_frequency (self->assignment));
  gtk_spin_button_set_value (self->times_spin,
                             reframe_assignment_get_times_per_week (self->assignment));
  gtk_text_buffer_set_text (
      gtk_text_view_get_buffer (self->rationale_view), rationale ? rationale : "", -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view), note ? note : "", -1);
  gtk_switch_set_active (self->reminder_switch, reframe_assignment_get_reminder (self->assignment));
  self->syncing = FALSE;

  sync_dates (self);
}

/* The templates to choose from: a free-text task first, then every template. */
static void
fill_template_row (ReframeAssignmentEditor *self)
{
  g_autoptr (GtkStringList) titles = gtk_string_list_new (NULL);
  const char *current = reframe_assignment_get_template_id (self->assignment);
  GListModel *templates =
      self->registry ? reframe_template_registry_get_templates (self->registry) : NULL;
  guint    n_items = templates ? g_list_model_get_n_items (templates) : 0;
  gboolean found = current == NULL;

  gtk_string_list_append (titles, _ ("Free-text task"));
  g_ptr_array_add (self->template_ids, NULL);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (ReframeTemplate) template = g_list_model_get_item (templates, i);

      gtk_string_list_append (titles, reframe_template_get_title (template));
      g_ptr_array_add (self->template_ids, g_strdup (reframe_template_get_id (template)));
      found = found || g_strcmp0 (reframe_template_get_id (template), current) == 0;
    }

  /* A template that is no longer installed stays chosen, under its id. */
  if (!found)
    {
      gtk_string_list_append (titles, current);
      g_ptr_array_add (self->template_ids, g_strdup (current));
    }

  self->syncing = TRUE;
  adw_combo_row_set_model (self->template_row, G_LIST_MODEL (titles));
  self->syncing = FALSE;
}

/* Callbacks */

static void
title_changed_cb (ReframeAssignmentEditor *self)
{
  g_autofree char *title = NULL;

  if (self->syncing)
    return;

  /* An emptied title keeps the last one in the journal. */
  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  if (*title != '\0')
    reframe_assignment_set_title (self->assignment, title);
  schedule_save (self);
}

static const char *
lookup_template_title (ReframeAssignmentEditor *self,
                       const char              *id)
{
  ReframeTemplate *template = NULL;

  if (id != NULL && self->registry != NULL)
    template = reframe_template_registry_lookup (self->registry, id, 0);

  return template != NULL ? reframe_template_get_title (template) : NULL;
}

static void
template_selected_cb (ReframeAssignmentEditor *self)
{
  guint       selected = adw_combo_row_get_selected (self->template_row);
  const char *old_id = reframe_assignment_get_template_id (self->assignment);
  const char *old_title = lookup_template_title (self, old_id);
  const char *new_id;
  const char *new_title;

  if (self->syncing || selected >= self->template_ids->len)
    return;

  new_id = g_ptr_array_index (self->template_ids, selected);
  new_title = lookup_template_title (self, new_id);

  /* The template's name is a good title until the person writes their own. */
  if (new_title != NULL &&
      (!has_title (self) ||
       g_strcmp0 (reframe_assignment_get_title (self->assignment), old_title) == 0))
    {
      reframe_assignment_set_title (self->assignment, new_title);
      self->syncing = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->title_row), new_title);
      self->syncing = FALSE;
    }

  reframe_assignment_set_template_id (self->assignment, new_id);
  schedule_save (self);
}

static void
frequency_selected_cb (ReframeAssignmentEditor *self)
{
  ReframeFrequency frequency = adw_combo_row_get_selected (self->frequency_row);

  if (self->syncing || frequency > REFRAME_FREQUENCY_ONCE)
    return;

  if (frequency == REFRAME_FREQUENCY_ONCE &&
      reframe_assignment_get_due_date (self->assignment) == NULL)
    {
      GDate due = *reframe_assignment_get_start_date (self->assignment);

      g_date_add_days (&due, DEFAULT_SPAN_DAYS);
      reframe_assignment_set_due_date (self->assignment, &due);
    }

  reframe_assignment_set_frequency (self->assignment, frequency);
  sync_dates (self);
  schedule_save (self);
}

static void
times_changed_cb (ReframeAssignmentEditor *self)
{
  if (self->syncing)
    return;

  reframe_assignment_set_times_per_week (self->assignment,
                                         gtk_spin_button_get_value_as_int (self->times_spin));
  schedule_save (self);
}

static void
date_selected_cb (ReframeAssignmentEditor *self,
                  GtkCalendar             *calendar)
{
  GDate date;

  if (self->syncing)
    return;

  get_calendar_date (calendar, &date);
  if (calendar == self->start_calendar)
    {
      reframe_assignment_set_start_date (self->assignment, &date);
      gtk_menu_button_popdown (self->start_button);
    }
  else if (calendar == self->end_calendar)
    {
      reframe_assignment_set_end_date (self->assignment, &date);
      gtk_menu_button_popdown (self->end_button);
    }
  else
    {
      reframe_assignment_set_due_date (self->assignment, &date);
      gtk_menu_button_popdown (self->due_button);
    }

  sync_dates (self);
  schedule_save (self);
}

static void
end_switch_changed_cb (ReframeAssignmentEditor *self)
{
  if (self->syncing)
    return;

  if (gtk_switch_get_active (self->end_switch))
    {
      GDate end = *reframe_assignment_get_start_date (self->assignment);

      g_date_add_days (&end, DEFAULT_SPAN_DAYS);
      reframe_assignment_set_end_date (self->assignment, &end);
    }
  else
    {
      reframe_assignment_set_end_date (self->assignment, NULL);
    }

  sync_dates (self);
  schedule_save (self);
}

static void
reminder_switch_changed_cb (ReframeAssignmentEditor *self)
{
  if (self->syncing)
    return;

  reframe_assignment_set_reminder (self->assignment, gtk_switch_get_active (self->reminder_switch));
  schedule_save (self);
}

static void
rationale_changed_cb (ReframeAssignmentEditor *self)
{
  g_autofree char *text = NULL;

  if (self->syncing)
    return;

  text = dup_buffer_text (self->rationale_view);
  reframe_assignment_set_rationale (self->assignment, text);
  schedule_save (self);
}

static void
note_changed_cb (ReframeAssignmentEditor *self)
{
  g_autofree char *text = NULL;

  if (self->syncing)
    return;

  text = dup_buffer_text (self->note_view);
  reframe_assignment_set_therapist_note (self->assignment, text);
  schedule_save (self);
}

/* Actions */

static void
done_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
save_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  reframe_assignment_editor_save_now (REFRAME_ASSIGNMENT_EDITOR (widget), NULL);
}

/* GtkWindow */

static gboolean
reframe_assignment_editor_close_request (GtkWindow *window)
{
  ReframeAssignmentEditor *self = REFRAME_ASSIGNMENT_EDITOR (window);
  g_autoptr (GError) error = NULL;

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);

  if (!self->exists && is_blank (self))
    return FALSE;

  if ((self->dirty || !self->exists) && !self->warned &&
      !reframe_assignment_editor_save_now (self, &error))
    {
      /* Say once why it is not saved; closing again lets it go. */
      self->warned = TRUE;
      return TRUE;
    }

  /* Focus leaves the fields while they still exist: GTK 4.8 makes an input-method
   * context on a focus-out, and one made while the window is being destroyed is never
   * freed. */
  gtk_window_set_focus (window, NULL);
  return FALSE;
}

/* GObject */

static void
reframe_assignment_editor_dispose (GObject *object)
{
  ReframeAssignmentEditor *self = REFRAME_ASSIGNMENT_EDITOR (object);

  /* Destroyed with its parent, without a close: what is pending is written now. */
  if (self->save_timeout_id != 0)
    reframe_assignment_editor_save_now (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_ASSIGNMENT_EDITOR);
  g_clear_object (&self->repository);
  g_clear_object (&self->registry);
  g_clear_object (&self->assignment);
  g_clear_pointer (&self->template_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (reframe_assignment_editor_parent_class)->dispose (object);
}

static void
reframe_assignment_editor_class_init (ReframeAssignmentEditorClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = reframe_assignment_editor_dispose;
  window_class->close_request = reframe_assignment_editor_close_request;

  gtk_widget_class_install_action (widget_class, "assignment.done", NULL, done_activated);
  gtk_widget_class_install_action (widget_class, "assignment.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "assignment.done", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-assignment-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, template_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, frequency_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, times_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, times_spin);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, due_row);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, due_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, due_calendar);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, start_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, start_calendar);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, end_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, end_calendar);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, end_switch);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, rationale_view);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, note_view);
  gtk_widget_class_bind_template_child (widget_class, ReframeAssignmentEditor, reminder_switch);
  gtk_widget_class_bind_template_callback (widget_class, title_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, template_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, frequency_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, times_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, end_switch_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reminder_switch_changed_cb);
}

static void
reframe_assignment_editor_init (ReframeAssignmentEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->template_ids = g_ptr_array_new_with_free_func (g_free);
  reframe_spell_attach_text_view (self->rationale_view, REFRAME_SPELL_FIELD_HOMEWORK_NOTE);
  reframe_spell_attach_text_view (self->note_view, REFRAME_SPELL_FIELD_HOMEWORK_NOTE);
  g_signal_connect_object (gtk_text_view_get_buffer (self->rationale_view),
                           "changed",
                           G_CALLBACK (rationale_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->note_view),
                           "changed",
                           G_CALLBACK (note_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
}

/**
 * reframe_assignment_editor_new:
 * @parent: (nullable): the window it belongs to
 * @repository: where the assignment is saved
 * @registry: (nullable): the templates to choose from
 * @assignment: (nullable): the assignment to change; %NULL for a new one
 *
 * Returns: (transfer none): the editor, owned by GTK's list of windows
 */
ReframeAssignmentEditor *
reframe_assignment_editor_new (GtkWindow                   *parent,
                               ReframeAssignmentRepository *repository,
                               ReframeTemplateRegistry     *registry,
                               ReframeAssignment           *assignment)
{
  ReframeAssignmentEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_REPOSITORY (repository), NULL);
  g_return_val_if_fail (registry == NULL || REFRAME_IS_TEMPLATE_REGISTRY (registry), NULL);
  g_return_val_if_fail (assignment == NULL || REFRAME_IS_ASSIGNMENT (assignment), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_ASSIGNMENT_EDITOR, parent);
  self->repository = g_object_ref (repository);
  self->registry = registry ? g_object_ref (registry) : NULL;

  if (assignment != NULL)
    {
      self->assignment = g_object_ref (assignment);
      set_exists (self);
    }
  else
    {
      /* Reminders are asked for in Preferences; each new homework is in them. */
      self->assignment = reframe_assignment_new ("", NULL);
      reframe_assignment_set_reminder (self->assignment, TRUE);
    }

  fill_template_row (self);
  sync_widgets (self);
  /* A person starts with what the homework is: the title, ready for typing. */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->title_row));

  return self;
}

/**
 * reframe_assignment_editor_get_assignment:
 * @self: the editor
 *
 * Returns: (transfer none): the assignment being edited
 */
ReframeAssignment *
reframe_assignment_editor_get_assignment (ReframeAssignmentEditor *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_EDITOR (self), NULL);

  return self->assignment;
}

/**
 * reframe_assignment_editor_get_saved:
 * @self: the editor
 *
 * Returns: whether the assignment is saved and nothing changed since
 */
gboolean
reframe_assignment_editor_get_saved (ReframeAssignmentEditor *self)
{
  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_EDITOR (self), FALSE);

  return self->exists && !self->dirty;
}

/**
 * reframe_assignment_editor_save_now:
 * @self: the editor
 * @error: where the reason goes when it cannot be saved
 *
 * Writes the assignment now instead of after the autosave delay; a failure is
 * also shown in the window.
 *
 * Returns: whether the assignment is saved
 */
gboolean
reframe_assignment_editor_save_now (ReframeAssignmentEditor *self,
                                    GError                 **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (REFRAME_IS_ASSIGNMENT_EDITOR (self), FALSE);

  g_clear_handle_id (&self->save_timeout_id, g_source_remove);

  if (!reframe_assignment_repository_save (self->repository, self->assignment, &local_error))
    {
      show_save_error (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  self->dirty = FALSE;
  if (!self->exists)
    set_exists (self);

  return TRUE;
}
