/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-plan-private.h: the plans and helpers the homework plan tests share. */

#pragma once

#include "reframe-assignment-repository.h"
#include "reframe-plan-import.h"
#include "reframe-plan.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"

G_BEGIN_DECLS

#define PLAN_UUID    "6f1c3b0e-1b2a-4c3d-8e4f-0a1b2c3d4e5f"
#define WALK_UUID    "1c0a7b63-7f2e-4a8b-8d2f-3e4c5b6d7e8f"
#define RECORD_UUID  "0b9f6a52-6e1d-4f7a-9c1e-2d3b4a5c6d7e"
#define CUSTOM_ID    "sleep-diary-ana"
#define CUSTOM_TITLE "Ana’s sleep diary"

/* test-plan.c: a template of the therapist's own. */
extern const char _reframe_test_custom_template[];

/* Homework in a plan's text, as docs/plan-format.md writes it. */
#define WALK \
  "{\"uuid\": \"" WALK_UUID "\", \"title\": \"Walk 20 minutes\", \"frequency\": \"daily\"}"
#define RECORD                                                                             \
  "{\"uuid\": \"" RECORD_UUID                                                              \
  "\", \"title\": \"Thought record\", \"template_id\": \"thought-record\","                \
  " \"frequency\": \"times_per_week\", \"times_per_week\": 3, \"reason\": \"To catch the " \
  "thought\", \"note\": \"Bring it.\"}"

/* test-plan.c */
char              *_reframe_test_plan_text (const char *assignments,
                                            const char *extra);
GBytes            *_reframe_test_bytes_of (const char *text);
ReframePlan       *_reframe_test_read_plan (const char *text);
guint              _reframe_test_count_assignments (ReframeStore *store);
ReframeAssignment *_reframe_test_get_assignment (ReframeStore *store,
                                                 const char   *uuid);
void               _reframe_test_save (ReframeStore      *store,
                                       ReframeAssignment *assignment);
void               _reframe_test_import_plan (ReframeStore *store,
                                              ReframePlan  *plan);
void               _reframe_test_assert_same_day (const GDate *a,
                                                  const GDate *b);
ReframeAssignment *_reframe_test_make_assignment (const char      *title,
                                                  const char      *template_id,
                                                  ReframeFrequency frequency,
                                                  GDate            start,
                                                  const GDate     *end);
void               _reframe_test_install_custom_template (const char *dir);
GPtrArray         *_reframe_test_fill_therapist_journal (ReframeStore *store);
char              *_reframe_test_journal_path (const char *dir);

/* test-plan-refusals.c */
void _reframe_test_malformed (ReframeTestStore *f,
                              gconstpointer     data);
void _reframe_test_nul (void);
void _reframe_test_conflicts (ReframeTestStore *f,
                              gconstpointer     data);

/* test-plan-report.c */
void _reframe_test_cli (ReframeTestStore *f,
                        gconstpointer     data);
void _reframe_test_report (ReframeTestStore *f,
                           gconstpointer     data);

G_END_DECLS
