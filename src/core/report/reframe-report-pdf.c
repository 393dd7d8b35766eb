/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf.c: the report's pages, laid out once and drawn on demand with cairo and pango.
 *
 * The layout measures every block once and keeps only where each lands: the page, the
 * height, and for running text the range of lines on the page. Drawing a page lays out its
 * few blocks again. So memory grows with the number of blocks, not with what the pages
 * draw, and the same drawing serves the PDF file, GtkPrintOperation's draw-page and the
 * share dialog's preview at any scale. Units are PostScript points; text is laid out at
 * 72 dpi without hinting, so a page looks the same at every scale. */

#define G_LOG_DOMAIN "ReframeReportPdf"

#include "config.h"

#include <cairo-pdf.h>
#include <fontconfig/fontconfig.h>
#include "reframe-i18n.h"
#include <langinfo.h> /* _NL_PAPER_WIDTH: glibc, with _GNU_SOURCE (meson sets it) */
#include <locale.h>

#include "reframe-report-pdf-private.h"
#include "reframe-l10n.h"

static void
get_page_range (ReframeReportLayout *self,
                guint                page,
                guint               *first,
                guint               *end)
{
  *first = g_array_index (self->pages, guint, page);
  *end = page + 1 < self->pages->len ? g_array_index (self->pages, guint, page + 1)
                                     : self->placements->len;
}

/**
 * reframe_report_layout_new:
 * @report: the report to lay out
 * @paper: the paper size
 * @context: (nullable): a context whose font map to use; %NULL for a font map of the layout's own
 *   (needed when the layout is made in one thread and drawn in another)
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for %G_IO_ERROR_CANCELLED
 *
 * Lays the report out on pages. It keeps where each block lands, not the drawing, so
 * pages can be drawn in any order and at any scale with reframe_report_layout_draw_page().
 * The layout is used by one thread at a time.
 *
 * Returns: (transfer full) (nullable): the layout, or %NULL when cancelled
 */
ReframeReportLayout *
reframe_report_layout_new (ReframeReport *report,
                           ReframePaper   paper,
                           PangoContext  *context,
                           GCancellable  *cancellable,
                           GError       **error)
{
  Progress progress = { NULL };

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (context == NULL || PANGO_IS_CONTEXT (context), NULL);

  return _reframe_report_layout_build (report, paper, context, 0, &progress, cancellable, error);
}

void
reframe_report_layout_free (ReframeReportLayout *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; self->cache != NULL && i < self->blocks->len; i++)
    g_clear_object (&self->cache[i]);
  g_clear_pointer (&self->cache, g_free);
  g_clear_pointer (&self->fast, g_free);
  g_clear_pointer (&self->drawn_lines, g_array_unref);
  g_clear_object (&self->drawn_layout);
  _reframe_pdf_shaper_clear (&self->shaper);
  g_clear_pointer (&self->report, reframe_report_unref);
  g_clear_object (&self->context);
  g_clear_object (&self->font_map);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->placements, g_array_unref);
  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->footer, g_free);
  g_free (self);
}

/**
 * reframe_report_layout_get_report:
 *
 * Returns: (transfer none): the report laid out
 */
ReframeReport *
reframe_report_layout_get_report (ReframeReportLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->report;
}

ReframePaper
reframe_report_layout_get_paper (ReframeReportLayout *self)
{
  g_return_val_if_fail (self != NULL, REFRAME_PAPER_A4);
  return self->paper;
}

guint
reframe_report_layout_get_n_pages (ReframeReportLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pages->len;
}

/**
 * reframe_report_layout_get_page_size:
 * @width: (out): the page's width in points
 * @height: (out): the page's height in points
 */
void
reframe_report_layout_get_page_size (ReframeReportLayout *self,
                                     double              *width,
                                     double              *height)
{
  g_return_if_fail (self != NULL);
  if (width != NULL)
    *width = self->page_width;
  if (height != NULL)
    *height = self->page_height;
}

/**
 * reframe_report_layout_draw_page:
 * @cr: where to draw: the page's top left corner at (0, 0), in points times @scale
 * @page: the page, from 0
 * @scale: 1.0 for a PDF page or a print context in points; smaller for a preview
 *
 * Draws one page on white paper, its footer and page number included.
 */
void
reframe_report_layout_draw_page (ReframeReportLayout *self,
                                 cairo_t             *cr,
                                 guint                page,
                                 double               scale)
{
  g_autoptr (ReframeL10nScope) scope = NULL;
  guint first, end;

  g_return_if_fail (self != NULL);
  g_return_if_fail (cr != NULL);
  g_return_if_fail (page < self->pages->len);

  scope = reframe_l10n_scope_enter (reframe_report_get_language (self->report));

  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  cairo_rectangle (cr, 0, 0, self->page_width, self->page_height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  get_page_range (self, page, &first, &end);
  for (guint i = first; i < end; i++)
    _reframe_pdf_draw_placement (self, cr, &g_array_index (self->placements, Placement, i));
  _reframe_pdf_draw_footer (self, cr, page);
  cairo_restore (cr);
}

/* The PDF's bookmarks: one per section, to jump to in a viewer. */
static void
add_outline (ReframeReportLayout *self,
             cairo_surface_t     *surface,
             guint                page)
{
  guint first, end;

  get_page_range (self, page, &first, &end);
  for (guint i = first; i < end; i++)
    {
      const Placement       *placement = &g_array_index (self->placements, Placement, i);
      const ReframePdfBlock *block =
          &g_array_index (self->blocks, ReframePdfBlock, placement->block);
      g_autofree char *text = NULL;
      g_autofree char *link = NULL;

      if (block->kind != REFRAME_PDF_HEADING)
        continue;
      if (block->plain)
        text = g_strdup (block->markup);
      else if (!pango_parse_markup (block->markup, -1, 0, NULL, &text, NULL, NULL))
        continue;
      link =
          g_strdup_printf ("page=%u pos=[%d %d]", page + 1, (int) MARGIN_SIDE, (int) placement->y);
      cairo_pdf_surface_add_outline (surface, CAIRO_PDF_OUTLINE_ROOT, text, link, 0);
    }
}

static void
set_metadata (ReframeReportLayout *self,
              cairo_surface_t     *surface)
{
  const char *name = reframe_report_get_name (self->report);
  g_autoptr (GDateTime) made = g_date_time_to_utc (reframe_report_get_made (self->report));
  g_autofree char *date = g_date_time_format (made, "%Y-%m-%dT%H:%M:%SZ");

  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _ ("Between-session report"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Reframe");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  if (name != NULL && *name != '\0')
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, name);
}

static gboolean
draw_pdf_pages (ReframeReportLayout *self,
                cairo_surface_t     *surface,
                ReframePdfWriter    *writer,
                Progress            *progress)
{
  cairo_t *cr = cairo_create (surface);

  for (guint page = 0; page < self->pages->len && writer->error == NULL; page++)
    {
      if (g_cancellable_set_error_if_cancelled (writer->cancellable, &writer->error))
        break;
      add_outline (self, surface, page);
      reframe_report_layout_draw_page (self, cr, page, 1.0);
      cairo_show_page (cr);
      _reframe_pdf_progress_report (progress, (double) (page + 1) / self->pages->len);
    }
  cairo_destroy (cr);
  return writer->error == NULL;
}

/**
 * reframe_report_write_pdf:
 * @report: the report
 * @paper: the paper size
 * @out: where the PDF goes; flushed, not closed
 * @progress: (nullable) (scope call): told how far it got, from 0 to 1, in the calling thread
 * @progress_data: data for @progress
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Lays the report out and writes it as a PDF, a page at a time.
 *
 * Returns: %TRUE when the whole PDF was written
 */
gboolean
reframe_report_write_pdf (ReframeReport        *report,
                          ReframePaper          paper,
                          GOutputStream        *out,
                          ReframeReportProgress progress,
                          gpointer              progress_data,
                          GCancellable         *cancellable,
                          GError              **error)
{
  g_autoptr (ReframeReportLayout) self = NULL;
  Progress         layout_progress = { progress, progress_data, 0, 0.5, -1 };
  Progress         draw_progress = { progress, progress_data, 0.5, 0.5, -1 };
  ReframePdfWriter writer = { out, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_status_t   status;

  g_return_val_if_fail (report != NULL, FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  self = _reframe_report_layout_build (
      report, paper, NULL, LAYOUT_CACHE_BYTES, &layout_progress, cancellable, error);
  if (self == NULL)
    return FALSE;

  surface = cairo_pdf_surface_create_for_stream (
      _reframe_pdf_write_cb, &writer, self->page_width, self->page_height);
  set_metadata (self, surface);
  draw_pdf_pages (self, surface, &writer, &draw_progress);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  return _reframe_pdf_writer_finish (&writer, status, error);
}

/**
 * reframe_report_release_fonts:
 *
 * Lets go of the fonts and the font configuration pango, cairo and fontconfig keep for
 * the life of the process once a PDF is made. Only for a process that draws nothing
 * more: a command that has saved its report calls it as it ends, so that what is left
 * (which fontconfig keeps where a leak checker cannot see it) is not taken for a leak.
 */
void
reframe_report_release_fonts (void)
{
  pango_cairo_font_map_set_default (NULL);
  cairo_debug_reset_static_data ();
  FcFini ();
}

/* Territories whose paper is US Letter (glibc's LC_PAPER data). */
static const char *const letter_territories[] = {
  "US", "CA", "MX", "PH", "CL", "CO", "CR", "GT", "NI", "PA", "PR", "SV", "VE", "DO", NULL
};

/**
 * reframe_report_paper_for_locale_name:
 * @locale: (nullable): a locale name such as "en_US.UTF-8"
 *
 * Returns: Letter for a territory that uses it, else A4
 */
ReframePaper
reframe_report_paper_for_locale_name (const char *locale)
{
  const char      *underscore = locale != NULL ? strchr (locale, '_') : NULL;
  g_autofree char *territory = NULL;

  if (underscore == NULL)
    return REFRAME_PAPER_A4;
  territory = g_strndup (underscore + 1, strcspn (underscore + 1, ".@"));
  return g_strv_contains (letter_territories, territory) ? REFRAME_PAPER_LETTER : REFRAME_PAPER_A4;
}

/**
 * reframe_report_paper_for_locale:
 *
 * Returns: the paper of the user's LC_PAPER: Letter for the US, Canada, Mexico, the
 *   Philippines and a few more, A4 elsewhere
 */
ReframePaper
reframe_report_paper_for_locale (void)
{
  const char       *current = setlocale (LC_PAPER, NULL);
  const char *const variables[] = { "LC_ALL", "LC_PAPER", "LANG" };

#ifdef _NL_PAPER_WIDTH
  if (current != NULL && strchr (current, '_') != NULL)
    {
      union
      {
        char        *string;
        unsigned int word;
      } width;

      width.string = nl_langinfo (_NL_PAPER_WIDTH);
      return width.word == 216 ? REFRAME_PAPER_LETTER : REFRAME_PAPER_A4;
    }
#endif
  if (current != NULL && strchr (current, '_') != NULL)
    return reframe_report_paper_for_locale_name (current);
  /* setlocale () not called (or a C locale): the environment says what the user chose. */
  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return reframe_report_paper_for_locale_name (value);
    }
  return REFRAME_PAPER_A4;
}

/**
 * reframe_report_paper_get_size:
 * @width: (out): in points
 * @height: (out): in points
 */
void
reframe_report_paper_get_size (ReframePaper paper,
                               double      *width,
                               double      *height)
{
  *width = paper == REFRAME_PAPER_LETTER ? 612.0 : 210 * MM;
  *height = paper == REFRAME_PAPER_LETTER ? 792.0 : 297 * MM;
}
