/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-accessible.c: accessible names GTK 4.8 gets wrong, put right app-wide.
 *
 * GTK 4.8 names a button with a mnemonic ("_Finish") by its raw label followed by
 * the text of its label child, so a screen reader says "underscore Finish Finish";
 * and the toggle inside a GtkDropDown has no name at all, so it is announced as
 * "GtkToggleButton"; a calendar's arrows have none either. Every widget passes through here once when it is realized, so
 * the templates, libadwaita's own dialogs and rows built in code are all covered.
 */

#define G_LOG_DOMAIN "ReframeAccessible"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "reframe-accessible.h"

#define FIXED_KEY    "reframe-accessible-fixed"
#define OWN_NAME_KEY "reframe-accessible-own-name"

static char *
strip_mnemonic (const char *label)
{
  GString *out = g_string_new (NULL);

  for (const char *p = label; *p != '\0'; p++)
    {
      /* "__" is a literal underscore; a single one marks the mnemonic. */
      if (*p == '_' && p[1] == '_')
        p++;
      else if (*p == '_')
        continue;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The label a button shows, and whether it marks a mnemonic, in its own label
 * or in an AdwButtonContent (icon and label) inside it. */
static const char *
button_label (GtkButton *button,
              gboolean  *use_underline)
{
  GtkWidget *child = gtk_button_get_child (button);

  if (ADW_IS_BUTTON_CONTENT (child))
    {
      *use_underline = adw_button_content_get_use_underline (ADW_BUTTON_CONTENT (child));
      return adw_button_content_get_label (ADW_BUTTON_CONTENT (child));
    }
  *use_underline = gtk_button_get_use_underline (button);
  return gtk_button_get_label (button);
}

static void
name_mnemonic_button (GtkButton *button)
{
  gboolean         use_underline = FALSE;
  const char      *label = button_label (button, &use_underline);
  g_autofree char *plain = NULL;

  if (label == NULL || *label == '\0' || !use_underline)
    return;
  plain = strip_mnemonic (label);
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  plain,
                                  -1);
}

static void
button_label_changed_cb (GtkButton  *button,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  name_mnemonic_button (button);
}

/* The drop-down's own label (set in its template) names its toggle too. */
static void
name_drop_down_toggle (GtkWidget *toggle)
{
  GtkWidget *drop_down = gtk_widget_get_ancestor (toggle, GTK_TYPE_DROP_DOWN);

  if (drop_down == NULL)
    return;
  gtk_accessible_update_relation (GTK_ACCESSIBLE (toggle),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  drop_down,
                                  NULL,
                                  -1);
}

/* libadwaita 1.2 leaves some of its own icon buttons without a name: the search
 * toggle of AdwPreferencesWindow, the reveal and apply buttons of entry rows, and the
 * close button of a toast. */
static const char *
adwaita_button_name (GtkWidget *button)
{
  const char *icon = gtk_button_get_icon_name (GTK_BUTTON (button));

  if (icon == NULL)
    return NULL;
  if (gtk_widget_get_ancestor (button, ADW_TYPE_ENTRY_ROW) != NULL)
    {
      if (g_str_equal (icon, "view-reveal-symbolic") || g_str_equal (icon, "view-conceal-symbolic"))
        return _ ("Show Text");
      if (g_str_equal (icon, "object-select-symbolic"))
        return _ ("Apply");
    }
  if (g_str_equal (icon, "window-close-symbolic") &&
      g_str_equal (G_OBJECT_TYPE_NAME (gtk_widget_get_parent (button)), "AdwToastWidget"))
    return _ ("Dismiss");
  if (GTK_IS_TOGGLE_BUTTON (button) && g_str_equal (icon, "edit-find-symbolic") &&
      gtk_widget_get_ancestor (button, ADW_TYPE_PREFERENCES_WINDOW) != NULL &&
      gtk_widget_get_ancestor (button, ADW_TYPE_HEADER_BAR) != NULL)
    return _ ("Search Preferences");
  return NULL;
}

/* GTK 4.8's calendar leaves its four arrows without a name; they come in this order in
 * its header: month, then year. */
static const char *
calendar_arrow_name (GtkWidget *button)
{
  GtkWidget  *calendar = gtk_widget_get_ancestor (button, GTK_TYPE_CALENDAR);
  GtkWidget  *header = gtk_widget_get_parent (button);
  const char *names[] = {
    _ ("Previous Month"),
    _ ("Next Month"),
    _ ("Previous Year"),
    _ ("Next Year"),
  };
  guint index = 0;

  if (calendar == NULL || header == NULL)
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (header); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (child == button)
        return index < G_N_ELEMENTS (names) ? names[index] : NULL;
      index += GTK_IS_BUTTON (child);
    }
  return NULL;
}

/* Puts right the accessible name of a button GTK 4.8 names wrongly, once. */
static void
fix_button (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), FIXED_KEY) != NULL ||
      g_object_get_data (G_OBJECT (widget), OWN_NAME_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (1));

  if (GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (gtk_widget_get_parent (widget)))
    name_drop_down_toggle (widget);
  else if (GTK_IS_BUTTON (widget) && calendar_arrow_name (widget) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    calendar_arrow_name (widget),
                                    -1);
  else if (GTK_IS_BUTTON (widget) && adwaita_button_name (widget) != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    adwaita_button_name (widget),
                                    -1);
  else if (GTK_IS_BUTTON (widget))
    {
      name_mnemonic_button (GTK_BUTTON (widget));
      g_signal_connect (widget, "notify::label", G_CALLBACK (button_label_changed_cb), NULL);
      g_signal_connect (
          widget, "notify::use-underline", G_CALLBACK (button_label_changed_cb), NULL);
    }
}

/* AdwComboRow shows its chosen item in a one-row list of its own, whose row has no
 * name: it is read by the combo row's title. */
static gboolean
is_combo_row_value (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);

  return GTK_IS_LIST_VIEW (parent) && gtk_widget_get_ancestor (parent, ADW_TYPE_COMBO_ROW) != NULL;
}

static void
name_combo_row_value (GtkWidget *row)
{
  AdwPreferencesRow *combo =
      ADW_PREFERENCES_ROW (gtk_widget_get_ancestor (row, ADW_TYPE_COMBO_ROW));
  g_autofree char *title = strip_mnemonic (adw_preferences_row_get_title (combo));

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static gboolean
widget_realized_hook (GSignalInvocationHint *hint,
                      guint                  n_values,
                      const GValue          *values,
                      gpointer               user_data)
{
  if (n_values > 0 && G_VALUE_HOLDS_OBJECT (&values[0]))
    {
      GObject *object = g_value_get_object (&values[0]);

      if (GTK_IS_BUTTON (object))
        fix_button (GTK_WIDGET (object));
      else if (GTK_IS_WIDGET (object) && is_combo_row_value (GTK_WIDGET (object)))
        name_combo_row_value (GTK_WIDGET (object));
    }
  return TRUE;
}

/**
 * reframe_accessible_install:
 *
 * Makes every widget the application realizes from now on pass through the fixes
 * above. Call once, after gtk_init().
 */
void
reframe_accessible_install (void)
{
  static gsize installed = 0;

  if (g_once_init_enter (&installed))
    {
      /* The class must exist before its signals can be looked up. */
      gpointer klass = g_type_class_ref (GTK_TYPE_WIDGET);
      guint    signal_id = g_signal_lookup ("realize", GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (signal_id, 0, widget_realized_hook, NULL, NULL);
      g_type_class_unref (klass);
      g_once_init_leave (&installed, 1);
    }
}

/**
 * reframe_accessible_set_name:
 * @widget: a control
 * @name: what a screen reader says for it
 *
 * Names @widget more fully than its label does ("Restore the Backup of 3 December"
 * rather than "Restore…", one of many), and keeps the name.
 */
void
reframe_accessible_set_name (GtkWidget  *widget,
                             const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  g_object_set_data (G_OBJECT (widget), OWN_NAME_KEY, GINT_TO_POINTER (1));
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}
