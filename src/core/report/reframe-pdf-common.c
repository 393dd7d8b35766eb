/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-pdf-common.c: what the report's PDF and the safety plan's PDF draw and write the
 * same way: colours, the height of a text, and the stream a PDF is written to. */

#define G_LOG_DOMAIN "ReframePdf"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-pdf-private.h"
#include "reframe-report.h"

void
_reframe_pdf_set_color (cairo_t *cr,
                        guint32  color)
{
  cairo_set_source_rgb (
      cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0, (color & 0xff) / 255.0);
}

double
_reframe_pdf_layout_height (PangoLayout *layout)
{
  int height = 0;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/*
 * Cairo 1.16 is never told that a write failed: after a write error its PDF surface
 * finishes the document with objects it never wrote, and with bookmarks in it
 * cairo_surface_finish() reads freed or unset memory and crashes (a full disk on the
 * first write is enough). So the first error (a full disk, a cancel) is kept here, the
 * rest of the document is dropped, and _reframe_pdf_writer_finish() reports the error.
 * Drawing stops at the first error, so little is made only to be dropped.
 */
cairo_status_t
_reframe_pdf_write_cb (void                *closure,
                       const unsigned char *data,
                       unsigned int         length)
{
  ReframePdfWriter *writer = closure;

  if (writer->error == NULL)
    g_output_stream_write_all (
        writer->out, data, length, NULL, writer->cancellable, &writer->error);
  return CAIRO_STATUS_SUCCESS;
}

/* Once the surface is finished, with its @status: the first error writing met, else
 * cairo's, else the stream flushed. Returns: %TRUE when the whole PDF was written */
gboolean
_reframe_pdf_writer_finish (ReframePdfWriter *writer,
                            cairo_status_t    status,
                            GError          **error)
{
  if (writer->error != NULL)
    {
      g_propagate_error (error, writer->error);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, REFRAME_REPORT_ERROR, REFRAME_REPORT_ERROR_FAILED,
                   /* Translators: %s is cairo's reason, in English */
                   _ ("Could not make the PDF: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }
  return g_output_stream_flush (writer->out, writer->cancellable, error);
}
