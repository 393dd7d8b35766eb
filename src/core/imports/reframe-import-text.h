/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-text.h: helpers the readers share: decoding exported text, reading CSV. */

#pragma once

#include <gio/gio.h>

#include "reframe-import-batch.h"

G_BEGIN_DECLS

/* Turns an export's bytes into UTF-8 with LF line ends kept as written: drops a UTF-8 BOM,
 * converts UTF-16 (by its BOM), and reads text that is not UTF-8 as Windows-1252. Fails only
 * on bytes no encoding explains (embedded NULs). */
char *reframe_import_decode_text (GBytes  *bytes,
                                  GError **error);

/* A reader's own parser: @text is the whole export, decoded (borrowed). */
typedef ReframeImportBatch *(*ReframeImportTextParser) (const char   *text,
                                                        GCancellable *cancellable,
                                                        GError      **error);

/* Decodes @bytes (reframe_import_decode_text()) and gives the text to @parse: the
 * `*_read_bytes` entry points of the readers of text. */
ReframeImportBatch *reframe_import_read_text_bytes (GBytes                 *bytes,
                                                    ReframeImportTextParser parse,
                                                    GError                **error);
/* Loads @file, decodes it and gives the text to @parse: a reader's read(). */
ReframeImportBatch *reframe_import_read_text_file (GFile                  *file,
                                                   ReframeImportTextParser parse,
                                                   GCancellable           *cancellable,
                                                   GError                **error);
/* The first bytes detect() is given, decoded; NULL for a folder (@head NULL) or bytes
 * that are not text. */
char *reframe_import_decode_head (const char *head,
                                  gsize       head_len);

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

/* The first CSV record of the first bytes detect() is given (the header; transfer full),
 * or NULL when there is none or they are not text. */
GPtrArray *reframe_csv_read_head (const char *head,
                                  gsize       head_len);
/* The field at @column of a record, or NULL when the column is missing (-1) or the record
 * is shorter. */
const char *reframe_csv_field (GPtrArray *fields,
                               int        column);

/* A reader's own handling of one record after the header. */
typedef void (*ReframeCsvRowFunc) (ReframeImportBatch *batch,
                                   GPtrArray          *fields,
                                   guint               line,
                                   gpointer            user_data);

/* Reads the records left in @reader into @batch: a record that leaves a quote open becomes
 * a problem of the batch, blank lines are skipped, every other record goes to @read_row.
 * FALSE with @error when @cancellable is cancelled (checked every 512 records). */
gboolean reframe_csv_read_rows (ReframeCsvReader   *reader,
                                ReframeImportBatch *batch,
                                ReframeCsvRowFunc   read_row,
                                gpointer            user_data,
                                GCancellable       *cancellable,
                                GError            **error);

/* A reader's own handling of one record of a JSON list, numbered from 1. */
typedef void (*ReframeJsonRecordFunc) (ReframeImportBatch *batch,
                                       JsonNode           *record,
                                       guint               number,
                                       gpointer            user_data);

/* Gives each element of @records to @read_record, numbered from 1 in the order of the file.
 * FALSE with @error when @cancellable is cancelled (checked every 512 records). */
gboolean reframe_import_read_json_records (JsonArray            *records,
                                           ReframeImportBatch   *batch,
                                           ReframeJsonRecordFunc read_record,
                                           gpointer              user_data,
                                           GCancellable         *cancellable,
                                           GError              **error);

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
