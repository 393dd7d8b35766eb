/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-private.h: calls between the worksheet and the repository that loads it. */

#pragma once

#include "reframe-worksheet.h"

G_BEGIN_DECLS

ReframeWorksheet *_reframe_worksheet_new_loaded (const char            *uuid,
                                                 const char            *template_id,
                                                 guint                  template_version,
                                                 const char            *answers_json,
                                                 ReframeWorksheetStatus status,
                                                 int                    score,
                                                 const char            *band,
                                                 const char            *assignment_uuid,
                                                 gboolean               private_,
                                                 const char            *created_iso,
                                                 const char            *updated_iso,
                                                 const char            *completed_iso);
char             *_reframe_worksheet_dup_answers_json (ReframeWorksheet *self);
const char       *_reframe_worksheet_get_completed_iso (ReframeWorksheet *self);
void              _reframe_worksheet_set_stamps (ReframeWorksheet *self,
                                                 const char       *created_iso,
                                                 const char       *updated_iso,
                                                 const char       *completed_iso);
void              _reframe_worksheet_take_snippet (ReframeWorksheet *self,
                                                   char             *snippet);

G_END_DECLS
