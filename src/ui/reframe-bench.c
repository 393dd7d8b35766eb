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

/* The first frames after the window maps, phase by phase: what holds the main loop. */
#define TRACED_FRAMES 40

typedef struct
{
  gint64 t0;
  gint64 start;
  gint64 layout;
  guint  frame;
} FrameTrace;

/* A timeout every few milliseconds, to see the main loop held outside frames too. */
#define PING_MS 5
#define HELD_MS 20

typedef struct
{
  gint64 t0;
  gint64 last;
  guint  left;
} Ping;

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

static double
ms_since (gint64 t0,
          gint64 time)
{
  return (time - t0) / 1000.0;
}

static void
trace_before_paint_cb (GdkFrameClock *clock,
                       FrameTrace    *trace)
{
  trace->start = g_get_monotonic_time ();
}

static void
trace_layout_cb (GdkFrameClock *clock,
                 FrameTrace    *trace)
{
  trace->layout = g_get_monotonic_time ();
}

/* Runs after GTK's own handlers of each phase, which were connected at realize. */
static void
trace_after_paint_cb (GdkFrameClock *clock,
                      FrameTrace    *trace)
{
  gint64 now = g_get_monotonic_time ();

  g_printerr ("frame %2u at %7.1f ms: update+layout %5.1f ms, paint %5.1f ms\n",
              trace->frame,
              ms_since (trace->t0, trace->start),
              ms_since (trace->start, trace->layout),
              ms_since (trace->layout, now));
  if (++trace->frame == TRACED_FRAMES)
    {
      g_signal_handlers_disconnect_by_data (clock, trace);
      g_free (trace);
    }
}

static gboolean
ping_cb (gpointer user_data)
{
  Ping  *ping = user_data;
  gint64 now = g_get_monotonic_time ();

  if (now - ping->last > HELD_MS * 1000)
    g_printerr ("main loop held %5.1f ms, until %7.1f ms\n",
                ms_since (ping->last, now),
                ms_since (ping->t0, now));
  ping->last = now;
  return --ping->left > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
trace_frames (GdkFrameClock *clock,
              gint64         t0)
{
  Ping       *ping = g_new0 (Ping, 1);
  FrameTrace *trace = g_new0 (FrameTrace, 1);

  ping->t0 = t0;
  ping->last = g_get_monotonic_time ();
  ping->left = 1000 / PING_MS;
  g_timeout_add_full (G_PRIORITY_HIGH, PING_MS, ping_cb, ping, g_free);
  trace->t0 = t0;
  g_signal_connect (clock, "before-paint", G_CALLBACK (trace_before_paint_cb), trace);
  g_signal_connect (clock, "layout", G_CALLBACK (trace_layout_cb), trace);
  g_signal_connect (clock, "after-paint", G_CALLBACK (trace_after_paint_cb), trace);
}

static void
window_mapped_cb (GtkWidget *widget,
                  Watch     *watch)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_handlers_disconnect_by_func (widget, window_mapped_cb, watch);
  reframe_bench_mark ("window mapped");
  watch->handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), watch);
  if (g_getenv ("REFRAME_BENCH_FRAMES") != NULL)
    trace_frames (clock, watch->t0);
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
