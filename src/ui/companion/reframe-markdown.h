/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-markdown.h: a companion reply's Markdown, parsed by libcmark, as labels in a box. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GtkLabel *reframe_markdown_text_label_new (void);
void      reframe_markdown_render (GtkBox     *box,
                                   const char *markdown,
                                   gssize      length);

G_END_DECLS
