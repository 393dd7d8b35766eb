/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fts-snippet.c: reframe_snippet (), the search snippet at a screenful's cost.
 *
 * FTS5's own snippet () scores every match of a row against every other, so its cost
 * grows with the square of the matches: a search for a common letter took 1.75 s on a
 * 121 KB note and over 12 minutes on a 10 MB one. reframe_snippet (table, column, open,
 * close, ellipsis, n_tokens) takes the same arguments and shows the first match with
 * the words around it, as FTS5 places them, without sentence-starts. It tokenizes the
 * text only up to the last word shown and looks only at the matches shown.
 */

#define G_LOG_DOMAIN "ReframeStore"

#include "config.h"

#include "reframe-store-private.h"

#define MAX_TOKENS 64

enum
{
  MARK_OPEN = 1 << 0,
  MARK_CLOSE = 1 << 1,
};

typedef struct
{
  /* Borrowed */
  const char *text;
  const char *open;
  const char *close;

  int      first;             /* the first token shown */
  int      n_tokens;          /* how many are shown */
  guint8   marks[MAX_TOKENS]; /* MARK_* for each token shown */
  int      position;          /* of the next token */
  int      copied;            /* bytes of @text already in @out, or -1 */
  GString *out;
} Snippet;

/* The column to show and the first match in it: the earliest match of any phrase, in
 * @column or, for -1, in the first column that has one. */
static gboolean
find_first_match (const Fts5ExtensionApi *api,
                  Fts5Context            *fts,
                  int                    *column,
                  int                    *offset)
{
  int best_column = G_MAXINT, best_offset = G_MAXINT;

  for (int phrase = 0; phrase < api->xPhraseCount (fts); phrase++)
    {
      Fts5PhraseIter iter;
      int            c = -1, o = -1;

      if (api->xPhraseFirst (fts, phrase, &iter, &c, &o) != SQLITE_OK)
        return FALSE;
      while (c >= 0 && *column >= 0 && c < *column)
        api->xPhraseNext (fts, &iter, &c, &o);
      if (c < 0 || (*column >= 0 && c != *column))
        continue;
      if (c < best_column || (c == best_column && o < best_offset))
        best_column = c, best_offset = o;
    }
  if (best_column == G_MAXINT)
    return FALSE;
  *column = best_column;
  *offset = best_offset;
  return TRUE;
}

/* Marks the matches that fall among the tokens shown, visiting no others. */
static void
mark_matches (const Fts5ExtensionApi *api,
              Fts5Context            *fts,
              int                     column,
              Snippet                *snippet)
{
  int end = snippet->first + snippet->n_tokens;

  for (int phrase = 0; phrase < api->xPhraseCount (fts); phrase++)
    {
      int            size = MAX (api->xPhraseSize (fts, phrase), 1);
      Fts5PhraseIter iter;
      int            c = -1, o = -1;

      if (api->xPhraseFirst (fts, phrase, &iter, &c, &o) != SQLITE_OK)
        continue;
      for (; c >= 0 && c <= column; api->xPhraseNext (fts, &iter, &c, &o))
        {
          if (c < column || o + size <= snippet->first)
            continue;
          if (o >= end)
            break;
          snippet->marks[MAX (o, snippet->first) - snippet->first] |= MARK_OPEN;
          snippet->marks[MIN (o + size, end) - 1 - snippet->first] |= MARK_CLOSE;
        }
    }
}

static int
token_cb (void       *data,
          int         flags,
          const char *token,
          int         n_token,
          int         start,
          int         end)
{
  Snippet *snippet = data;
  int      i;

  /* Synonyms share their token's position. */
  if (flags & FTS5_TOKEN_COLOCATED)
    return SQLITE_OK;
  i = snippet->position++ - snippet->first;
  if (i < 0)
    return SQLITE_OK;
  if (i >= snippet->n_tokens)
    return SQLITE_DONE;

  /* Shown from the start of the text, or else from the first token shown. */
  if (snippet->copied < 0)
    snippet->copied = snippet->first == 0 ? 0 : start;
  g_string_append_len (snippet->out, snippet->text + snippet->copied, start - snippet->copied);
  if (snippet->marks[i] & MARK_OPEN)
    g_string_append (snippet->out, snippet->open);
  g_string_append_len (snippet->out, snippet->text + start, end - start);
  if (snippet->marks[i] & MARK_CLOSE)
    g_string_append (snippet->out, snippet->close);
  snippet->copied = end;
  return SQLITE_OK;
}

static const char *
value_text (sqlite3_value *value)
{
  const char *text = (const char *) sqlite3_value_text (value);

  return text ? text : "";
}

static void
snippet_func (const Fts5ExtensionApi *api,
              Fts5Context            *fts,
              sqlite3_context        *context,
              int                     n_values,
              sqlite3_value         **values)
{
  Snippet snippet = { 0 };
  int     column, hit = 0, n_column_tokens = 0, n_text = 0, rc;

  if (n_values != 5)
    {
      sqlite3_result_error (
          context, "wrong number of arguments to function reframe_snippet ()", -1);
      return;
    }
  column = sqlite3_value_int (values[0]);
  snippet.open = value_text (values[1]);
  snippet.close = value_text (values[2]);
  snippet.n_tokens = CLAMP (sqlite3_value_int (values[4]), 1, MAX_TOKENS);

  if (!find_first_match (api, fts, &column, &hit))
    column = MAX (column, 0), hit = 0;
  if ((rc = api->xColumnSize (fts, column, &n_column_tokens)) != SQLITE_OK ||
      (rc = api->xColumnText (fts, column, &snippet.text, &n_text)) != SQLITE_OK)
    {
      sqlite3_result_error_code (context, rc);
      return;
    }

  /* The match a little before the middle, as FTS5 places it, and no gap at the end. */
  snippet.first =
      MAX (0, MIN (hit - (snippet.n_tokens - 1) / 2, n_column_tokens - snippet.n_tokens));
  snippet.copied = -1;
  snippet.out = g_string_new (snippet.first > 0 ? value_text (values[3]) : "");
  mark_matches (api, fts, column, &snippet);

  rc = api->xTokenize (fts, snippet.text, n_text, &snippet, token_cb);
  if (rc != SQLITE_OK)
    {
      g_string_free (snippet.out, TRUE);
      sqlite3_result_error_code (context, rc);
      return;
    }
  if (snippet.first + snippet.n_tokens < n_column_tokens)
    g_string_append (snippet.out, value_text (values[3]));
  else if (snippet.copied >= 0)
    g_string_append_len (snippet.out, snippet.text + snippet.copied, n_text - snippet.copied);
  n_text = snippet.out->len;
  sqlite3_result_text64 (context, g_string_free (snippet.out, FALSE), n_text, g_free, SQLITE_UTF8);
}

/**
 * _reframe_store_add_snippet_function:
 *
 * Makes reframe_snippet () known to FTS5 on @db.
 */
gboolean
_reframe_store_add_snippet_function (sqlite3 *db,
                                     GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  fts5_api *api = NULL;
  int       rc;

  if ((stmt = _reframe_store_prepare (db, "SELECT fts5 (?1)", error)) == NULL)
    return FALSE;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _reframe_store_fail (error, db, rc);
  if (api == NULL || api->iVersion < 2)
    return _reframe_store_fail (error, NULL, SQLITE_ERROR);
  rc = api->xCreateFunction (api, "reframe_snippet", NULL, snippet_func, NULL);
  if (rc != SQLITE_OK)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}
