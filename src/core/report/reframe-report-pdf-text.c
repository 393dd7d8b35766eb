/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf-text.c: a fast path for the report's running text.
 *
 * Shaping with Pango costs about a microsecond a character, and a PDF is laid out twice
 * (pages are counted before "Page 2 of 7" can be drawn), so ten years of notes took
 * twenty seconds. Most of what people write is words of Latin, Greek or Cyrillic letters
 * separated by spaces, and the same few thousand words again and again. For such text this
 * shapes each distinct word once (HarfBuzz through pango_shape), breaks lines greedily at
 * spaces from the cached widths, and draws a line's glyphs straight from the cache. The
 * cache is bounded; anything else (other scripts, emoji, a word wider than the line,
 * tabs) goes the whole way through PangoLayout. Lines are broken and drawn by the same
 * code, so the pages always agree with their measurements. */

#define G_LOG_DOMAIN "ReframeReportPdf"

#include "config.h"

#include <pango/pangocairo.h>

#include "reframe-report-pdf-private.h"

/* Words kept per font; past that, new words are shaped each time they are drawn. */
#define MAX_WORDS      50000
#define MAX_WORD_BYTES 48

typedef struct
{
  guint32 glyph;
  int     x; /* from the word's start, Pango units */
  int     y;
  guint16 byte; /* the character it draws, from the word's start */
} Glyph;

typedef struct
{
  int   width;
  guint n_glyphs;
  Glyph glyphs[];
} Word;

struct _ReframePdfText
{
  /* Owned */
  PangoFont  *font;
  GHashTable *words; /* word → Word* */

  PangoLanguage *language;
  int            space_width;
  double         ascent;
  double         pitch;
};

/* Letters, digits and punctuation that need no shaping beyond a font's kerning. */
static gboolean
is_simple_char (gunichar c)
{
  return (c >= 0x21 && c <= 0x7e) ||
         (c >= 0xa0 && c <= 0x24f && c != 0xad) ||
         (c >= 0x370 && c <= 0x3ff) ||
         (c >= 0x400 && c <= 0x482) ||
         (c >= 0x48a && c <= 0x4ff) ||
         (c >= 0x2010 && c <= 0x2027) ||
         (c >= 0x2030 && c <= 0x205e);
}

static Word *
shape_word (ReframePdfText *self,
            const char     *word,
            gsize           length)
{
  PangoGlyphString *glyphs;
  PangoAnalysis     analysis = { 0 };
  Word             *result;
  int               x = 0;
  GUnicodeScript    script = g_unichar_get_script (g_utf8_get_char (word));

  for (const char *p = word; p < word + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!(is_simple_char (c) || c == ' ') || !pango_font_has_char (self->font, c))
        return NULL;
    }
  analysis.font = self->font;
  analysis.level = 0;
  analysis.gravity = PANGO_GRAVITY_SOUTH;
  analysis.script = script == G_UNICODE_SCRIPT_COMMON ? G_UNICODE_SCRIPT_LATIN : script;
  analysis.language = self->language;
  glyphs = pango_glyph_string_new ();
  pango_shape_with_flags (word, length, word, length, &analysis, glyphs, PANGO_SHAPE_NONE);

  result = g_malloc (sizeof (Word) + glyphs->num_glyphs * sizeof (Glyph));
  result->n_glyphs = glyphs->num_glyphs;
  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      PangoGlyphInfo *info = &glyphs->glyphs[i];

      /* Clusters must cover the word from its first byte, in order, for the PDF's text. */
      if ((info->glyph & PANGO_GLYPH_UNKNOWN_FLAG) || info->glyph == PANGO_GLYPH_EMPTY ||
          (i == 0 && glyphs->log_clusters[0] != 0) ||
          (i > 0 && glyphs->log_clusters[i] < glyphs->log_clusters[i - 1]))
        {
          g_free (result);
          pango_glyph_string_free (glyphs);
          return NULL;
        }
      result->glyphs[i] = (Glyph){
        info->glyph, x + info->geometry.x_offset, info->geometry.y_offset, glyphs->log_clusters[i]
      };
      x += info->geometry.width;
    }
  result->width = x;
  pango_glyph_string_free (glyphs);
  return result;
}

/* A word from the cache, shaped on first use; *@owned is set when the caller must free it. */
static Word *
lookup_word (ReframePdfText *self,
             const char     *word,
             gsize           length,
             gboolean       *owned)
{
  g_autofree char *key = g_strndup (word, length);
  Word            *result = g_hash_table_lookup (self->words, key);

  *owned = FALSE;
  if (result != NULL)
    return result;
  if ((result = shape_word (self, word, length)) == NULL)
    return NULL;
  if (length > MAX_WORD_BYTES || g_hash_table_size (self->words) >= MAX_WORDS)
    *owned = TRUE;
  else
    g_hash_table_insert (self->words, g_steal_pointer (&key), result);
  return result;
}

/**
 * _reframe_pdf_text_new:
 * @context: the context to shape in (used by one thread at a time, with this)
 * @family: the font family
 * @size: in points
 * @line_spacing: the line pitch as a factor of the font's height, 0 for the font's own
 *
 * Returns: (transfer full) (nullable): the fast path for this font, %NULL when the font has
 *   no plain space (then all text goes through Pango)
 */
ReframePdfText *
_reframe_pdf_text_new (PangoContext *context,
                       const char   *family,
                       double        size,
                       PangoWeight   weight,
                       double        line_spacing)
{
  g_autoptr (PangoFontDescription) description = pango_font_description_new ();
  PangoFontMetrics *metrics;
  ReframePdfText   *self = g_new0 (ReframePdfText, 1);
  gboolean          owned;
  Word             *space;
  double            height;

  pango_font_description_set_family (description, family);
  pango_font_description_set_size (description, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (description, weight);
  self->font = pango_context_load_font (context, description);
  self->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->language = pango_context_get_language (context);
  if (self->font == NULL || (space = lookup_word (self, " ", 1, &owned)) == NULL ||
      space->n_glyphs != 1)
    {
      _reframe_pdf_text_free (self);
      return NULL;
    }
  self->space_width = space->width;
  metrics = pango_font_get_metrics (self->font, self->language);
  self->ascent = (double) pango_font_metrics_get_ascent (metrics) / PANGO_SCALE;
  height = (double) (pango_font_metrics_get_ascent (metrics) +
                     pango_font_metrics_get_descent (metrics)) /
           PANGO_SCALE;
  self->pitch = line_spacing > 0 ? height * line_spacing
                                 : (double) pango_font_metrics_get_height (metrics) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
  /* The extra space of a wide pitch is shared above and below the letters, as Pango does. */
  self->ascent += (self->pitch - height) / 2;
  return self;
}

void
_reframe_pdf_text_free (ReframePdfText *self)
{
  if (self == NULL)
    return;
  g_clear_object (&self->font);
  g_clear_pointer (&self->words, g_hash_table_unref);
  g_free (self);
}

double
_reframe_pdf_text_get_pitch (ReframePdfText *self)
{
  return self->pitch;
}

static void
add_line (GArray *lines,
          gsize   start,
          gsize   end)
{
  ReframePdfLine line = { start, end };

  g_array_append_val (lines, line);
}

/* Breaks one paragraph (no newline in it) at spaces; FALSE when it needs Pango. */
static gboolean
break_paragraph (ReframePdfText *self,
                 const char     *text,
                 gsize           start,
                 gsize           end,
                 int             max_width,
                 GArray         *lines)
{
  gsize line_start = start, line_end = start, i = start;
  int   width = 0, spaces = 0;

  while (i < end)
    {
      gsize    word_end = i;
      gboolean owned;
      Word    *word;

      if (text[i] == ' ')
        {
          spaces += self->space_width;
          i++;
          continue;
        }
      while (word_end < end && text[word_end] != ' ')
        word_end++;
      if ((word = lookup_word (self, text + i, word_end - i, &owned)) == NULL ||
          word->width > max_width)
        {
          if (owned)
            g_free (word);
          return FALSE;
        }
      if (line_end > line_start && width + spaces + word->width > max_width)
        {
          add_line (lines, line_start, line_end);
          line_start = i;
          width = word->width;
        }
      else
        width += spaces + word->width;
      if (owned)
        g_free (word);
      spaces = 0;
      line_end = i = word_end;
    }
  add_line (lines, line_start, MAX (line_end, line_start));
  return TRUE;
}

/**
 * _reframe_pdf_text_break:
 * @text: plain text
 * @width: the line's width in points
 * @lines: (element-type ReframePdfLine): where the lines go, byte ranges of @text
 *
 * Returns: %FALSE when @text needs Pango; @lines is then undefined
 */
gboolean
_reframe_pdf_text_break (ReframePdfText *self,
                         const char     *text,
                         double          width,
                         GArray         *lines)
{
  gsize length = strlen (text), start = 0;

  g_array_set_size (lines, 0);
  do
    {
      const char *newline = memchr (text + start, '\n', length - start);
      gsize       end = newline != NULL ? (gsize) (newline - text) : length;

      if (!break_paragraph (self, text, start, end, (int) (width * PANGO_SCALE), lines))
        return FALSE;
      start = end + 1;
    }
  while (start <= length);
  return TRUE;
}

/**
 * _reframe_pdf_text_draw_line:
 * @top: the top of the line's box; its baseline is below it
 *
 * Draws one line found by _reframe_pdf_text_break(), with its text for copying and
 * searching in the PDF.
 */
void
_reframe_pdf_text_draw_line (ReframePdfText       *self,
                             cairo_t              *cr,
                             const char           *text,
                             const ReframePdfLine *line,
                             double                x,
                             double                top)
{
  g_autoptr (GArray) glyphs = g_array_new (FALSE, FALSE, sizeof (cairo_glyph_t));
  g_autoptr (GArray) clusters = g_array_new (FALSE, FALSE, sizeof (cairo_text_cluster_t));
  double baseline = top + self->ascent;
  int    pen = 0;

  for (gsize i = line->start; i < line->end;)
    {
      gsize    word_end = i + 1;
      gboolean owned;
      Word    *word;

      if (text[i] != ' ')
        while (word_end < line->end && text[word_end] != ' ')
          word_end++;
      word = lookup_word (self, text + i, word_end - i, &owned);
      g_return_if_fail (word != NULL);
      for (guint g = 0; g < word->n_glyphs; g++)
        {
          const Glyph  *glyph = &word->glyphs[g];
          cairo_glyph_t out = { glyph->glyph,
                                x + (double) (pen + glyph->x) / PANGO_SCALE,
                                baseline - (double) glyph->y / PANGO_SCALE };
          guint         next = g + 1;

          g_array_append_val (glyphs, out);
          if (g > 0 && glyph->byte == word->glyphs[g - 1].byte)
            {
              g_array_index (clusters, cairo_text_cluster_t, clusters->len - 1).num_glyphs++;
              continue;
            }
          /* One cluster: this character's bytes (up to the next glyph's character) to its glyphs.
           */
          while (next < word->n_glyphs && word->glyphs[next].byte == glyph->byte)
            next++;
          g_array_append_val (
              clusters,
              ((cairo_text_cluster_t){
                  (int) ((next < word->n_glyphs ? word->glyphs[next].byte : word_end - i) -
                         glyph->byte),
                  1 }));
        }
      pen += word->width;
      if (owned)
        g_free (word);
      i = word_end;
    }
  if (glyphs->len == 0)
    return;
  cairo_set_scaled_font (cr, pango_cairo_font_get_scaled_font (PANGO_CAIRO_FONT (self->font)));
  cairo_show_text_glyphs (cr,
                          text + line->start,
                          line->end - line->start,
                          (cairo_glyph_t *) glyphs->data,
                          glyphs->len,
                          (cairo_text_cluster_t *) clusters->data,
                          clusters->len,
                          0);
}
