/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-pdf-place.c: the safety plan's items placed on a sheet: the same code
 * measures (no cairo_t) and draws, and fits the items to their area by shrinking the type,
 * then leaving out what is optional, then cutting the person's longest texts; and the
 * card's instructions above it. */

#define G_LOG_DOMAIN "ReframeSafetyPlanPdf"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-safety-plan-pdf-private.h"

PangoContext *
_reframe_safety_plan_create_context (void)
{
  g_autoptr (PangoFontMap) font_map = pango_cairo_font_map_new ();
  PangoContext         *context = pango_font_map_create_context (font_map);
  cairo_font_options_t *options = cairo_font_options_create ();

  pango_cairo_context_set_resolution (context, 72);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  return context;
}

static PangoLayout *
make_layout (Painter    *p,
             const char *text,
             double      size,
             PangoWeight weight,
             double      width)
{
  PangoLayout *layout = pango_layout_new (p->context);
  g_autoptr (PangoFontDescription) font = pango_font_description_new ();

  pango_font_description_set_family_static (font, FONT_FAMILY);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  /* Long words and numbers break anywhere rather than run off the sheet. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

/* Draws @layout at (@x, @y) when drawing; returns its height either way. */
static double
show (Painter     *p,
      PangoLayout *layout,
      guint32      color,
      double       x,
      double       y)
{
  if (p->cr != NULL)
    {
      _reframe_pdf_set_color (p->cr, color);
      cairo_move_to (p->cr, x, y);
      pango_cairo_show_layout (p->cr, layout);
    }
  return _reframe_pdf_layout_height (layout);
}

static void
draw_line (Painter *p,
           guint32  color,
           double   width,
           double   x1,
           double   y1,
           double   x2,
           double   y2)
{
  if (p->cr == NULL)
    return;
  _reframe_pdf_set_color (p->cr, color);
  cairo_set_line_width (p->cr, width);
  cairo_move_to (p->cr, x1, y1);
  cairo_line_to (p->cr, x2, y2);
  cairo_stroke (p->cr);
}

static double
note_size (Painter *p)
{
  return MAX (p->size * 0.85, p->card ? CARD_MIN_SIZE : 7.0);
}

static double
place_note (Painter    *p,
            const char *text,
            double      x,
            double      y,
            double      width)
{
  g_autoptr (PangoLayout) layout = make_layout (p, text, note_size (p), PANGO_WEIGHT_NORMAL, width);

  pango_layout_set_line_spacing (layout, 1.1);
  return show (p, layout, MUTED_COLOR, x, y);
}

/* The person's own words; cut with an ellipsis after max_lines lines, saying so. */
static double
place_text (Painter    *p,
            const Item *item,
            double      x,
            double      y,
            double      width)
{
  g_autoptr (PangoLayout) layout = make_layout (p, item->text, p->size, PANGO_WEIGHT_NORMAL, width);
  double height;

  pango_layout_set_line_spacing (layout, 1.15);
  if (p->max_lines > 0)
    {
      pango_layout_set_height (layout, -(int) p->max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  height = show (p, layout, TEXT_COLOR, x, y);
  if (pango_layout_is_ellipsized (layout))
    /* Translators: after a text of the safety plan cut short to fit the paper */
    height += place_note (p, _ ("(continued in Reframe)"), x, y + height, width);
  return height + p->size * 0.3;
}

static double
number_size (Painter *p)
{
  return p->card ? MAX (p->size, CARD_NUMBER_MIN) : p->size;
}

/* A person or a line and their number, in two columns; the number in bold. */
static double
place_contact (Painter    *p,
               const Item *item,
               double      x,
               double      y,
               double      width)
{
  double name_width = width * (p->card ? 0.52 : 0.6);
  double pad = p->size * (p->card ? 0.12 : 0.3);
  g_autoptr (PangoLayout) name = NULL;
  g_autoptr (PangoLayout) number = NULL;
  double height, shift;

  if (p->max_contacts > 0 && item->index >= p->max_contacts)
    return 0;
  name = make_layout (p, item->text, p->size, PANGO_WEIGHT_NORMAL, name_width - p->size);
  number = make_layout (p,
                        item->value != NULL ? item->value : "",
                        number_size (p),
                        PANGO_WEIGHT_BOLD,
                        width - name_width);
  /* The number may be larger than the name: their first lines share a baseline. */
  shift = (double) (pango_layout_get_baseline (number) - pango_layout_get_baseline (name)) /
          PANGO_SCALE;
  height = MAX (show (p, name, TEXT_COLOR, x, y + pad + MAX (shift, 0)) + MAX (shift, 0),
                show (p, number, TEXT_COLOR, x + name_width, y + pad + MAX (-shift, 0)) +
                    MAX (-shift, 0)) +
           2 * pad;
  if (!p->card)
    draw_line (p, RULE_COLOR, 0.4, x, y + height, x + width, y + height);
  if (p->max_contacts > 0 && item->index + 1 == p->max_contacts && item->n_group > p->max_contacts)
    {
      guint            more = item->n_group - p->max_contacts;
      g_autofree char *text = g_strdup_printf (
          g_dngettext (GETTEXT_PACKAGE, "(%u more in Reframe)", "(%u more in Reframe)", more),
          more);

      height += place_note (p, text, x, y + height, width);
    }
  return height;
}

static double
rule_pitch (Painter *p)
{
  return p->card ? p->size * 1.9 : MAX (p->size * 2.3, PAGE_RULE_MIN);
}

/* Blank lines to write on by hand; for people, a name column and a number column. */
static double
place_ruled (Painter    *p,
             const Item *item,
             double      x,
             double      y,
             double      width)
{
  double pitch = rule_pitch (p);
  double top = y;
  double split = width * (p->card ? 0.52 : 0.6);

  if (item->kind == ITEM_RULED_CONTACTS)
    {
      g_autoptr (PangoLayout) name =
          make_layout (p, _ ("Name"), note_size (p), PANGO_WEIGHT_NORMAL, split);
      g_autoptr (PangoLayout) phone =
          make_layout (p, _ ("Phone"), note_size (p), PANGO_WEIGHT_NORMAL, width - split);

      show (p, name, MUTED_COLOR, x, y);
      y += show (p, phone, MUTED_COLOR, x + split, y);
    }
  for (guint i = 0; i < item->n; i++)
    {
      double line_y = y + pitch * (i + 1);

      if (item->kind == ITEM_RULED_CONTACTS)
        {
          draw_line (p, RULE_COLOR, 0.5, x, line_y, x + split - p->size, line_y);
          draw_line (p, RULE_COLOR, 0.5, x + split, line_y, x + width, line_y);
        }
      else
        draw_line (p, RULE_COLOR, 0.5, x, line_y, x + width, line_y);
    }
  return y - top + pitch * item->n + p->size * 0.4;
}

static double
danger_size (Painter *p)
{
  return p->card ? 12.5 : p->size * 1.25;
}

/* The emergency number in a box nobody can miss. */
static double
place_danger (Painter    *p,
              const Item *item,
              double      x,
              double      y,
              double      width)
{
  double pad = danger_size (p) * 0.45;
  g_autoptr (PangoLayout) layout =
      make_layout (p, item->text, danger_size (p), PANGO_WEIGHT_BOLD, width - 2 * pad);
  double top = y + (p->at_top ? 0 : p->size * 0.6);
  double height = _reframe_pdf_layout_height (layout) + 2 * pad;

  if (p->card)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  if (p->cr != NULL)
    {
      cairo_rectangle (p->cr, x + 0.5, top + 0.5, width - 1, height - 1);
      _reframe_pdf_set_color (p->cr, DANGER_FILL);
      cairo_fill_preserve (p->cr);
      _reframe_pdf_set_color (p->cr, DANGER_COLOR);
      cairo_set_line_width (p->cr, 1);
      cairo_stroke (p->cr);
    }
  show (p, layout, DANGER_COLOR, x + pad, top + pad);
  return top - y + height;
}

static double
place_styled (Painter    *p,
              const Item *item,
              double      x,
              double      y,
              double      width)
{
  g_autoptr (PangoLayout) layout = NULL;
  double      before = 0, after = 0, size = p->size;
  PangoWeight weight = PANGO_WEIGHT_NORMAL;
  guint32     color = MUTED_COLOR;

  switch (item->kind)
    {
    case ITEM_TITLE:
      size = p->card ? 15 : p->size * 2;
      weight = PANGO_WEIGHT_BOLD;
      color = TEXT_COLOR;
      after = size * 0.2;
      break;
    case ITEM_HEADING:
      size = p->card ? p->size : p->size * 1.1;
      weight = PANGO_WEIGHT_BOLD;
      color = ACCENT_COLOR;
      before = p->size * (p->card ? 0.45 : 0.9);
      after = p->size * 0.2;
      break;
    case ITEM_GUIDANCE:
    case ITEM_META:
    case ITEM_TEXT:
    case ITEM_CONTACT:
    case ITEM_RULED:
    case ITEM_RULED_CONTACTS:
    case ITEM_DANGER:
    default:
      size = note_size (p);
      after = p->size * 0.2;
      break;
    }
  if (p->at_top)
    before = 0;
  layout = make_layout (p, item->text, size, weight, width);
  pango_layout_set_line_spacing (layout, 1.1);
  return before + show (p, layout, color, x, y + before) + after;
}

static double
place_item (Painter    *p,
            const Item *item,
            double      x,
            double      y,
            double      width)
{
  if (item->optional && !p->optional)
    return 0;
  switch (item->kind)
    {
    case ITEM_TEXT:
      return place_text (p, item, x, y, width);
    case ITEM_CONTACT:
      return place_contact (p, item, x, y, width);
    case ITEM_RULED:
    case ITEM_RULED_CONTACTS:
      return place_ruled (p, item, x, y, width);
    case ITEM_DANGER:
      return place_danger (p, item, x, y, width);
    case ITEM_TITLE:
    case ITEM_META:
    case ITEM_HEADING:
    case ITEM_GUIDANCE:
    default:
      return place_styled (p, item, x, y, width);
    }
}

double
_reframe_safety_plan_place_items (Painter   *p,
                                  GPtrArray *items,
                                  double     x,
                                  double     y,
                                  double     width)
{
  double top = y;

  p->at_top = TRUE;
  for (guint i = 0; i < items->len; i++)
    {
      double height = place_item (p, g_ptr_array_index (items, i), x, y, width);

      y += height;
      if (height > 0)
        p->at_top = FALSE;
    }
  return y - top;
}

static gboolean
fits (Painter   *p,
      GPtrArray *items,
      double     width,
      double     height)
{
  cairo_t *cr = p->cr;
  gboolean result;

  p->cr = NULL;
  result = _reframe_safety_plan_place_items (p, items, 0, 0, width) <= height;
  p->cr = cr;
  return result;
}

/*
 * Finds how to fit @items in @width × @height: the largest type from @max_size down to
 * @min_size; then, at the smallest, without the optional items, then with the person's
 * texts cut to fewer and fewer lines and fewer people per step. Whatever still does not
 * fit is clipped by the caller: never a second sheet.
 */
void
_reframe_safety_plan_fit (Painter   *p,
                          GPtrArray *items,
                          double     width,
                          double     height,
                          double     max_size,
                          double     min_size,
                          guint      max_lines)
{
  p->optional = TRUE;
  p->max_lines = 0;
  p->max_contacts = 0;
  for (p->size = max_size; p->size >= min_size; p->size -= SIZE_STEP)
    if (fits (p, items, width, height))
      return;
  p->size = min_size;
  p->optional = FALSE;
  if (fits (p, items, width, height))
    return;
  /* Texts and lists of people shorten together, so that neither goes first. */
  for (guint n = max_lines; n >= 1; n--)
    {
      p->max_lines = p->max_contacts = n;
      if (fits (p, items, width, height))
        return;
    }
}

/* The title and the instruction, above the card, outside it. */
void
_reframe_safety_plan_draw_card_instructions (Painter                 *p,
                                             const cairo_rectangle_t *card)
{
  g_autoptr (PangoLayout) title =
      make_layout (p, _ ("My Safety Plan: wallet card"), 12, PANGO_WEIGHT_BOLD, card->width);
  g_autoptr (PangoLayout) how =
      make_layout (p,
                   _ ("Cut along the outline, fold on the long dashed line with the print outside, "
                      "then fold in half on the short one, like a little book."),
                   9,
                   PANGO_WEIGHT_NORMAL,
                   card->width);
  double y = card->y - _reframe_pdf_layout_height (how) - CUT_MARK - CUT_MARK_GAP - 4;

  show (p, how, MUTED_COLOR, card->x, y);
  show (p, title, TEXT_COLOR, card->x, y - _reframe_pdf_layout_height (title) - 3);
}
