/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-window.c: a homework plan from the therapist: what it adds and changes,
 * then added in one step.
 *
 * Nothing is written until the person has seen the plan: who it is from and for which
 * weeks, the homework it adds, what it changes in homework they have (their reminders
 * stay theirs), what is there already, and the worksheets that come with it. Then all of
 * it goes in, in one transaction after a backup (reframe-plan-import.c), or none of it.
 * Reading and writing run on worker threads; Escape closes the window without a change,
 * except while the plan is being added, which cannot be stopped halfway.
 */

#define G_LOG_DOMAIN "ReframePlanWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-plan-window.h"
#include "reframe-locale.h"

struct _ReframePlanWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget          *cancel_button;
  GtkWidget          *add_button;
  GtkStack           *stack;
  AdwStatusPage      *busy_page;
  GtkSpinner         *spinner;
  AdwPreferencesPage *preview_page;
  AdwStatusPage      *message_page;
  GtkWidget          *message_button;

  /* Owned */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  ReframePlanImport       *import;
  GCancellable            *cancellable;
  GPtrArray               *groups; /* of AdwPreferencesGroup, on preview_page */
  gboolean                 applying;
};

G_DEFINE_FINAL_TYPE (ReframePlanWindow, reframe_plan_window, ADW_TYPE_WINDOW)

enum
{
  SIGNAL_IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_busy (ReframePlanWindow *self,
           const char        *title)
{
  adw_status_page_set_title (self->busy_page, title);
  gtk_spinner_start (self->spinner);
  gtk_widget_set_visible (self->add_button, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "busy");
}

static void
show_message (ReframePlanWindow *self,
              const char        *icon_name,
              const char        *title,
              const char        *description)
{
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (self->add_button, FALSE);
  adw_status_page_set_icon_name (self->message_page, icon_name);
  adw_status_page_set_title (self->message_page, title);
  adw_status_page_set_description (self->message_page, description);
  gtk_stack_set_visible_child_name (self->stack, "message");
  gtk_widget_grab_focus (self->message_button);
}

/* What people read */

static char *
format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return g_strdup ("");
  return reframe_locale_format_date (date, REFRAME_DATE_FULL);
}

static char *
describe_period (const GDate *from,
                 const GDate *to)
{
  g_autofree char *first = format_date (from);
  g_autofree char *last = format_date (to);

  if (to == NULL)
    /* Translators: homework without an end, from its first day */
    return g_strdup_printf (_ ("From %s"), first);
  /* Translators: the first and the last day of homework or of a plan */
  return g_strdup_printf (_ ("%s to %s"), first, last);
}

static char *
describe_schedule (ReframePlanWindow *self,
                   ReframeAssignment *assignment)
{
  const char *id = reframe_assignment_get_template_id (assignment);
  ReframeTemplate *template = NULL;
  g_autofree char *how = NULL;
  g_autofree char *when = NULL;
  guint            times = reframe_assignment_get_times_per_week (assignment);

  switch (reframe_assignment_get_frequency (assignment))
    {
    case REFRAME_FREQUENCY_DAILY:
      how = g_strdup (_ ("Every day"));
      when = describe_period (reframe_assignment_get_start_date (assignment),
                              reframe_assignment_get_end_date (assignment));
      break;
    case REFRAME_FREQUENCY_TIMES_PER_WEEK:
      how = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "%u day a week", "%u days a week", times), times);
      when = describe_period (reframe_assignment_get_start_date (assignment),
                              reframe_assignment_get_end_date (assignment));
      break;
    case REFRAME_FREQUENCY_ONCE:
    default:
      how = g_strdup (_ ("Once"));
      when = describe_period (reframe_assignment_get_start_date (assignment),
                              reframe_assignment_get_due_date (assignment));
      break;
    }
  if (id != NULL)
    {
      template = reframe_plan_lookup_template (reframe_plan_import_get_plan (self->import), id);
      if (template == NULL && self->registry != NULL)
        template = reframe_template_registry_lookup (self->registry, id, 0);
    }
  if (template == NULL || g_str_equal (reframe_template_get_title (template),
                                       reframe_assignment_get_title (assignment)))
    /* Translators: "Every day · 2 March 2026 to 29 March 2026" */
    return g_strdup_printf (_ ("%s · %s"), how, when);
  /* Translators: "Every day · Thought Record · 2 March 2026 to 29 March 2026" */
  return g_strdup_printf (_ ("%s · %s · %s"), how, reframe_template_get_title (template), when);
}

static char *
describe_fields (GStrv fields)
{
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    /* Translators: between the things a plan changes, "the first day, the therapist's note" */
    g_string_append_printf (
        list, "%s%s", i > 0 ? _ (", ") : "", reframe_plan_change_describe_field (fields[i]));
  /* Translators: what a plan changes in homework the person has, "the first day, the therapist's
   * note" */
  return g_strdup_printf (_ ("Changes %s"), list->str);
}

/* Preview */

static AdwPreferencesGroup *
add_group (ReframePlanWindow *self,
           const char        *title,
           const char        *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->preview_page, group);
  g_ptr_array_add (self->groups, group);
  return group;
}

static void
add_row (AdwPreferencesGroup *group,
         const char          *title,
         const char          *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Plain text (no markup on the row), as the plan wrote it. */
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_group_add (group, row);
}

static void
add_header (ReframePlanWindow *self)
{
  ReframePlan     *plan = reframe_plan_import_get_plan (self->import);
  const char      *therapist = reframe_plan_get_therapist (plan);
  g_autofree char *period =
      describe_period (reframe_plan_get_from (plan), reframe_plan_get_to (plan));
  g_autofree char *title = NULL;

  if (*therapist != '\0')
    /* Translators: a homework plan from the therapist, by their name */
    title = g_strdup_printf (_ ("From %s"), therapist);
  else
    title = g_strdup (_ ("From Your Therapist"));
  add_group (self, title, period);
}

static void
add_changes (ReframePlanWindow    *self,
             ReframePlanChangeKind kind,
             const char           *title,
             const char           *description)
{
  GPtrArray           *changes = reframe_plan_import_get_changes (self->import);
  AdwPreferencesGroup *group;

  if (reframe_plan_import_count (self->import, kind) == 0)
    return;
  group = add_group (self, title, description);
  for (guint i = 0; i < changes->len; i++)
    {
      ReframePlanChange *change = g_ptr_array_index (changes, i);
      g_autofree char   *subtitle = NULL;

      if (change->kind != kind)
        continue;
      subtitle = kind == REFRAME_PLAN_CHANGE_UPDATE ? describe_fields (change->fields)
                                                    : describe_schedule (self, change->assignment);
      add_row (group, reframe_assignment_get_title (change->assignment), subtitle);
    }
}

static void
add_templates (ReframePlanWindow *self)
{
  GPtrArray           *added = reframe_plan_import_get_new_templates (self->import);
  GPtrArray           *present = reframe_plan_import_get_present_templates (self->import);
  AdwPreferencesGroup *group;

  if (added->len + present->len == 0)
    return;
  group = add_group (self, _ ("Worksheets From Your Therapist"), NULL);
  for (guint i = 0; i < added->len; i++)
    add_row (group,
             reframe_template_get_title (g_ptr_array_index (added, i)),
             _ ("Added to your worksheets"));
  for (guint i = 0; i < present->len; i++)
    add_row (group,
             reframe_template_get_title (g_ptr_array_index (present, i)),
             _ ("Already among your worksheets"));
}

static void
show_preview (ReframePlanWindow *self)
{
  guint n_new = reframe_plan_import_count (self->import, REFRAME_PLAN_CHANGE_ADD);

  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->preview_page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
  gtk_spinner_stop (self->spinner);
  if (!reframe_plan_import_has_changes (self->import))
    {
      show_message (
          self,
          "object-select-symbolic",
          _ ("Already in Your Homework"),
          _ ("Everything in this plan is in your homework already. Nothing would change."));
      return;
    }
  add_header (self);
  add_changes (self,
               REFRAME_PLAN_CHANGE_ADD,
               _ ("New Homework"),
               n_new > 0 ? g_dngettext (GETTEXT_PACKAGE,
                                        "This is added to your homework.",
                                        "These are added to your homework.",
                                        n_new)
                         : NULL);
  add_changes (
      self,
      REFRAME_PLAN_CHANGE_UPDATE,
      _ ("Changes"),
      _ ("Homework you have, as the plan sets it now. Your reminders stay as you set them."));
  add_changes (self, REFRAME_PLAN_CHANGE_NONE, _ ("Already in Your Homework"), _ ("No change."));
  add_templates (self);
  gtk_stack_set_visible_child_name (self->stack, "preview");
  gtk_widget_set_visible (self->add_button, TRUE);
  gtk_widget_grab_focus (self->add_button);
}

/* Reading */

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (ReframePlanWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  ReframePlanImport *import = reframe_plan_import_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->import);
  self->import = import;
  if (import == NULL)
    {
      show_message (
          self, "dialog-warning-symbolic", _ ("This Plan Can’t Be Added"), error->message);
      return;
    }
  show_preview (self);
}

/**
 * reframe_plan_window_open:
 * @self: the window
 * @file: a homework plan
 *
 * Reads @file and shows what importing it would do.
 */
void
reframe_plan_window_open (ReframePlanWindow *self,
                          GFile             *file)
{
  g_return_if_fail (REFRAME_IS_PLAN_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  show_busy (self, _ ("Reading the Plan…"));
  reframe_plan_import_new_async (
      self->store, file, self->cancellable, read_done_cb, g_object_ref (self));
}

/* Writing */

static void
apply_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr (ReframePlanWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  self->applying = FALSE;
  gtk_window_set_deletable (GTK_WINDOW (self), TRUE);
  gtk_widget_set_sensitive (self->cancel_button, TRUE);
  if (!reframe_plan_import_apply_finish (REFRAME_PLAN_IMPORT (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_message (
            self, "dialog-warning-symbolic", _ ("The Plan Was Not Added"), error->message);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_IMPORTED], 0, self->import);
  gtk_window_close (GTK_WINDOW (self));
}

static void
apply_activated_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ReframePlanWindow *self = REFRAME_PLAN_WINDOW (widget);

  if (self->import == NULL || self->applying || !gtk_widget_get_visible (self->add_button))
    return;
  self->applying = TRUE;
  gtk_window_set_deletable (GTK_WINDOW (self), FALSE);
  gtk_widget_set_sensitive (self->cancel_button, FALSE);
  show_busy (self, _ ("Backing Up and Adding…"));
  reframe_plan_import_apply_async (
      self->import, self->cancellable, apply_done_cb, g_object_ref (self));
}

/* All or nothing: the window stays until the transaction has ended either way. */
static gboolean
reframe_plan_window_close_request (GtkWindow *window)
{
  if (REFRAME_PLAN_WINDOW (window)->applying)
    return TRUE;
  return GTK_WINDOW_CLASS (reframe_plan_window_parent_class)->close_request (window);
}

static void
reframe_plan_window_dispose (GObject *object)
{
  ReframePlanWindow *self = REFRAME_PLAN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_PLAN_WINDOW);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->import);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (reframe_plan_window_parent_class)->dispose (object);
}

static void
reframe_plan_window_class_init (ReframePlanWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_plan_window_dispose;
  GTK_WINDOW_CLASS (klass)->close_request = reframe_plan_window_close_request;

  /**
   * ReframePlanWindow::imported:
   * @self: the window
   * @import: what was added and changed
   *
   * The plan is in the journal; the window closes.
   */
  signals[SIGNAL_IMPORTED] =
      g_signal_new ("imported",
                    G_TYPE_FROM_CLASS (klass),
                    G_SIGNAL_RUN_LAST,
                    0,
                    NULL,
                    NULL,
                    NULL,
                    G_TYPE_NONE,
                    1,
                    REFRAME_TYPE_PLAN_IMPORT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-plan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframePlanWindow, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanWindow, busy_page);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanWindow, preview_page);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanWindow, message_page);
  gtk_widget_class_bind_template_child (widget_class, ReframePlanWindow, message_button);

  gtk_widget_class_install_action (widget_class, "plan.apply", NULL, apply_activated_cb);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "plan.apply", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
reframe_plan_window_init (ReframePlanWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
}

/**
 * reframe_plan_window_new:
 * @parent: (nullable): the window it opens over
 * @store: the journal to add the homework to
 * @registry: (nullable): the templates, for the worksheets' names
 *
 * Returns: (transfer floating): the window; give it a plan with reframe_plan_window_open()
 */
GtkWidget *
reframe_plan_window_new (GtkWindow               *parent,
                         ReframeStore            *store,
                         ReframeTemplateRegistry *registry)
{
  ReframePlanWindow *self;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (registry == NULL || REFRAME_IS_TEMPLATE_REGISTRY (registry), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_PLAN_WINDOW, parent);
  self->store = g_object_ref (store);
  self->registry = registry ? g_object_ref (registry) : NULL;
  return GTK_WIDGET (self);
}

/**
 * reframe_plan_window_get_import:
 * @self: the window
 *
 * Returns: (transfer none) (nullable): the plan read and what importing it does, once read
 */
ReframePlanImport *
reframe_plan_window_get_import (ReframePlanWindow *self)
{
  g_return_val_if_fail (REFRAME_IS_PLAN_WINDOW (self), NULL);
  return self->import;
}
