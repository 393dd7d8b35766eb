/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-tag-picker.h: toggle chips for an entry's feelings or activities, and a field to add
 * one's own. */

#pragma once

#include <adwaita.h>

#include "reframe-mood-entry.h"
#include "reframe-mood-repository.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_TAG_PICKER (reframe_tag_picker_get_type ())

G_DECLARE_FINAL_TYPE (ReframeTagPicker, reframe_tag_picker, REFRAME, TAG_PICKER, AdwBin)

void reframe_tag_picker_setup (ReframeTagPicker      *self,
                               ReframeMoodRepository *repository,
                               ReframeTagKind         kind,
                               ReframeMoodEntry      *entry);

G_END_DECLS
