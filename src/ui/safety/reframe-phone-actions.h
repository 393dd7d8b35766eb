/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-phone-actions.h: copy, call and text buttons for a phone number in a row. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

char      *reframe_phone_uri (const char *scheme,
                              const char *number);
gboolean   reframe_phone_can_open (const char *scheme);
GtkWidget *reframe_phone_copy_button (const char *number);
GPtrArray *reframe_phone_buttons_new (const char *name,
                                      const char *number,
                                      const char *sms);
void       reframe_phone_add_actions (AdwActionRow *row,
                                      const char   *name,
                                      const char   *number,
                                      const char   *sms);

G_END_DECLS
