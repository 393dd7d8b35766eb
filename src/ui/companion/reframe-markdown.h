/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-markdown.h: a companion reply's Markdown, parsed by libcmark, as labels in a box. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One block of formatted text: the markup of a label and its style. */
typedef struct _ReframeMarkdownBlock ReframeMarkdownBlock;

GtkLabel  *reframe_markdown_text_label_new (void);
GPtrArray *reframe_markdown_parse (const char *markdown,
                                   gssize      length);
gboolean   reframe_markdown_apply (GtkBox    *box,
                                   GPtrArray *blocks,
                                   guint     *next,
                                   gsize     *budget);
void       reframe_markdown_render (GtkBox     *box,
                                    const char *markdown,
                                    gssize      length);

G_END_DECLS
