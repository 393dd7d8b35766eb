/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-archive-seal.h: the archive of an encrypted journal, encrypted with its key. */

#pragma once

#include <glib.h>

#include "reframe-crypt-key.h"

G_BEGIN_DECLS

gboolean reframe_archive_is_sealed (const void *bytes,
                                    gsize       length);
GBytes  *reframe_archive_seal (GBytes          *document,
                               ReframeCryptKey *key,
                               GBytes          *envelope);
GBytes  *reframe_archive_open_sealed (GBytes  *sealed,
                                      GError **error);
gboolean reframe_archive_unlock_sealed (GBytes     *sealed,
                                        const char *secret,
                                        GError    **error);
void     reframe_archive_forget_keys (void);

G_END_DECLS
