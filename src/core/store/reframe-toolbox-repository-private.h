/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-repository-private.h: calls between the repository and the store. */

#pragma once

#include "reframe-toolbox-repository.h"

G_BEGIN_DECLS

ReframeToolboxRepository *_reframe_toolbox_repository_new (ReframeStore *store);
void                      _reframe_toolbox_repository_detach (ReframeToolboxRepository *self);

G_END_DECLS
