/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-bench.c: start-up time measurement for the benchmark, off unless asked for.
 *
 * build-aux/bench.sh sets REFRAME_BENCH_T0 to the monotonic clock (microseconds)
 * just before it starts the program. At the window's first painted frame this prints
 * the time since then and the resident memory, waits a second for the memory to
 * settle, prints it again, and quits. The empty-window baseline uses the same file.
 */

#define G_LOG_DOMAIN "ReframeBench"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "reframe-bench.h"

typedef struct
{
  GtkWindow *window;
  gint64     t0;
  gulong     handler;
} Watch;

static long
read_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char      *line;
  long             kib = -1;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmRSS:");
  if (line != NULL)
    sscanf (line, "VmRSS: %ld", &kib);
  return kib;
}

static gboolean
settled_cb (gpointer user_data)
{
  GtkWindow *window = user_data;

  g_print ("rss-settled-kib %ld\n", read_rss_kib ());
  fflush (stdout);
  gtk_window_destroy (window);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Watch         *watch)
{
  gint64 now = g_get_monotonic_time ();

  g_signal_handler_disconnect (clock, watch->handler);
  g_print ("first-frame-ms %.1f\nrss-first-frame-kib %ld\n",
           (now - watch->t0) / 1000.0,
           read_rss_kib ());
  fflush (stdout);
  g_timeout_add_seconds (1, settled_cb, watch->window);
  g_free (watch);
}

static void
window_mapped_cb (GtkWidget *widget,
                  Watch     *watch)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_handlers_disconnect_by_func (widget, window_mapped_cb, watch);
  watch->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), watch);
}

/**
 * reframe_bench_mark:
 * @what: a stage of start-up
 *
 * Prints the time since REFRAME_BENCH_T0 at a stage of start-up, to see where the
 * time goes; does nothing unless the benchmark asks for it.
 */
void
reframe_bench_mark (const char *what)
{
  const char *t0 = g_getenv ("REFRAME_BENCH_T0");

  if (t0 != NULL)
    g_printerr ("mark %-24s %7.1f ms\n",
                what,
                (g_get_monotonic_time () - g_ascii_strtoll (t0, NULL, 10)) / 1000.0);
}

/**
 * reframe_bench_maybe_watch:
 * @window: the main window, just presented
 *
 * Measures the time to the window's first frame when the benchmark asks for it.
 * Does nothing otherwise.
 */
void
reframe_bench_maybe_watch (GtkWindow *window)
{
  const char *t0 = g_getenv ("REFRAME_BENCH_T0");
  Watch      *watch;

  g_return_if_fail (GTK_IS_WINDOW (window));

  if (t0 == NULL)
    return;
  watch = g_new0 (Watch, 1);
  watch->window = window;
  watch->t0 = g_ascii_strtoll (t0, NULL, 10);
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    window_mapped_cb (GTK_WIDGET (window), watch);
  else
    g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), watch);
}
