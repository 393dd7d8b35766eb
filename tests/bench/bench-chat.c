/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-chat.c: the cost of a streamed reply, per delta, as it grows to 1,000, 10,000
 * and 20,000 deltas: parsing the NDJSON chunk and appending the text to the message and
 * to its bubble in a window; and the time from a chunk's arrival to the frame that shows
 * it. Baselines in the same run: parsing alone, and a frame with nothing new to show.
 * Also the local crisis check of a 2,000-character message with two recent ones, against
 * all six shipped languages (ASCII, and with accents), against folding the same text's
 * case, the least any such check must do. */

#include "config.h"

#include <adwaita.h>

#include "reframe-chat-bubble.h"
#include "reframe-crisis-check.h"
#include "reframe-ndjson-parser.h"

/* Every this many deltas the main loop runs, as it would between network reads. */
#define DELTAS_PER_FRAME 8
/* Every this many deltas, the time to a painted frame is measured. */
#define LATENCY_EVERY 250

typedef struct
{
  GtkWidget *window;
  gboolean   painted;
} Frame;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) ((values->len - 1) * p));
}

static GPtrArray *
make_chunks (guint n)
{
  GPtrArray *chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  for (guint i = 0; i < n; i++)
    {
      /* A word and a space, a new paragraph now and then, as replies come. */
      char *line = g_strdup_printf (
          "{\"model\":\"bench\",\"created_at\":\"2026-11-25T10:00:00Z\",\"message\":"
          "{\"role\":\"assistant\",\"content\":\"word%u%s\"},\"done\":false}\n",
          i,
          i % 60 == 59 ? "\\n\\n" : " ");
      g_ptr_array_add (chunks, g_bytes_new_take (line, strlen (line)));
    }
  return chunks;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Frame         *frame)
{
  frame->painted = TRUE;
}

/* Runs the main loop until the window has painted a frame. */
static void
wait_painted (Frame *frame)
{
  frame->painted = FALSE;
  gtk_widget_queue_draw (frame->window);
  while (!frame->painted)
    g_main_context_iteration (NULL, TRUE);
}

static double
feed (ReframeNdjsonParser *parser,
      GBytes              *chunk,
      ReframeChatMessage  *message,
      ReframeChatBubble   *bubble)
{
  g_autoptr (GPtrArray) events = reframe_chat_event_array_new ();
  gsize         size;
  const guint8 *data = g_bytes_get_data (chunk, &size);
  gint64        start = g_get_monotonic_time ();

  if (!reframe_ndjson_parser_feed (parser, data, size, events, NULL))
    g_error ("The benchmark's stream is not valid");
  for (guint i = 0; i < events->len; i++)
    {
      ReframeChatEvent *event = g_ptr_array_index (events, i);

      if (event->content == NULL || message == NULL)
        continue;
      reframe_chat_message_append (message, event->content, strlen (event->content));
      reframe_chat_bubble_append (bubble, event->content);
    }
  return (g_get_monotonic_time () - start) / 1000.0;
}

static void
run_size (guint              n,
          Frame             *frame,
          GtkScrolledWindow *scroller)
{
  g_autoptr (GPtrArray) chunks = make_chunks (n);
  g_autoptr (ReframeNdjsonParser) parser = reframe_ndjson_parser_new ();
  g_autoptr (ReframeNdjsonParser) baseline_parser = reframe_ndjson_parser_new ();
  g_autoptr (ReframeChatMessage) message =
      reframe_chat_message_new (REFRAME_CHAT_ROLE_ASSISTANT, "");
  g_autoptr (GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget     *bubble;
  double         total = 0, last_thousand = 0, baseline = 0;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_STREAMING);
  bubble = reframe_chat_bubble_new (message);
  gtk_scrolled_window_set_child (scroller, bubble);
  wait_painted (frame);

  for (guint i = 0; i < n; i++)
    baseline += feed (baseline_parser, g_ptr_array_index (chunks, i), NULL, NULL);

  for (guint i = 0; i < n; i++)
    {
      gboolean sample = i % LATENCY_EVERY == LATENCY_EVERY - 1;
      gint64   arrival = g_get_monotonic_time ();
      double   cost =
          feed (parser, g_ptr_array_index (chunks, i), message, REFRAME_CHAT_BUBBLE (bubble));

      total += cost;
      if (i + 1000 >= n)
        last_thousand += cost;

      if (sample)
        {
          double latency;

          /* Follow the end, as the pane does, and wait for the frame that shows it. */
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
          wait_painted (frame);
          latency = (g_get_monotonic_time () - arrival) / 1000.0;
          g_array_append_val (latencies, latency);
        }
      else if (i % DELTAS_PER_FRAME == 0)
        {
          while (g_main_context_iteration (NULL, FALSE))
            ;
        }
    }

  g_print ("%6u deltas (%7zu bytes): per delta %.2f µs over the reply, %.2f µs over its last 1,000 "
           "(parse alone %.2f µs); chunk to painted frame median %.1f ms, p95 %.1f ms\n",
           n,
           reframe_chat_message_get_content_length (message),
           total * 1000 / n,
           last_thousand * 1000 / MIN (n, 1000),
           baseline * 1000 / n,
           percentile (latencies, 0.5),
           percentile (latencies, 0.95));
}

static void
baseline_frame (Frame *frame)
{
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < 40; i++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      wait_painted (frame);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (frames, ms);
    }
  g_print ("baseline: a frame with nothing new, median %.1f ms, p95 %.1f ms\n",
           percentile (frames, 0.5),
           percentile (frames, 0.95));
}

/* Median and 95th percentile of checking @text with @recent, and of folding its case. */
static void
time_crisis_check (ReframeCrisisCheck *check,
                   const char         *label,
                   const char         *text,
                   const char *const  *recent)
{
  g_autoptr (GArray) checks = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) folds = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < 500; i++)
    {
      gint64           start = g_get_monotonic_time ();
      g_autofree char *folded = NULL;
      double           us;

      reframe_crisis_check_message (check, text, recent);
      us = g_get_monotonic_time () - start;
      g_array_append_val (checks, us);
      start = g_get_monotonic_time ();
      folded = g_utf8_casefold (text, -1);
      us = g_get_monotonic_time () - start;
      g_array_append_val (folds, us);
    }
  g_print ("crisis check, 2,000 characters (%s) and two recent messages, all six languages: median "
           "%.0f µs, p95 %.0f µs\n",
           label,
           percentile (checks, 0.5),
           percentile (checks, 0.95));
  g_print ("baseline: folding the same text's case, median %.0f µs\n", percentile (folds, 0.5));
}

static char *
repeat_to_2000 (const char *sentence)
{
  GString *text = g_string_new (NULL);

  while (g_utf8_strlen (text->str, -1) < 2000)
    g_string_append (text, sentence);
  /* At a character's start: 2,000 characters, not bytes. */
  g_string_truncate (text, g_utf8_offset_to_pointer (text->str, 2000) - text->str);
  return g_string_free (text, FALSE);
}

static void
bench_crisis_check (void)
{
  const char *const recent[] = { "Work was hard today and I felt tired.",
                                 "We talked about the weekend.",
                                 NULL };
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeCrisisCheck) check = reframe_crisis_check_new (NULL, NULL, &error);
  g_autofree char *english = repeat_to_2000 (
      "Today I walked to work, had coffee with Ana, felt a bit tense before the meeting. ");
  g_autofree char *accented = repeat_to_2000 ("Heute früh zum Bäcker, danach café avec Léa, un peu "
                                              "stressée avant la réunion, però è andata bene. ");
  gint64           start = g_get_monotonic_time ();
  g_autoptr (ReframeCrisisCheck) another = reframe_crisis_check_new (NULL, NULL, NULL);

  if (check == NULL)
    {
      g_printerr ("crisis check: %s\n", error->message);
      return;
    }
  g_print ("crisis check: loading the six languages' lists, %.1f ms (the classifier is loaded once "
           "per process)\n",
           (g_get_monotonic_time () - start) / 1000.0);
  time_crisis_check (check, "English", english, recent);
  time_crisis_check (check, "accented, three languages", accented, recent);
}

int
main (int    argc,
      char **argv)
{
  static const guint sizes[] = { 1000, 10000, 20000 };
  Frame              frame = { 0 };
  GtkWidget         *scroller;

  gtk_init ();
  adw_init ();

  frame.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (frame.window), 380, 720);
  scroller = gtk_scrolled_window_new ();
  gtk_window_set_child (GTK_WINDOW (frame.window), scroller);
  gtk_window_present (GTK_WINDOW (frame.window));
  while (!gtk_widget_get_mapped (frame.window))
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (gtk_widget_get_frame_clock (frame.window),
                    "after-paint",
                    G_CALLBACK (after_paint_cb),
                    &frame);

  baseline_frame (&frame);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    run_size (sizes[i], &frame, GTK_SCROLLED_WINDOW (scroller));

  gtk_window_destroy (GTK_WINDOW (frame.window));
  bench_crisis_check ();
  return 0;
}
