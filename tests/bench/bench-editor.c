/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-editor.c: time from asking for a worksheet editor to its first painted frame, for
 * every built-in template (target ≤ 50 ms for the largest), against an empty window of
 * the same size opened the same way in the same run. */

#include "config.h"

#include <adwaita.h>

#include "reframe-template-registry.h"
#include "reframe-worksheet-editor.h"

#define RUNS 10

typedef GtkWidget *(*MakeWindow) (gpointer data);

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
after_paint_cb (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

/* Milliseconds from making the window to its first painted frame, median of RUNS. */
static double
time_to_first_frame (MakeWindow make,
                     gpointer   data)
{
  g_autoptr (GArray) times = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint run = 0; run < RUNS; run++)
    {
      gint64     start = g_get_monotonic_time ();
      GtkWidget *window = make (data);
      gboolean   painted = FALSE;
      double     ms;

      gtk_window_set_default_size (GTK_WINDOW (window), 640, 760);
      gtk_window_present (GTK_WINDOW (window));
      while (!gtk_widget_get_mapped (window))
        g_main_context_iteration (NULL, TRUE);
      g_signal_connect (gtk_widget_get_frame_clock (window),
                        "after-paint",
                        G_CALLBACK (after_paint_cb),
                        &painted);
      while (!painted)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      gtk_window_destroy (GTK_WINDOW (window));
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, RUNS / 2);
}

static GtkWidget *
make_empty (gpointer data)
{
  GtkWidget *window = adw_window_new ();

  adw_window_set_content (ADW_WINDOW (window), adw_header_bar_new ());
  return window;
}

typedef struct
{
  ReframeStore *store;
  ReframeTemplate *template;
} EditorData;

static GtkWidget *
make_editor (gpointer data)
{
  EditorData *editor = data;

  return reframe_worksheet_editor_new (NULL, editor->store, editor->template, NULL);
}

static guint
count_fields (ReframeTemplate *template)
{
  GPtrArray *steps = reframe_template_get_steps (template);
  guint      n = 0;

  for (guint i = 0; i < steps->len; i++)
    n += reframe_template_step_get_fields (g_ptr_array_index (steps, i))->len;
  return n;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("reframe-bench-editor-XXXXXX", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  GListModel *templates;
  double      baseline, largest_time = 0;
  guint       largest_fields = 0;
  const char *largest = NULL;

  gtk_init ();
  adw_init ();

  store = reframe_store_open (dir, &error);
  g_assert_no_error (error);
  registry = reframe_template_registry_new (dir, &error);
  g_assert_no_error (error);
  templates = reframe_template_registry_get_templates (registry);

  /* Warm up: the first window pays for loading themes and fonts. */
  time_to_first_frame (make_empty, NULL);
  baseline = time_to_first_frame (make_empty, NULL);
  g_print (
      "baseline: an empty window with a header bar, first frame after %.1f ms (median of %d)\n",
      baseline,
      RUNS);

  for (guint i = 0; i < g_list_model_get_n_items (templates); i++)
    {
      g_autoptr (ReframeTemplate) template = g_list_model_get_item (templates, i);
      EditorData data = { store, template };
      double     ms = time_to_first_frame (make_editor, &data);
      guint      fields = count_fields (template);

      g_print ("%-24s %2u fields: first frame after %5.1f ms (%.1f ms over the baseline)\n",
               reframe_template_get_id (template),
               fields,
               ms,
               ms - baseline);
      if (fields > largest_fields || (fields == largest_fields && ms > largest_time))
        {
          largest_fields = fields;
          largest_time = ms;
          largest = reframe_template_get_id (template);
        }
    }
  g_print ("largest template (%s, %u fields): %.1f ms (target ≤ 50 ms)\n",
           largest,
           largest_fields,
           largest_time);
  return 0;
}
