/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-label-width.h: a least width for the wrapped labels a widget holds. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Narrower than any row or card of Reframe's. */
#define REFRAME_LABEL_LEAST_CHARS 12

void reframe_label_width_set_least (GtkWidget *root,
                                    int        chars);

G_END_DECLS
