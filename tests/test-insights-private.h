/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-insights-private.h: the fixture and the expected figures the Insights tests share. */

#pragma once

#include "reframe-store.h"

G_BEGIN_DECLS

#define TOLERANCE 1e-9
#define FROM      "2026-03-02"
#define TO        "2026-03-15"

/* An expected day: the sums over its entries. */
typedef struct
{
  char   day[11];
  double mood_sum;
  guint  n;
  double sleep_sum;
  guint  n_sleep;
} Expected;

typedef struct
{
  char         *dir;
  ReframeStore *store;
  char         *out;
  char         *err;
} Fixture;

/* test-insights.c */
GArray *_reframe_test_expected_days (const char *from,
                                     const char *to,
                                     gboolean    include_private);
double  _reframe_test_mean_of (const Expected *e);
void    _reframe_test_assert_close (double a,
                                    double b);
void    _reframe_test_fixture_set_up (Fixture      *f,
                                      gconstpointer data);
void    _reframe_test_fixture_tear_down (Fixture      *f,
                                         gconstpointer data);

/* test-insights-cli.c */
void _reframe_test_insights_add_cli_tests (void);

/* Registers a test of this binary, on its fixture. */
#define ADD(path, func)                     \
  g_test_add ("/reframe/insights/" path,    \
              Fixture,                      \
              NULL,                         \
              _reframe_test_fixture_set_up, \
              func,                         \
              _reframe_test_fixture_tear_down)

G_END_DECLS
