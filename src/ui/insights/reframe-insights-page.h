/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights-page.h: how mood has moved, what goes with better and worse days, scores over
 * time. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

/**
 * ReframeInsightsPeriod:
 * @REFRAME_INSIGHTS_PERIOD_WEEK: the last 7 days, today included
 * @REFRAME_INSIGHTS_PERIOD_MONTH: the last 30 days
 * @REFRAME_INSIGHTS_PERIOD_YEAR: the last 365 days
 * @REFRAME_INSIGHTS_PERIOD_ALL: from the first entry to today
 */
typedef enum
{
  REFRAME_INSIGHTS_PERIOD_WEEK,
  REFRAME_INSIGHTS_PERIOD_MONTH,
  REFRAME_INSIGHTS_PERIOD_YEAR,
  REFRAME_INSIGHTS_PERIOD_ALL,
} ReframeInsightsPeriod;

#define REFRAME_TYPE_INSIGHTS_PAGE (reframe_insights_page_get_type ())

G_DECLARE_FINAL_TYPE (ReframeInsightsPage, reframe_insights_page, REFRAME, INSIGHTS_PAGE, AdwBin)

GtkWidget            *reframe_insights_page_new (void);
void                  reframe_insights_page_set_store (ReframeInsightsPage     *self,
                                                       ReframeStore            *store,
                                                       ReframeTemplateRegistry *registry);
ReframeInsightsPeriod reframe_insights_page_get_period (ReframeInsightsPage *self);
void                  reframe_insights_page_set_period (ReframeInsightsPage  *self,
                                                        ReframeInsightsPeriod period);
void                  reframe_insights_page_refresh (ReframeInsightsPage *self);

G_END_DECLS
