/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-label-width.c: the least width given to wrapped labels, so that GTK does not lay
 * their text out a character a line to find it. */

#include "config.h"

#include "reframe-label-width.h"
#include "reframe-ui-test-util.h"

static void
test_wrapped_labels_only (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *wrapped = gtk_label_new ("A sentence that wraps");
  GtkWidget *sized = gtk_label_new ("A sentence with a width of its own");
  GtkWidget *plain = gtk_label_new ("Once");

  gtk_label_set_wrap (GTK_LABEL (wrapped), TRUE);
  gtk_label_set_wrap (GTK_LABEL (sized), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (sized), 30);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Walk for 20 minutes");
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), "Every day · Done 3 of 7 this week");
  gtk_box_append (GTK_BOX (box), wrapped);
  gtk_box_append (GTK_BOX (box), sized);
  gtk_box_append (GTK_BOX (box), plain);
  gtk_box_append (GTK_BOX (box), row);

  reframe_label_width_set_least (box, REFRAME_LABEL_LEAST_CHARS);
  g_assert_cmpint (gtk_label_get_width_chars (GTK_LABEL (wrapped)), ==, REFRAME_LABEL_LEAST_CHARS);
  g_assert_cmpint (gtk_label_get_width_chars (GTK_LABEL (sized)), ==, 30);
  g_assert_cmpint (gtk_label_get_width_chars (GTK_LABEL (plain)), ==, -1);

  /* libadwaita's row wraps its title and subtitle: both get the width. */
  {
    guint      n_wrapped = 0;
    GtkWidget *widget = row;

    while (widget != NULL)
      {
        if (GTK_IS_LABEL (widget) && gtk_label_get_wrap (GTK_LABEL (widget)))
          {
            g_assert_cmpint (gtk_label_get_width_chars (GTK_LABEL (widget)), ==, REFRAME_LABEL_LEAST_CHARS);
            n_wrapped++;
          }
        if (gtk_widget_get_first_child (widget) != NULL)
          widget = gtk_widget_get_first_child (widget);
        else
          {
            while (widget != row && gtk_widget_get_next_sibling (widget) == NULL)
              widget = gtk_widget_get_parent (widget);
            widget = widget == row ? NULL : gtk_widget_get_next_sibling (widget);
          }
      }
    g_assert_cmpuint (n_wrapped, >=, 2);
  }
  g_object_unref (box);
}

int
main (int    argc,
      char **argv)
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add_func ("/reframe/label-width/wrapped-labels-only", test_wrapped_labels_only);
  return g_test_run ();
}
