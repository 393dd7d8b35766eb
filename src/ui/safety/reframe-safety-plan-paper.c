/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-safety-plan-paper.c: the safety plan on paper, from the window.
 *
 * What the app adds to the person's words (their therapist, the crisis lines of their
 * country) is read from the settings when the job starts and kept with it, so that the
 * page written in a worker thread or printed later is the one the person asked for. */

#define G_LOG_DOMAIN "ReframeSafetyPlanPaper"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-safety-plan-paper.h"

typedef struct
{
  ReframeSafetyPlan      *plan;
  ReframeSafetyPlanFormat format;
  ReframePaper            paper;
  char                   *therapist_name;
  char                   *therapist_phone;
  GPtrArray              *lines; /* of ReframeCrisisLine */
  GFile                  *dest;
  char                   *data_dir;
} PaperJob;

static void
paper_job_free (PaperJob *job)
{
  g_clear_object (&job->plan);
  g_free (job->therapist_name);
  g_free (job->therapist_phone);
  g_clear_pointer (&job->lines, g_ptr_array_unref);
  g_clear_object (&job->dest);
  g_free (job->data_dir);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PaperJob, paper_job_free)

static char *
setting_or_null (GSettings  *settings,
                 const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  return *value != '\0' ? g_steal_pointer (&value) : NULL;
}

static PaperJob *
paper_job_new (ReframeSafetyPlan      *plan,
               GSettings              *settings,
               ReframeSafetyPlanFormat format)
{
  PaperJob        *job = g_new0 (PaperJob, 1);
  g_autofree char *country = g_settings_get_string (settings, "crisis-country");
  g_autoptr (ReframeCrisisLines) lines = reframe_crisis_lines_new (NULL);
  const char *wanted = *country != '\0' ? country : reframe_crisis_lines_default_country ();

  job->plan = g_object_ref (plan);
  job->format = format;
  job->paper = reframe_report_paper_for_locale ();
  job->therapist_name = setting_or_null (settings, "therapist-name");
  job->therapist_phone = setting_or_null (settings, "therapist-phone");
  job->lines = lines != NULL ? reframe_crisis_lines_lookup (
                                   lines, reframe_crisis_lines_resolve_country (lines, wanted))
                             : NULL;
  return job;
}

static ReframeSafetyPlanExtras
paper_job_extras (PaperJob *job)
{
  ReframeSafetyPlanExtras extras = {
    .therapist_name = job->therapist_name,
    .therapist_phone = job->therapist_phone,
    .emergency_number = NULL,
    .crisis_lines = job->lines,
  };

  return extras;
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PaperJob               *job = task_data;
  ReframeSafetyPlanExtras extras = paper_job_extras (job);
  GError                 *error = NULL;

  if (reframe_safety_plan_write_pdf_file (job->plan,
                                          &extras,
                                          job->paper,
                                          job->format,
                                          job->dest,
                                          job->data_dir,
                                          cancellable,
                                          &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * reframe_safety_plan_paper_save_async:
 * @plan: the plan (an empty one prints as a form to fill in by hand)
 * @settings: Reframe's settings: the therapist, the crisis country
 * @format: a page or a wallet card
 * @dest: the PDF file to write, replaced whole or not at all
 * @data_dir: the journal's folder, which is never written into
 * @cancellable: (nullable): to stop
 * @callback: called on the main thread when done
 * @user_data: for @callback
 */
void
reframe_safety_plan_paper_save_async (ReframeSafetyPlan      *plan,
                                      GSettings              *settings,
                                      ReframeSafetyPlanFormat format,
                                      GFile                  *dest,
                                      const char             *data_dir,
                                      GCancellable           *cancellable,
                                      GAsyncReadyCallback     callback,
                                      gpointer                user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  PaperJob *job = paper_job_new (plan, settings, format);

  job->dest = g_object_ref (dest);
  job->data_dir = g_strdup (data_dir);
  g_task_set_source_tag (task, reframe_safety_plan_paper_save_async);
  g_task_set_task_data (task, job, (GDestroyNotify) paper_job_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
reframe_safety_plan_paper_save_finish (GAsyncResult *result,
                                       GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              PaperJob          *job)
{
  ReframeSafetyPlanExtras extras = paper_job_extras (job);
  double                  width;
  cairo_t                *cr = gtk_print_context_get_cairo_context (context);

  /* Drawn in points on the plan's own paper, scaled to what the printer has. */
  reframe_report_paper_get_size (job->paper, &width, NULL);
  cairo_scale (cr,
               gtk_print_context_get_width (context) / width,
               gtk_print_context_get_width (context) / width);
  reframe_safety_plan_draw (job->plan, &extras, job->paper, job->format, cr);
}

static void
paper_job_closure_notify (gpointer  data,
                          GClosure *closure)
{
  paper_job_free (data);
}

/**
 * reframe_safety_plan_paper_print_operation_new:
 * @plan: the plan
 * @settings: Reframe's settings: the therapist, the crisis country
 * @format: a page or a wallet card
 *
 * Returns: (transfer full): an operation printing the one page, ready to run
 */
GtkPrintOperation *
reframe_safety_plan_paper_print_operation_new (ReframeSafetyPlan      *plan,
                                               GSettings              *settings,
                                               ReframeSafetyPlanFormat format)
{
  GtkPrintOperation *operation = gtk_print_operation_new ();
  PaperJob          *job = paper_job_new (plan, settings, format);
  g_autoptr (GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr (GtkPaperSize) paper = gtk_paper_size_new (
      job->paper == REFRAME_PAPER_LETTER ? GTK_PAPER_NAME_LETTER : GTK_PAPER_NAME_A4);

  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, 1);
  /* The page has its own margins, in points. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation,
                                    format == REFRAME_SAFETY_PLAN_FORMAT_CARD
                                        ? _ ("Safety plan wallet card")
                                        : _ ("Safety plan"));
  g_signal_connect_data (
      operation, "draw-page", G_CALLBACK (draw_page_cb), job, paper_job_closure_notify, 0);
  return operation;
}
