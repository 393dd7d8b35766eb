/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report.h: the "share with my therapist" document, built once from a selection and read by
 * every renderer (PDF, Markdown, JSON, CSV, FHIR), plus the safe file writer they all go through.
 */

#pragma once

#include <gio/gio.h>

#include "reframe-assignment.h"
#include "reframe-insights.h"
#include "reframe-mood-entry.h"
#include "reframe-safety-plan.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-template.h"
#include "reframe-worksheet.h"

G_BEGIN_DECLS

#define REFRAME_REPORT_ERROR (reframe_report_error_quark ())

/**
 * ReframeReportError:
 * @REFRAME_REPORT_ERROR_INVALID: the input (dates, JSON document) is not valid
 * @REFRAME_REPORT_ERROR_NO_FOLDER: the destination's folder does not exist
 * @REFRAME_REPORT_ERROR_READ_ONLY: the destination cannot be written to
 * @REFRAME_REPORT_ERROR_DISK_FULL: the disk filled up while writing
 * @REFRAME_REPORT_ERROR_NOT_AVAILABLE: the format is not available in this build
 * @REFRAME_REPORT_ERROR_FAILED: anything else
 * @REFRAME_REPORT_ERROR_JOURNAL_FOLDER: the destination is in the journal's own folder,
 *   where it could replace the journal, its write-ahead log or a backup
 */
typedef enum
{
  REFRAME_REPORT_ERROR_INVALID,
  REFRAME_REPORT_ERROR_NO_FOLDER,
  REFRAME_REPORT_ERROR_READ_ONLY,
  REFRAME_REPORT_ERROR_DISK_FULL,
  REFRAME_REPORT_ERROR_NOT_AVAILABLE,
  REFRAME_REPORT_ERROR_FAILED,
  REFRAME_REPORT_ERROR_JOURNAL_FOLDER,
} ReframeReportError;

/* The JSON document's schema name and version (docs/report-json-schema.md). */
#define REFRAME_REPORT_JSON_SCHEMA  "reframe-report"
#define REFRAME_REPORT_JSON_VERSION 1

typedef enum
{
  REFRAME_REPORT_MOOD_SUMMARY = 1 << 0, /* summary + mood chart */
  REFRAME_REPORT_ENTRIES = 1 << 1,
  REFRAME_REPORT_WORKSHEETS = 1 << 2,
  REFRAME_REPORT_QUESTIONNAIRES = 1 << 3,
  REFRAME_REPORT_HOMEWORK = 1 << 4,
  REFRAME_REPORT_ALL = 0x1f,
} ReframeReportKinds;

typedef enum
{
  REFRAME_REPORT_FORMAT_PDF,
  REFRAME_REPORT_FORMAT_MARKDOWN,
  REFRAME_REPORT_FORMAT_JSON,
  REFRAME_REPORT_FORMAT_CSV,
  REFRAME_REPORT_FORMAT_FHIR, /* questionnaire results only, as FHIR R4 (docs/report-fhir.md) */
} ReframeReportFormat;

/**
 * ReframeReportItemKind:
 *
 * What a candidate item of the dialog's list is.
 */
typedef enum
{
  REFRAME_REPORT_ITEM_ENTRY,
  REFRAME_REPORT_ITEM_WORKSHEET,
  REFRAME_REPORT_ITEM_QUESTIONNAIRE,
} ReframeReportItemKind;

/**
 * ReframeReportItem:
 * @uuid: the entry's or worksheet's UUID (what options_include/exclude take)
 * @kind: entry, worksheet or questionnaire
 * @title: a short title: the template's title, or the entry's mood and snippet
 * @when: when it was written (an entry's time, a worksheet's completion or creation)
 * @private_: marked private by the person
 * @included: whether it is in this report (private items only when asked, and not excluded)
 *
 * One row of the dialog's list: every entry and worksheet of the period, included or not.
 */
typedef struct
{
  char                 *uuid;
  ReframeReportItemKind kind;
  char                 *title;
  GDateTime            *when;
  gboolean              private_;
  gboolean              included;
} ReframeReportItem;

/**
 * ReframeReportWorksheet:
 * @worksheet: the worksheet or questionnaire, with its answers
 * @template: (nullable): the template version it was written with, %NULL when it is no longer
 * installed
 *
 * A worksheet of the report and the template to lay it out with.
 */
typedef struct
{
  ReframeWorksheet *worksheet;
  ReframeTemplate *template;
} ReframeReportWorksheet;

/**
 * ReframeReportScore:
 * @template_id: the questionnaire's template id ("phq-9", "gad-7", ...)
 * @title: the questionnaire's title
 * @worksheet_uuid: the latest result's worksheet
 * @when: when the latest result was completed
 * @score: the latest score
 * @max_score: the highest possible score (0 when unknown)
 * @band: (nullable): the latest score's band label ("Mild")
 * @has_previous: whether there is an earlier result (in the journal, before @when)
 * @previous_score: the one before, when @has_previous
 * @change: @score - @previous_score, when @has_previous
 * @safety_flag: the questionnaire's safety item (PHQ-9 item 9) was above zero in the latest result
 * @safety_field_id: (nullable): that item's field id
 * @n_results: how many results of this questionnaire fall in the period
 *
 * The first page's line for one questionnaire: its latest score in the period.
 */
typedef struct
{
  char      *template_id;
  char      *title;
  char      *worksheet_uuid;
  GDateTime *when;
  int        score;
  int        max_score;
  char      *band;
  gboolean   has_previous;
  int        previous_score;
  int        change;
  gboolean   safety_flag;
  char      *safety_field_id;
  guint      n_results;
} ReframeReportScore;

/**
 * ReframeReportHomework:
 * @assignment: the assignment
 * @done: times done in the period
 * @expected: times it was meant to be done in the period
 * @plan_therapist: (nullable): the therapist of the homework plan it came with
 *   (docs/plan-format.md); %NULL when it came with none
 * @plan_from: the plan's first day; cleared (g_date_valid() is %FALSE) without a plan
 * @plan_to: the plan's last day
 * @plan_done: times done over the plan's period, up to the report's last day or today
 * @plan_expected: times it was meant to be done over that stretch
 *
 * One assignment that was active in the period.
 */
typedef struct
{
  ReframeAssignment *assignment;
  guint              done;
  guint              expected;
  char              *plan_therapist;
  GDate              plan_from;
  GDate              plan_to;
  guint              plan_done;
  guint              plan_expected;
} ReframeReportHomework;

/* Options: what the person chose in the dialog (or on the command line). */

#define REFRAME_TYPE_REPORT_OPTIONS (reframe_report_options_get_type ())
#define REFRAME_TYPE_REPORT         (reframe_report_get_type ())

typedef struct _ReframeReportOptions ReframeReportOptions;
typedef struct _ReframeReport        ReframeReport;

typedef void (*ReframeReportProgress) (double   fraction,
                                       gpointer user_data);

GQuark reframe_report_error_quark (void);

GType                 reframe_report_options_get_type (void) G_GNUC_CONST;
ReframeReportOptions *reframe_report_options_new (const GDate *from,
                                                  const GDate *to);
ReframeReportOptions *reframe_report_options_copy (const ReframeReportOptions *options);
void                  reframe_report_options_free (ReframeReportOptions *options);
void                  reframe_report_options_set_kinds (ReframeReportOptions *options,
                                                        ReframeReportKinds    kinds);
void                  reframe_report_options_set_include_private (ReframeReportOptions *options,
                                                                  gboolean              include_private);
void                  reframe_report_options_set_include_safety_plan (ReframeReportOptions *options,
                                                                      gboolean              include_safety_plan);
void                  reframe_report_options_set_name (ReframeReportOptions *options,
                                                       const char           *name);
void                  reframe_report_options_set_own_words (ReframeReportOptions *options,
                                                            const char           *text);
void                  reframe_report_options_set_language (ReframeReportOptions *options,
                                                           const char           *language);
void                  reframe_report_options_exclude (ReframeReportOptions *options,
                                                      const char           *uuid);
void                  reframe_report_options_include (ReframeReportOptions *options,
                                                      const char           *uuid);
void                  reframe_report_options_set_made (ReframeReportOptions *options,
                                                       GDateTime            *made);

/* The document. */

GType          reframe_report_get_type (void) G_GNUC_CONST;
ReframeReport *reframe_report_ref (ReframeReport *self);
void           reframe_report_unref (ReframeReport *self);

ReframeReport *reframe_report_build (ReframeStore            *store,
                                     ReframeTemplateRegistry *registry,
                                     ReframeReportOptions    *options,
                                     GCancellable            *cancellable,
                                     GError                 **error);
void           reframe_report_build_async (ReframeStore            *store,
                                           ReframeTemplateRegistry *registry,
                                           ReframeReportOptions    *options,
                                           GCancellable            *cancellable,
                                           GAsyncReadyCallback      callback,
                                           gpointer                 user_data);
ReframeReport *reframe_report_build_finish (GAsyncResult *result,
                                            GError      **error);

/* Getters borrow (transfer none). Arrays are oldest first unless said otherwise. */
const GDate       *reframe_report_get_from (ReframeReport *self);
const GDate       *reframe_report_get_to (ReframeReport *self);
GDateTime         *reframe_report_get_made (ReframeReport *self);
const char        *reframe_report_get_name (ReframeReport *self);
const char        *reframe_report_get_language (ReframeReport *self);
const char        *reframe_report_get_own_words (ReframeReport *self);
ReframeReportKinds reframe_report_get_kinds (ReframeReport *self);
gboolean           reframe_report_get_include_private (ReframeReport *self);
gboolean           reframe_report_get_include_safety_plan (ReframeReport *self);
ReframeSafetyPlan *reframe_report_get_safety_plan (ReframeReport *self); /* NULL unless asked for */
gboolean
reframe_report_is_empty (ReframeReport *self); /* no entry, worksheet or homework in the period */

guint  reframe_report_get_days_in_period (ReframeReport *self);
guint  reframe_report_get_days_logged (ReframeReport *self);
guint  reframe_report_get_n_entries_logged (ReframeReport *self);
double reframe_report_get_mean_mood (ReframeReport *self); /* NAN when no entries */
/* second-half mean - first-half mean of the period's daily moods; NAN when either half has fewer
 * than REFRAME_INSIGHTS_MIN_DAYS days logged (no claim then). The halves' means are returned (NAN
 * when none). */
double reframe_report_get_mood_trend (ReframeReport *self,
                                      double        *first_half_mean,
                                      double        *second_half_mean);

/* The period's statistics over the included entries (for the charts); NULL for a report read from
 * JSON. */
ReframeInsights *reframe_report_get_insights (ReframeReport *self);

/* Each list is empty (never NULL) when its kind was not chosen. */
GPtrArray *reframe_report_get_entries (ReframeReport *self); /* of ReframeMoodEntry */
GPtrArray            *
reframe_report_get_worksheets (ReframeReport *self); /* of ReframeReportWorksheet*, worksheets */
GPtrArray *reframe_report_get_questionnaires (
    ReframeReport *self); /* of ReframeReportWorksheet*, questionnaires */
GPtrArray            *
reframe_report_get_scores (ReframeReport *self);   /* of ReframeReportScore*, one per questionnaire */
GPtrArray *reframe_report_get_homework (ReframeReport *self); /* of ReframeReportHomework* */
void       reframe_report_get_homework_totals (ReframeReport *self,
                                               guint         *done,
                                               guint         *expected);
/* Thought records: mean of (first emotion rating - re-rating), in the slider's points; NAN when
 * none. */
double reframe_report_get_emotion_drop (ReframeReport *self,
                                        guint         *n_records);
/* Activity monitoring: mean predicted and actual mood of the activities; returns how many (0: NAN
 * both). */
guint reframe_report_get_activity_moods (ReframeReport *self,
                                         double        *predicted,
                                         double        *actual);
GPtrArray *
reframe_report_get_candidates (ReframeReport *self); /* of ReframeReportItem*, the dialog's list */

/* Renderers and the safe writer. */

GBytes        *reframe_report_to_markdown (ReframeReport *self);
GBytes        *reframe_report_to_json (ReframeReport *self);
GBytes        *reframe_report_to_csv (ReframeReport *self);
GBytes        *reframe_report_to_fhir (ReframeReport *self);
guint          reframe_report_count_fhir_results (ReframeReport *self);
ReframeReport *reframe_report_from_json (GBytes  *json,
                                         GError **error);

const char *reframe_report_format_get_extension (ReframeReportFormat format);
gboolean    reframe_report_format_parse (const char          *text,
                                         ReframeReportFormat *format);

gboolean reframe_report_write_file (ReframeReport        *self,
                                    ReframeReportFormat   format,
                                    GFile                *dest,
                                    ReframeReportProgress progress,
                                    gpointer              progress_data,
                                    GCancellable         *cancellable,
                                    GError              **error);
void     reframe_report_write_file_async (ReframeReport        *self,
                                          ReframeReportFormat   format,
                                          GFile                *dest,
                                          ReframeReportProgress progress,
                                          gpointer              progress_data,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean reframe_report_write_file_finish (GAsyncResult *result,
                                           GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeReportOptions, reframe_report_options_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeReport, reframe_report_unref)

G_END_DECLS
