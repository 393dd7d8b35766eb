/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-editor.h: the window where a worksheet or questionnaire is filled in. */

#pragma once

#include <adwaita.h>

#include "reframe-store.h"
#include "reframe-template.h"
#include "reframe-worksheet.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_WORKSHEET_EDITOR (reframe_worksheet_editor_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeWorksheetEditor, reframe_worksheet_editor, REFRAME, WORKSHEET_EDITOR, AdwWindow)

GtkWidget        *reframe_worksheet_editor_new (GtkWindow    *parent,
                                                ReframeStore *store,
                                                ReframeTemplate *template,
                                                ReframeWorksheet *worksheet);
GtkWidget        *reframe_worksheet_editor_new_suggested (GtkWindow    *parent,
                                                          ReframeStore *store,
                                                          ReframeTemplate *template,
                                                          JsonObject *answers,
                                                          const char *note);
gboolean          reframe_worksheet_editor_get_suggested (ReframeWorksheetEditor *self);
ReframeWorksheet *reframe_worksheet_editor_get_worksheet (ReframeWorksheetEditor *self);
GtkWidget        *reframe_worksheet_editor_get_form (ReframeWorksheetEditor *self);
gboolean          reframe_worksheet_editor_save (ReframeWorksheetEditor *self,
                                                 GError                **error);
gboolean          reframe_worksheet_editor_finish (ReframeWorksheetEditor *self);

G_END_DECLS
