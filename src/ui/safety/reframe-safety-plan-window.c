/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-window.c: the person's safety plan, read step by step.
 *
 * The plan is written in the worksheet editor like any worksheet; this is where it is
 * read when it is needed: the steps in their order, the person's words large enough to
 * read on a bad night, every number with Copy (and Call where this computer can), and
 * under "professionals" their therapist and the crisis lines of their country, which
 * they do not have to copy in. It follows the worksheet as it is saved, so an edit shows
 * here at once. */

#define G_LOG_DOMAIN "ReframeSafetyPlanWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-crisis-lines.h"
#include "reframe-phone-row.h"
#include "reframe-safety-plan-window.h"
#include "reframe-safety-plan.h"
#include "reframe-worksheet-repository.h"

#define PROFESSIONALS_STEP "professionals"

struct _ReframeSafetyPlanWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkStack           *stack;
  AdwPreferencesPage *plan_page;

  /* Owned */
  GSettings               *settings;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  ReframeSafetyPlan       *plan;
  GPtrArray               *groups; /* of AdwPreferencesGroup, on plan_page */
};

G_DEFINE_FINAL_TYPE (ReframeSafetyPlanWindow, reframe_safety_plan_window, ADW_TYPE_WINDOW)

static GtkWidget *
plan_text (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, css_class);
  return label;
}

static AdwPreferencesGroup *
add_group (ReframeSafetyPlanWindow *self,
           const char              *title,
           const char              *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->plan_page, group);
  g_ptr_array_add (self->groups, group);
  return group;
}

static void
clear_groups (ReframeSafetyPlanWindow *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->plan_page, g_ptr_array_index (self->groups, i));
  g_ptr_array_set_size (self->groups, 0);
}

static char *
chosen_country (ReframeSafetyPlanWindow *self)
{
  g_autofree char *country = g_settings_get_string (self->settings, "crisis-country");

  return *country != '\0' ? g_steal_pointer (&country) : g_strdup (reframe_crisis_lines_default_country ());
}

/* What the person need not write in: their therapist from Preferences, then the lines
 * of their country, the emergency number first. */
static void
add_services (ReframeSafetyPlanWindow *self,
              AdwPreferencesGroup     *group)
{
  g_autofree char *name = g_settings_get_string (self->settings, "therapist-name");
  g_autofree char *phone = g_settings_get_string (self->settings, "therapist-phone");
  g_autofree char *country = chosen_country (self);
  g_autoptr (ReframeCrisisLines) lines = reframe_crisis_lines_new (NULL);
  g_autoptr (GPtrArray) country_lines = lines != NULL ? reframe_crisis_lines_lookup (lines, reframe_crisis_lines_resolve_country (lines, country)) : NULL;

  if (*name != '\0' || *phone != '\0')
    {
      const char *numbers[] = { phone, NULL };

      adw_preferences_group_add (group, reframe_phone_row_new (*name != '\0' ? name : _ ("Your therapist or clinic"), *phone != '\0' ? numbers : NULL, NULL, NULL));
    }
  for (guint i = 0; country_lines != NULL && i < country_lines->len; i++)
    {
      const ReframeCrisisLine *line = g_ptr_array_index (country_lines, i);

      adw_preferences_group_add (group, reframe_phone_row_new (line->name, (const char *const *) line->numbers, line->sms, line->hours));
    }
}

static void
add_step (ReframeSafetyPlanWindow     *self,
          guint                        number,
          const ReframeSafetyPlanStep *step)
{
  /* Translators: a safety plan's step heading: its number, then its title */
  g_autofree char     *title = g_strdup_printf (_ ("%u. %s"), number, step->title);
  gboolean             empty = reframe_safety_plan_step_is_empty (step);
  AdwPreferencesGroup *group = add_group (self, title, empty ? step->guidance : NULL);

  if (step->text != NULL)
    adw_preferences_group_add (group, plan_text (step->text, "plan-text"));
  for (guint i = 0; i < step->contacts->len; i++)
    {
      const ReframeSafetyPlanContact *contact = g_ptr_array_index (step->contacts, i);
      const char                     *numbers[] = { contact->phone, NULL };

      adw_preferences_group_add (group, reframe_phone_row_new (contact->name, contact->phone != NULL ? numbers : NULL, NULL, NULL));
    }
  if (g_strcmp0 (step->id, PROFESSIONALS_STEP) == 0)
    add_services (self, group);
  else if (empty)
    adw_preferences_group_add (group, plan_text (_ ("Not written yet."), "dim-label"));
}

static void
add_intro (ReframeSafetyPlanWindow *self)
{
  AdwPreferencesGroup *group = add_group (self, NULL, NULL);
  GDateTime           *updated = reframe_safety_plan_get_updated (self->plan);
  g_autoptr (GString) text = g_string_new (_ ("When you notice a warning sign, work down the steps in order until you feel safer. If you are in danger now, call your emergency number."));

  if (updated != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (updated);
      /* Translators: when the safety plan was last changed; a date as in "12 March 2026" */
      g_autofree char *day = g_date_time_format (local, _ ("%-d %B %Y"));

      g_string_append (text, "\n\n");
      /* Translators: %s is a date */
      g_string_append_printf (text, _ ("Last changed on %s."), day);
    }
  adw_preferences_group_add (group, plan_text (text->str, "dim-label"));
}

static void
show_plan (ReframeSafetyPlanWindow *self)
{
  GPtrArray *steps;

  clear_groups (self);
  if (self->plan == NULL || reframe_safety_plan_is_empty (self->plan))
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }
  add_intro (self);
  steps = reframe_safety_plan_get_steps (self->plan);
  for (guint i = 0; i < steps->len; i++)
    add_step (self, i + 1, g_ptr_array_index (steps, i));
  gtk_stack_set_visible_child_name (self->stack, "plan");
}

static void
reload (ReframeSafetyPlanWindow *self)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&self->plan);
  self->plan = reframe_safety_plan_load (self->store, self->registry, &error);
  if (self->plan == NULL)
    g_warning ("The safety plan can't be read: %s", error->message);
  show_plan (self);
}

static void
worksheet_changed_cb (ReframeSafetyPlanWindow *self)
{
  reload (self);
}

static void
edit_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  gtk_widget_activate_action (widget, "app.edit-safety-plan", NULL);
}

static void
reframe_safety_plan_window_dispose (GObject *object)
{
  ReframeSafetyPlanWindow *self = REFRAME_SAFETY_PLAN_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_SAFETY_PLAN_WINDOW);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->plan);
  g_clear_object (&self->registry);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (reframe_safety_plan_window_parent_class)->dispose (object);
}

static void
reframe_safety_plan_window_class_init (ReframeSafetyPlanWindowClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_safety_plan_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/ui/reframe-safety-plan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeSafetyPlanWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeSafetyPlanWindow, plan_page);

  gtk_widget_class_install_action (widget_class, "plan.edit", NULL, edit_activated_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "plan.edit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
reframe_safety_plan_window_init (ReframeSafetyPlanWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
}

/**
 * reframe_safety_plan_window_new:
 * @parent: (nullable): the window it opens from
 * @settings: Reframe's settings: the therapist, the crisis country
 * @store: the journal
 * @registry: the templates
 *
 * Returns: (transfer floating): the window, showing the plan saved last
 */
GtkWidget *
reframe_safety_plan_window_new (GtkWindow               *parent,
                                GSettings               *settings,
                                ReframeStore            *store,
                                ReframeTemplateRegistry *registry)
{
  ReframeSafetyPlanWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (REFRAME_IS_TEMPLATE_REGISTRY (registry), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_SAFETY_PLAN_WINDOW, parent);
  self->settings = g_object_ref (settings);
  self->store = g_object_ref (store);
  self->registry = g_object_ref (registry);
  g_signal_connect_object (reframe_store_get_worksheets (store), "worksheet-changed", G_CALLBACK (worksheet_changed_cb), self, G_CONNECT_SWAPPED);
  reload (self);
  return GTK_WIDGET (self);
}

/**
 * reframe_safety_plan_window_has_plan:
 * @self: the window
 *
 * Returns: whether the person has written any of their plan
 */
gboolean
reframe_safety_plan_window_has_plan (ReframeSafetyPlanWindow *self)
{
  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN_WINDOW (self), FALSE);

  return self->plan != NULL && !reframe_safety_plan_is_empty (self->plan);
}
