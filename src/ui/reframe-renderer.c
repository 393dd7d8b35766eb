/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-renderer.c: the cairo renderer where OpenGL would only be drawn in software.
 *
 * Without a graphics card to draw with (a virtual machine, a remote desktop, Xvfb, a card
 * without a 3D driver), GTK 4.8's OpenGL renderer runs on Mesa's software rasterizer: it
 * loads LLVM and compiles its shaders on the processor, which costs about 80 MB and holds
 * the first frame for 100–200 ms, where the cairo renderer draws the same window in
 * 15–20 ms. So Reframe asks for cairo there, and leaves GTK's choice alone wherever a card
 * can draw, or when the person chose a renderer with GSK_RENDERER.
 */

#define G_LOG_DOMAIN "Reframe"

#include "config.h"

#include "reframe-renderer.h"

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

/* GTK reads this before GSK_RENDERER; it takes a renderer's name as GSK_RENDERER does.
 * It has kept that meaning since GTK 4.0. */
#define DISPLAY_RENDERER_KEY "gsk-renderer"

/**
 * reframe_renderer_gl_is_software:
 * @forced_software: LIBGL_ALWAYS_SOFTWARE is set
 * @has_render_node: the system has a DRM render node (/dev/dri/renderD*)
 * @is_x11: the display is an X11 one
 * @x11_has_dri: the X server offers DRI2 or DRI3, through which Mesa reaches a card
 *
 * Returns: whether OpenGL would be drawn by Mesa's software rasterizer
 */
gboolean
reframe_renderer_gl_is_software (gboolean forced_software,
                                 gboolean has_render_node,
                                 gboolean is_x11,
                                 gboolean x11_has_dri)
{
  if (forced_software || !has_render_node)
    return TRUE;
  return is_x11 && !x11_has_dri;
}

static gboolean
env_is_true (const char *name)
{
  const char *value = g_getenv (name);

  return value != NULL && value[0] != '\0' && !g_str_equal (value, "0") &&
         g_ascii_strcasecmp (value, "false") != 0;
}

static gboolean
has_render_node (void)
{
  g_autoptr (GDir) dir = g_dir_open ("/dev/dri", 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return TRUE;
  return FALSE;
}

#ifdef GDK_WINDOWING_X11
static gboolean
x11_has_dri (GdkDisplay *display)
{
  Display *xdisplay = gdk_x11_display_get_xdisplay (display);
  int      opcode, event, error;

  return XQueryExtension (xdisplay, "DRI3", &opcode, &event, &error) ||
         XQueryExtension (xdisplay, "DRI2", &opcode, &event, &error);
}
#endif

/**
 * reframe_renderer_choose:
 * @display: the display Reframe's windows open on
 *
 * Asks GTK for the cairo renderer on @display when OpenGL would be drawn in software,
 * unless the person chose a renderer with GSK_RENDERER.
 */
void
reframe_renderer_choose (GdkDisplay *display)
{
  gboolean is_x11 = FALSE, dri = FALSE;

  g_return_if_fail (GDK_IS_DISPLAY (display));

  if (g_getenv ("GSK_RENDERER") != NULL ||
      g_object_get_data (G_OBJECT (display), DISPLAY_RENDERER_KEY) != NULL)
    return;
#ifdef GDK_WINDOWING_X11
  if (GDK_IS_X11_DISPLAY (display))
    {
      is_x11 = TRUE;
      dri = x11_has_dri (display);
    }
#endif
  if (!reframe_renderer_gl_is_software (
          env_is_true ("LIBGL_ALWAYS_SOFTWARE"), has_render_node (), is_x11, dri))
    return;
  g_debug ("OpenGL would be drawn in software here: using the cairo renderer");
  g_object_set_data (G_OBJECT (display), DISPLAY_RENDERER_KEY, (gpointer) "cairo");
}
