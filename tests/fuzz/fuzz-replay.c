/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-replay.c: runs a fuzz target over saved inputs, so plain test runs cover the corpus. */

#include "config.h"

#include <stdint.h>
#include <string.h>

#include <glib.h>

/* Linked with exactly one fuzz target, which defines this. */
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
replay_file (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize            length = 0;

  if (!g_file_get_contents (path, &contents, &length, &error))
    g_error ("%s", error->message);

  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  LLVMFuzzerTestOneInput ((const uint8_t *) contents, length);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Returns: how many files of @dir_path were replayed, in name order so runs repeat. */
static guint
replay_dir (const char *dir_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (dir_path, 0, &error);
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    g_error ("%s", error->message);

  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (paths, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (paths, compare_paths);

  for (guint i = 0; i < paths->len; i++)
    replay_file (g_ptr_array_index (paths, i));
  return paths->len;
}

int
main (int   argc,
      char *argv[])
{
  guint n_inputs = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s CORPUS-DIR-OR-FILE…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
        n_inputs += replay_dir (argv[i]);
      else
        {
          replay_file (argv[i]);
          n_inputs++;
        }
    }

  /* An empty or mistyped corpus path must not pass as "nothing crashed". */
  if (n_inputs == 0)
    {
      g_printerr ("No inputs found\n");
      return 1;
    }

  g_print ("Replayed %u inputs\n", n_inputs);
  return 0;
}
