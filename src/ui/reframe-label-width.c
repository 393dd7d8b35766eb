/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-label-width.c: a least width for the wrapped labels a widget holds.
 *
 * GTK 4.8 finds a wrapped label's least width by laying its text out at width 0, a
 * character a line: 1-5 ms for a row's two-line subtitle, and libadwaita's rows wrap
 * their title and subtitle. Given a width in characters, GTK lays the text out at that
 * width instead, a few lines. Rows are never that narrow, so nothing shows differently.
 */

#include "config.h"

#include "reframe-label-width.h"

/**
 * reframe_label_width_set_least:
 * @root: a widget, such as a row, whose labels are made (by its template)
 * @chars: the least width of each wrapped label in it, in characters
 *
 * Gives every wrapped label in @root that has no width of its own a least width of
 * @chars, which spares GTK laying its text out a character a line to find it.
 */
void
reframe_label_width_set_least (GtkWidget *root,
                               int        chars)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_LABEL (root) && gtk_label_get_wrap (GTK_LABEL (root)) &&
      gtk_label_get_width_chars (GTK_LABEL (root)) < 0)
    gtk_label_set_width_chars (GTK_LABEL (root), chars);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    reframe_label_width_set_least (child, chars);
}
