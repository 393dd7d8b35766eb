/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-pdf-private.h: what the report's PDF and the safety plan's PDF draw and write the
 * same way (reframe-pdf-common.c). */

#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

G_BEGIN_DECLS

/* Where a PDF's bytes go, and the first error writing them met. */
typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
} ReframePdfWriter;

void           _reframe_pdf_set_color (cairo_t *cr,
                                       guint32  color);
double         _reframe_pdf_layout_height (PangoLayout *layout);
cairo_status_t _reframe_pdf_write_cb (void                *closure,
                                      const unsigned char *data,
                                      unsigned int         length);
gboolean       _reframe_pdf_writer_finish (ReframePdfWriter *writer,
                                           cairo_status_t    status,
                                           GError          **error);

G_END_DECLS
