/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-toolbox-repository.h: the person's coping toolbox (hope box), in their order,
 * and the photos in it. */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"
#include "reframe-toolbox-item.h"

G_BEGIN_DECLS

/* The longest text and detail of an item, in characters. */
#define REFRAME_TOOLBOX_TEXT_MAX   2000
#define REFRAME_TOOLBOX_DETAIL_MAX 2000
/* The largest picture the toolbox keeps. */
#define REFRAME_TOOLBOX_PHOTO_MAX_BYTES (20 * 1000 * 1000)

#define REFRAME_TYPE_TOOLBOX_REPOSITORY (reframe_toolbox_repository_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframeToolboxRepository, reframe_toolbox_repository, REFRAME, TOOLBOX_REPOSITORY, GObject)

GListModel *reframe_toolbox_repository_list (ReframeToolboxRepository *self,
                                             GError                  **error);
gboolean    reframe_toolbox_repository_save (ReframeToolboxRepository *self,
                                             ReframeToolboxItem       *item,
                                             GError                  **error);
gboolean    reframe_toolbox_repository_delete (ReframeToolboxRepository *self,
                                               ReframeToolboxItem       *item,
                                               GError                  **error);
gboolean    reframe_toolbox_repository_move (ReframeToolboxRepository *self,
                                             ReframeToolboxItem       *item,
                                             guint                     position,
                                             GError                  **error);
gboolean    reframe_toolbox_repository_set_photo (ReframeToolboxRepository *self,
                                                  ReframeToolboxItem       *item,
                                                  GFile                    *source,
                                                  GCancellable             *cancellable,
                                                  GError                  **error);
char       *reframe_toolbox_repository_dup_photo_path (ReframeToolboxRepository *self,
                                                       ReframeToolboxItem       *item);
gboolean    reframe_toolbox_repository_has_source (ReframeToolboxRepository *self,
                                                   const char               *source,
                                                   GError                  **error);

G_END_DECLS
