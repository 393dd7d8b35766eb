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

#include "reframe-report-private.h"
#include "reframe-safety-plan-pdf-private.h"
#include "reframe-locale.h"

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

  _reframe_safety_plan_fit (p, items, width, height, PAGE_MAX_SIZE, PAGE_MIN_SIZE, PAGE_MAX_LINES);
  cairo_save (p->cr);
  cairo_rectangle (p->cr, 0, 0, page_width, page_height);
  cairo_clip (p->cr);
  _reframe_safety_plan_place_items (p, items, PAGE_MARGIN, PAGE_MARGIN, width);
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
  _reframe_safety_plan_fit (p,
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
  _reframe_safety_plan_place_items (p, items, CARD_PAD, CARD_PAD, rect.width - 2 * CARD_PAD);
  cairo_restore (p->cr);
}

/* Short lines outside each corner of the outline, where the scissors go. */
static void
draw_cut_marks (cairo_t                 *cr,
                const cairo_rectangle_t *card)
{
  const double xs[] = { card->x, card->x + card->width };
  const double ys[] = { card->y, card->y + card->height };

  _reframe_pdf_set_color (cr, TEXT_COLOR);
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

  _reframe_pdf_set_color (cr, MUTED_COLOR);
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
  _reframe_safety_plan_draw_card_instructions (p, &card);
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

  context = p.context = _reframe_safety_plan_create_context ();
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
  ReframePdfWriter writer = { out, cancellable, NULL };
  cairo_surface_t *surface;
  cairo_t         *cr;
  cairo_status_t   status;
  double           width, height;

  g_return_val_if_fail (REFRAME_IS_SAFETY_PLAN (plan), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  reframe_report_paper_get_size (paper, &width, &height);
  surface = cairo_pdf_surface_create_for_stream (_reframe_pdf_write_cb, &writer, width, height);
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
  return _reframe_pdf_writer_finish (&writer, status, error);
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
