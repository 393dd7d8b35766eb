/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-spell.c: keystroke-to-paint and keystroke-to-idle while typing into a journal
 * note of 20,000 words, with spell-checking on and, as the baseline in the same run,
 * off; median and 95th percentile side by side. One word in a hundred is misspelled;
 * of the words typed, one in five (all into the same paragraph, whose error underlines
 * GTK draws again with every keystroke). Also how long the whole note takes to be
 * checked in the background after it is loaded, and the longest main-loop iteration
 * meanwhile (what a keystroke could have waited at worst).
 *
 * A keystroke is one character inserted at the cursor as typing does
 * (gtk_text_buffer_insert_interactive_at_cursor), in the middle of the note, scrolled
 * there; paint is the frame clock's next after-paint, idle is when the main loop has
 * nothing left to do (the background pass included). Run under Xvfb (build-aux/bench.sh). */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "reframe-spell-checker.h"
#include "reframe-spell.h"

#define WORDS      20000
#define KEYSTROKES 150
#define ROUNDS     3

static const char *const vocabulary[] = {
  "today",
  "I",
  "walked",
  "by",
  "the",
  "river",
  "and",
  "felt",
  "calm",
  "again",
  "after",
  "a",
  "long",
  "week",
  "at",
  "work",
  "my",
  "therapist",
  "said",
  "that",
  "thoughts",
  "are",
  "not",
  "facts",
  "so",
  "wrote",
  "down",
  "what",
  "happened",
  "hopeful",
  "anxious",
  "with",
  "Sam",
  "we",
  "talked",
  "about",
  "sleep",
  "breathing",
  "exercise",
  "helped",
  "little",
  "bit",
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static char *
make_note (void)
{
  GString *note = g_string_new (NULL);
  GRand   *rand = g_rand_new_with_seed (15);

  for (int i = 0; i < WORDS; i++)
    {
      /* One word in a hundred misspelled, as a hurried note may have. */
      if (i % 100 == 50)
        g_string_append (note, "hopefull");
      else
        g_string_append (note, vocabulary[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocabulary))]);
      g_string_append (note, i % 100 == 99 ? ".\n\n" : (i % 12 == 11 ? ". " : " "));
    }
  g_rand_free (rand);
  return g_string_free (note, FALSE);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static void
wait_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Types KEYSTROKES characters, appending each one's times to @paint and @idle. */
static void
type_keys (GtkWidget   *window,
           GtkTextView *view,
           GArray      *paint,
           GArray      *idle)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  const char    *typed = "felt calm today and hopefull ";
  gboolean       painted = FALSE;
  gulong         handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);

  for (int i = 0; i < KEYSTROKES; i++)
    {
      char   key[2] = { typed[i % strlen (typed)], '\0' };
      gint64 start = g_get_monotonic_time ();
      double ms;

      painted = FALSE;
      gtk_text_buffer_insert_interactive_at_cursor (buffer, key, 1, TRUE);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (paint, ms);
      wait_idle ();
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (idle, ms);
      /* A person types some 5–10 keys a second; the frame clock needs its next tick. */
      g_usleep (20000);
    }
  g_signal_handler_disconnect (clock, handler);
}

static double
percentile (GArray *times,
            double  p)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, (guint) MIN (times->len - 1, p * times->len));
}

static void
place_cursor_in_middle (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter    middle;

  gtk_text_buffer_get_iter_at_offset (buffer, &middle, gtk_text_buffer_get_char_count (buffer) / 2);
  gtk_text_iter_forward_to_line_end (&middle);
  gtk_text_buffer_place_cursor (buffer, &middle);
  gtk_text_view_scroll_to_mark (view, gtk_text_buffer_get_insert (buffer), 0.0, TRUE, 0.0, 0.5);
}

static void
measure_initial_check (GtkTextView *view,
                       const char  *note)
{
  ReframeSpellChecker *checker =
      REFRAME_SPELL_CHECKER (reframe_spell_get_checker (GTK_WIDGET (view)));
  gint64 start = g_get_monotonic_time ();
  double longest = 0;

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), note, -1);
  while (reframe_spell_checker_is_busy (checker))
    {
      gint64 before = g_get_monotonic_time ();
      g_main_context_iteration (NULL, TRUE);
      longest = MAX (longest, (g_get_monotonic_time () - before) / 1000.0);
    }
  g_print ("whole %d-word note checked in the background: %.0f ms after loading; longest main-loop "
           "iteration meanwhile %.1f ms\n",
           WORDS,
           (g_get_monotonic_time () - start) / 1000.0,
           longest);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *note = make_note ();
  g_autoptr (GSettings) settings = NULL;
  g_autoptr (GArray) paint_on = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) idle_on = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) paint_off = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) idle_off = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget   *window, *scroller;
  GtkTextView *view;

  gtk_init ();
  adw_init ();
  settings = g_settings_new (BASE_ID);
  g_settings_set_boolean (settings, "spell-check", TRUE);

  window = adw_window_new ();
  scroller = gtk_scrolled_window_new ();
  view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (view));
  adw_window_set_content (ADW_WINDOW (window), scroller);
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 760);
  reframe_spell_attach_text_view (view, REFRAME_SPELL_FIELD_JOURNAL_NOTE);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (window))
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (view));

  measure_initial_check (view, note);
  place_cursor_in_middle (view);
  wait_idle ();

  /* Off and on in turns, so that neither gets the warmer caches. */
  for (int round = 0; round < ROUNDS; round++)
    {
      g_settings_set_boolean (settings, "spell-check", FALSE);
      wait_idle ();
      type_keys (window, view, paint_off, idle_off);
      g_settings_set_boolean (settings, "spell-check", TRUE);
      while (reframe_spell_checker_is_busy (
          REFRAME_SPELL_CHECKER (reframe_spell_get_checker (GTK_WIDGET (view)))))
        g_main_context_iteration (NULL, TRUE);
      type_keys (window, view, paint_on, idle_on);
    }

  g_print ("%u keystrokes each, in the middle of a %d-word note (ms)\n", paint_on->len, WORDS);
  g_print ("                      spelling off   spelling on\n");
  g_print ("keystroke-to-paint  median %6.2f        %6.2f\n",
           percentile (paint_off, 0.5),
           percentile (paint_on, 0.5));
  g_print ("                    p95    %6.2f        %6.2f\n",
           percentile (paint_off, 0.95),
           percentile (paint_on, 0.95));
  g_print ("keystroke-to-idle   median %6.2f        %6.2f\n",
           percentile (idle_off, 0.5),
           percentile (idle_on, 0.5));
  g_print ("                    p95    %6.2f        %6.2f\n",
           percentile (idle_off, 0.95),
           percentile (idle_on, 0.95));

  gtk_window_destroy (GTK_WINDOW (window));
  wait_idle ();
  return 0;
}
