/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-item-private.h: calls between the toolbox item and its repository. */

#pragma once

#include "reframe-toolbox-item.h"

G_BEGIN_DECLS

ReframeToolboxItem *_reframe_toolbox_item_new_with_uuid (const char *uuid);
void                _reframe_toolbox_item_set_stamps (ReframeToolboxItem *self,
                                                      const char         *created_iso,
                                                      const char         *updated_iso);

G_END_DECLS
