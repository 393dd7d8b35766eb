/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-pdf-fixture.h: journals for the PDF report and share dialog tests. */

#pragma once

#include "reframe-store.h"

G_BEGIN_DECLS

/* A month (March 2024) with what the report's first page shows: see the .c file. */
#define REFRAME_TEST_EMOJI_NOTE \
  "Walked by the river 😊🌧️ and said Привет to the neighbour; こんにちは too."
#define REFRAME_TEST_PRIVATE_NOTE  "Quokkasecret: something only for me."
#define REFRAME_TEST_EXCLUDED_NOTE "Pelicanword: an entry to leave out."
#define REFRAME_TEST_ASSIGNMENT    "Walk after lunch"

void reframe_test_fill_report_month (ReframeStore *store,
                                     char        **excluded_uuid);
void reframe_test_report_month (GDate *from,
                                GDate *to);
void reframe_test_fill_report_years (ReframeStore *store,
                                     int           first_year,
                                     guint         n_years);

G_END_DECLS
