/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-privacy-page.h: Preferences → Privacy: encryption, the recovery key, unlocking with
 * the login, and locking. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_PRIVACY_PAGE (reframe_privacy_page_get_type ())

G_DECLARE_FINAL_TYPE (
    ReframePrivacyPage, reframe_privacy_page, REFRAME, PRIVACY_PAGE, AdwPreferencesPage)

GtkWidget *reframe_privacy_page_new (const char *data_dir,
                                     GSettings  *settings,
                                     gboolean    encrypted,
                                     gboolean    login_unlock);

G_END_DECLS
