/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-pdf-private.h: calls between the safety plan's sheets
 * (reframe-safety-plan-pdf.c: what they say, the page and the card) and the placing of
 * their items (reframe-safety-plan-pdf-place.c: measured and drawn by the same code). */

#pragma once

#include <pango/pangocairo.h>

#include "reframe-pdf-private.h"
#include "reframe-safety-plan-pdf.h"

G_BEGIN_DECLS

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

PangoContext *_reframe_safety_plan_create_context (void);
double        _reframe_safety_plan_place_items (Painter   *p,
                                                GPtrArray *items,
                                                double     x,
                                                double     y,
                                                double     width);
void          _reframe_safety_plan_fit (Painter   *p,
                                        GPtrArray *items,
                                        double     width,
                                        double     height,
                                        double     max_size,
                                        double     min_size,
                                        guint      max_lines);
void          _reframe_safety_plan_draw_card_instructions (Painter                 *p,
                                                           const cairo_rectangle_t *card);

G_END_DECLS
