/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-rednotebook-importer.c: RedNotebook's data folder (one YAML file per month).
 *
 * A RedNotebook journal is a folder of month files `YYYY-MM.txt` (see
 * ../shared/reference/import-formats.md), each a YAML mapping written by PyYAML: day number
 * → the day, a mapping with `text` (txt2tags markup) and categories (`Work: null`,
 * `Work: {"Meeting with Sam": null}`). Reframe has no YAML library, so this file reads the
 * part of YAML PyYAML writes: block and flow mappings (and sequences), plain, single- and
 * double-quoted scalars over several lines with YAML's line folding and escapes, literal and
 * folded block scalars, comments. Anchors, aliases and tags are not written by RedNotebook
 * and are reported as unreadable.
 *
 * Each day becomes a mood entry at noon (RedNotebook keeps no times), in the time zone of
 * the computer importing it; its source id is the date, as RedNotebook has one entry a day.
 * The text is the note, exactly. Categories become tags: a category alone is a tag, an
 * entry of a category is "Category: entry", and the old `Tags` category's entries are tags;
 * `#hashtags` in the text are tags too (lower-cased, as RedNotebook reads them). RedNotebook
 * has no moods, but a "Mood" category holding "6/10" or "3/5" is a common habit and is
 * mapped (the mapping is in the batch); other days get the point for records without one.
 *
 * A day that cannot be read is reported with its line, and reading goes on at the next day
 * (a line at the left edge): one broken day does not lose the month.
 */

#define G_LOG_DOMAIN "ReframeImportRednotebook"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reframe-import-text.h"
#include "reframe-rednotebook-importer.h"

/* Nesting deeper than this is not RedNotebook's (and must not exhaust the stack). */
#define MAX_DEPTH 24

typedef struct
{
  const char *p;
  const char *line_start;
  guint       line;
} Position;

typedef struct
{
  Position pos;
  guint    depth;
  guint    error_line;
  char    *error;
} Yaml;

#define P(y) ((y)->pos.p)

static gboolean
fail (Yaml       *y,
      const char *message)
{
  if (y->error == NULL)
    {
      y->error = g_strdup (message);
      y->error_line = y->pos.line;
    }
  return FALSE;
}

static int
column (Yaml *y)
{
  return (int) (P (y) - y->pos.line_start);
}

static void
advance (Yaml *y)
{
  if (*P (y) == '\0')
    return;
  if (*P (y) == '\n')
    {
      y->pos.line++;
      y->pos.line_start = P (y) + 1;
    }
  P (y)
  ++;
}

static gboolean
is_end (char c)
{
  return c == '\0' || c == '\n';
}

static gboolean
is_blank_char (char c)
{
  return c == ' ' || c == '\t';
}

static void
skip_spaces (Yaml *y)
{
  while (is_blank_char (*P (y)))
    advance (y);
}

static void
skip_to_line_end (Yaml *y)
{
  while (!is_end (*P (y)))
    advance (y);
}

/* Past spaces, comments and empty lines, to the next content (or the end). */
static void
skip_blank_lines (Yaml *y)
{
  for (;;)
    {
      skip_spaces (y);
      if (*P (y) == '#')
        skip_to_line_end (y);
      if (*P (y) != '\n')
        return;
      advance (y);
    }
}

/* After a value: nothing but spaces and a comment until the line ends. */
static gboolean
finish_line (Yaml *y)
{
  skip_spaces (y);
  if (*P (y) == '#')
    skip_to_line_end (y);
  return is_end (*P (y)) || fail (y, _ ("there is more text after a value."));
}

static void
append_folded_breaks (GString *out,
                      guint    breaks)
{
  if (breaks == 1)
    g_string_append_c (out, ' ');
  else
    for (guint i = 1; i < breaks; i++)
      g_string_append_c (out, '\n');
}

static void
trim_trailing_blanks (GString *out,
                      gsize    keep)
{
  while (out->len > keep && is_blank_char (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
}

/* At a line break inside a quoted scalar: consumes it and the following empty lines and
 * indentation, and folds them (one break is a space, n breaks are n-1 newlines). */
static void
fold_quoted_break (Yaml    *y,
                   GString *out,
                   gsize    keep)
{
  guint breaks = 0;

  trim_trailing_blanks (out, keep);
  while (*P (y) == '\n')
    {
      breaks++;
      advance (y);
      skip_spaces (y);
    }
  append_folded_breaks (out, breaks);
}

static gboolean
append_escape (Yaml    *y,
               GString *out)
{
  static const char simple_from[] = "abtnvfre \"/\\\t";
  static const char simple_to[] = "\a\b\t\n\v\f\r\x1b \"/\\\t";
  const char       *found;
  char              c = *P (y);
  int               digits = 0;
  gunichar          value = 0;

  if (c != '\0' && (found = strchr (simple_from, c)) != NULL)
    {
      g_string_append_c (out, simple_to[found - simple_from]);
      advance (y);
      return TRUE;
    }
  switch (c)
    {
    case 'N':
      value = 0x85;
      break;
    case '_':
      value = 0xa0;
      break;
    case 'L':
      value = 0x2028;
      break;
    case 'P':
      value = 0x2029;
      break;
    case 'x':
      digits = 2;
      break;
    case 'u':
      digits = 4;
      break;
    case 'U':
      digits = 8;
      break;
    default:
      return fail (y, _ ("a “\\” in quoted text is followed by something that is not an escape."));
    }
  advance (y);
  for (int i = 0; i < digits; i++)
    {
      if (!g_ascii_isxdigit (*P (y)))
        return fail (y,
                     _ ("a “\\” in quoted text is followed by something that is not an escape."));
      value = value * 16 + (gunichar) g_ascii_xdigit_value (*P (y));
      advance (y);
    }
  if (value == 0 || !g_unichar_validate (value))
    return fail (y, _ ("quoted text holds a character that does not exist."));
  g_string_append_unichar (out, value);
  return TRUE;
}

static gboolean
parse_quoted (Yaml      *y,
              JsonNode **node)
{
  g_autoptr (GString) out = g_string_new (NULL);
  char  quote = *P (y);
  gsize keep = 0;
  guint start_line = y->pos.line;

  advance (y);
  for (;;)
    {
      char c = *P (y);

      if (c == '\0')
        {
          fail (y, _ ("a quote opened here is never closed."));
          y->error_line = start_line;
          return FALSE;
        }
      if (c == '\n')
        fold_quoted_break (y, out, keep);
      else if (quote == '\'' && c == '\'')
        {
          advance (y);
          if (*P (y) != '\'')
            break;
          g_string_append_c (out, '\'');
          advance (y);
          keep = out->len;
        }
      else if (quote == '"' && c == '"')
        {
          advance (y);
          break;
        }
      else if (quote == '"' && c == '\\')
        {
          advance (y);
          if (*P (y) == '\n')
            {
              /* An escaped line break joins the lines without a space. */
              advance (y);
              skip_spaces (y);
            }
          else if (!append_escape (y, out))
            return FALSE;
          keep = out->len;
        }
      else
        {
          g_string_append_c (out, c);
          advance (y);
        }
    }
  *node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (*node, out->str);
  return TRUE;
}

static JsonNode *
scalar_node (const char *text)
{
  JsonNode *node;

  if (*text == '\0' || strcmp (text, "~") == 0 || strcmp (text, "null") == 0 ||
      strcmp (text, "Null") == 0 || strcmp (text, "NULL") == 0)
    return json_node_new (JSON_NODE_NULL);
  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, text);
  return node;
}

/* Whether a plain scalar stops at the current character: ": " and " #" always, and the
 * flow indicators inside flow collections. */
static gboolean
plain_stops (Yaml    *y,
             gboolean flow,
             gboolean key)
{
  char c = *P (y);

  if (is_end (c))
    return TRUE;
  if (c == ':' && (is_end (P (y)[1]) || is_blank_char (P (y)[1]) ||
                   (flow && strchr (",[]{}", P (y)[1]) != NULL)))
    return key || flow;
  if (c == '#' && P (y) > y->pos.line_start && is_blank_char (P (y)[-1]))
    return TRUE;
  return flow && strchr (",[]{}", c) != NULL;
}

/* A plain scalar; in block context, lines indented more than @indent continue it. */
static gboolean
parse_plain (Yaml      *y,
             int        indent,
             gboolean   flow,
             gboolean   key,
             JsonNode **node)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (*P (y) != '\0' && strchr ("&*!%@`", *P (y)) != NULL)
    return fail (y, _ ("anchors, aliases and tags are not part of RedNotebook’s files."));
  for (;;)
    {
      Position saved;
      guint    breaks = 0;

      while (!plain_stops (y, flow, key))
        {
          g_string_append_c (out, *P (y));
          advance (y);
        }
      trim_trailing_blanks (out, 0);
      if (key || *P (y) != '\n')
        break;
      /* Continuation lines: more indented (or anywhere in a flow collection). */
      saved = y->pos;
      while (*P (y) == '\n')
        {
          breaks++;
          advance (y);
          skip_spaces (y);
        }
      if (is_end (*P (y)) || *P (y) == '#' || (!flow && column (y) <= indent) ||
          (flow && strchr (",[]{}", *P (y)) != NULL) ||
          (!flow && *P (y) == '-' && (is_blank_char (P (y)[1]) || is_end (P (y)[1]))))
        {
          y->pos = saved;
          break;
        }
      append_folded_breaks (out, breaks);
    }
  *node = scalar_node (out->str);
  return TRUE;
}

/* `|` or `>`, with their chomping and indentation indicators, and the lines that follow. */
static gboolean
parse_block_scalar (Yaml      *y,
                    int        indent,
                    JsonNode **node)
{
  g_autoptr (GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) out = g_string_new (NULL);
  gboolean folded = *P (y) == '>';
  char     chomp = 0;
  int      content_indent = -1;
  guint    trailing;

  advance (y);
  for (int i = 0; i < 2; i++)
    if (*P (y) == '+' || *P (y) == '-')
      chomp = *P (y), advance (y);
    else if (*P (y) >= '1' && *P (y) <= '9')
      content_indent = MAX (indent, 0) + (*P (y) - '0'), advance (y);
  if (!finish_line (y))
    return FALSE;
  while (*P (y) == '\n')
    {
      Position saved = y->pos;
      int      spaces = 0;

      advance (y);
      if (*P (y) == '\0')
        break;
      while (P (y)[spaces] == ' ')
        spaces++;
      if (!is_end (P (y)[spaces]))
        {
          if (content_indent < 0)
            content_indent = spaces;
          if (spaces < content_indent || content_indent <= indent)
            {
              y->pos = saved;
              break;
            }
        }
      {
        const char *start = P (y) + MIN (spaces, MAX (content_indent, 0));

        skip_to_line_end (y);
        g_ptr_array_add (lines,
                         content_indent < 0 ? g_strdup ("") : g_strndup (start, P (y) - start));
      }
    }

  /* Trailing empty lines only count for chomping. */
  for (trailing = lines->len;
       trailing > 0 && *(const char *) g_ptr_array_index (lines, trailing - 1) == '\0';
       trailing--)
    ;
  for (guint i = 0; i < trailing; i++)
    {
      const char *text = g_ptr_array_index (lines, i);
      const char *previous = i > 0 ? g_ptr_array_index (lines, i - 1) : NULL;

      if (i > 0)
        {
          /* Folding: a break between two plain lines is a space, a break before empty lines
           * is dropped (each empty line is one), indented lines keep theirs. */
          gboolean plain_previous = *previous != '\0' && !is_blank_char (*previous);

          if (!folded || !plain_previous || (is_blank_char (*text)))
            g_string_append_c (out, '\n');
          else if (*text != '\0')
            g_string_append_c (out, ' ');
        }
      g_string_append (out, text);
    }
  if (trailing > 0 && chomp != '-')
    g_string_append_c (out, '\n');
  if (chomp == '+')
    for (guint i = trailing; i < lines->len; i++)
      g_string_append_c (out, '\n');
  *node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (*node, out->str);
  return TRUE;
}

static gboolean parse_flow (Yaml      *y,
                            JsonNode **node);
static gboolean parse_block_node (Yaml      *y,
                                  int        indent,
                                  JsonNode **node);

/* Spaces, line breaks and comments inside a flow collection. */
static void
skip_flow_space (Yaml *y)
{
  for (;;)
    {
      if (is_blank_char (*P (y)) || *P (y) == '\n')
        advance (y);
      else if (*P (y) == '#' && (P (y) == y->pos.line_start || is_blank_char (P (y)[-1])))
        skip_to_line_end (y);
      else
        return;
    }
}

static gboolean
parse_flow_scalar (Yaml      *y,
                   gboolean   key,
                   JsonNode **node)
{
  if (*P (y) == '"' || *P (y) == '\'')
    return parse_quoted (y, node);
  if (*P (y) == '{' || *P (y) == '[')
    return parse_flow (y, node);
  return parse_plain (y, -1, TRUE, key, node);
}

static char *
dup_key (JsonNode *key)
{
  if (JSON_NODE_HOLDS_VALUE (key) && json_node_get_value_type (key) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (key));
  if (JSON_NODE_HOLDS_NULL (key))
    return g_strdup ("");
  return NULL;
}

static gboolean
parse_flow (Yaml      *y,
            JsonNode **node)
{
  gboolean    mapping = *P (y) == '{';
  char        close = mapping ? '}' : ']';
  JsonObject *object = mapping ? json_object_new () : NULL;
  JsonArray  *array = mapping ? NULL : json_array_new ();
  gboolean    ok = FALSE;
  guint       start_line = y->pos.line;

  if (++y->depth > MAX_DEPTH)
    {
      fail (y, _ ("the text is nested too deeply."));
      goto out;
    }
  advance (y);
  for (;;)
    {
      g_autoptr (JsonNode) key = NULL;
      g_autoptr (JsonNode) value = NULL;

      skip_flow_space (y);
      if (*P (y) == close)
        {
          advance (y);
          ok = TRUE;
          break;
        }
      if (*P (y) == '\0' || *P (y) == ',' || *P (y) == '}' || *P (y) == ']')
        {
          fail (y, _ ("a bracket opened here is never closed."));
          if (*P (y) == '\0')
            y->error_line = start_line;
          break;
        }
      if (!parse_flow_scalar (y, mapping, &key))
        break;
      skip_flow_space (y);
      if (mapping)
        {
          g_autofree char *name = dup_key (key);

          if (name == NULL)
            {
              fail (y, _ ("a key is not text."));
              break;
            }
          if (*P (y) == ':')
            {
              advance (y);
              skip_flow_space (y);
              if (*P (y) != ',' && *P (y) != close && !parse_flow_scalar (y, FALSE, &value))
                break;
              skip_flow_space (y);
            }
          json_object_set_member (
              object, name, value ? g_steal_pointer (&value) : json_node_new (JSON_NODE_NULL));
        }
      else
        json_array_add_element (array, g_steal_pointer (&key));
      if (*P (y) == ',')
        advance (y);
      else if (*P (y) != close)
        {
          fail (y, _ ("a comma or a closing bracket is missing."));
          break;
        }
    }
out:
  y->depth--;
  if (!ok)
    {
      g_clear_pointer (&object, json_object_unref);
      g_clear_pointer (&array, json_array_unref);
      return FALSE;
    }
  *node = mapping ? json_node_init_object (json_node_alloc (), object)
                  : json_node_init_array (json_node_alloc (), array);
  g_clear_pointer (&object, json_object_unref);
  g_clear_pointer (&array, json_array_unref);
  return TRUE;
}

/* A value after "key:" or "- " on the same line, or on the lines below it. */
static gboolean
parse_value (Yaml      *y,
             int        indent,
             JsonNode **node)
{
  Position saved;

  skip_spaces (y);
  if (*P (y) == '#' || is_end (*P (y)))
    {
      saved = y->pos;
      skip_blank_lines (y);
      if (*P (y) != '\0' &&
          (column (y) > indent || (column (y) == indent && *P (y) == '-' &&
                                   (is_blank_char (P (y)[1]) || is_end (P (y)[1])))))
        return parse_block_node (y, indent, node);
      y->pos = saved;
      skip_to_line_end (y);
      *node = json_node_new (JSON_NODE_NULL);
      return TRUE;
    }
  if (*P (y) == '{' || *P (y) == '[')
    return parse_flow (y, node) && finish_line (y);
  if (*P (y) == '"' || *P (y) == '\'')
    {
      saved = y->pos;
      if (!parse_quoted (y, node))
        return FALSE;
      skip_spaces (y);
      if (*P (y) != ':')
        return finish_line (y);
      /* A quoted key of a mapping that starts on this line (a compact mapping): not PyYAML's. */
      g_clear_pointer (node, json_node_unref);
      y->pos = saved;
      return fail (y, _ ("a mapping starts on the line of its key."));
    }
  if (*P (y) == '|' || *P (y) == '>')
    return parse_block_scalar (y, indent, node);
  return parse_plain (y, indent, FALSE, FALSE, node) && finish_line (y);
}

/* A key at the current position (quoted or plain) and its colon. */
static gboolean
parse_key (Yaml  *y,
           char **name)
{
  g_autoptr (JsonNode) key = NULL;

  if (*P (y) == '"' || *P (y) == '\'')
    {
      if (!parse_quoted (y, &key))
        return FALSE;
    }
  else if (*P (y) == '?' || *P (y) == '{' || *P (y) == '[')
    return fail (y, _ ("a key is not text."));
  else if (!parse_plain (y, -1, FALSE, TRUE, &key))
    return FALSE;
  skip_spaces (y);
  if (*P (y) != ':')
    return fail (y, _ ("a colon is missing after a key."));
  advance (y);
  if (!is_end (*P (y)) && !is_blank_char (*P (y)))
    return fail (y, _ ("a colon is missing after a key."));
  if ((*name = dup_key (key)) == NULL)
    return fail (y, _ ("a key is not text."));
  return TRUE;
}

/* Whether the next content line continues a block collection at @indent; leaves the
 * position at that content when it does. */
static gboolean
next_at (Yaml *y,
         int   indent)
{
  Position saved = y->pos;

  skip_blank_lines (y);
  if (*P (y) != '\0' && column (y) == indent)
    return TRUE;
  if (*P (y) != '\0' && column (y) > indent)
    return fail (y, _ ("a line is indented more than the lines around it."));
  y->pos = saved;
  return FALSE;
}

static gboolean
parse_block_mapping (Yaml      *y,
                     int        indent,
                     JsonNode **node)
{
  g_autoptr (JsonObject) object = json_object_new ();

  do
    {
      g_autofree char *name = NULL;
      g_autoptr (JsonNode) value = NULL;

      if (*P (y) == '-' && (is_blank_char (P (y)[1]) || is_end (P (y)[1])))
        return fail (y, _ ("a list item is among the keys of a mapping."));
      if (!parse_key (y, &name) || !parse_value (y, indent, &value))
        return FALSE;
      json_object_set_member (object, name, g_steal_pointer (&value));
    }
  while (next_at (y, indent));
  if (y->error != NULL)
    return FALSE;
  *node = json_node_init_object (json_node_alloc (), object);
  return TRUE;
}

static gboolean
parse_block_sequence (Yaml      *y,
                      int        indent,
                      JsonNode **node)
{
  g_autoptr (JsonArray) array = json_array_new ();

  do
    {
      g_autoptr (JsonNode) value = NULL;

      if (*P (y) != '-' || !(is_blank_char (P (y)[1]) || is_end (P (y)[1])))
        return fail (y, _ ("a line in a list is not a list item."));
      advance (y);
      skip_spaces (y);
      if (!is_end (*P (y)) && *P (y) != '#' && strchr ("{[\"'|>", *P (y)) == NULL)
        {
          /* "- text", or "- key: value" starting a mapping inside the item. */
          Position saved = y->pos;
          char    *name = NULL;

          if (parse_key (y, &name))
            {
              g_free (name);
              y->pos = saved;
              if (!parse_block_mapping (y, column (y), &value))
                return FALSE;
              json_array_add_element (array, g_steal_pointer (&value));
              continue;
            }
          g_clear_pointer (&y->error, g_free);
          y->pos = saved;
        }
      if (!parse_value (y, indent, &value))
        return FALSE;
      json_array_add_element (array, g_steal_pointer (&value));
    }
  while (next_at (y, indent));
  if (y->error != NULL)
    return FALSE;
  *node = json_node_init_array (json_node_alloc (), array);
  return TRUE;
}

/* A node that starts on its own line, at the current position (past the indentation). */
static gboolean
parse_block_node (Yaml      *y,
                  int        indent,
                  JsonNode **node)
{
  int      here = column (y);
  gboolean ok;

  if (++y->depth > MAX_DEPTH)
    {
      y->depth--;
      return fail (y, _ ("the text is nested too deeply."));
    }
  if (*P (y) == '\t')
    ok = fail (y, _ ("a line is indented with a tab."));
  else if (*P (y) == '-' && (is_blank_char (P (y)[1]) || is_end (P (y)[1])))
    ok = parse_block_sequence (y, here, node);
  else if (*P (y) == '{' || *P (y) == '[' || *P (y) == '|' || *P (y) == '>')
    ok = parse_value (y, indent, node);
  else
    {
      /* A key (then a mapping) or a scalar on its own lines. */
      Position saved = y->pos;
      char    *name = NULL;

      if (parse_key (y, &name))
        {
          g_free (name);
          y->pos = saved;
          ok = parse_block_mapping (y, here, node);
        }
      else
        {
          g_clear_pointer (&y->error, g_free);
          y->pos = saved;
          ok = parse_value (y, indent, node);
        }
    }
  y->depth--;
  return ok;
}

/* Tags */

static void
add_tag (GPtrArray  *tags,
         const char *tag)
{
  if (tag == NULL || *tag == '\0')
    return;
  for (guint i = 0; i < tags->len; i++)
    if (strcmp (g_ptr_array_index (tags, i), tag) == 0)
      return;
  g_ptr_array_add (tags, g_strdup (tag));
}

static gboolean
is_tag_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-';
}

/* `#hashtags` as RedNotebook reads them: lower-cased, with a letter, not a colour or a
 * C preprocessor line. */
static void
add_hashtags (GPtrArray  *tags,
              const char *text)
{
  static const char *const not_tags[] = { "include", "define", "ifdef", "ifndef", "endif", NULL };
  gunichar                 previous = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c == '#' || c == 0xff03) && !is_tag_char (previous) && previous != '&' &&
          previous != '#')
        {
          const char *start = g_utf8_next_char (p), *end = start;
          gboolean    letter = FALSE, hex = TRUE;
          glong       n = 0;

          while (*end != '\0' && is_tag_char (g_utf8_get_char (end)))
            {
              letter |= g_unichar_isalpha (g_utf8_get_char (end));
              hex &= g_ascii_isxdigit (*end);
              n++;
              end = g_utf8_next_char (end);
            }
          if (letter && !(hex && n == 6))
            {
              g_autofree char *tag = g_utf8_strdown (start, end - start);

              if (!g_strv_contains (not_tags, tag))
                add_tag (tags, tag);
            }
        }
      previous = c;
    }
}

static const char *
node_text (JsonNode *node)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* "6/10" or "3/5": the five points, or NONE. */
static ReframeMood
map_mood (const char *text)
{
  double value = 0;
  int    scale = 0;
  char   tail = 0;

  if (text == NULL || sscanf (text, "%lf/%d%c", &value, &scale, &tail) != 2 || !isfinite (value) ||
      value < 0)
    return REFRAME_MOOD_NONE;
  if (scale == 10 && value <= 10)
    return (ReframeMood) CLAMP ((int) ceil (value / 2), REFRAME_MOOD_MIN, REFRAME_MOOD_MAX);
  if (scale == 5 && value <= 5)
    return (ReframeMood) CLAMP ((int) ceil (value), REFRAME_MOOD_MIN, REFRAME_MOOD_MAX);
  return REFRAME_MOOD_NONE;
}

/* A category of a day: its tags, and the mood a "Mood" category gives. */
static void
read_category (ReframeImportBatch *batch,
               const char         *name,
               JsonNode           *value,
               GPtrArray          *tags,
               ReframeMood        *mood)
{
  gboolean is_tags = g_ascii_strcasecmp (name, "Tags") == 0;
  gboolean is_mood = g_ascii_strcasecmp (name, "Mood") == 0;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    add_tag (tags, name);
  else if (node_text (value) != NULL)
    {
      g_autofree char *tag = g_strdup_printf ("%s: %s", name, node_text (value));

      add_tag (tags, tag);
    }
  else if (JSON_NODE_HOLDS_OBJECT (value) || JSON_NODE_HOLDS_ARRAY (value))
    {
      g_autoptr (GList) members = NULL;
      JsonArray *array = JSON_NODE_HOLDS_ARRAY (value) ? json_node_get_array (value) : NULL;
      guint      n = array ? json_array_get_length (array) : 0;

      if (array == NULL)
        members = json_object_get_members (json_node_get_object (value));
      for (guint i = 0; array ? i < n : members != NULL; i++)
        {
          const char *entry = array ? node_text (json_array_get_element (array, i)) : members->data;

          if (array == NULL)
            members = g_list_delete_link (members, members);
          if (entry == NULL)
            continue;
          if (is_mood && *mood == REFRAME_MOOD_NONE && map_mood (entry) != REFRAME_MOOD_NONE)
            {
              g_autofree char *mapping = g_strdup_printf ("%s %s", name, entry);

              *mood = map_mood (entry);
              reframe_import_batch_add_mood_mapping (batch, mapping, *mood);
            }
          else if (is_tags)
            add_tag (tags, entry);
          else
            {
              g_autofree char *tag = g_strdup_printf ("%s: %s", name, entry);

              add_tag (tags, tag);
            }
        }
    }
}

typedef struct
{
  ReframeImportBatch *batch;
  const char         *file_name;
  GTimeZone          *zone;
  int                 year, month;
} Month;

static void G_GNUC_PRINTF (3, 4)
    add_problem (Month      *m,
                 guint       line,
                 const char *format,
                 ...)
{
  g_autofree char *message = NULL;
  va_list          args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (m->file_name != NULL)
    /* Translators: the month file of RedNotebook's folder, then what is wrong on the line. */
    reframe_import_batch_add_problem (m->batch, line, _ ("in %s: %s"), m->file_name, message);
  else
    reframe_import_batch_add_problem (m->batch, line, "%s", message);
}

static void
read_day (Month      *m,
          const char *key,
          JsonNode   *value,
          guint       line)
{
  g_autoptr (ReframeMoodEntry) entry = NULL;
  g_autoptr (GDateTime) time = NULL;
  g_autoptr (GPtrArray) tags = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GList) members = NULL;
  g_autofree char *source_id = NULL;
  const char      *text = "";
  ReframeMood      mood = REFRAME_MOOD_NONE;
  char            *end = NULL;
  long             day = strtol (key, &end, 10);

  if (end == key || *end != '\0' || day < 1 || day > g_date_get_days_in_month (m->month, m->year))
    return add_problem (m, line, _ ("“%s” is not a day of the month."), key);
  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return;
  if (!JSON_NODE_HOLDS_OBJECT (value))
    return add_problem (m, line, _ ("day %ld is not a RedNotebook day."), day);
  if (json_object_has_member (json_node_get_object (value), "text"))
    {
      JsonNode *node = json_object_get_member (json_node_get_object (value), "text");

      if (node_text (node) != NULL)
        text = node_text (node);
      else if (!JSON_NODE_HOLDS_NULL (node))
        return add_problem (m, line, _ ("the text of day %ld is not text."), day);
    }
  members = json_object_get_members (json_node_get_object (value));
  for (GList *l = members; l != NULL; l = l->next)
    if (strcmp (l->data, "text") != 0)
      read_category (m->batch,
                     l->data,
                     json_object_get_member (json_node_get_object (value), l->data),
                     tags,
                     &mood);
  add_hashtags (tags, text);
  if (*text == '\0' && tags->len == 0 && mood == REFRAME_MOOD_NONE)
    return;
  g_ptr_array_add (tags, NULL);
  if (mood == REFRAME_MOOD_NONE)
    mood = reframe_import_no_mood (m->batch);

  time = g_date_time_new (m->zone, m->year, m->month, (int) day, 12, 0, 0);
  source_id = g_strdup_printf ("%04d-%02d-%02ld", m->year, m->month, day);
  entry = reframe_mood_entry_new ();
  reframe_mood_entry_set_mood (entry, mood);
  reframe_mood_entry_set_time (entry, time);
  reframe_mood_entry_set_note (entry, text);
  reframe_mood_entry_set_activities (entry, (const char *const *) tags->pdata);
  reframe_import_batch_add_mood_entry (m->batch, entry, source_id);
}

/* On to the next line that starts at the left edge: the next day. */
static void
resync (Yaml *y)
{
  for (;;)
    {
      skip_to_line_end (y);
      if (*P (y) == '\0')
        return;
      advance (y);
      if (*P (y) != '\0' && !is_blank_char (*P (y)) && *P (y) != '\n' && *P (y) != '#')
        return;
    }
}

static void
read_month_text (Month      *m,
                 const char *text)
{
  g_autofree char *copy = NULL;
  Yaml             y = { { NULL, NULL, 1 }, 0, 0, NULL };
  char            *out;

  /* CRLF as LF: the parser counts lines by LF. */
  copy = g_strdup (text);
  out = copy;
  for (const char *in = text; *in != '\0'; in++)
    if (!(in[0] == '\r' && in[1] == '\n'))
      *out++ = *in == '\r' ? '\n' : *in;
  *out = '\0';
  y.pos.p = y.pos.line_start = copy;

  skip_blank_lines (&y);
  if (g_str_has_prefix (P (&y), "---") && (is_end (P (&y)[3]) || is_blank_char (P (&y)[3])))
    {
      skip_to_line_end (&y);
      skip_blank_lines (&y);
    }
  if (*P (&y) == '{')
    {
      /* The whole month in flow style. */
      g_autoptr (JsonNode) root = NULL;
      guint line = y.pos.line;

      if (!parse_flow (&y, &root) || !finish_line (&y))
        {
          add_problem (m, y.error_line, _ ("this month cannot be read: %s"), y.error);
          g_free (y.error);
          return;
        }
      {
        g_autoptr (GList) members = json_object_get_members (json_node_get_object (root));

        for (GList *l = members; l != NULL; l = l->next)
          read_day (
              m, l->data, json_object_get_member (json_node_get_object (root), l->data), line);
      }
      return;
    }
  while (*P (&y) != '\0')
    {
      g_autoptr (JsonNode) value = NULL;
      g_autofree char *key = NULL;
      guint            line = y.pos.line;

      if (column (&y) != 0)
        fail (&y, _ ("a line is indented more than the lines around it."));
      else if (parse_key (&y, &key) && parse_value (&y, 0, &value))
        read_day (m, key, value, line);
      if (y.error != NULL)
        {
          add_problem (m, y.error_line, _ ("this day cannot be read: %s"), y.error);
          g_clear_pointer (&y.error, g_free);
          y.depth = 0;
          resync (&y);
        }
      skip_blank_lines (&y);
    }
}

static gboolean
parse_month_name (const char *name,
                  int        *year,
                  int        *month)
{
  char tail = 0;

  return strlen (name) == 11 && g_ascii_isdigit (name[0]) && g_ascii_isdigit (name[5]) &&
         g_ascii_isdigit (name[6]) && sscanf (name, "%4d-%2d.tx%c", year, month, &tail) == 3 &&
         tail == 't' && *month >= 1 && *month <= 12 && *year >= 1;
}

/**
 * reframe_rednotebook_read_month_bytes:
 *
 * Reads one month file of RedNotebook; days that cannot be read become problems of the batch.
 *
 * Returns: (transfer full) (nullable): the batch, or %NULL when the bytes are not text
 */
ReframeImportBatch *
reframe_rednotebook_read_month_bytes (GBytes  *bytes,
                                      int      year,
                                      int      month,
                                      GError **error)
{
  g_autofree char *text = reframe_import_decode_text (bytes, error);
  g_autoptr (ReframeImportBatch) batch = NULL;
  g_autoptr (GTimeZone) zone = NULL;
  Month m = { NULL, NULL, NULL, year, month };

  g_return_val_if_fail (month >= 1 && month <= 12 && year >= 1, NULL);
  if (text == NULL)
    return NULL;
  zone = g_time_zone_new_local ();
  batch = reframe_import_batch_new (reframe_rednotebook_importer.id,
                                    _ (reframe_rednotebook_importer.name));
  m.batch = batch;
  m.zone = zone;
  read_month_text (&m, text);
  return g_steal_pointer (&batch);
}

/* The month files of a folder, sorted. */
static GPtrArray *
list_months (GFile        *folder,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr (GFileEnumerator) children =
      g_file_enumerate_children (folder,
                                 G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                 G_FILE_QUERY_INFO_NONE,
                                 cancellable,
                                 error);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  GFileInfo *info;

  if (children == NULL)
    return NULL;
  while ((info = g_file_enumerator_next_file (children, cancellable, NULL)) != NULL)
    {
      int year, month;

      if (g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR &&
          parse_month_name (g_file_info_get_name (info), &year, &month))
        g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
      g_object_unref (info);
    }
  return g_steal_pointer (&names);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static gboolean
rednotebook_detect (GFile      *file,
                    const char *head,
                    gsize       head_len)
{
  g_autofree char *name = g_file_get_basename (file);
  int              year, month;

  if (head == NULL)
    {
      g_autoptr (GPtrArray) months = list_months (file, NULL, NULL);

      return months != NULL && months->len > 0;
    }
  /* One month file chosen on its own: its name, and a day number at the left edge. */
  if (name == NULL || !parse_month_name (name, &year, &month))
    return FALSE;
  for (gsize i = 0; i < head_len; i++)
    {
      if (head[i] == ' ' || head[i] == '\n' || head[i] == '\r')
        continue;
      return g_ascii_isdigit (head[i]) || head[i] == '{' || head[i] == '\'' || head[i] == '"';
    }
  return FALSE;
}

static gboolean
read_month_file (Month        *m,
                 GFile        *file,
                 GCancellable *cancellable,
                 GError      **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GBytes) bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  g_autofree char *text = NULL;

  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      add_problem (m, 1, _ ("the file cannot be read: %s"), local_error->message);
      return TRUE;
    }
  if ((text = reframe_import_decode_text (bytes, &local_error)) == NULL)
    {
      add_problem (m, 1, _ ("the file cannot be read: %s"), local_error->message);
      return TRUE;
    }
  read_month_text (m, text);
  return TRUE;
}

static ReframeImportBatch *
rednotebook_read (GFile        *file,
                  GCancellable *cancellable,
                  GError      **error)
{
  g_autoptr (ReframeImportBatch) batch = reframe_import_batch_new (
      reframe_rednotebook_importer.id, _ (reframe_rednotebook_importer.name));
  g_autoptr (GTimeZone) zone = g_time_zone_new_local ();
  g_autoptr (GPtrArray) months = NULL;
  g_autoptr (GFile) folder = NULL;

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, cancellable) == G_FILE_TYPE_DIRECTORY)
    {
      if ((months = list_months (file, cancellable, error)) == NULL)
        return NULL;
      folder = g_object_ref (file);
    }
  else
    {
      months = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (months, g_file_get_basename (file));
      folder = g_file_get_parent (file);
    }
  if (months->len == 0)
    {
      g_set_error_literal (
          error,
          REFRAME_IMPORT_ERROR,
          REFRAME_IMPORT_ERROR_INVALID,
          _ ("This folder holds no RedNotebook month files (named like 2024-03.txt)."));
      return NULL;
    }
  g_ptr_array_sort (months, compare_names);
  for (guint i = 0; i < months->len; i++)
    {
      const char *name = g_ptr_array_index (months, i);
      g_autoptr (GFile) month_file = g_file_get_child (folder, name);
      Month m = { batch, name, zone, 0, 0 };

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!parse_month_name (name, &m.year, &m.month))
        {
          g_set_error (error,
                       REFRAME_IMPORT_ERROR,
                       REFRAME_IMPORT_ERROR_INVALID,
                       _ ("“%s” is not a RedNotebook month file (named like 2024-03.txt)."),
                       name);
          return NULL;
        }
      if (!read_month_file (&m, month_file, cancellable, error))
        return NULL;
    }
  return g_steal_pointer (&batch);
}

const ReframeImporter reframe_rednotebook_importer = {
  .id = "rednotebook",
  .name = N_ ("RedNotebook (data folder)"),
  .detect = rednotebook_detect,
  .read = rednotebook_read,
};
