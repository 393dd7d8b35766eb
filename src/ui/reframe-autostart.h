/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-autostart.h: Start at Login: an autostart entry outside a sandbox, the Background portal
 * inside Flatpak. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The option that starts Reframe in the background: GApplication's service mode, which
 * registers the application and opens no window by itself (D-Bus activation uses it too). */
#define REFRAME_BACKGROUND_OPTION "--gapplication-service"

/**
 * ReframeAutostartMethod:
 * @REFRAME_AUTOSTART_AUTO: the Background portal inside Flatpak, the file otherwise
 * @REFRAME_AUTOSTART_FILE: an entry in `$XDG_CONFIG_HOME/autostart/`
 * @REFRAME_AUTOSTART_PORTAL: org.freedesktop.portal.Background.RequestBackground
 *
 * How Reframe asks to be started at login.
 */
typedef enum
{
  REFRAME_AUTOSTART_AUTO,
  REFRAME_AUTOSTART_FILE,
  REFRAME_AUTOSTART_PORTAL,
} ReframeAutostartMethod;

#define REFRAME_TYPE_AUTOSTART (reframe_autostart_get_type ())

G_DECLARE_FINAL_TYPE (ReframeAutostart, reframe_autostart, REFRAME, AUTOSTART, GObject)

ReframeAutostart      *reframe_autostart_new (GSettings             *settings,
                                              const char            *executable,
                                              const char            *data_dir,
                                              ReframeAutostartMethod method);
ReframeAutostartMethod reframe_autostart_get_method (ReframeAutostart *self);
gboolean               reframe_autostart_get_wanted (ReframeAutostart *self);

char  *reframe_autostart_dup_path (void);
char **reframe_autostart_dup_arguments (const char *executable,
                                        const char *data_dir);
char  *reframe_autostart_build_entry (const char *const *arguments);
char  *reframe_autostart_quote_exec (const char *const *arguments);

G_END_DECLS
