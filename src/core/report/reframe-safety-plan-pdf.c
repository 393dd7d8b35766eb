/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-pdf.c: the safety plan on paper, drawn with cairo and pango.
 *
 * Stanley and Brown's plan is meant to be at hand when a crisis starts: on the fridge,
 * in the wallet, drafted on paper with a therapist. So there are two sheets. The page
 * holds every step on one sheet of A4 or Letter, empty steps as ruled lines to write on
 * by hand. The card is four credit-card-sized panels cut out as one piece, folded once
 * along its long middle (print outside) and once more like a book: the front says whom
 * to call in danger, the inside has the signs, what helps and the people, the back the
 * professionals and what is worth living for. The inside row is printed upside down so
 * that it reads upright once folded.
 *
 * Neither may spill onto a second sheet, so every block is measured before it is
 * drawn, with the same code (place_item): the type shrinks down to a readable minimum,
 * and only then are the person's longest texts cut, saying that the rest is in Reframe.
 * Units are PostScript points; text is laid out at 72 dpi without hinting. Nothing the
 * person wrote is logged. */

#define G_LOG_DOMAIN "ReframeSafetyPlanPdf"

#include "config.h"

#include <cairo-pdf.h>
#include "reframe-i18n.h"
#include <math.h>
#include <pango/pangocairo.h>

#include "reframe-report-private.h"
#include "reframe-safety-plan-pdf.h"
#include "reframe-locale.h"

#define MM          (72.0 / 25.4)
#define FONT_FAMILY "Noto Sans"

/* The page */
#define PAGE_MARGIN    (14 * MM)
#define PAGE_MAX_SIZE  10.5
#define PAGE_MIN_SIZE  8.0
#define PAGE_RULE_MIN  19.0 /* room to write by hand between ruled lines, about 7 mm */
#define PAGE_MAX_LINES 12

/* The card: ISO/IEC 7810 ID-1, the size of a bank card. */
#define CARD_WIDTH      (85.6 * MM)
#define CARD_HEIGHT     (54 * MM)
#define CARD_TOP        (34 * MM)
#define CARD_PAD        (3 * MM)
#define CARD_MAX_SIZE   7.5
#define CARD_MIN_SIZE   6.5
#define CARD_NUMBER_MIN 8.0
#define CARD_MAX_LINES  6
#define CUT_MARK        (5 * MM)
#define CUT_MARK_GAP    (2 * MM)

#define SIZE_STEP 0.25

#define TEXT_COLOR   0x1a1a1a
#define MUTED_COLOR  0x5c5c5c
#define RULE_COLOR   0xb4b4b4
#define ACCENT_COLOR 0x1c4f8c
#define DANGER_COLOR 0xa0001c
#define DANGER_FILL  0xfbeef0

typedef enum
{
  ITEM_TITLE,
  ITEM_META,
  ITEM_HEADING,
  ITEM_GUIDANCE,
  ITEM_TEXT,
  ITEM_CONTACT,
  ITEM_RULED,
  ITEM_RULED_CONTACTS,
  ITEM_DANGER,
} ItemKind;

typedef struct
{
  ItemKind kind;
  /* Owned */
  char    *text;     /* plain text, never markup: the person's words are drawn as they are */
  char    *value;    /* CONTACT: the number, or NULL */
  guint    n;        /* RULED*: how many lines */
  guint    index;    /* CONTACT: its place among its step's people */
  guint    n_group;  /* CONTACT: how many people the step has */
  gboolean optional; /* a card panel leaves it out first when it is full */
} Item;

/* How the blocks are laid out this time round: measuring and drawing share it. */
typedef struct
{
  PangoContext *context;
  cairo_t      *cr; /* NULL: measure only */
  gboolean      card;
  double        size;         /* running text, in points */
  guint         max_lines;    /* the person's texts are cut after this many lines; 0: never */
  guint         max_contacts; /* people shown per step; 0: all */
  gboolean      optional;     /* optional items are drawn */
  gboolean      at_top;       /* the next item is the first of its area: no space above it */
} Painter;

static void
item_free (Item *item)
{
  g_free (item->text);
  g_free (item->value);
  g_free (item);
}

static Item *
add_item (GPtrArray  *items,
          ItemKind    kind,
          const char *text)
{
  Item *item = g_new0 (Item, 1);

  item->kind = kind;
  item->text = g_strdup (text);
  g_ptr_array_add (items, item);
  return item;
}

static void
add_contact (GPtrArray  *items,
             const char *name,
             const char *phone,
             guint       index,
             guint       n_group)
{
  Item *item = add_item (items, ITEM_CONTACT, name);

  item->value = g_strdup (phone);
  item->index = index;
  item->n_group = n_group;
}

static void
add_ruled (GPtrArray *items,
           ItemKind   kind,
           guint      n)
{
  add_item (items, kind, NULL)->n = n;
}

static GPtrArray *
new_items (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
}

/* Drawing helpers */

static void
set_color (cairo_t *cr,
           guint32  color)
{
  cairo_set_source_rgb (
      cr, ((color >> 16) & 0xff) / 255.0, ((color >> 8) & 0xff) / 255.0, (color & 0xff) / 255.0);
}

static PangoContext *
create_context (void)
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

static double
layout_height (PangoLayout *layout)
{
  int height = 0;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
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
      set_color (p->cr, color);
      cairo_move_to (p->cr, x, y);
      pango_cairo_show_layout (p->cr, layout);
    }
  return layout_height (layout);
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
  set_color (p->cr, color);
  cairo_set_line_width (p->cr, width);
  cairo_move_to (p->cr, x1, y1);
  cairo_line_to (p->cr, x2, y2);
  cairo_stroke (p->cr);
}

/* Placing items: the same code measures and draws */

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
  double height = layout_height (layout) + 2 * pad;

  if (p->card)
    pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  if (p->cr != NULL)
    {
      cairo_rectangle (p->cr, x + 0.5, top + 0.5, width - 1, height - 1);
      set_color (p->cr, DANGER_FILL);
      cairo_fill_preserve (p->cr);
      set_color (p->cr, DANGER_COLOR);
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

static double
place_items (Painter   *p,
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
  result = place_items (p, items, 0, 0, width) <= height;
  p->cr = cr;
  return result;
}

/*
 * Finds how to fit @items in @width × @height: the largest type from @max_size down to
 * @min_size; then, at the smallest, without the optional items, then with the person's
 * texts cut to fewer and fewer lines and fewer people per step. Whatever still does not
 * fit is clipped by the caller: never a second sheet.
 */
static void
fit (Painter   *p,
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

/* What the sheets say */

static const char *
find_emergency_number (const ReframeSafetyPlanExtras *extras)
{
  if (extras == NULL)
    return NULL;
  if (extras->emergency_number != NULL && *extras->emergency_number != '\0')
    return extras->emergency_number;
  for (guint i = 0; extras->crisis_lines != NULL && i < extras->crisis_lines->len; i++)
    {
      const ReframeCrisisLine *line = g_ptr_array_index (extras->crisis_lines, i);

      if (line->kind == REFRAME_CRISIS_LINE_EMERGENCY && line->numbers != NULL &&
          line->numbers[0] != NULL)
        return line->numbers[0];
    }
  return NULL;
}

static char *
dup_danger_text (const ReframeSafetyPlanExtras *extras,
                 gboolean                       card)
{
  const char *number = find_emergency_number (extras);

  if (number == NULL)
    return g_strdup (card ? _ ("In danger: call your emergency number")
                          : _ ("In immediate danger: call your local emergency number"));
  /* Translators: %s is the emergency number, such as 112 or 911 */
  return g_strdup_printf (card ? _ ("In danger: call %s") : _ ("In immediate danger: call %s"),
                          number);
}

/* The therapist, then the country's crisis lines (name and number). */
static void
add_professional_contacts (GPtrArray                     *items,
                           const ReframeSafetyPlanExtras *extras)
{
  gboolean has_name, has_phone;

  if (extras == NULL)
    return;
  has_name = extras->therapist_name != NULL && *extras->therapist_name != '\0';
  has_phone = extras->therapist_phone != NULL && *extras->therapist_phone != '\0';
  if (has_name || has_phone)
    add_contact (items,
                 has_name ? extras->therapist_name : _ ("My therapist"),
                 extras->therapist_phone,
                 0,
                 1);
  for (guint i = 0; extras->crisis_lines != NULL && i < extras->crisis_lines->len; i++)
    {
      const ReframeCrisisLine *line = g_ptr_array_index (extras->crisis_lines, i);
      g_autofree char         *numbers = NULL;

      if (line->kind != REFRAME_CRISIS_LINE_HELPLINE || line->numbers == NULL ||
          line->numbers[0] == NULL)
        continue;
      /* One number a line: a number broken across two lines gets misdialled. */
      numbers = g_strjoinv ("\n", line->numbers);
      add_contact (items, g_dgettext (GETTEXT_PACKAGE, line->name), numbers, 0, 1);
    }
}

static gboolean
step_has_people (const ReframeSafetyPlanStep *step)
{
  return g_strcmp0 (step->id, "helpers") == 0 || g_strcmp0 (step->id, "distraction") == 0;
}

/* A step's words and people, or lines to fill in by hand. */
static void
add_step_body (GPtrArray                   *items,
               const ReframeSafetyPlanStep *step,
               guint                        n_lines,
               gboolean                     optional)
{
  guint first = items->len;

  if (reframe_safety_plan_step_is_empty (step))
    add_ruled (items, step_has_people (step) ? ITEM_RULED_CONTACTS : ITEM_RULED, n_lines);
  if (step->text != NULL)
    add_item (items, ITEM_TEXT, step->text);
  for (guint i = 0; i < step->contacts->len; i++)
    {
      const ReframeSafetyPlanContact *contact = g_ptr_array_index (step->contacts, i);

      add_contact (items, contact->name, contact->phone, i, step->contacts->len);
    }
  for (guint i = first; i < items->len; i++)
    ((Item *) g_ptr_array_index (items, i))->optional = optional;
}

static char *
dup_updated_text (ReframeSafetyPlan *plan)
{
  GDateTime *updated = reframe_safety_plan_get_updated (plan);
  g_autoptr (GDateTime) local = NULL;
  g_autofree char *day = NULL;

  if (updated == NULL)
    return g_strdup (_ ("Not written yet: fill it in by hand, ideally with your therapist."));
  local = g_date_time_to_local (updated);
  day = reframe_locale_format_day (local, REFRAME_DATE_FULL);
  /* Translators: under the title of the printed safety plan; %s is a date */
  return g_strdup_printf (_ ("Last changed %s"), day);
}

static GPtrArray *
build_page_items (ReframeSafetyPlan             *plan,
                  const ReframeSafetyPlanExtras *extras)
{
  GPtrArray       *items = new_items ();
  GPtrArray       *steps = reframe_safety_plan_get_steps (plan);
  g_autofree char *updated = dup_updated_text (plan);
  g_autofree char *danger = dup_danger_text (extras, FALSE);
  gboolean         professionals = FALSE;

  add_item (items, ITEM_TITLE, _ ("My Safety Plan"));
  add_item (items, ITEM_META, updated);
  add_item (
      items,
      ITEM_META,
      _ ("When a crisis may be starting, work down the steps in order until you feel safer."));
  for (guint i = 0; i < steps->len; i++)
    {
      const ReframeSafetyPlanStep *step = g_ptr_array_index (steps, i);
      g_autofree char             *heading = NULL;

      /* The reason for living closes the plan; it is not a step to take. */
      if (g_strcmp0 (step->id, "reason") == 0)
        heading = g_strdup (step->title);
      else
        /* Translators: a numbered step of the printed safety plan: "1. My warning signs" */
        heading = g_strdup_printf (_ ("%u. %s"), i + 1, step->title);
      add_item (items, ITEM_HEADING, heading);
      if (reframe_safety_plan_step_is_empty (step) && step->guidance != NULL)
        add_item (items, ITEM_GUIDANCE, step->guidance);
      add_step_body (items, step, step_has_people (step) ? 3 : 2, FALSE);
      if (g_strcmp0 (step->id, "professionals") == 0)
        {
          add_professional_contacts (items, extras);
          add_item (items, ITEM_DANGER, danger);
          professionals = TRUE;
        }
    }
  /* A template without the step still gets the lines and the number. */
  if (!professionals)
    {
      add_professional_contacts (items, extras);
      add_item (items, ITEM_DANGER, danger);
    }
  return items;
}

/* The page */

static void
draw_page (ReframeSafetyPlan             *plan,
           const ReframeSafetyPlanExtras *extras,
           double                         page_width,
           double                         page_height,
           Painter                       *p)
{
  g_autoptr (GPtrArray) items = build_page_items (plan, extras);
  double width = page_width - 2 * PAGE_MARGIN;
  double height = page_height - 2 * PAGE_MARGIN;

  fit (p, items, width, height, PAGE_MAX_SIZE, PAGE_MIN_SIZE, PAGE_MAX_LINES);
  cairo_save (p->cr);
  cairo_rectangle (p->cr, 0, 0, page_width, page_height);
  cairo_clip (p->cr);
  place_items (p, items, PAGE_MARGIN, PAGE_MARGIN, width);
  cairo_restore (p->cr);
}

/* The card */

static const ReframeSafetyPlanStep *
lookup_step (ReframeSafetyPlan *plan,
             const char        *id)
{
  return reframe_safety_plan_lookup_step (plan, id);
}

static void
add_card_step (GPtrArray                   *items,
               const ReframeSafetyPlanStep *step,
               guint                        n_lines,
               gboolean                     optional)
{
  if (step == NULL)
    return;
  add_item (items, ITEM_HEADING, step->title)->optional = optional;
  add_step_body (items, step, n_lines, optional);
}

static GPtrArray *
build_panel_items (ReframeSafetyPlan             *plan,
                   const ReframeSafetyPlanExtras *extras,
                   ReframeSafetyPlanPanel         panel)
{
  GPtrArray                   *items = new_items ();
  const ReframeSafetyPlanStep *professionals = lookup_step (plan, "professionals");
  g_autofree char             *danger = dup_danger_text (extras, TRUE);
  const char                  *number = find_emergency_number (extras);

  switch (panel)
    {
    case REFRAME_SAFETY_PLAN_PANEL_FRONT:
      add_item (items, ITEM_TITLE, _ ("My Safety Plan"));
      add_item (items,
                ITEM_META,
                _ ("Open it when you notice your warning signs, and go through it step by step."));
      add_item (items, ITEM_DANGER, danger);
      break;
    case REFRAME_SAFETY_PLAN_PANEL_INSIDE_LEFT:
      add_card_step (items, lookup_step (plan, "warning_signs"), 2, FALSE);
      add_card_step (items, lookup_step (plan, "coping"), 2, FALSE);
      break;
    case REFRAME_SAFETY_PLAN_PANEL_INSIDE_RIGHT:
      add_card_step (items, lookup_step (plan, "helpers"), 3, FALSE);
      add_card_step (items, lookup_step (plan, "distraction"), 2, TRUE);
      break;
    case REFRAME_SAFETY_PLAN_PANEL_BACK:
    case REFRAME_SAFETY_PLAN_N_PANELS:
    default:
      add_item (items,
                ITEM_HEADING,
                professionals != NULL ? professionals->title : _ ("Professionals and services"));
      if (professionals != NULL && professionals->text != NULL)
        add_item (items, ITEM_TEXT, professionals->text);
      add_professional_contacts (items, extras);
      /* Translators: the emergency number's label on the wallet card */
      add_contact (items, _ ("Emergency"), number != NULL ? number : "", 0, 1);
      add_card_step (items, lookup_step (plan, "reason"), 1, FALSE);
      break;
    }
  return items;
}

/**
 * reframe_safety_plan_get_card_panel:
 * @paper: the sheet the card is printed on
 * @panel: which panel
 * @rect: (out): where it is on the sheet, in points: 85.6 × 54 mm
 * @upside_down: (out) (optional): whether it is printed upside down, to read upright
 *   once folded
 *
 * The card is a block of 2 × 2 panels centred on the sheet: the outside (back, front)
 * on top, the inside (left, right) below, upside down.
 */
void
reframe_safety_plan_get_card_panel (ReframePaper           paper,
                                    ReframeSafetyPlanPanel panel,
                                    cairo_rectangle_t     *rect,
                                    gboolean              *upside_down)
{
  double page_width, page_height, left;

  g_return_if_fail (panel < REFRAME_SAFETY_PLAN_N_PANELS);
  g_return_if_fail (rect != NULL);

  reframe_report_paper_get_size (paper, &page_width, &page_height);
  left = (page_width - 2 * CARD_WIDTH) / 2;
  rect->width = CARD_WIDTH;
  rect->height = CARD_HEIGHT;
  /* The inside, once turned upside down, swaps left and right too. */
  rect->x = left + (panel == REFRAME_SAFETY_PLAN_PANEL_FRONT ||
                            panel == REFRAME_SAFETY_PLAN_PANEL_INSIDE_LEFT
                        ? CARD_WIDTH
                        : 0);
  rect->y = CARD_TOP + (panel == REFRAME_SAFETY_PLAN_PANEL_INSIDE_LEFT ||
                                panel == REFRAME_SAFETY_PLAN_PANEL_INSIDE_RIGHT
                            ? CARD_HEIGHT
                            : 0);
  if (upside_down != NULL)
    *upside_down = rect->y > CARD_TOP;
}

static void
draw_panel (ReframeSafetyPlan             *plan,
            const ReframeSafetyPlanExtras *extras,
            ReframePaper                   paper,
            ReframeSafetyPlanPanel         panel,
            Painter                       *p)
{
  g_autoptr (GPtrArray) items = build_panel_items (plan, extras, panel);
  cairo_rectangle_t rect;
  gboolean          upside_down;

  reframe_safety_plan_get_card_panel (paper, panel, &rect, &upside_down);
  fit (p,
       items,
       rect.width - 2 * CARD_PAD,
       rect.height - 2 * CARD_PAD,
       CARD_MAX_SIZE,
       CARD_MIN_SIZE,
       CARD_MAX_LINES);
  cairo_save (p->cr);
  cairo_rectangle (p->cr, rect.x, rect.y, rect.width, rect.height);
  cairo_clip (p->cr);
  if (upside_down)
    {
      cairo_translate (p->cr, rect.x + rect.width, rect.y + rect.height);
      cairo_rotate (p->cr, G_PI);
    }
  else
    cairo_translate (p->cr, rect.x, rect.y);
  place_items (p, items, CARD_PAD, CARD_PAD, rect.width - 2 * CARD_PAD);
  cairo_restore (p->cr);
}

/* Short lines outside each corner of the outline, where the scissors go. */
static void
draw_cut_marks (cairo_t                 *cr,
                const cairo_rectangle_t *card)
{
  const double xs[] = { card->x, card->x + card->width };
  const double ys[] = { card->y, card->y + card->height };

  set_color (cr, TEXT_COLOR);
  cairo_set_line_width (cr, 0.3);
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 2; j++)
      {
        double dx = i == 0 ? -1 : 1, dy = j == 0 ? -1 : 1;

        cairo_move_to (cr, xs[i] + dx * CUT_MARK_GAP, ys[j]);
        cairo_line_to (cr, xs[i] + dx * (CUT_MARK_GAP + CUT_MARK), ys[j]);
        cairo_move_to (cr, xs[i], ys[j] + dy * CUT_MARK_GAP);
        cairo_line_to (cr, xs[i], ys[j] + dy * (CUT_MARK_GAP + CUT_MARK));
      }
  cairo_stroke (cr);
}

static void
draw_card_lines (cairo_t                 *cr,
                 const cairo_rectangle_t *card)
{
  const double dashes[] = { 4, 3 };

  set_color (cr, MUTED_COLOR);
  cairo_set_line_width (cr, 0.4);
  cairo_rectangle (cr, card->x, card->y, card->width, card->height);
  cairo_stroke (cr);
  cairo_save (cr);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  cairo_set_line_width (cr, 0.6);
  cairo_move_to (cr, card->x, card->y + card->height / 2);
  cairo_line_to (cr, card->x + card->width, card->y + card->height / 2);
  cairo_move_to (cr, card->x + card->width / 2, card->y);
  cairo_line_to (cr, card->x + card->width / 2, card->y + card->height);
  cairo_stroke (cr);
  cairo_restore (cr);
  draw_cut_marks (cr, card);
}

/* The title and the instruction, above the card, outside it. */
static void
draw_card_instructions (Painter                 *p,
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
  double y = card->y - layout_height (how) - CUT_MARK - CUT_MARK_GAP - 4;

  show (p, how, MUTED_COLOR, card->x, y);
  show (p, title, TEXT_COLOR, card->x, y - layout_height (title) - 3);
}

static void
draw_card (ReframeSafetyPlan             *plan,
           const ReframeSafetyPlanExtras *extras,
           ReframePaper                   paper,
           Painter                       *p)
{
  cairo_rectangle_t card, corner;

  p->card = TRUE;
  for (ReframeSafetyPlanPanel panel = 0; panel < REFRAME_SAFETY_PLAN_N_PANELS; panel++)
    draw_panel (plan, extras, paper, panel, p);
  reframe_safety_plan_get_card_panel (paper, REFRAME_SAFETY_PLAN_PANEL_BACK, &corner, NULL);
  card = (cairo_rectangle_t){ corner.x, corner.y, 2 * CARD_WIDTH, 2 * CARD_HEIGHT };
  draw_card_lines (p->cr, &card);
  draw_card_instructions (p, &card);
}

/**
 * reframe_safety_plan_draw:
 * @plan: the person's plan
 * @extras: (nullable): what the app adds: therapist, emergency number, crisis lines
 * @paper: the sheet
 * @format: the whole plan on a page, or the wallet card
 * @cr: where to draw: the sheet's top left corner at (0, 0), in points
 *
 * Draws the one sheet on white paper, for the PDF, printing or a preview.
 */
void
reframe_safety_plan_draw (ReframeSafetyPlan             *plan,
                          const ReframeSafetyPlanExtras *extras,
                          ReframePaper                   paper,
                          ReframeSafetyPlanFormat        format,
                          cairo_t                       *cr)
{
  PangoContext *context;
  Painter       p = { NULL, cr, FALSE, PAGE_MAX_SIZE, 0, 0, TRUE, TRUE };
  double        width, height;

  g_return_if_fail (REFRAME_IS_SAFETY_PLAN (plan));
  g_return_if_fail (cr != NULL);

  context = p.context = create_context ();
  reframe_report_paper_get_size (paper, &width, &height);
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);
  if (format == REFRAME_SAFETY_PLAN_FORMAT_CARD)
    draw_card (plan, extras, paper, &p);
  else
    draw_page (plan, extras, width, height, &p);
  cairo_restore (cr);
  g_object_unref (context);
}

/* Writing the PDF */

typedef struct
{
  GOutputStream *out;
  GCancellable  *cancellable;
  GError        *error;
} PdfWriter;

/* As in reframe-report-pdf.c: cairo is never told that a write failed; the first error
 * is kept, the rest of the document dropped, and the error reported at the end. */
static cairo_status_t
pdf_write_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  PdfWriter *writer = closure;

  if (writer->error == NULL)
    g_output_stream_write_all (
        writer->out, data, length, NULL, writer->cancellable, &writer->error);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * reframe_safety_plan_write_pdf:
 * @plan: the person's plan
 * @extras: (nullable): what the app adds
 * @paper: A4 or Letter
 * @format: the page or the wallet card
 * @out: where the PDF goes; flushed, not closed
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for an error
 *
 * Writes a PDF of exactly one page.
 *
 * Returns: %TRUE when the whole PDF was written
 */
gboolean
reframe_safety_plan_write_pdf (ReframeSafetyPlan             *plan,
                               const ReframeSafetyPlanExtras *extras,
                               ReframePaper                   paper,
                               ReframeSafetyPlanFormat        format,
                               GOutputStream                 *out,
                               GCancellable                  *cancellable,
                               GError                       **error)
{
  PdfWriter        writer = { out, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_t         *cr;
  cairo_status_t   status;
  double           width, height;

  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (plan), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  reframe_report_paper_get_size (paper, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (pdf_write_cb, &writer, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _ ("My Safety Plan"));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Reframe");
  cr = cairo_create (surface);
  reframe_safety_plan_draw (plan, extras, paper, format, cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (writer.error == NULL)
    g_cancellable_set_error_if_cancelled (cancellable, &writer.error);
  if (writer.error != NULL)
    {
      g_propagate_error (error, writer.error);
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
  return g_output_stream_flush (out, cancellable, error);
}

typedef struct
{
  ReframeSafetyPlan             *plan;
  const ReframeSafetyPlanExtras *extras;
  ReframePaper                   paper;
  ReframeSafetyPlanFormat        format;
} Sheet;

static gboolean
write_sheet (GOutputStream *out,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  Sheet *sheet = data;

  return reframe_safety_plan_write_pdf (
      sheet->plan, sheet->extras, sheet->paper, sheet->format, out, cancellable, error);
}

/**
 * reframe_safety_plan_write_pdf_file:
 * @dest: where to save it; an existing file is replaced only once the new one is complete
 * @data_dir: (nullable): the journal's folder, where no file may be saved (it could
 *   replace the journal)
 *
 * Writes the PDF through the report's safe writer: a hidden temporary file next to
 * @dest, renamed over it when whole. See reframe_safety_plan_write_pdf().
 *
 * Returns: %TRUE when @dest holds the PDF; otherwise %FALSE with a %REFRAME_REPORT_ERROR
 *   a person can act on (or %G_IO_ERROR_CANCELLED), @dest untouched and no temporary
 *   file left
 */
gboolean
reframe_safety_plan_write_pdf_file (ReframeSafetyPlan             *plan,
                                    const ReframeSafetyPlanExtras *extras,
                                    ReframePaper                   paper,
                                    ReframeSafetyPlanFormat        format,
                                    GFile                         *dest,
                                    const char                    *data_dir,
                                    GCancellable                  *cancellable,
                                    GError                       **error)
{
  Sheet sheet = { plan, extras, paper, format };

  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (plan), FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);

  return _reframe_report_write_file_with (dest, data_dir, write_sheet, &sheet, cancellable, error);
}
