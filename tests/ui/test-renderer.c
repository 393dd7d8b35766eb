/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-renderer.c: the cairo renderer where OpenGL would only be drawn in software (Xvfb
 * offers neither DRI2 nor DRI3), and the person's own choice of renderer kept. */

#include "config.h"

#include "reframe-renderer.h"
#include "reframe-ui-test-util.h"

#define DISPLAY_RENDERER_KEY "gsk-renderer"

static void
test_software_rules (void)
{
  /* forced, render node, X11, DRI */
  g_assert_true (reframe_renderer_gl_is_software (TRUE, TRUE, FALSE, FALSE));
  g_assert_true (reframe_renderer_gl_is_software (TRUE, TRUE, TRUE, TRUE));
  g_assert_true (reframe_renderer_gl_is_software (FALSE, FALSE, FALSE, FALSE));
  g_assert_true (reframe_renderer_gl_is_software (FALSE, FALSE, TRUE, TRUE));
  g_assert_true (reframe_renderer_gl_is_software (FALSE, TRUE, TRUE, FALSE));
  g_assert_false (reframe_renderer_gl_is_software (FALSE, TRUE, TRUE, TRUE));
  g_assert_false (reframe_renderer_gl_is_software (FALSE, TRUE, FALSE, FALSE));
}

static void
test_person_choice_kept (void)
{
  GdkDisplay *display = gdk_display_get_default ();

  g_object_set_data (G_OBJECT (display), DISPLAY_RENDERER_KEY, NULL);
  g_setenv ("GSK_RENDERER", "gl", TRUE);
  reframe_renderer_choose (display);
  g_unsetenv ("GSK_RENDERER");
  g_assert_null (g_object_get_data (G_OBJECT (display), DISPLAY_RENDERER_KEY));
}

static void
test_cairo_without_dri (void)
{
  GdkDisplay  *display = gdk_display_get_default ();
  GtkWidget   *window;
  GskRenderer *renderer;

  g_object_set_data (G_OBJECT (display), DISPLAY_RENDERER_KEY, NULL);
  reframe_renderer_choose (display);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (display), DISPLAY_RENDERER_KEY), ==, "cairo");

  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), gtk_label_new ("Reframe"));
  reframe_ui_test_present (GTK_WINDOW (window), 5000);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  g_assert_nonnull (renderer);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (renderer), ==, "GskCairoRenderer");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  /* Whoever runs the tests may have chosen a renderer; these tests choose their own. */
  g_unsetenv ("GSK_RENDERER");
  g_unsetenv ("LIBGL_ALWAYS_SOFTWARE");
  reframe_ui_test_init (&argc, &argv);

  g_test_add_func ("/reframe/renderer/software-rules", test_software_rules);
  g_test_add_func ("/reframe/renderer/person-choice-kept", test_person_choice_kept);
  g_test_add_func ("/reframe/renderer/cairo-without-dri", test_cairo_without_dri);
  return g_test_run ();
}
