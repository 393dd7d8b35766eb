/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-plan-import-private.h: calls between the plan import, its preview and its applying. */

#pragma once

#include <sqlite3.h>

#include "reframe-plan-import.h"

G_BEGIN_DECLS

/* What importing would do, read from the journal at one moment. */
typedef struct
{
  ReframePlanChangeKind plan_kind;

  /* Owned */
  GPtrArray *changes;           /* of ReframePlanChange */
  GPtrArray *new_templates;     /* of ReframeTemplate */
  GPtrArray *present_templates; /* of ReframeTemplate */
} ReframePlanPreview;

struct _ReframePlanImport
{
  GObject parent_instance;

  /* Owned */
  ReframeStore       *store; /* NULL for a folder without a journal yet */
  char               *data_dir;
  char               *path; /* the journal, as a reader opens it; NULL without one */
  ReframePlan        *plan;
  ReframePlanPreview *preview;
};

/* reframe-plan-import-preview.c */
void                _reframe_plan_import_preview_free (ReframePlanPreview *preview);
ReframePlanPreview *_reframe_plan_import_compute_preview (ReframePlan *plan,
                                                          sqlite3     *db,
                                                          const char  *data_dir,
                                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframePlanPreview, _reframe_plan_import_preview_free)

G_END_DECLS
