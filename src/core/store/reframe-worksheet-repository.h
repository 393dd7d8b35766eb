/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-repository.h: filled-in worksheets and questionnaires, their list,
 * search and score history. */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"
#include "reframe-worksheet.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_WORKSHEET_REPOSITORY (reframe_worksheet_repository_get_type ())

G_DECLARE_FINAL_TYPE (ReframeWorksheetRepository,
                      reframe_worksheet_repository,
                      REFRAME,
                      WORKSHEET_REPOSITORY,
                      GObject)

ReframeStore     *reframe_worksheet_repository_get_store (ReframeWorksheetRepository *self);
gboolean          reframe_worksheet_repository_save (ReframeWorksheetRepository *self,
                                                     ReframeWorksheet           *worksheet,
                                                     GError                    **error);
gboolean          reframe_worksheet_repository_delete (ReframeWorksheetRepository *self,
                                                       ReframeWorksheet           *worksheet,
                                                       GError                    **error);
gboolean          reframe_worksheet_repository_restore (ReframeWorksheetRepository *self,
                                                        ReframeWorksheet           *worksheet,
                                                        GError                    **error);
gboolean          reframe_worksheet_repository_purge_deleted (ReframeWorksheetRepository *self,
                                                              GError                    **error);
ReframeWorksheet *reframe_worksheet_repository_get (ReframeWorksheetRepository *self,
                                                    const char                 *uuid,
                                                    GError                    **error);
guint             reframe_worksheet_repository_count (ReframeWorksheetRepository *self,
                                                      const char                 *template_id,
                                                      GError                    **error);
GListModel       *reframe_worksheet_repository_list (ReframeWorksheetRepository *self,
                                                     const char                 *template_id,
                                                     GError                    **error);
void              reframe_worksheet_repository_search_async (ReframeWorksheetRepository *self,
                                                             const char                 *text,
                                                             const char                 *template_id,
                                                             GCancellable               *cancellable,
                                                             GAsyncReadyCallback         callback,
                                                             gpointer                    user_data);
GListModel       *reframe_worksheet_repository_search_finish (ReframeWorksheetRepository *self,
                                                              GAsyncResult               *result,
                                                              GError                    **error);
GPtrArray        *reframe_worksheet_repository_list_scores (ReframeWorksheetRepository *self,
                                                            const char                 *template_id,
                                                            GError                    **error);
ReframeWorksheet *reframe_worksheet_repository_previous_score (ReframeWorksheetRepository *self,
                                                               ReframeWorksheet           *worksheet,
                                                               GError                    **error);

G_END_DECLS
