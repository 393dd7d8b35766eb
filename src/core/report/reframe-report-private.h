/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-private.h: the report's fields and the calls shared by the builder, the
 * renderers, the JSON reader and the tests. */

#pragma once

#include <sqlite3.h>

#include "reframe-report.h"

G_BEGIN_DECLS

struct _ReframeReportOptions
{
  GDate              from;
  GDate              to;
  ReframeReportKinds kinds;
  gboolean           include_private;
  gboolean           include_safety_plan;

  /* Owned */
  char       *name;
  char       *own_words; /* the person's confirmed text for the appointment; NULL: none */
  char       *language;  /* NULL: the desktop's */
  GDateTime  *made;      /* NULL: now */
  GHashTable *excluded;  /* uuid set */
  GHashTable *included;  /* uuid set */
};

struct _ReframeReport
{
  gatomicrefcount ref_count;

  GDate              from;
  GDate              to;
  ReframeReportKinds kinds;
  gboolean           include_private;
  gboolean           include_safety_plan;

  gboolean empty; /* nothing that may be shared was logged in the period */

  guint  days_in_period;
  guint  days_logged;
  guint  n_entries_logged;
  double mean_mood;
  double first_half_mean;
  double second_half_mean;

  guint  homework_done;
  guint  homework_expected;
  double emotion_drop;
  guint  n_emotion_records;
  double activity_predicted;
  double activity_actual;
  guint  n_activities;

  /* Owned */
  GDateTime         *made;
  char              *name;
  char              *own_words;      /* "In my own words", first; NULL: none */
  char              *language;       /* what its texts are written in; NULL: the desktop's */
  ReframeInsights   *insights;       /* NULL without the summary or when read from JSON */
  GPtrArray         *entries;        /* of ReframeMoodEntry, oldest first */
  GPtrArray         *worksheets;     /* of ReframeReportWorksheet* */
  GPtrArray         *questionnaires; /* of ReframeReportWorksheet* */
  GPtrArray         *scores;         /* of ReframeReportScore* */
  GPtrArray         *homework;       /* of ReframeReportHomework* */
  GPtrArray         *candidates;     /* of ReframeReportItem* */
  ReframeSafetyPlan *safety_plan;    /* when include_safety_plan: the latest plan, perhaps empty */
  char              *data_dir;       /* the journal's folder, where no export may go; NULL from JSON */
};

/* Tests may wrap the stream a file is written through, e.g. to make it fail as a full
 * disk does. NULL restores the default. */
typedef GOutputStream *(*ReframeReportStreamWrapper) (GOutputStream *base);

/* Tests may watch (or fail) the fsync() of the file and of its folder; NULL restores
 * fsync(). Returns 0, or -1 with errno set, as fsync() does. */
typedef int (*ReframeReportSyncFunc) (int fd);

/* Writes a document to @out; the safe writer's part that differs by document. */
typedef gboolean (*ReframeReportWriteFunc) (GOutputStream *out,
                                            gpointer       data,
                                            GCancellable  *cancellable,
                                            GError       **error);

gboolean _reframe_report_write_file_with (GFile                 *dest,
                                          const char            *data_dir,
                                          ReframeReportWriteFunc func,
                                          gpointer               data,
                                          GCancellable          *cancellable,
                                          GError               **error);

ReframeReport   *_reframe_report_new (void);
gboolean         _reframe_report_compute_empty (ReframeReport *self);
void             _reframe_report_set_stream_wrapper (ReframeReportStreamWrapper wrapper);
void             _reframe_report_set_sync_func (ReframeReportSyncFunc func);
ReframeReport   *_reframe_report_build_with_db (sqlite3                    *db,
                                                GHashTable                 *templates,
                                                const ReframeReportOptions *options,
                                                GCancellable               *cancellable,
                                                GError                    **error);
GHashTable      *_reframe_report_snapshot_templates (ReframeTemplateRegistry *registry);
ReframeTemplate *_reframe_report_lookup_template (GHashTable *templates,
                                                  const char *id,
                                                  guint       version);

ReframeReportWorksheet *_reframe_report_worksheet_new (ReframeWorksheet *worksheet,
                                                       ReframeTemplate *template);
void                    _reframe_report_worksheet_free (ReframeReportWorksheet *item);
void                    _reframe_report_score_free (ReframeReportScore *score);
void                    _reframe_report_homework_free (ReframeReportHomework *homework);
ReframeReportItem      *_reframe_report_item_new (const char           *uuid,
                                                  ReframeReportItemKind kind,
                                                  const char           *title,
                                                  GDateTime            *when,
                                                  gboolean              private_,
                                                  gboolean              included);
void                    _reframe_report_item_free (ReframeReportItem *item);

/* Shared text helpers. */
char       *_reframe_report_format_day (const GDate *day);
gboolean    _reframe_report_parse_day (const char *text,
                                       GDate      *day);
char       *_reframe_report_format_time (GDateTime *time);
const char *_reframe_report_frequency_key (ReframeFrequency frequency);
gboolean    _reframe_report_parse_frequency (const char       *key,
                                             ReframeFrequency *frequency);
char       *_reframe_report_entry_title (ReframeMoodEntry *entry);
char       *_reframe_report_dup_answer_text (const ReframeTemplateField *field,
                                             JsonNode                   *node);
gsize       _reframe_report_note_shown_length (const char *note);
char       *_reframe_report_dup_note_cut_mark (const char *note,
                                               gsize       shown);

void _reframe_report_append_summary_markdown (GString       *md,
                                              ReframeReport *self);
void _reframe_report_append_entry_markdown (GString          *md,
                                            ReframeMoodEntry *entry);

G_END_DECLS
