/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights-page-private.h: what the tests look at inside the Insights page. */

#pragma once

#include "reframe-insights-page.h"
#include "reframe-insights.h"

G_BEGIN_DECLS

const char      *_reframe_insights_page_get_state (ReframeInsightsPage *self);
gboolean         _reframe_insights_page_get_computing (ReframeInsightsPage *self);
ReframeInsights *_reframe_insights_page_get_insights (ReframeInsightsPage *self);
GPtrArray       *_reframe_insights_page_dup_findings (ReframeInsightsPage *self);
GtkWidget       *_reframe_insights_page_get_chart (ReframeInsightsPage *self,
                                                   const char          *name);
GtkWidget       *_reframe_insights_page_get_period_button (ReframeInsightsPage  *self,
                                                           ReframeInsightsPeriod period);
void             _reframe_insights_page_set_today (ReframeInsightsPage *self,
                                                   const GDate         *today);

G_END_DECLS
