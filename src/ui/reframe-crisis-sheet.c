/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-sheet.c: the crisis lines for the chosen country.
 *
 * Everything here comes from data inside the program: it must work with no network and
 * no model service, at the moment it matters most. The emergency number comes first; the
 * person's own therapist or clinic, when set in Preferences, before all of them. */

#define G_LOG_DOMAIN "ReframeCrisisSheet"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-application.h"
#include "reframe-crisis-lines.h"
#include "reframe-crisis-sheet.h"
#include "reframe-phone-actions.h"
#include "reframe-phone-row.h"
#include "reframe-safety-plan-steps.h"
#include "reframe-toolbox-row.h"

struct _ReframeCrisisSheet
{
  AdwWindow parent_instance;

  /* Template widgets */
  GtkWidget           *emergency_bar;
  GtkLabel            *emergency_number;
  GtkBox              *emergency_actions;
  AdwPreferencesGroup *plan_group;
  GtkBox              *plan_box;
  AdwPreferencesGroup *toolbox_group;
  AdwPreferencesGroup *therapist_group;
  AdwPreferencesGroup *lines_group;
  AdwPreferencesGroup *directories_group;
  AdwComboRow         *country_row;

  /* Owned */
  GSettings          *settings;
  ReframeCrisisLines *lines;
  GPtrArray          *countries; /* of ReframeCrisisCountry */
  GPtrArray          *line_rows;
  char               *country;
};

G_DEFINE_FINAL_TYPE (ReframeCrisisSheet, reframe_crisis_sheet, ADW_TYPE_WINDOW)

/* Appends one line of plain text to the row's markup, a line break before all but
 * the first: rows with no number (the directories) start with what they have. */
static void
append_detail (GString    *markup,
               const char *text)
{
  g_autofree char *escaped = NULL;

  if (text == NULL || *text == '\0')
    return;
  escaped = g_markup_escape_text (text, -1);
  if (markup->len > 0)
    g_string_append_c (markup, '\n');
  g_string_append (markup, escaped);
}

/* The numbers go in large, with Copy (and Call or Text where this computer can); the
 * rest below them. A web address is a link that opens in the browser. */
static GtkWidget *
line_row (ReframeCrisisSheet      *self,
          const ReframeCrisisLine *line)
{
  g_autoptr (GString) details = g_string_new (NULL);
  GtkWidget *row;

  if (line->sms != NULL && *line->sms != '\0')
    {
      /* Translators: %s is the number to send a text message to */
      g_autofree char *sms = g_strdup_printf (_ ("Text: %s"), line->sms);

      append_detail (details, sms);
    }
  append_detail (details, line->hours);
  append_detail (details, line->notes);
  if (line->url != NULL && *line->url != '\0')
    {
      g_autofree char *url = g_markup_escape_text (line->url, -1);

      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, "<a href=\"%s\">%s</a>", url, url);
    }
  append_detail (details, line->email);

  row = reframe_phone_row_new (
      line->name, (const char *const *) line->numbers, line->sms, details->str);
  if (line->kind == REFRAME_CRISIS_LINE_EMERGENCY)
    gtk_widget_add_css_class (row, "crisis-emergency");
  return row;
}

/* The plan takes the sheet's place, in front, where the keyboard goes. */
static void
open_plan_clicked_cb (ReframeCrisisSheet *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "app.safety-plan", NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
clear_line_rows (ReframeCrisisSheet *self)
{
  for (guint i = 0; i < self->line_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->line_rows, i);

      adw_preferences_group_remove (
          ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)), row);
    }
  g_ptr_array_set_size (self->line_rows, 0);
}

/* The country's emergency number, large, with its own Copy (and Call) buttons. */
static void
show_emergency (ReframeCrisisSheet      *self,
                const ReframeCrisisLine *line)
{
  GtkWidget *child;
  g_autoptr (GPtrArray) buttons = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->emergency_actions))) != NULL)
    gtk_box_remove (self->emergency_actions, child);
  gtk_widget_set_visible (self->emergency_bar, line != NULL);
  if (line == NULL)
    return;

  gtk_label_set_text (self->emergency_number, line->numbers[0]);
  buttons = reframe_phone_buttons_new (line->name, line->numbers[0], NULL);
  for (guint i = 0; i < buttons->len; i++)
    gtk_box_append (self->emergency_actions, g_ptr_array_index (buttons, i));
}

static void
show_country (ReframeCrisisSheet *self,
              const char         *country)
{
  g_autoptr (GPtrArray) lines = reframe_crisis_lines_lookup (self->lines, country);

  const ReframeCrisisLine *emergency = NULL;

  clear_line_rows (self);
  g_free (self->country);
  self->country = g_strdup (country);

  for (guint i = 0; lines != NULL && i < lines->len; i++)
    {
      const ReframeCrisisLine *line = g_ptr_array_index (lines, i);
      GtkWidget               *row = line_row (self, line);

      if (emergency == NULL && line->kind == REFRAME_CRISIS_LINE_EMERGENCY &&
          line->numbers != NULL && line->numbers[0] != NULL)
        emergency = line;
      adw_preferences_group_add (self->lines_group, row);
      g_ptr_array_add (self->line_rows, row);
    }
  show_emergency (self, emergency);
}

static void
show_directories (ReframeCrisisSheet *self)
{
  g_autoptr (GPtrArray) directories = reframe_crisis_lines_get_international (self->lines);

  for (guint i = 0; directories != NULL && i < directories->len; i++)
    adw_preferences_group_add (self->directories_group,
                               line_row (self, g_ptr_array_index (directories, i)));
}

static void
show_therapist (ReframeCrisisSheet *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "therapist-name");
  g_autofree char *phone = g_settings_get_string (self->settings, "therapist-phone");
  const char      *numbers[] = { phone, NULL };

  if (*name == '\0' && *phone == '\0')
    return;

  adw_preferences_group_add (
      self->therapist_group,
      reframe_phone_row_new (*name != '\0' ? name : _ ("Your therapist or clinic"),
                             *phone != '\0' ? numbers : NULL,
                             NULL,
                             NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->therapist_group), TRUE);
}

static void
country_selected_cb (ReframeCrisisSheet *self)
{
  guint                       selected = adw_combo_row_get_selected (self->country_row);
  const ReframeCrisisCountry *country;

  if (selected == GTK_INVALID_LIST_POSITION || selected >= self->countries->len)
    return;

  country = g_ptr_array_index (self->countries, selected);
  if (g_strcmp0 (country->code, self->country) == 0)
    return;

  show_country (self, country->code);
  /* Remembered: whoever chose another country is likely to need it again. */
  g_settings_set_string (self->settings, "crisis-country", country->code);
}

static char *
chosen_country (ReframeCrisisSheet *self)
{
  g_autofree char *country = g_settings_get_string (self->settings, "crisis-country");

  if (*country != '\0')
    return g_steal_pointer (&country);
  return g_strdup (reframe_crisis_lines_default_country ());
}

static const char *
fill_countries (ReframeCrisisSheet *self,
                const char         *chosen)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;

  self->countries = reframe_crisis_lines_get_countries (self->lines);
  for (guint i = 0; i < self->countries->len; i++)
    {
      const ReframeCrisisCountry *country = g_ptr_array_index (self->countries, i);

      gtk_string_list_append (names, country->name);
      if (g_strcmp0 (country->code, chosen) == 0)
        selected = i;
    }

  /* With no country known from the settings or the locale, the first one shows, and the
   * switcher above it says which: showing no number at all would help no one. */
  adw_combo_row_set_model (self->country_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->country_row,
                              selected != GTK_INVALID_LIST_POSITION ? selected : 0);
  return self->countries->len > 0
             ? ((ReframeCrisisCountry *) g_ptr_array_index (
                    self->countries, adw_combo_row_get_selected (self->country_row)))
                   ->code
             : chosen;
}

static void
reframe_crisis_sheet_dispose (GObject *object)
{
  ReframeCrisisSheet *self = REFRAME_CRISIS_SHEET (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), REFRAME_TYPE_CRISIS_SHEET);
  g_clear_pointer (&self->line_rows, g_ptr_array_unref);
  g_clear_pointer (&self->countries, g_ptr_array_unref);
  g_clear_object (&self->lines);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (reframe_crisis_sheet_parent_class)->dispose (object);
}

static void
reframe_crisis_sheet_finalize (GObject *object)
{
  ReframeCrisisSheet *self = REFRAME_CRISIS_SHEET (object);

  g_free (self->country);

  G_OBJECT_CLASS (reframe_crisis_sheet_parent_class)->finalize (object);
}

static void
reframe_crisis_sheet_class_init (ReframeCrisisSheetClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_crisis_sheet_dispose;
  object_class->finalize = reframe_crisis_sheet_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-crisis-sheet.ui");
  gtk_widget_class_bind_template_callback (widget_class, open_plan_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, emergency_bar);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, emergency_number);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, emergency_actions);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, plan_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, plan_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, toolbox_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, therapist_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, lines_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, directories_group);
  gtk_widget_class_bind_template_child (widget_class, ReframeCrisisSheet, country_row);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
reframe_crisis_sheet_init (ReframeCrisisSheet *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->line_rows = g_ptr_array_new ();
}

/**
 * reframe_crisis_sheet_new:
 * @parent: (nullable): the window it belongs to
 * @settings: Reframe's settings: the country, the therapist's name and number
 *
 * Returns: (transfer floating): the sheet, for the chosen country or the locale's
 */
GtkWidget *
reframe_crisis_sheet_new (GtkWindow *parent,
                          GSettings *settings)
{
  ReframeCrisisSheet *self;
  g_autofree char    *country = NULL;
  g_autoptr (GError) error = NULL;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = reframe_application_new_transient (REFRAME_TYPE_CRISIS_SHEET, parent);
  self->settings = g_object_ref (settings);
  /* The lines are part of the program: failing to read them is a build error, caught by the tests.
   */
  self->lines = reframe_crisis_lines_new (&error);
  if (self->lines == NULL)
    g_error ("The crisis lines shipped with Reframe can't be read: %s", error->message);

  country = chosen_country (self);
  show_therapist (self);
  show_country (self, fill_countries (self, country));
  show_directories (self);
  g_signal_connect_object (self->country_row,
                           "notify::selected",
                           G_CALLBACK (country_selected_cb),
                           self,
                           G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

const char *
reframe_crisis_sheet_get_country (ReframeCrisisSheet *self)
{
  g_return_val_if_fail (REFRAME_IS_CRISIS_SHEET (self), NULL);

  return self->country;
}

guint
reframe_crisis_sheet_get_n_lines (ReframeCrisisSheet *self)
{
  g_return_val_if_fail (REFRAME_IS_CRISIS_SHEET (self), 0);

  return self->line_rows->len;
}

/**
 * reframe_crisis_sheet_set_plan:
 * @self: the sheet
 * @plan: (nullable): the person's safety plan, or %NULL when they have none
 *
 * Shows the person's own plan first, above their therapist and the crisis lines: the
 * steps they wrote, in order, their people with their numbers.
 */
void
reframe_crisis_sheet_set_plan (ReframeCrisisSheet *self,
                               ReframeSafetyPlan  *plan)
{
  GPtrArray *steps;
  GtkWidget *child;

  g_return_if_fail (REFRAME_IS_CRISIS_SHEET (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->plan_box))) != NULL)
    gtk_box_remove (self->plan_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->plan_group),
                          plan != NULL && !reframe_safety_plan_is_empty (plan));
  if (plan == NULL)
    return;
  steps = reframe_safety_plan_get_steps (plan);
  for (guint i = 0; i < steps->len; i++)
    {
      const ReframeSafetyPlanStep *step = g_ptr_array_index (steps, i);

      if (!reframe_safety_plan_step_is_empty (step))
        gtk_box_append (self->plan_box,
                        GTK_WIDGET (reframe_plan_step_group_new (step, step->title, NULL)));
    }
}

/**
 * reframe_crisis_sheet_set_toolbox:
 * @self: the sheet
 * @toolbox: (nullable): the person's coping toolbox
 *
 * Shows what helps the person, from their toolbox, after their plan.
 */
void
reframe_crisis_sheet_set_toolbox (ReframeCrisisSheet       *self,
                                  ReframeToolboxRepository *toolbox)
{
  g_autoptr (GListModel) items = NULL;

  g_return_if_fail (REFRAME_IS_CRISIS_SHEET (self));

  items = toolbox != NULL ? reframe_toolbox_repository_list (toolbox, NULL) : NULL;
  for (guint i = 0; items != NULL && i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (ReframeToolboxItem) item = g_list_model_get_item (items, i);

      adw_preferences_group_add (self->toolbox_group,
                                 reframe_toolbox_row_new (toolbox, item, NULL));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->toolbox_group),
                          items != NULL && g_list_model_get_n_items (items) > 0);
}
