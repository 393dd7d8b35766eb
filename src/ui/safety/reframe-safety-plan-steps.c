/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-steps.c: a safety plan's step as a group of rows.
 *
 * The person's words go in a row of their own, like the people after them, so that the
 * step reads top to bottom in the order it was written (a preferences group puts
 * anything that is not a row below its list). */

#define G_LOG_DOMAIN "ReframeSafetyPlanSteps"

#include "config.h"

#include "reframe-phone-row.h"
#include "reframe-safety-plan-steps.h"

/**
 * reframe_plan_text_row_new:
 * @text: the text
 * @css_class: (nullable): a style class for the label
 *
 * Returns: (transfer floating): a row that shows @text, selectable, not activatable
 */
GtkWidget *
reframe_plan_text_row_new (const char *text,
                           const char *css_class)
{
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* Selectable, for copying, but Tab goes from button to button. */
  gtk_widget_set_focusable (label, FALSE);
  gtk_widget_add_css_class (label, "plan-text-label");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  return row;
}

/**
 * reframe_plan_step_group_new:
 * @step: a step of the plan
 * @title: the group's title
 * @description: (nullable): below the title
 *
 * Returns: (transfer floating): a group with what the person wrote, then their people
 */
AdwPreferencesGroup *
reframe_plan_step_group_new (const ReframeSafetyPlanStep *step,
                             const char                  *title,
                             const char                  *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  if (step->text != NULL)
    adw_preferences_group_add (group, reframe_plan_text_row_new (step->text, "plan-text"));
  for (guint i = 0; i < step->contacts->len; i++)
    {
      const ReframeSafetyPlanContact *contact = g_ptr_array_index (step->contacts, i);
      const char                     *numbers[] = { contact->phone, NULL };

      adw_preferences_group_add (
          group,
          reframe_phone_row_new (
              contact->name, contact->phone != NULL ? numbers : NULL, NULL, NULL));
    }
  return group;
}
