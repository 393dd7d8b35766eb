/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chart-fixture.h: a small journal with figures worked out by hand, for the chart and
 * Insights tests. */

#pragma once

#include "reframe-store.h"

G_BEGIN_DECLS

/* The journal covers March 2024; its figures are listed in reframe-chart-fixture.c. */
#define REFRAME_TEST_FIXTURE_YEAR  2024
#define REFRAME_TEST_FIXTURE_MONTH 3

void reframe_test_fill_small_journal (ReframeStore *store);
void reframe_test_fixture_period (GDate *from,
                                  GDate *to);

G_END_DECLS
