/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-appointment-notes.h: what the person wrote for an appointment, kept with the period it is
 * about. */

#pragma once

#include "reframe-store.h"

G_BEGIN_DECLS

gboolean reframe_store_save_appointment_note (ReframeStore *store,
                                              const GDate  *from,
                                              const GDate  *to,
                                              const char   *text,
                                              gboolean      confirmed,
                                              GError      **error);
char    *reframe_store_dup_appointment_note (ReframeStore *store,
                                             const GDate  *from,
                                             const GDate  *to,
                                             gboolean     *confirmed,
                                             GError      **error);
gboolean reframe_store_delete_appointment_note (ReframeStore *store,
                                                const GDate  *from,
                                                const GDate  *to,
                                                GError      **error);

G_END_DECLS
