/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet.h: one filled-in worksheet or questionnaire (answers to a template). */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * ReframeWorksheetStatus:
 * @REFRAME_WORKSHEET_DRAFT: still being filled in
 * @REFRAME_WORKSHEET_COMPLETED: finished (and still editable)
 */
typedef enum
{
  REFRAME_WORKSHEET_DRAFT,
  REFRAME_WORKSHEET_COMPLETED,
} ReframeWorksheetStatus;

#define REFRAME_TYPE_WORKSHEET_STATUS (reframe_worksheet_status_get_type ())
#define REFRAME_TYPE_WORKSHEET        (reframe_worksheet_get_type ())

/* The score of a worksheet that has none (not a questionnaire, or not finished). */
#define REFRAME_WORKSHEET_NO_SCORE (-1)

GType reframe_worksheet_status_get_type (void);

G_DECLARE_FINAL_TYPE (ReframeWorksheet, reframe_worksheet, REFRAME, WORKSHEET, GObject)

ReframeWorksheet      *reframe_worksheet_new (const char *template_id,
                                              guint       template_version);
const char            *reframe_worksheet_get_uuid (ReframeWorksheet *self);
const char            *reframe_worksheet_get_template_id (ReframeWorksheet *self);
guint                  reframe_worksheet_get_template_version (ReframeWorksheet *self);
JsonObject            *reframe_worksheet_get_answers (ReframeWorksheet *self);
void                   reframe_worksheet_set_answers (ReframeWorksheet *self,
                                                      JsonObject       *answers);
ReframeWorksheetStatus reframe_worksheet_get_status (ReframeWorksheet *self);
void                   reframe_worksheet_set_status (ReframeWorksheet      *self,
                                                     ReframeWorksheetStatus status);
int                    reframe_worksheet_get_score (ReframeWorksheet *self);
void                   reframe_worksheet_set_score (ReframeWorksheet *self,
                                                    int               score);
const char            *reframe_worksheet_get_band (ReframeWorksheet *self);
void                   reframe_worksheet_set_band (ReframeWorksheet *self,
                                                   const char       *band);
const char            *reframe_worksheet_get_assignment_uuid (ReframeWorksheet *self);
void                   reframe_worksheet_set_assignment_uuid (ReframeWorksheet *self,
                                                              const char       *assignment_uuid);
gboolean               reframe_worksheet_get_private (ReframeWorksheet *self);
void                   reframe_worksheet_set_private (ReframeWorksheet *self,
                                                      gboolean          private_);
GDateTime             *reframe_worksheet_get_created (ReframeWorksheet *self);
GDateTime             *reframe_worksheet_get_updated (ReframeWorksheet *self);
GDateTime             *reframe_worksheet_get_completed_at (ReframeWorksheet *self);
const char            *reframe_worksheet_get_snippet (ReframeWorksheet *self);

G_END_DECLS
