/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-template.h: a worksheet or questionnaire template, parsed and checked from JSON
 * (docs/template-format.md). */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * ReframeTemplateKind:
 * @REFRAME_TEMPLATE_KIND_WORKSHEET: a guided exercise, not scored
 * @REFRAME_TEMPLATE_KIND_QUESTIONNAIRE: scored items with bands (PHQ-9, GAD-7)
 */
typedef enum
{
  REFRAME_TEMPLATE_KIND_WORKSHEET,
  REFRAME_TEMPLATE_KIND_QUESTIONNAIRE,
} ReframeTemplateKind;

/**
 * ReframeFieldType:
 * @REFRAME_FIELD_SHORT_TEXT: one line; the answer is a string
 * @REFRAME_FIELD_LONG_TEXT: several lines; the answer is a string
 * @REFRAME_FIELD_SINGLE_CHOICE: one option; the answer is the option's value (a string)
 * @REFRAME_FIELD_MULTIPLE_CHOICE: any options; the answer is an array of option values
 * @REFRAME_FIELD_SLIDER: a whole number from min to max; the answer is an integer
 * @REFRAME_FIELD_EMOTIONS: rows of {"name", "before", "after"}, intensities from min to max
 * @REFRAME_FIELD_TABLE: rows of objects, column id → the column field's answer
 * @REFRAME_FIELD_DATE_TIME: an ISO 8601 date and time string
 */
typedef enum
{
  REFRAME_FIELD_SHORT_TEXT,
  REFRAME_FIELD_LONG_TEXT,
  REFRAME_FIELD_SINGLE_CHOICE,
  REFRAME_FIELD_MULTIPLE_CHOICE,
  REFRAME_FIELD_SLIDER,
  REFRAME_FIELD_EMOTIONS,
  REFRAME_FIELD_TABLE,
  REFRAME_FIELD_DATE_TIME,
} ReframeFieldType;

/**
 * ReframeTemplateError:
 * @REFRAME_TEMPLATE_ERROR_INVALID: the file breaks the template format
 * @REFRAME_TEMPLATE_ERROR_INCOMPLETE: a questionnaire is missing answers, so it has no score
 * @REFRAME_TEMPLATE_ERROR_NOT_SCORED: the template is not a questionnaire
 * @REFRAME_TEMPLATE_ERROR_EXISTS: an import clashes with a template Reframe already has
 * @REFRAME_TEMPLATE_ERROR_FAILED: reading or writing a template file failed
 */
typedef enum
{
  REFRAME_TEMPLATE_ERROR_INVALID,
  REFRAME_TEMPLATE_ERROR_INCOMPLETE,
  REFRAME_TEMPLATE_ERROR_NOT_SCORED,
  REFRAME_TEMPLATE_ERROR_EXISTS,
  REFRAME_TEMPLATE_ERROR_FAILED,
} ReframeTemplateError;

/* The newest template format this build reads (the "format" key). */
#define REFRAME_TEMPLATE_FORMAT 1

#define REFRAME_TEMPLATE_ERROR       (reframe_template_error_quark ())
#define REFRAME_TYPE_TEMPLATE_OPTION (reframe_template_option_get_type ())
#define REFRAME_TYPE_TEMPLATE_FIELD  (reframe_template_field_get_type ())
#define REFRAME_TYPE_TEMPLATE_STEP   (reframe_template_step_get_type ())
#define REFRAME_TYPE_TEMPLATE_BAND   (reframe_template_band_get_type ())
#define REFRAME_TYPE_TEMPLATE        (reframe_template_get_type ())

/**
 * ReframeTemplateOption:
 * @value: what the answer stores (stable across translations)
 * @label: what people see, translated
 * @help: (nullable): a longer explanation ("?" next to the option)
 * @score: the points this option adds in a questionnaire (0 when unscored)
 * @scored: whether the template gave a score
 */
typedef struct _ReframeTemplateOption
{
  /* Owned */
  char *value;
  char *label;
  char *help;

  int      score;
  gboolean scored;
} ReframeTemplateOption;

/**
 * ReframeTemplateBand:
 * @min: lowest total in the band
 * @max: highest total in the band
 * @label: what the band is called, translated ("Mild")
 */
typedef struct _ReframeTemplateBand
{
  int   min;
  int   max;
  char *label;
} ReframeTemplateBand;

typedef struct _ReframeTemplateField ReframeTemplateField;
typedef struct _ReframeTemplateStep  ReframeTemplateStep;

GQuark reframe_template_error_quark (void);

GType                  reframe_template_option_get_type (void) G_GNUC_CONST;
ReframeTemplateOption *reframe_template_option_copy (const ReframeTemplateOption *option);
void                   reframe_template_option_free (ReframeTemplateOption *option);

GType                reframe_template_band_get_type (void) G_GNUC_CONST;
ReframeTemplateBand *reframe_template_band_copy (const ReframeTemplateBand *band);
void                 reframe_template_band_free (ReframeTemplateBand *band);

GType                 reframe_template_field_get_type (void) G_GNUC_CONST;
ReframeTemplateField *reframe_template_field_ref (ReframeTemplateField *field);
void                  reframe_template_field_unref (ReframeTemplateField *field);
const char           *reframe_template_field_get_id (const ReframeTemplateField *field);
ReframeFieldType      reframe_template_field_get_field_type (const ReframeTemplateField *field);
const char           *reframe_template_field_get_label (const ReframeTemplateField *field);
const char           *reframe_template_field_get_help (const ReframeTemplateField *field);
const char           *reframe_template_field_get_placeholder (const ReframeTemplateField *field);
gboolean              reframe_template_field_get_required (const ReframeTemplateField *field);
GPtrArray            *reframe_template_field_get_options (const ReframeTemplateField *field);
const ReframeTemplateOption             *
reframe_template_field_lookup_option (const ReframeTemplateField *field, const char *value);
int         reframe_template_field_get_min (const ReframeTemplateField *field);
int         reframe_template_field_get_max (const ReframeTemplateField *field);
int         reframe_template_field_get_step_size (const ReframeTemplateField *field);
const char *reframe_template_field_get_min_label (const ReframeTemplateField *field);
const char *reframe_template_field_get_max_label (const ReframeTemplateField *field);
gboolean    reframe_template_field_get_rate_after (const ReframeTemplateField *field);
GPtrArray  *reframe_template_field_get_columns (const ReframeTemplateField *field);

GType                reframe_template_step_get_type (void) G_GNUC_CONST;
ReframeTemplateStep *reframe_template_step_ref (ReframeTemplateStep *step);
void                 reframe_template_step_unref (ReframeTemplateStep *step);
const char          *reframe_template_step_get_title (const ReframeTemplateStep *step);
const char          *reframe_template_step_get_guidance (const ReframeTemplateStep *step);
const char          *reframe_template_step_get_example (const ReframeTemplateStep *step);
GPtrArray           *reframe_template_step_get_fields (const ReframeTemplateStep *step);
const char *const   *reframe_template_step_get_context (const ReframeTemplateStep *step);
const char *const   *reframe_template_step_get_rerate (const ReframeTemplateStep *step);

G_DECLARE_FINAL_TYPE (ReframeTemplate, reframe_template, REFRAME, TEMPLATE, GObject)

ReframeTemplate            *reframe_template_new_from_bytes (GBytes     *json,
                                                             const char *file_name,
                                                             GError    **error);
ReframeTemplate            *reframe_template_new_from_file (GFile   *file,
                                                            GError **error);
const char                 *reframe_template_get_id (ReframeTemplate *self);
guint                       reframe_template_get_version (ReframeTemplate *self);
const char                 *reframe_template_get_title (ReframeTemplate *self);
const char                 *reframe_template_get_description (ReframeTemplate *self);
const char                 *reframe_template_get_icon_name (ReframeTemplate *self);
const char                 *reframe_template_get_notice (ReframeTemplate *self);
const char                 *reframe_template_get_file_name (ReframeTemplate *self);
gboolean                    reframe_template_get_builtin (ReframeTemplate *self);
ReframeTemplateKind         reframe_template_get_kind (ReframeTemplate *self);
GPtrArray                  *reframe_template_get_steps (ReframeTemplate *self);
const ReframeTemplateField *reframe_template_lookup_field (ReframeTemplate *self,
                                                           const char      *id);
GPtrArray                  *reframe_template_get_scored_fields (ReframeTemplate *self);
GPtrArray                  *reframe_template_get_bands (ReframeTemplate *self);
int                         reframe_template_get_max_score (ReframeTemplate *self);
const ReframeTemplateBand  *reframe_template_lookup_band (ReframeTemplate *self,
                                                          int              score);
GBytes                     *reframe_template_to_bytes (ReframeTemplate *self);
gboolean                    reframe_template_validate_answers (ReframeTemplate *self,
                                                               JsonObject      *answers,
                                                               GPtrArray      **missing_field_ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeTemplateOption, reframe_template_option_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeTemplateBand, reframe_template_band_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeTemplateField, reframe_template_field_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeTemplateStep, reframe_template_step_unref)

G_END_DECLS
