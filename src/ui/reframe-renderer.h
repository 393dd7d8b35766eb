/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-renderer.h: the cairo renderer where OpenGL would only be drawn in software. */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean reframe_renderer_gl_is_software (gboolean forced_software,
                                          gboolean has_render_node,
                                          gboolean is_x11,
                                          gboolean x11_has_dri);
void     reframe_renderer_choose (GdkDisplay *display);

G_END_DECLS
