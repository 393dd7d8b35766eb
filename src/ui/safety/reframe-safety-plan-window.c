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
#include "reframe-safety-plan-paper.h"
#include "reframe-safety-plan-steps.h"
#include "reframe-safety-plan-window.h"
#include "reframe-safety-plan.h"
#include "reframe-toolbox-row.h"
#include "reframe-worksheet-repository.h"
#include "reframe-locale.h"

#define PROFESSIONALS_STEP "professionals"

struct _ReframeSafetyPlanWindow
{
  AdwWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  AdwPreferencesPage *plan_page;

  /* Owned */
  GSettings               *settings;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  ReframeSafetyPlan       *plan;
  GPtrArray               *groups; /* of AdwPreferencesGroup, on plan_page */
  GtkFileChooserNative    *chooser;
  GCancellable            *cancellable;
};

G_DEFINE_FINAL_TYPE (ReframeSafetyPlanWindow, reframe_safety_plan_window, ADW_TYPE_WINDOW)

static GtkWidget *
intro_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static AdwPreferencesGroup *
append_group (ReframeSafetyPlanWindow *self,
              AdwPreferencesGroup     *group)
{
  adw_preferences_page_add (self->plan_page, group);
  g_ptr_array_add (self->groups, group);
  return group;
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
  return append_group (self, group);
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

  return *country != '\0' ? g_steal_pointer (&country)
                          : g_strdup (reframe_crisis_lines_default_country ());
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
  g_autoptr (GPtrArray) country_lines =
      lines != NULL ? reframe_crisis_lines_lookup (
                          lines, reframe_crisis_lines_resolve_country (lines, country))
                    : NULL;

  if (*name != '\0' || *phone != '\0')
    {
      const char *numbers[] = { phone, NULL };

      adw_preferences_group_add (
          group,
          reframe_phone_row_new (*name != '\0' ? name : _ ("Your therapist or clinic"),
                                 *phone != '\0' ? numbers : NULL,
                                 NULL,
                                 NULL));
    }
  for (guint i = 0; country_lines != NULL && i < country_lines->len; i++)
    {
      const ReframeCrisisLine *line = g_ptr_array_index (country_lines, i);

      adw_preferences_group_add (
          group,
          reframe_phone_row_new (
              line->name, (const char *const *) line->numbers, line->sms, line->hours));
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
  AdwPreferencesGroup *group =
      append_group (self, reframe_plan_step_group_new (step, title, empty ? step->guidance : NULL));

  if (g_strcmp0 (step->id, PROFESSIONALS_STEP) == 0)
    add_services (self, group);
  else if (empty)
    adw_preferences_group_add (group,
                               reframe_plan_text_row_new (_ ("Not written yet."), "dim-label"));
}

static void
add_intro (ReframeSafetyPlanWindow *self)
{
  AdwPreferencesGroup *group = add_group (self, NULL, NULL);
  GDateTime           *updated = reframe_safety_plan_get_updated (self->plan);
  g_autoptr (GString) text =
      g_string_new (_ ("When you notice a warning sign, work down the steps in order until you "
                       "feel safer. If you are in danger now, call your emergency number."));

  if (updated != NULL)
    {
      g_autoptr (GDateTime) local = g_date_time_to_local (updated);
      g_autofree char *day = reframe_locale_format_day (local, REFRAME_DATE_FULL);

      g_string_append (text, "\n\n");
      /* Translators: %s is a date */
      g_string_append_printf (text, _ ("Last changed on %s."), day);
    }
  adw_preferences_group_add (group, intro_label (text->str));
}

/* After the steps, what helps the person, from their toolbox. */
static void
add_toolbox (ReframeSafetyPlanWindow *self)
{
  ReframeToolboxRepository *toolbox = reframe_store_get_toolbox (self->store);
  g_autoptr (GListModel) items = reframe_toolbox_repository_list (toolbox, NULL);
  guint                n_items = items != NULL ? g_list_model_get_n_items (items) : 0;
  AdwPreferencesGroup *group = add_group (
      self,
      _ ("My Coping Toolbox"),
      n_items == 0
          ? _ ("Reasons to live, people, words, a song, photos: what helps you, kept together.")
          : NULL);
  GtkWidget *open = gtk_button_new_with_mnemonic (_ ("Op_en"));

  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (open, "flat");
  gtk_widget_set_tooltip_text (open, _ ("Open My Coping Toolbox"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "app.toolbox");
  adw_preferences_group_set_header_suffix (group, open);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr (ReframeToolboxItem) item = g_list_model_get_item (items, i);

      adw_preferences_group_add (group, reframe_toolbox_row_new (toolbox, item, NULL));
    }
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
  add_toolbox (self);
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
store_changed_cb (ReframeSafetyPlanWindow *self)
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

/* On paper */

static gboolean
parse_format (GVariant                *parameter,
              ReframeSafetyPlanFormat *format)
{
  const char *name = g_variant_get_string (parameter, NULL);

  *format = g_str_equal (name, "card") ? REFRAME_SAFETY_PLAN_FORMAT_CARD
                                       : REFRAME_SAFETY_PLAN_FORMAT_PAGE;
  return g_str_equal (name, "card") || g_str_equal (name, "page");
}

static void
show_toast (ReframeSafetyPlanWindow *self,
            const char              *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
save_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (ReframeSafetyPlanWindow) self = user_data;
  g_autoptr (GError) error = NULL;

  if (reframe_safety_plan_paper_save_finish (result, &error))
    show_toast (self, _ ("Safety plan saved"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_toast (self, error->message);
}

static void
chooser_response_cb (GtkNativeDialog         *chooser,
                     int                      response,
                     ReframeSafetyPlanWindow *self)
{
  g_autoptr (GFile) file = response == GTK_RESPONSE_ACCEPT
                               ? gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))
                               : NULL;
  ReframeSafetyPlanFormat format =
      GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));

  if (file != NULL && self->plan != NULL)
    reframe_safety_plan_paper_save_async (self->plan,
                                          self->settings,
                                          format,
                                          file,
                                          reframe_store_get_data_dir (self->store),
                                          self->cancellable,
                                          save_done_cb,
                                          g_object_ref (self));
  g_clear_object (&self->chooser);
}

/* An empty plan saves as a form to fill in by hand, with the therapist. */
static void
save_activated_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ReframeSafetyPlanWindow *self = REFRAME_SAFETY_PLAN_WINDOW (widget);
  ReframeSafetyPlanFormat  format;

  if (self->chooser != NULL || self->plan == NULL || !parse_format (parameter, &format))
    return;
  self->chooser = gtk_file_chooser_native_new (
      format == REFRAME_SAFETY_PLAN_FORMAT_CARD ? _ ("Save Wallet Card") : _ ("Save Safety Plan"),
      GTK_WINDOW (self),
      GTK_FILE_CHOOSER_ACTION_SAVE,
      _ ("_Save"),
      _ ("_Cancel"));
  /* Translators: file names; keep the .pdf */
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser),
                                     format == REFRAME_SAFETY_PLAN_FORMAT_CARD
                                         ? _ ("safety-plan-card.pdf")
                                         : _ ("safety-plan.pdf"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_object_set_data (G_OBJECT (self->chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               ReframeSafetyPlanWindow *self)
{
  g_autoptr (GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      show_toast (self, error != NULL ? error->message : _ ("Could not print"));
    }
  g_object_unref (operation);
}

static void
print_activated_cb (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ReframeSafetyPlanWindow *self = REFRAME_SAFETY_PLAN_WINDOW (widget);
  ReframeSafetyPlanFormat  format;
  GtkPrintOperation       *operation;
  g_autoptr (GError) error = NULL;

  if (self->plan == NULL || !parse_format (parameter, &format))
    return;
  operation = reframe_safety_plan_paper_print_operation_new (self->plan, self->settings, format);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self, 0);
  if (gtk_print_operation_run (
          operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, GTK_WINDOW (self), &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    show_toast (self, error->message);
}

static void
reframe_safety_plan_window_dispose (GObject *object)
{
  ReframeSafetyPlanWindow *self = REFRAME_SAFETY_PLAN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-safety-plan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeSafetyPlanWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ReframeSafetyPlanWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ReframeSafetyPlanWindow, plan_page);

  gtk_widget_class_install_action (widget_class, "plan.edit", NULL, edit_activated_cb);
  gtk_widget_class_install_action (widget_class, "plan.save", "s", save_activated_cb);
  gtk_widget_class_install_action (widget_class, "plan.print", "s", print_activated_cb);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "plan.edit", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "plan.save", "s", "page");
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "plan.print", "s", "page");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
reframe_safety_plan_window_init (ReframeSafetyPlanWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
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
  g_signal_connect_object (reframe_store_get_worksheets (store),
                           "worksheet-changed",
                           G_CALLBACK (store_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (reframe_store_get_toolbox (store),
                           "changed",
                           G_CALLBACK (store_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
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
