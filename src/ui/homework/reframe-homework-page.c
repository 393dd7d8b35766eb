/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-homework-page.c: what the therapist asked for: due today, this week's progress, the assignments.
 *
 * Missed days are said plainly, once, with no count of streaks and nothing red:
 * the page is a list of what was asked and how it is going, not a judgement.
 */

#define G_LOG_DOMAIN "ReframeHomeworkPage"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-assignment-editor.h"
#include "reframe-assignment-repository.h"
#include "reframe-format.h"
#include "reframe-homework-page-private.h"
#include "reframe-plan-export-dialog.h"
#include "reframe-plan-window.h"
#include "reframe-plan.h"
#include "reframe-worksheet-repository.h"
#include "reframe-locale.h"

struct _ReframeHomeworkPage
{
  AdwBin parent_instance;

  /* Template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *stack;
  AdwPreferencesGroup *today_group;
  AdwPreferencesGroup *week_group;
  GtkListBox          *today_list;
  GtkListBox          *week_list;
  AdwStatusPage       *error_status;

  /* Owned */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  GHashTable              *assignments; /* uuid → ReframeAssignment, as shown */
  guint                    refresh_idle_id;
  guint                    midnight_timeout_id;
  GDate                    fixed_today; /* for the tests; invalid means the real today */

  /* Borrowed, weak: the open editor, plan window and file chooser */
  ReframeAssignmentEditor *editor;
  ReframePlanWindow       *plan_window;

  /* Owned */
  GtkFileChooserNative *plan_chooser;
};

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

static void show_toast_printf (ReframeHomeworkPage *self,
                               const char          *undo_action,
                               const char          *uuid,
                               const char          *format,
                               ...) G_GNUC_PRINTF (4, 5);

/* The arguments are escaped for the toast's markup. */
static void
show_toast_printf (ReframeHomeworkPage *self,
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

static char *
format_date (const GDate *date)
{
  char day[16];

  g_snprintf (day, sizeof day, "%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
  return reframe_format_day_heading (day);
}

static char *
format_weekday (const GDate *date)
{
  return reframe_locale_format_date (date, REFRAME_DATE_WEEKDAY);
}

static const char *
get_kind_title (ReframeHomeworkPage *self,
                ReframeAssignment   *assignment)
{
  const char *id = reframe_assignment_get_template_id (assignment);
  ReframeTemplate *template;

  if (id == NULL)
    /* Translators: the kind of a homework assignment without a worksheet (a noun) */
    return _ ("Task");

  template = self->registry ? reframe_template_registry_lookup (self->registry, id, 0) : NULL;
  return template != NULL ? reframe_template_get_title (template) : _ ("Worksheet");
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
find_row (GtkListBox *list,
          const char *uuid)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "uuid"), uuid) == 0)
        return child;
    }

  return NULL;
}

/* What people read */

/* The days of this week, before today, that a daily assignment was meant for and
 * not done: "Not done on Tuesday". */
static char *
describe_missed_daily (ReframeHomeworkPage *self,
                       ReframeAssignment   *assignment,
                       const GDate         *monday,
                       const GDate         *today,
                       guint                missed)
{
  g_autoptr (GPtrArray) times = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const GDate *start = reframe_assignment_get_start_date (assignment);
  const GDate *end = reframe_assignment_get_end_date (assignment);
  GDate        day = *monday;
  GDate        yesterday = *today;

  g_date_subtract_days (&yesterday, 1);
  if (missed > 2 || g_date_compare (&yesterday, monday) < 0 ||
      (times = reframe_assignment_repository_list_completions (get_repository (self), assignment, monday, &yesterday, NULL)) == NULL)
    /* Translators: days of this week a daily exercise was meant for and not done */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Not done on %u day", "Not done on %u days", missed), missed);

  for (; g_date_compare (&day, today) < 0; g_date_add_days (&day, 1))
    {
      gboolean done = FALSE;

      if (g_date_compare (&day, start) < 0 || (end != NULL && g_date_compare (&day, end) > 0))
        continue;
      for (guint i = 0; i < times->len && !done; i++)
        done = g_date_time_get_day_of_year (g_ptr_array_index (times, i)) == (int) g_date_get_day_of_year (&day) &&
               g_date_time_get_year (g_ptr_array_index (times, i)) == g_date_get_year (&day);
      if (!done)
        g_ptr_array_add (names, format_weekday (&day));
    }

  if (names->len == 1)
    /* Translators: %s is a day of the week; said plainly, never as a reproach */
    return g_strdup_printf (_ ("Not done on %s"), (const char *) g_ptr_array_index (names, 0));
  if (names->len == 2)
    /* Translators: each %s is a day of the week */
    return g_strdup_printf (_ ("Not done on %s and %s"), (const char *) g_ptr_array_index (names, 0), (const char *) g_ptr_array_index (names, 1));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Not done on %u day", "Not done on %u days", missed), missed);
}

static char *
describe_missed (ReframeHomeworkPage           *self,
                 ReframeAssignment             *assignment,
                 const ReframeHomeworkProgress *progress,
                 const GDate                   *monday,
                 const GDate                   *today)
{
  g_autofree char *due = NULL;

  if (progress->missed_days == 0)
    return NULL;

  switch (reframe_assignment_get_frequency (assignment))
    {
    case REFRAME_FREQUENCY_DAILY:
      return describe_missed_daily (self, assignment, monday, today, progress->missed_days);

    case REFRAME_FREQUENCY_TIMES_PER_WEEK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u day fewer than planned this week",
                                           "%u days fewer than planned this week",
                                           progress->missed_days),
                              progress->missed_days);

    case REFRAME_FREQUENCY_ONCE:
    default:
      due = format_date (reframe_assignment_get_due_date (assignment));
      /* Translators: %s is the day it was meant to be done by */
      return g_strdup_printf (_ ("Not done by %s"), due);
    }
}

static char *
describe_progress (ReframeAssignment             *assignment,
                   const ReframeHomeworkProgress *progress,
                   const GDate                   *monday)
{
  const GDate     *start = reframe_assignment_get_start_date (assignment);
  const GDate     *due = reframe_assignment_get_due_date (assignment);
  g_autofree char *day = NULL;

  if (!reframe_homework_is_in_week (assignment, monday))
    {
      GDate sunday = *monday;

      g_date_add_days (&sunday, 6);
      day = format_date (start);
      /* Translators: %s is a day; the homework begins after this week */
      if (g_date_compare (start, &sunday) > 0)
        return g_strdup_printf (_ ("Starts %s"), day);
      g_free (day);
      day = format_date (reframe_assignment_get_end_date (assignment) ? reframe_assignment_get_end_date (assignment) : start);
      /* Translators: %s is the day the homework ended */
      return g_strdup_printf (_ ("Ended %s"), day);
    }

  if (reframe_assignment_get_frequency (assignment) == REFRAME_FREQUENCY_ONCE)
    {
      if (progress->done > 0)
        return g_strdup (_ ("Done"));
      day = format_date (due);
      /* Translators: %s is the day it is meant to be done by */
      return g_strdup_printf (_ ("Due by %s"), day);
    }

  /* Translators: how much of this week's homework is done, e.g. "Done 2 of 7 this week" */
  return g_strdup_printf (_ ("Done %u of %u this week"), progress->done, progress->expected);
}

static char *
describe_frequency (ReframeAssignment *assignment)
{
  guint times = reframe_assignment_get_times_per_week (assignment);

  switch (reframe_assignment_get_frequency (assignment))
    {
    case REFRAME_FREQUENCY_DAILY:
      return g_strdup (_ ("Every day"));

    case REFRAME_FREQUENCY_TIMES_PER_WEEK:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day a week", "%u days a week", times), times);

    case REFRAME_FREQUENCY_ONCE:
    default:
      /* Translators: how often homework is due: a single time */
      return g_strdup (_ ("Once"));
    }
}

/* Rows */

static GtkWidget *
make_menu_button (ReframeAssignment *assignment)
{
  g_autoptr (GMenu) menu = g_menu_new ();
  g_autoptr (GMenuItem) edit = g_menu_item_new (_ ("_Edit"), NULL);
  g_autoptr (GMenuItem) archive = g_menu_item_new (_ ("_Archive"), NULL);
  /* Translators: %s is the title of a homework assignment */
  g_autofree char *label = g_strdup_printf (_ ("More for “%s”"), reframe_assignment_get_title (assignment));
  GtkWidget       *button;
  const char      *uuid = reframe_assignment_get_uuid (assignment);

  g_menu_item_set_action_and_target_value (edit, "homework.edit", g_variant_new_string (uuid));
  g_menu_item_set_action_and_target_value (archive, "homework.archive", g_variant_new_string (uuid));
  g_menu_append_item (menu, edit);
  g_menu_append_item (menu, archive);

  button = g_object_new (GTK_TYPE_MENU_BUTTON,
                         "icon-name",
                         "view-more-symbolic",
                         "menu-model",
                         menu,
                         "valign",
                         GTK_ALIGN_CENTER,
                         "tooltip-text",
                         _ ("More"),
                         NULL);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return button;
}

static GtkWidget *
make_progress_box (const ReframeHomeworkProgress *progress,
                   const char                    *title)
{
  /* Translators: a short progress figure, e.g. "2 of 7" */
  g_autofree char *figure = g_strdup_printf (_ ("%u of %u"), progress->done, progress->expected);
  /* Translators: %s is the title of a homework assignment */
  g_autofree char *label = g_strdup_printf (_ ("Progress this week for “%s”"), title);
  GtkWidget       *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget       *text = gtk_label_new (figure);
  GtkWidget       *bar = gtk_level_bar_new_for_interval (0, MAX (progress->expected, 1));

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (text, "caption");
  gtk_widget_add_css_class (text, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (text), 1);

  /* One calm colour whatever the value: no red for a slow week. */
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
  gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), MIN (progress->done, MAX (progress->expected, 1)));
  gtk_widget_set_size_request (bar, 72, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), bar);
  gtk_widget_add_css_class (box, "homework-progress");

  return box;
}

static GtkWidget *
make_week_row (ReframeHomeworkPage           *self,
               ReframeAssignment             *assignment,
               const ReframeHomeworkProgress *progress,
               const GDate                   *monday,
               const GDate                   *today)
{
  g_autofree char *state = describe_progress (assignment, progress, monday);
  g_autofree char *missed = reframe_homework_is_in_week (assignment, monday) ? describe_missed (self, assignment, progress, monday, today) : NULL;
  g_autofree char *frequency = describe_frequency (assignment);
  const char      *rationale = reframe_assignment_get_rationale (assignment);
  const char      *title = reframe_assignment_get_title (assignment);
  const char      *kind = get_kind_title (self, assignment);
  g_autofree char *title_markup = g_markup_escape_text (title, -1);
  g_autofree char *kind_folded = NULL;
  g_autofree char *title_folded = NULL;
  g_autofree char *first = NULL;
  g_autofree char *head = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget       *row;

  kind_folded = g_utf8_casefold (kind, -1);
  title_folded = g_utf8_casefold (title, -1);
  /* The kind is left out when the title already says it ("Thought Record"). */
  if (g_str_equal (kind_folded, title_folded))
    /* Translators: "Every day · Done 2 of 7 this week" */
    first = g_strdup_printf (_ ("%s · %s"), frequency, state);
  else
    /* Translators: "Every day · Thought Record · Done 2 of 7 this week" */
    first = g_strdup_printf (_ ("%s · %s · %s"), frequency, kind, state);

  head = g_markup_printf_escaped ("%s%s%s", first, missed != NULL ? "\n" : "", missed != NULL ? missed : "");
  /* The therapist's reason stays in sight, in their words: it is what makes the
   * homework worth doing. */
  if (rationale != NULL && *rationale != '\0')
    {
      g_autofree char *reason = g_markup_printf_escaped ("\n<i>%s</i>", rationale);

      subtitle = g_strconcat (head, reason, NULL);
    }
  else
    {
      subtitle = g_steal_pointer (&head);
    }

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title",
                      title_markup,
                      "subtitle",
                      subtitle,
                      "subtitle-lines",
                      0,
                      "activatable",
                      TRUE,
                      "action-name",
                      "homework.edit",
                      "action-target",
                      g_variant_new_string (reframe_assignment_get_uuid (assignment)),
                      NULL);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_progress_box (progress, title));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_menu_button (assignment));
  g_object_set_data_full (G_OBJECT (row), "uuid", g_strdup (reframe_assignment_get_uuid (assignment)), g_free);

  return row;
}

static void
task_check_toggled_cb (GtkCheckButton      *check,
                       ReframeHomeworkPage *self)
{
  const char *uuid = g_object_get_data (G_OBJECT (check), "uuid");

  /* The rows are rebuilt from the journal when it tells of the change. */
  gtk_widget_activate_action (GTK_WIDGET (self),
                              gtk_check_button_get_active (check) ? "homework.mark-done" : "homework.undo-done",
                              "s",
                              uuid);
}

static GtkWidget *
make_done_label (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("object-select-symbolic");
  GtkWidget *label = gtk_label_new (_ ("Done today"));

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, _ ("Done"), -1);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "dim-label");

  return box;
}

/* A free-text task is ticked off here; a worksheet is started from here. */
static GtkWidget *
make_today_row (ReframeHomeworkPage           *self,
                ReframeAssignment             *assignment,
                const ReframeHomeworkProgress *progress)
{
  const char      *title = reframe_assignment_get_title (assignment);
  const char      *uuid = reframe_assignment_get_uuid (assignment);
  g_autofree char *label = NULL;
  GtkWidget       *row;
  GtkWidget       *widget;

  row = g_object_new (ADW_TYPE_ACTION_ROW,
                      "title",
                      title,
                      "use-markup",
                      FALSE,
                      "subtitle",
                      get_kind_title (self, assignment),
                      NULL);
  g_object_set_data_full (G_OBJECT (row), "uuid", g_strdup (uuid), g_free);

  if (reframe_assignment_is_task (assignment))
    {
      /* Translators: %s is the title of a homework task */
      label = g_strdup_printf (_ ("Done Today: “%s”"), title);
      widget = gtk_check_button_new ();
      gtk_check_button_set_active (GTK_CHECK_BUTTON (widget), progress->done_today);
      gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
      /* A signal rather than an action: a check button bound to a stateless
       * action does not show its own tick. */
      g_object_set_data_full (G_OBJECT (widget), "uuid", g_strdup (uuid), g_free);
      g_signal_connect_object (widget, "toggled", G_CALLBACK (task_check_toggled_cb), self, 0);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      gtk_widget_add_css_class (widget, "selection-mode");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), widget);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);
      g_object_set_data (G_OBJECT (row), "check", widget);
      return row;
    }

  if (progress->done_today)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), make_done_label ());
      return row;
    }

  /* Translators: %s is the title of a homework worksheet */
  label = g_strdup_printf (_ ("Start “%s”"), title);
  widget = gtk_button_new_with_mnemonic (_ ("_Start"));
  gtk_widget_set_valign (widget, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (widget), "homework.start");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (widget), g_variant_new_string (uuid));
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), widget);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), widget);

  return row;
}

/* Refreshing */

static void
show_error (ReframeHomeworkPage *self,
            const GError        *error)
{
  adw_status_page_set_description (self->error_status, error->message);
  gtk_stack_set_visible_child_name (self->stack, "error");
}

/* Adds the rows of one assignment; FALSE with @error when its progress cannot be read. */
static gboolean
add_assignment_rows (ReframeHomeworkPage *self,
                     ReframeAssignment   *assignment,
                     const GDate         *monday,
                     const GDate         *today,
                     GError             **error)
{
  ReframeHomeworkProgress progress;

  if (!reframe_assignment_repository_get_progress (get_repository (self), assignment, today, &progress, error))
    return FALSE;

  g_hash_table_insert (self->assignments, g_strdup (reframe_assignment_get_uuid (assignment)), g_object_ref (assignment));
  if (progress.due_today || progress.done_today)
    gtk_list_box_append (self->today_list, make_today_row (self, assignment, &progress));
  gtk_list_box_append (self->week_list, make_week_row (self, assignment, &progress, monday, today));

  return TRUE;
}

static void
refresh (ReframeHomeworkPage *self)
{
  g_autoptr (GListModel) assignments = NULL;
  g_autoptr (GError) error = NULL;
  GDate today;
  GDate monday;
  guint n_items;

  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  g_hash_table_remove_all (self->assignments);
  clear_list (self->today_list);
  clear_list (self->week_list);

  if (self->store == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if ((assignments = reframe_assignment_repository_list (get_repository (self), &error)) == NULL)
    {
      show_error (self, error);
      return;
    }

  get_today (self, &today);
  reframe_homework_get_week_start (&today, &monday);
  n_items = g_list_model_get_n_items (assignments);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (ReframeAssignment) assignment = g_list_model_get_item (assignments, i);

      if (!add_assignment_rows (self, assignment, &monday, &today, &error))
        {
          show_error (self, error);
          return;
        }
    }

  gtk_stack_set_visible_child_name (self->stack, n_items > 0 ? "list" : "empty");
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
static void
queue_refresh (ReframeHomeworkPage *self)
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
  midnight = g_date_time_new_local (g_date_get_year (&tomorrow), g_date_get_month (&tomorrow), g_date_get_day (&tomorrow), 0, 0, 1);
  wait = g_date_time_difference (midnight, now) / G_TIME_SPAN_MILLISECOND;

  /* Capped, because the monotonic clock stops while the computer sleeps. */
  g_clear_handle_id (&self->midnight_timeout_id, g_source_remove);
  self->midnight_timeout_id = g_timeout_add ((guint) CLAMP (wait, 1000, 15 * 60 * 1000), midnight_cb, self);
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
            show_toast_printf (self, "homework.unarchive", uuid, _ ("“%s” archived"), reframe_assignment_get_title (assignment));
          return;
        }
    }

  /* Translators: %s says why the homework could not be changed */
  show_toast_printf (self, NULL, NULL, _ ("Could not change it: %s"), error->message);
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
    when = g_date_time_new_local (g_date_get_year (&self->fixed_today), g_date_get_month (&self->fixed_today), g_date_get_day (&self->fixed_today), 12, 0, 0);
  if (!reframe_assignment_repository_mark_task_done (get_repository (self), assignment, when, &error))
    {
      /* Translators: %s says why the task could not be ticked off */
      show_toast_printf (self, NULL, NULL, _ ("Could not mark it done: %s"), error->message);
      queue_refresh (self);
      return;
    }

  /* Translators: %s is the title of a homework task */
  show_toast_printf (self, "homework.undo-done", reframe_assignment_get_uuid (assignment), _ ("“%s” done for today"), reframe_assignment_get_title (assignment));
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
  if (!reframe_assignment_repository_unmark_task_done (get_repository (self), assignment, &today, &error))
    {
      /* Translators: %s says why the tick could not be taken back */
      show_toast_printf (self, NULL, NULL, _ ("Could not undo it: %s"), error->message);
      queue_refresh (self);
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
    g_signal_emit (self, signals[SIGNAL_START_WORKSHEET], 0, reframe_assignment_get_uuid (assignment), reframe_assignment_get_template_id (assignment));
}

static void
refresh_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  refresh (REFRAME_HOMEWORK_PAGE (widget));
}

/* Homework plans */

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

      if (reframe_template_registry_import_template (self->registry, g_ptr_array_index (templates, i), &error) == NULL)
        g_debug ("A template of the plan is not in the gallery until Reframe starts again: %s", error->message);
    }
  if (changed == 0)
    /* Translators: a count of homework a plan added; short, to fit a phone's width */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Plan added: %u new", "Plan added: %u new", added), added);
  else
    /* Translators: the first count is new homework, the second homework changed */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Plan added: %u new, %u changed", "Plan added: %u new, %u changed", changed), added, changed);
  show_toast_printf (self, NULL, NULL, "%s", message);
  queue_refresh (self);
}

static void
plan_exported_cb (ReframeHomeworkPage *self,
                  GFile               *file)
{
  g_autofree char *name = g_file_get_basename (file);

  /* Translators: %s is the name of the file a homework plan was saved as */
  show_toast_printf (self, NULL, NULL, _ ("Plan saved as “%s”"), name);
}

static void
plan_chooser_response_cb (GtkNativeDialog     *chooser,
                          int                  response,
                          ReframeHomeworkPage *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser)) : NULL;

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
  self->plan_chooser = gtk_file_chooser_native_new (_ ("Import Homework Plan"), get_window (self), GTK_FILE_CHOOSER_ACTION_OPEN, _ ("_Open"), _ ("_Cancel"));
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
  g_signal_connect_object (dialog, "exported", G_CALLBACK (plan_exported_cb), self, G_CONNECT_SWAPPED);
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

/* GObject */

static void
reframe_homework_page_dispose (GObject *object)
{
  ReframeHomeworkPage *self = REFRAME_HOMEWORK_PAGE (object);

  reframe_homework_page_set_store (self, NULL, NULL);
  if (self->plan_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->plan_chooser));
  g_clear_object (&self->plan_chooser);
  if (self->plan_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->plan_window), (gpointer *) &self->plan_window);
  self->plan_window = NULL;
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

  gtk_widget_class_install_action (widget_class, "homework.add-assignment", NULL, add_assignment_activated);
  gtk_widget_class_install_action (widget_class, "homework.edit", "s", edit_activated);
  gtk_widget_class_install_action (widget_class, "homework.archive", "s", archive_activated);
  gtk_widget_class_install_action (widget_class, "homework.unarchive", "s", unarchive_activated);
  gtk_widget_class_install_action (widget_class, "homework.mark-done", "s", mark_done_activated);
  gtk_widget_class_install_action (widget_class, "homework.undo-done", "s", undo_done_activated);
  gtk_widget_class_install_action (widget_class, "homework.start", "s", start_activated);
  gtk_widget_class_install_action (widget_class, "homework.refresh", NULL, refresh_activated);
  gtk_widget_class_install_action (widget_class, "homework.import-plan", NULL, import_plan_activated);
  gtk_widget_class_install_action (widget_class, "homework.export-plan", NULL, export_plan_activated);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/reframe-homework-page.ui");
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
  GtkDropTarget *drop_target;
  GtkWidget     *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_date_clear (&self->fixed_today, 1);
  self->assignments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);

  placeholder = gtk_label_new (_ ("Nothing is due today."));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_add_css_class (placeholder, "homework-placeholder");
  gtk_list_box_set_placeholder (self->today_list, placeholder);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  set_journal_actions_enabled (self, FALSE);

  /* Files dropped from a file manager: a homework plan. */
  drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop_target, "drop", G_CALLBACK (plan_dropped_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop_target));
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
      g_signal_handlers_disconnect_by_func (reframe_store_get_assignments (self->store), queue_refresh, self);
      g_signal_handlers_disconnect_by_func (reframe_store_get_worksheets (self->store), queue_refresh, self);
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
  g_signal_connect_object (reframe_store_get_assignments (store), "assignment-changed", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (reframe_store_get_worksheets (store), "worksheet-changed", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
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

  self->editor = reframe_assignment_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, get_repository (self), self->registry, assignment);
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
  g_signal_connect_object (window, "imported", G_CALLBACK (plan_imported_cb), self, G_CONNECT_SWAPPED);
  reframe_plan_window_open (self->plan_window, file);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
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
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->today_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_object_get_data (G_OBJECT (child), "uuid") != NULL)
        n++;
    }

  return n;
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
