/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-import-reader.c: libFuzzer target for one import reader, chosen when it is compiled.
 *
 * meson.build compiles it once a reader, with -DREFRAME_FUZZ_READER=REFRAME_FUZZ_<READER>
 * (fuzz-daylio-reader and fuzz-replay-daylio for REFRAME_FUZZ_DAYLIO, and so on).
 */

#include "config.h"

#include <stdint.h>

#include "reframe-archive.h"
#include "reframe-bearable-importer.h"
#include "reframe-daylio-importer.h"
#include "reframe-emoods-importer.h"
#include "reframe-freecbt-importer.h"
#include "reframe-jrnl-importer.h"
#include "reframe-rednotebook-importer.h"

#define REFRAME_FUZZ_ARCHIVE     1
#define REFRAME_FUZZ_DAYLIO      2
#define REFRAME_FUZZ_BEARABLE    3
#define REFRAME_FUZZ_EMOODS      4
#define REFRAME_FUZZ_FREECBT     5
#define REFRAME_FUZZ_JRNL        6
#define REFRAME_FUZZ_REDNOTEBOOK 7

#if REFRAME_FUZZ_READER == REFRAME_FUZZ_ARCHIVE
#define read_bytes reframe_archive_read_bytes
#elif REFRAME_FUZZ_READER == REFRAME_FUZZ_DAYLIO
#define read_bytes reframe_daylio_read_bytes
#elif REFRAME_FUZZ_READER == REFRAME_FUZZ_BEARABLE
#define read_bytes reframe_bearable_read_bytes
#elif REFRAME_FUZZ_READER == REFRAME_FUZZ_EMOODS
#define read_bytes reframe_emoods_read_bytes
#elif REFRAME_FUZZ_READER == REFRAME_FUZZ_FREECBT
#define read_bytes reframe_freecbt_read_bytes
#elif REFRAME_FUZZ_READER == REFRAME_FUZZ_JRNL
#define read_bytes reframe_jrnl_read_bytes
#elif REFRAME_FUZZ_READER == REFRAME_FUZZ_REDNOTEBOOK
/* One month file (YAML); its name would give the month, any month will do. */
#define read_bytes(bytes, error) reframe_rednotebook_read_month_bytes (bytes, 2024, 2, error)
#else
#error \
    "REFRAME_FUZZ_READER names no reader: compile with -DREFRAME_FUZZ_READER=REFRAME_FUZZ_DAYLIO or another"
#endif

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
  batch = read_bytes (bytes, &error);
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
