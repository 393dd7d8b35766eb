/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-report.h: the fixture and helpers the report test's files share (test-report.c,
 * test-report-formats.c, test-report-writing.c: one test binary). */

#pragma once

#include "reframe-report-private.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"

G_BEGIN_DECLS

typedef struct
{
  char                    *root;
  char                    *dir; /* the journal's folder */
  char                    *out_dir;
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  char                    *private_entry;
  char                    *special_entry;
  char                    *plain_entry;
  char                    *private_record;
  char                    *record;
  char                    *phq;
} Fixture;

extern const char report_test_special_note[];
extern gsize      report_test_full_disk_limit;

/* test-report.c: the journal of the tests, and building its report */
GDate                 report_test_day (const char *text);
char                 *report_test_add_entry (Fixture           *f,
                                             const char        *iso_time,
                                             ReframeMood        mood,
                                             const char        *note,
                                             gboolean           private_,
                                             const char *const *feelings);
void                  report_test_populate (Fixture *f);
ReframeReportOptions *report_test_options_for (const char *from,
                                               const char *to);
ReframeReport        *report_test_build (Fixture              *f,
                                         ReframeReportOptions *options);
char                 *report_test_bytes_to_string (GBytes *bytes);
ReframeReportItem    *report_test_find_candidate (ReframeReport *report,
                                                  const char    *uuid);
guint                 report_test_count_files (const char *dir);

/* test-report-formats.c: JSON that reads back, CSV, an empty period */
void       report_test_assert_reports_equal (ReframeReport *a,
                                             ReframeReport *b);
void       report_test_assert_json_round_trip (ReframeReport *report);
GPtrArray *report_test_parse_csv (const char *text);
void       test_json (Fixture      *f,
                      gconstpointer data);
void       test_csv (Fixture      *f,
                     gconstpointer data);
void       test_csv_formula_guard (Fixture      *f,
                                   gconstpointer data);
void       test_empty (Fixture      *f,
                       gconstpointer data);

/* test-report-writing.c: safe writing, cancelling, a full disk, `reframe export` */
void test_bad_destinations (Fixture      *f,
                            gconstpointer data);
void test_safe_writing (Fixture      *f,
                        gconstpointer data);
void test_async (Fixture      *f,
                 gconstpointer data);
void test_cli (Fixture      *f,
               gconstpointer data);
void test_cli_own_words (Fixture      *f,
                         gconstpointer data);
void test_refuses_journal (Fixture      *f,
                           gconstpointer data);
void test_pdf_disk_full (Fixture      *f,
                         gconstpointer data);
void test_stale_temporaries (Fixture      *f,
                             gconstpointer data);
void test_sync_before_rename (Fixture      *f,
                              gconstpointer data);

G_END_DECLS
