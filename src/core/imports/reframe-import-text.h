/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-text.h: helpers the readers share: decoding exported text, reading CSV. */

#pragma once

#include <glib.h>

#include "reframe-import-batch.h"

G_BEGIN_DECLS

/* Turns an export's bytes into UTF-8 with LF line ends kept as written: drops a UTF-8 BOM,
 * converts UTF-16 (by its BOM), and reads text that is not UTF-8 as Windows-1252. Fails only
 * on bytes no encoding explains (embedded NULs). */
char *reframe_import_decode_text (GBytes  *bytes,
                                  GError **error);

typedef struct _ReframeCsvReader ReframeCsvReader;

/* Reads RFC 4180 CSV from @text (borrowed; must outlive the reader): quoted fields may hold
 * commas, "" and line breaks; CRLF, LF and CR all end a record. */
ReframeCsvReader *reframe_csv_reader_new (const char *text);
void              reframe_csv_reader_free (ReframeCsvReader *self);
/* The next record's fields (transfer full, NULL at the end) and the line it starts on.
 * A quote left open at the end of the text gives the fields read so far and sets
 * @unterminated. */
GPtrArray *reframe_csv_reader_next (ReframeCsvReader *self,
                                    guint            *line,
                                    gboolean         *unterminated);
/* The position of the first column of @header named one of @names (compared trimmed and
 * without case), or -1. */
int reframe_csv_find_column (GPtrArray         *header,
                             const char *const *names);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeCsvReader, reframe_csv_reader_free)

/* The source id of a record from an app without ids: a SHA-256 of its fields, so the same
 * row gives the same id and importing the export again adds nothing. */
char *reframe_import_checksum_fields (const char *const *fields,
                                      guint              n_fields);
char *reframe_import_checksum_row (GPtrArray *fields);

/* Names joined by " | " (Daylio, Bearable), each trimmed; empty names dropped. */
GStrv reframe_import_split_list (const char *text);

/* A month's number from its English name or abbreviation ("Sep", "September"), or 0. */
int reframe_import_parse_month_name (const char *word);

/* The point given to records of an app that has no moods (jrnl, RedNotebook, a Bearable day
 * without a mood reading): Okay, recorded in the batch's mapping so the preview says so. */
ReframeMood reframe_import_no_mood (ReframeImportBatch *batch);

G_END_DECLS
