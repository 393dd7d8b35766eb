/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-watch.c: crisis language in what a person writes outside the chat.
 *
 * Notes and worksheets are checked with the same local check as the companion's
 * messages, in every shipped language, when they are saved. One check serves the whole
 * program, the companion's too: building it reads every language's lists and the
 * classifier's weights, some 40 ms and 4 MiB, so it is built once, on a worker thread
 * soon after start-up, before anyone needs it. No malloc_trim () after it: on a worker
 * thread it gave back about 30 KiB; the some 0.4 MiB that json-glib's parse of the lists
 * leaves is kept by GLib 2.74's GSlice, out of its reach.
 */

#define G_LOG_DOMAIN "ReframeCrisisWatch"

#include "config.h"

#include "reframe-crisis-check.h"
#include "reframe-crisis-watch.h"

static ReframeCrisisCheck *
get_check (void)
{
  static ReframeCrisisCheck *check = NULL;
  static gsize               made = 0;

  if (g_once_init_enter (&made))
    {
      g_autoptr (GError) error = NULL;

      /* The lists ship inside Reframe: failing to read them is a bug, not bad input. */
      check = reframe_crisis_check_new (NULL, NULL, &error);
      if (check == NULL)
        g_warning ("The crisis check could not be made: %s", error->message);
      g_once_init_leave (&made, 1);
    }
  return check;
}

/**
 * reframe_crisis_watch_matches:
 * @text: (nullable): what the person wrote
 *
 * Returns: whether @text has crisis language in it
 */
gboolean
reframe_crisis_watch_matches (const char *text)
{
  ReframeCrisisCheck *check;

  if (text == NULL || *text == '\0' || (check = get_check ()) == NULL)
    return FALSE;
  return reframe_crisis_check_message (check, text, NULL) != REFRAME_CRISIS_CATEGORY_NONE;
}

/**
 * reframe_crisis_watch_dup_check:
 *
 * Returns: (transfer full) (nullable): the program's crisis check, the shipped lists
 *   only; built now if the preload has not finished
 */
ReframeCrisisCheck *
reframe_crisis_watch_dup_check (void)
{
  ReframeCrisisCheck *check = get_check ();

  return check != NULL ? g_object_ref (check) : NULL;
}

static void
preload_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  get_check ();
  g_task_return_boolean (task, TRUE);
}

/**
 * reframe_crisis_watch_preload:
 *
 * Builds the check on a worker thread, so that the first note saved or the first
 * message sent does not wait for it on the main thread.
 */
void
reframe_crisis_watch_preload (void)
{
  g_autoptr (GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_run_in_thread (task, preload_thread);
}
