/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-ui-test-util.c: helpers shared by the widget tests. */

#include "config.h"

#include <locale.h>

#include "reframe-ui-test-util.h"

/**
 * reframe_ui_test_init:
 *
 * gtk_test_init () and adw_init (), for tests written for the C locale and for Xvfb.
 */
void
reframe_ui_test_init (int    *argc,
                      char ***argv)
{
  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init() chooses en_US.UTF-8 where the system has it (weeks from Sunday, a
   * 12-hour clock); the tests are written for the C locale, on every machine alike. */
  setlocale (LC_ALL, "C.UTF-8");
  /* No PRIMARY selection: under Xvfb, GDK 4.8's X11 clipboard keeps the lists of
   * selection requests between windows that open and close in quick succession. */
  g_object_set (gtk_settings_get_default (),
                "gtk-entry-select-on-focus",
                FALSE,
                "gtk-enable-primary-paste",
                FALSE,
                NULL);
  adw_init ();
}

static gboolean
window_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

/* Presents @window and waits until it is on screen. */
void
reframe_ui_test_present (GtkWindow *window,
                         guint      timeout_ms)
{
  gtk_window_present (window);
  g_assert_true (reframe_test_wait_for (window_mapped, window, timeout_ms));
}

void
reframe_ui_test_base_set_up (ReframeUiTestBase *base,
                             ReframeUiTestNeeds needs)
{
  if (needs & REFRAME_UI_TEST_DATA_DIR)
    base->dir = reframe_test_make_tmp_dir ();
  if (needs & REFRAME_UI_TEST_SERVER)
    base->server = reframe_fake_model_server_new ();
  if (needs & REFRAME_UI_TEST_SETTINGS)
    base->settings = g_settings_new (BASE_ID);
}

/* After the window is gone: what set up made, in the reverse order. */
void
reframe_ui_test_base_tear_down (ReframeUiTestBase *base)
{
  g_clear_object (&base->settings);
  g_clear_pointer (&base->server, reframe_fake_model_server_free);
  if (base->dir != NULL)
    reframe_test_remove_tree (base->dir);
  g_clear_pointer (&base->dir, g_free);
}
