/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-pdf.h: the person's safety plan on paper: one page, or a folded wallet card.
 */

#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "reframe-crisis-lines.h"
#include "reframe-report-pdf.h"
#include "reframe-safety-plan.h"

G_BEGIN_DECLS

/**
 * ReframeSafetyPlanFormat:
 * @REFRAME_SAFETY_PLAN_FORMAT_PAGE: the whole plan on one page, to keep at home or
 *   fill in by hand
 * @REFRAME_SAFETY_PLAN_FORMAT_CARD: four credit-card-sized panels on one page, to cut
 *   out and fold into a card for the wallet
 */
typedef enum
{
  REFRAME_SAFETY_PLAN_FORMAT_PAGE,
  REFRAME_SAFETY_PLAN_FORMAT_CARD,
} ReframeSafetyPlanFormat;

/**
 * ReframeSafetyPlanExtras:
 * @therapist_name: (nullable): the person's therapist or clinic, from Preferences
 * @therapist_phone: (nullable): their number
 * @emergency_number: (nullable): the number to call in immediate danger ("112"); when
 *   %NULL, the first emergency line of @crisis_lines, else the words "your local
 *   emergency number"
 * @crisis_lines: (nullable) (element-type ReframeCrisisLine): the chosen country's lines
 *   (reframe_crisis_lines_lookup()); may be empty
 *
 * What the app adds to the person's own plan. Every field is borrowed.
 */
typedef struct
{
  const char *therapist_name;
  const char *therapist_phone;
  const char *emergency_number;
  GPtrArray  *crisis_lines;
} ReframeSafetyPlanExtras;

/* The card's panels, in the order a person reads the folded card. */
typedef enum
{
  REFRAME_SAFETY_PLAN_PANEL_FRONT,        /* title and the emergency number */
  REFRAME_SAFETY_PLAN_PANEL_INSIDE_LEFT,  /* warning signs, things I can do on my own */
  REFRAME_SAFETY_PLAN_PANEL_INSIDE_RIGHT, /* people I can ask for help */
  REFRAME_SAFETY_PLAN_PANEL_BACK,         /* professionals, crisis lines, worth living for */
  REFRAME_SAFETY_PLAN_N_PANELS,
} ReframeSafetyPlanPanel;

void     reframe_safety_plan_get_card_panel (ReframePaper           paper,
                                             ReframeSafetyPlanPanel panel,
                                             cairo_rectangle_t     *rect,
                                             gboolean              *upside_down);
void     reframe_safety_plan_draw (ReframeSafetyPlan             *plan,
                                   const ReframeSafetyPlanExtras *extras,
                                   ReframePaper                   paper,
                                   ReframeSafetyPlanFormat        format,
                                   cairo_t                       *cr);
gboolean reframe_safety_plan_write_pdf (ReframeSafetyPlan             *plan,
                                        const ReframeSafetyPlanExtras *extras,
                                        ReframePaper                   paper,
                                        ReframeSafetyPlanFormat        format,
                                        GOutputStream                 *out,
                                        GCancellable                  *cancellable,
                                        GError                       **error);
gboolean reframe_safety_plan_write_pdf_file (ReframeSafetyPlan             *plan,
                                             const ReframeSafetyPlanExtras *extras,
                                             ReframePaper                   paper,
                                             ReframeSafetyPlanFormat        format,
                                             GFile                         *dest,
                                             const char                    *data_dir,
                                             GCancellable                  *cancellable,
                                             GError                       **error);

G_END_DECLS
