/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-share-dialog-private.h: what the UI test drives without the file chooser. */

#pragma once

#include "reframe-report-pdf.h"
#include "reframe-share-dialog.h"

G_BEGIN_DECLS

void                 _reframe_share_dialog_set_period (ReframeShareDialog *self,
                                                       const GDate        *from,
                                                       const GDate        *to);
void                 _reframe_share_dialog_set_item_included (ReframeShareDialog *self,
                                                              const char         *uuid,
                                                              gboolean            included);
GListModel          *_reframe_share_dialog_get_items (ReframeShareDialog *self);
gboolean             _reframe_share_dialog_get_item_included (ReframeShareDialog *self,
                                                              const char         *uuid);
gboolean             _reframe_share_dialog_is_busy (ReframeShareDialog *self);
guint                _reframe_share_dialog_get_generation (ReframeShareDialog *self);
ReframeReportLayout *_reframe_share_dialog_get_layout (ReframeShareDialog *self);
void                 _reframe_share_dialog_save (ReframeShareDialog *self,
                                                 GFile              *file,
                                                 ReframeReportFormat format);
gboolean             _reframe_share_dialog_is_saving (ReframeShareDialog *self);
GFile               *_reframe_share_dialog_get_saved_file (ReframeShareDialog *self);
gboolean             _reframe_share_dialog_print_to_file (ReframeShareDialog *self,
                                                          const char         *path,
                                                          GError            **error);
GtkWidget           *_reframe_share_dialog_open_appointment (ReframeShareDialog *self);
void                 _reframe_share_dialog_set_own_words_active (ReframeShareDialog *self,
                                                                 gboolean            active);

G_END_DECLS
