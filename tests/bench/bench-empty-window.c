/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-empty-window.c: the start-up baseline, an empty libadwaita window of the
 * app's default size in an application registered like Reframe's (same flags),
 * measured by the same code as the app. */

#include "config.h"

#include <adwaita.h>

#include "reframe-bench.h"

static void
activate_cb (GtkApplication *app)
{
  GtkWidget *window;

  reframe_bench_mark ("activate");
  window = adw_application_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 720);
  reframe_bench_mark ("window built");
  gtk_window_present (GTK_WINDOW (window));
  reframe_bench_mark ("window presented");
  reframe_bench_maybe_watch (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (AdwApplication) app =
      adw_application_new ("io.github.reframe.EmptyWindow", G_APPLICATION_DEFAULT_FLAGS);

  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
