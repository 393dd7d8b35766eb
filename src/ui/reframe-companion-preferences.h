/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-companion-preferences.h: the Companion page of Preferences: model service, key,
 * instructions, crisis help. */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define REFRAME_TYPE_COMPANION_PREFERENCES (reframe_companion_preferences_get_type ())

G_DECLARE_FINAL_TYPE (ReframeCompanionPreferences,
                      reframe_companion_preferences,
                      REFRAME,
                      COMPANION_PREFERENCES,
                      AdwPreferencesPage)

GtkWidget *reframe_companion_preferences_new (void);

G_END_DECLS
