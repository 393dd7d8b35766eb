/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-repository-private.h: calls between the repository, the store, its
 * paged list and the generator of reference journals. */

#pragma once

#include <sqlite3.h>

#include "reframe-worksheet-repository.h"

G_BEGIN_DECLS

/* The columns every worksheet query selects, in the order _reframe_worksheet_repository_read_row
 * reads. */
#define REFRAME_WORKSHEET_COLUMNS                                                    \
  "w.uuid, w.template_id, w.template_version, w.answers, w.status, w.score, w.band," \
  " w.assignment_uuid, w.private, w.created, w.updated, w.completed_at"
#define REFRAME_WORKSHEET_N_COLUMNS 12

/* The order of the list: most recently saved first. */
#define REFRAME_WORKSHEET_ORDER "w.updated DESC, w.id DESC"

ReframeWorksheetRepository *_reframe_worksheet_repository_new (ReframeStore *store);
void                        _reframe_worksheet_repository_detach (ReframeWorksheetRepository *self);
ReframeWorksheet           *_reframe_worksheet_repository_read_row (sqlite3_stmt *stmt);
gboolean                    _reframe_worksheet_repository_save_at (ReframeWorksheetRepository *self,
                                                                   ReframeWorksheet           *worksheet,
                                                                   GDateTime                  *created,
                                                                   GDateTime                  *updated,
                                                                   GDateTime                  *completed_at,
                                                                   GError                    **error);

G_END_DECLS
