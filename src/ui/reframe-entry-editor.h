/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-entry-editor.h: the window that logs or changes one mood entry, saving as it goes. */

#pragma once

#include <adwaita.h>

#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_ENTRY_EDITOR (reframe_entry_editor_get_type ())

G_DECLARE_FINAL_TYPE (ReframeEntryEditor, reframe_entry_editor, REFRAME, ENTRY_EDITOR, AdwWindow)

ReframeEntryEditor *reframe_entry_editor_new (GtkWindow             *parent,
                                              ReframeMoodRepository *repository,
                                              ReframeMoodEntry      *entry);
ReframeMoodEntry   *reframe_entry_editor_get_entry (ReframeEntryEditor *self);
ReframeMood         reframe_entry_editor_get_mood (ReframeEntryEditor *self);
void                reframe_entry_editor_set_mood (ReframeEntryEditor *self,
                                                   ReframeMood         mood);
gboolean            reframe_entry_editor_save_now (ReframeEntryEditor *self,
                                                   GError            **error);

G_END_DECLS
