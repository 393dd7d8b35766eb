/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-model.h: the list of worksheets as a paged GListModel. */

#pragma once

#include <gio/gio.h>

#include "reframe-worksheet-repository.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_WORKSHEET_MODEL (reframe_worksheet_model_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeWorksheetModel, reframe_worksheet_model, REFRAME, WORKSHEET_MODEL, GObject)

ReframeWorksheetModel *_reframe_worksheet_model_new (ReframeWorksheetRepository *repository,
                                                     const char                 *template_id);
gboolean               reframe_worksheet_model_reload (ReframeWorksheetModel *self,
                                                       GError               **error);
const char            *reframe_worksheet_model_get_template_id (ReframeWorksheetModel *self);
guint                  reframe_worksheet_model_find (ReframeWorksheetModel *self,
                                                     const char            *uuid);

G_END_DECLS
