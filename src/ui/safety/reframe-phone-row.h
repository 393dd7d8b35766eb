/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-phone-row.h: a person or service with their numbers, large and copyable. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_PHONE_ROW (reframe_phone_row_get_type ())

G_DECLARE_FINAL_TYPE (ReframePhoneRow, reframe_phone_row, REFRAME, PHONE_ROW, AdwPreferencesRow)

GtkWidget  *reframe_phone_row_new (const char        *name,
                                   const char *const *numbers,
                                   const char        *sms,
                                   const char        *details_markup);
const char *reframe_phone_row_get_number (ReframePhoneRow *self);
void        reframe_phone_row_add_suffix (ReframePhoneRow *self,
                                          GtkWidget       *widget);

G_END_DECLS
