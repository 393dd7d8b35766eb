/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-template-private.h: what the parser, the template, scoring and the registry share. */

#pragma once

#include "reframe-template.h"

G_BEGIN_DECLS

/* Where the worksheet files sit inside the core resource (data/worksheets/). */
#define REFRAME_WORKSHEETS_RESOURCE_DIR "worksheets/"

struct _ReframeTemplateField
{
  ReframeFieldType type;
  gboolean         required;
  gboolean         rate_after;
  int              min;
  int              max;
  int              step_size;

  /* Owned */
  char      *id;
  char      *label;
  char      *help;
  char      *placeholder;
  char      *min_label;
  char      *max_label;
  GPtrArray *options; /* of ReframeTemplateOption; empty unless a choice */
  GPtrArray *columns; /* of ReframeTemplateField; empty unless a table */
};

struct _ReframeTemplateStep
{
  /* Owned */
  char      *title;
  char      *guidance;
  char      *example;
  GPtrArray *fields; /* of ReframeTemplateField */
  GStrv      context;
  GStrv      rerate;
};

typedef struct
{
  int at_least;

  /* Owned */
  char *field_id;
} ReframeSafetyRule;

/* Everything a template file says, after checking and translation. */
typedef struct
{
  guint               version;
  ReframeTemplateKind kind;
  int                 min_score;
  int                 max_score;

  /* Owned */
  char       *id;
  char       *title;
  char       *description;
  char       *icon_name;
  char       *notice;
  char       *file_name;
  GPtrArray  *steps;         /* of ReframeTemplateStep */
  GHashTable *fields;        /* id → ReframeTemplateField, the top-level fields of every step */
  GPtrArray  *scored_fields; /* of ReframeTemplateField, in "items" order */
  GPtrArray  *bands;         /* of ReframeTemplateBand, ascending */
  GPtrArray  *safety;        /* of ReframeSafetyRule */
} ReframeTemplateData;

ReframeTemplateData *_reframe_template_parse (GBytes     *json,
                                              const char *file_name,
                                              GError    **error);
void                 _reframe_template_data_free (ReframeTemplateData *data);
GPtrArray           *_reframe_template_get_safety_rules (ReframeTemplate *self);
void                 _reframe_template_set_builtin (ReframeTemplate *self,
                                                    gboolean         builtin);
gboolean             _reframe_template_field_get_points (const ReframeTemplateField *field,
                                                         JsonObject                 *answers,
                                                         int                        *points);
gboolean             _reframe_template_is_valid_id (const char *id);

G_END_DECLS
