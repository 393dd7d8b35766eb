/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-plan-reader.c: libFuzzer target for the homework plan reader (docs/plan-format.md).
 *
 * Any bytes give a plan or an error, never a crash, a leak or a warning; and a plan that
 * was read is written as a file that reads back, the same.
 */

#include "config.h"

#include <stdint.h>

#include "reframe-plan.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_written (ReframePlan *plan)
{
  g_autoptr (GBytes) written = reframe_plan_to_bytes (plan);
  g_autoptr (GError) error = NULL;
  g_autoptr (ReframePlan) again = reframe_plan_new_from_bytes (written, &error);
  g_autoptr (GBytes) rewritten = NULL;
  g_autoptr (GPtrArray) assignments = NULL;
  g_autoptr (GPtrArray) assignments_again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (again);
  rewritten = reframe_plan_to_bytes (again);
  g_assert_true (g_bytes_equal (written, rewritten));
  assignments = reframe_plan_dup_assignments (plan);
  assignments_again = reframe_plan_dup_assignments (again);
  g_assert_cmpuint (assignments->len, ==, assignments_again->len);
  for (guint i = 0; i < assignments->len; i++)
    g_assert_cmpstr (reframe_assignment_get_uuid (g_ptr_array_index (assignments, i)),
                     ==,
                     reframe_assignment_get_uuid (g_ptr_array_index (assignments_again, i)));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (ReframePlan) plan = NULL;
  g_autoptr (GError) error = NULL;
  static gboolean fatal = FALSE;

  /* A critical warning is a bug the fuzzer must stop at, as the replay test does. */
  if (!fatal)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      fatal = TRUE;
    }
  plan = reframe_plan_new_from_bytes (bytes, &error);
  g_assert ((plan == NULL) != (error == NULL));
  if (plan != NULL)
    check_written (plan);
  else
    g_assert_true (g_error_matches (error, REFRAME_PLAN_ERROR, REFRAME_PLAN_ERROR_INVALID) ||
                   g_error_matches (error, REFRAME_PLAN_ERROR, REFRAME_PLAN_ERROR_TOO_NEW));
  return 0;
}
