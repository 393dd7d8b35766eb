/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-import-text.c: helpers the readers share: decoding exported text, reading CSV.
 *
 * Exports come from phones and old computers: UTF-8 with or without a BOM, now and then
 * UTF-16 or Windows-1252. Nothing here logs the text.
 */

#define G_LOG_DOMAIN "ReframeImport"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-import-text.h"
#include "reframe-importer.h"

struct _ReframeCsvReader
{
  /* Borrowed */
  const char *text;

  const char *p;
  guint       line;
};

static char *
convert (const char *data,
         gsize       len,
         const char *from,
         GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  char *text = g_convert (data, len, "UTF-8", from, NULL, NULL, &local_error);

  if (text == NULL)
    g_set_error (error,
                 REFRAME_IMPORT_ERROR,
                 REFRAME_IMPORT_ERROR_INVALID,
                 _ ("The file’s text could not be read (it is not in an encoding Reframe knows)."));
  return text;
}

/**
 * reframe_import_decode_text:
 *
 * Returns: (transfer full) (nullable): the text as UTF-8
 */
char *
reframe_import_decode_text (GBytes  *bytes,
                            GError **error)
{
  gsize       len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  /* An empty GBytes may hold no buffer at all. */
  if (data == NULL)
    data = "";
  if (len >= 2 && (guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE)
    return convert (data + 2, len - 2, "UTF-16LE", error);
  if (len >= 2 && (guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)
    return convert (data + 2, len - 2, "UTF-16BE", error);
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error,
                   REFRAME_IMPORT_ERROR,
                   REFRAME_IMPORT_ERROR_INVALID,
                   _ ("The file holds binary data, not text."));
      return NULL;
    }
  if (g_utf8_validate (data, len, NULL))
    return g_strndup (data, len);
  return convert (data, len, "WINDOWS-1252", error);
}

/**
 * reframe_import_read_text_bytes:
 * @parse: the reader's parser of the decoded text
 *
 * Returns: (transfer full) (nullable): what @parse makes of the text of @bytes
 */
ReframeImportBatch *
reframe_import_read_text_bytes (GBytes                 *bytes,
                                ReframeImportTextParser parse,
                                GError                **error)
{
  g_autofree char *text = reframe_import_decode_text (bytes, error);

  return text != NULL ? parse (text, NULL, error) : NULL;
}

/**
 * reframe_import_read_text_file:
 * @parse: the reader's parser of the decoded text
 *
 * Returns: (transfer full) (nullable): what @parse makes of the text of @file
 */
ReframeImportBatch *
reframe_import_read_text_file (GFile                  *file,
                               ReframeImportTextParser parse,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_autoptr (GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, error);
  g_autofree char *text = NULL;

  if (bytes == NULL || (text = reframe_import_decode_text (bytes, error)) == NULL)
    return NULL;
  return parse (text, cancellable, error);
}

/**
 * reframe_import_decode_head:
 * @head: (nullable): the first bytes of a file, %NULL for a folder
 *
 * Returns: (transfer full) (nullable): @head as UTF-8, %NULL when it is not text
 */
char *
reframe_import_decode_head (const char *head,
                            gsize       head_len)
{
  g_autoptr (GBytes) bytes = NULL;

  if (head == NULL)
    return NULL;
  bytes = g_bytes_new (head, head_len);
  return reframe_import_decode_text (bytes, NULL);
}

ReframeCsvReader *
reframe_csv_reader_new (const char *text)
{
  ReframeCsvReader *self = g_new0 (ReframeCsvReader, 1);

  self->text = text;
  self->p = text;
  self->line = 1;
  return self;
}

void
reframe_csv_reader_free (ReframeCsvReader *self)
{
  g_free (self);
}

/* Consumes one line end (CRLF, LF or CR) at the reader's position, if there is one. */
static gboolean
skip_line_end (ReframeCsvReader *self)
{
  if (*self->p == '\r')
    {
      self->p += self->p[1] == '\n' ? 2 : 1;
      self->line++;
      return TRUE;
    }
  if (*self->p == '\n')
    {
      self->p++;
      self->line++;
      return TRUE;
    }
  return FALSE;
}

static char *
read_quoted (ReframeCsvReader *self,
             gboolean         *unterminated)
{
  g_autoptr (GString) field = g_string_new (NULL);

  self->p++; /* the opening quote */
  for (;;)
    {
      const char *stop = strpbrk (self->p, "\"\r\n");

      if (stop == NULL)
        {
          g_string_append (field, self->p);
          self->p += strlen (self->p);
          *unterminated = TRUE;
          break;
        }
      g_string_append_len (field, self->p, stop - self->p);
      self->p = stop;
      if (*stop == '"' && stop[1] == '"')
        {
          g_string_append_c (field, '"');
          self->p += 2;
        }
      else if (*stop == '"')
        {
          self->p++;
          break;
        }
      else
        {
          /* A line break inside quotes is part of the text, kept as written. */
          const char *start = self->p;

          skip_line_end (self);
          g_string_append_len (field, start, self->p - start);
        }
    }
  /* Anything between the closing quote and the separator is kept, as spreadsheets do. */
  while (*self->p != '\0' && *self->p != ',' && *self->p != '\r' && *self->p != '\n')
    g_string_append_c (field, *self->p++);
  return g_string_free (g_steal_pointer (&field), FALSE);
}

/**
 * reframe_csv_reader_next:
 * @line: (out) (optional): the line the record starts on, from 1
 * @unterminated: (out) (optional): set when a quoted field runs to the end of the text
 *
 * Returns: (transfer full) (nullable): the fields of the next record, %NULL at the end
 */
GPtrArray *
reframe_csv_reader_next (ReframeCsvReader *self,
                         guint            *line,
                         gboolean         *unterminated)
{
  GPtrArray *fields;
  gboolean   open_quote = FALSE;

  if (*self->p == '\0')
    return NULL;
  if (line != NULL)
    *line = self->line;
  fields = g_ptr_array_new_with_free_func (g_free);
  for (;;)
    {
      if (*self->p == '"')
        g_ptr_array_add (fields, read_quoted (self, &open_quote));
      else
        {
          gsize n = strcspn (self->p, ",\r\n");

          g_ptr_array_add (fields, g_strndup (self->p, n));
          self->p += n;
        }
      if (*self->p == ',')
        {
          self->p++;
          continue;
        }
      skip_line_end (self);
      break;
    }
  if (unterminated != NULL)
    *unterminated = open_quote;
  return fields;
}

/**
 * reframe_csv_find_column:
 *
 * Returns: the position of the first column named one of @names, or -1
 */
int
reframe_csv_find_column (GPtrArray         *header,
                         const char *const *names)
{
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *name = g_strstrip (g_utf8_casefold (g_ptr_array_index (header, i), -1));

      for (guint j = 0; names[j] != NULL; j++)
        if (g_ascii_strcasecmp (name, names[j]) == 0)
          return (int) i;
    }
  return -1;
}

/**
 * reframe_csv_read_head:
 * @head: (nullable): the first bytes of a file, %NULL for a folder
 *
 * Returns: (transfer full) (nullable): the fields of the first record of @head
 */
GPtrArray *
reframe_csv_read_head (const char *head,
                       gsize       head_len)
{
  g_autofree char *text = reframe_import_decode_head (head, head_len);
  g_autoptr (ReframeCsvReader) reader = NULL;

  if (text == NULL)
    return NULL;
  reader = reframe_csv_reader_new (text);
  return reframe_csv_reader_next (reader, NULL, NULL);
}

/**
 * reframe_csv_field:
 *
 * Returns: (transfer none) (nullable): the field at @column of @fields
 */
const char *
reframe_csv_field (GPtrArray *fields,
                   int        column)
{
  if (column < 0 || (guint) column >= fields->len)
    return NULL;
  return g_ptr_array_index (fields, column);
}

static gboolean
is_blank (GPtrArray *fields)
{
  return fields->len == 1 && *(const char *) g_ptr_array_index (fields, 0) == '\0';
}

/**
 * reframe_csv_read_rows:
 * @read_row: (scope call): reads one record into the batch
 *
 * Returns: %FALSE when @cancellable was cancelled
 */
gboolean
reframe_csv_read_rows (ReframeCsvReader   *reader,
                       ReframeImportBatch *batch,
                       ReframeCsvRowFunc   read_row,
                       gpointer            user_data,
                       GCancellable       *cancellable,
                       GError            **error)
{
  GPtrArray *fields;
  guint      line = 0, n = 0;
  gboolean   open_quote = FALSE;

  while ((fields = reframe_csv_reader_next (reader, &line, &open_quote)) != NULL)
    {
      if (++n % 512 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          g_ptr_array_unref (fields);
          return FALSE;
        }
      if (open_quote)
        reframe_import_batch_add_problem (
            batch,
            line,
            _ ("a quote opened here is never closed, so the rest of the file cannot be read."));
      else if (!is_blank (fields))
        read_row (batch, fields, line, user_data);
      g_ptr_array_unref (fields);
    }
  return TRUE;
}

/**
 * reframe_import_read_json_records:
 * @read_record: (scope call): reads one record into the batch
 *
 * Returns: %FALSE when @cancellable was cancelled
 */
gboolean
reframe_import_read_json_records (JsonArray            *records,
                                  ReframeImportBatch   *batch,
                                  ReframeJsonRecordFunc read_record,
                                  gpointer              user_data,
                                  GCancellable         *cancellable,
                                  GError              **error)
{
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      if ((i + 1) % 512 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      read_record (batch, json_array_get_element (records, i), i + 1, user_data);
    }
  return TRUE;
}

/**
 * reframe_import_checksum_fields:
 *
 * Returns: (transfer full): the SHA-256 of @fields, each ended by a unit separator
 */
char *
reframe_import_checksum_fields (const char *const *fields,
                                guint              n_fields)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; i < n_fields; i++)
    {
      if (fields[i] != NULL)
        g_checksum_update (checksum, (const guchar *) fields[i], -1);
      g_checksum_update (checksum, (const guchar *) "\x1f", 1);
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * reframe_import_checksum_row:
 *
 * Returns: (transfer full): the SHA-256 of a CSV row's fields
 */
char *
reframe_import_checksum_row (GPtrArray *fields)
{
  return reframe_import_checksum_fields ((const char *const *) fields->pdata, fields->len);
}

/**
 * reframe_import_split_list:
 *
 * Returns: (transfer full): the names in @text, trimmed, without empty ones
 */
GStrv
reframe_import_split_list (const char *text)
{
  g_auto (GStrv) parts = g_strsplit (text ? text : "", "|", -1);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);

      if (*name != '\0')
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

/**
 * reframe_import_parse_month_name:
 *
 * Returns: 1 to 12, or 0 when @word names no month
 */
int
reframe_import_parse_month_name (const char *word)
{
  static const char *const months[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
  g_autofree char         *folded = g_ascii_strdown (word, -1);

  if (strlen (folded) < 3)
    return 0;
  for (guint m = 0; m < G_N_ELEMENTS (months); m++)
    if (g_str_has_prefix (folded, months[m]))
      return (int) m + 1;
  return 0;
}

/**
 * reframe_import_no_mood:
 *
 * Returns: the point a record without a mood gets, noted in @batch's mapping
 */
ReframeMood
reframe_import_no_mood (ReframeImportBatch *batch)
{
  reframe_import_batch_add_mood_mapping (batch, _ ("no mood in the export"), REFRAME_MOOD_OKAY);
  return REFRAME_MOOD_OKAY;
}
