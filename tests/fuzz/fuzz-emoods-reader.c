/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-emoods-reader.c: libFuzzer target for the eMoods entry.csv reader. */

#include "config.h"

#include <stdint.h>

#include "reframe-emoods-importer.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Any bytes: a batch with its problems, or an error; never a crash, a leak or a warning. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new (data, size);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GError) error = NULL;
  static gboolean fatal = FALSE;

  /* A critical warning is a bug the fuzzer must stop at, as the replay test does. */
  if (!fatal)
    {
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
      fatal = TRUE;
    }
  batch = reframe_emoods_read_bytes (bytes, &error);
  g_assert ((batch == NULL) != (error == NULL));
  if (batch != NULL)
    {
      g_autofree char *summary = reframe_import_batch_dup_summary (batch);
      g_autoptr (JsonNode) preview = reframe_import_batch_to_json (batch);

      g_assert_nonnull (summary);
      g_assert_nonnull (preview);
    }
  return 0;
}
