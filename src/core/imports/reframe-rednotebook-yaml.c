/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-rednotebook-yaml.c: the part of YAML PyYAML writes, as RedNotebook's month files use it.
 *
 * Reframe has no YAML library, so this file reads block and flow mappings (and sequences),
 * plain, single- and double-quoted scalars over several lines with YAML's line folding and
 * escapes, literal and folded block scalars, comments, into JSON nodes. Anchors, aliases
 * and tags are not written by RedNotebook and are reported as unreadable.
 */

#define G_LOG_DOMAIN "ReframeImportRednotebook"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-rednotebook-private.h"

/* Nesting deeper than this is not RedNotebook's (and must not exhaust the stack). */
#define MAX_DEPTH 24

#define P(y) ((y)->pos.p)

static gboolean
fail (ReframeYaml *y,
      const char  *message)
{
  if (y->error == NULL)
    {
      y->error = g_strdup (message);
      y->error_line = y->pos.line;
    }
  return FALSE;
}

static int
column (ReframeYaml *y)
{
  return (int) (P (y) - y->pos.line_start);
}

static void
advance (ReframeYaml *y)
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
skip_spaces (ReframeYaml *y)
{
  while (is_blank_char (*P (y)))
    advance (y);
}

static void
skip_to_line_end (ReframeYaml *y)
{
  while (!is_end (*P (y)))
    advance (y);
}

/* Past spaces, comments and empty lines, to the next content (or the end). */
static void
skip_blank_lines (ReframeYaml *y)
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
finish_line (ReframeYaml *y)
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
fold_quoted_break (ReframeYaml *y,
                   GString     *out,
                   gsize        keep)
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
append_escape (ReframeYaml *y,
               GString     *out)
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
parse_quoted (ReframeYaml *y,
              JsonNode   **node)
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
plain_stops (ReframeYaml *y,
             gboolean     flow,
             gboolean     key)
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
parse_plain (ReframeYaml *y,
             int          indent,
             gboolean     flow,
             gboolean     key,
             JsonNode   **node)
{
  g_autoptr (GString) out = g_string_new (NULL);

  if (*P (y) != '\0' && strchr ("&*!%@`", *P (y)) != NULL)
    return fail (y, _ ("anchors, aliases and tags are not part of RedNotebook’s files."));
  for (;;)
    {
      ReframeYamlPosition saved;
      guint               breaks = 0;

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
parse_block_scalar (ReframeYaml *y,
                    int          indent,
                    JsonNode   **node)
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
      ReframeYamlPosition saved = y->pos;
      int                 spaces = 0;

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

static gboolean parse_flow (ReframeYaml *y,
                            JsonNode   **node);
static gboolean parse_block_node (ReframeYaml *y,
                                  int          indent,
                                  JsonNode   **node);

/* Spaces, line breaks and comments inside a flow collection. */
static void
skip_flow_space (ReframeYaml *y)
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
parse_flow_scalar (ReframeYaml *y,
                   gboolean     key,
                   JsonNode   **node)
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
parse_flow (ReframeYaml *y,
            JsonNode   **node)
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
parse_value (ReframeYaml *y,
             int          indent,
             JsonNode   **node)
{
  ReframeYamlPosition saved;

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
parse_key (ReframeYaml *y,
           char       **name)
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
next_at (ReframeYaml *y,
         int          indent)
{
  ReframeYamlPosition saved = y->pos;

  skip_blank_lines (y);
  if (*P (y) != '\0' && column (y) == indent)
    return TRUE;
  if (*P (y) != '\0' && column (y) > indent)
    return fail (y, _ ("a line is indented more than the lines around it."));
  y->pos = saved;
  return FALSE;
}

static gboolean
parse_block_mapping (ReframeYaml *y,
                     int          indent,
                     JsonNode   **node)
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
parse_block_sequence (ReframeYaml *y,
                      int          indent,
                      JsonNode   **node)
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
          ReframeYamlPosition saved = y->pos;
          char               *name = NULL;

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
parse_block_node (ReframeYaml *y,
                  int          indent,
                  JsonNode   **node)
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
      ReframeYamlPosition saved = y->pos;
      char               *name = NULL;

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

/* On to the next line that starts at the left edge: the next entry (in
 * RedNotebook, the next day). */
static void
resync (ReframeYaml *y)
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

/* The API the importer reads a month with */

/* Starts reading @text, whose lines end with LF, past blank lines and a "---" line. */
void
_reframe_yaml_start (ReframeYaml *y,
                     const char  *text)
{
  y->pos.p = y->pos.line_start = text;
  y->pos.line = 1;
  skip_blank_lines (y);
  if (g_str_has_prefix (P (y), "---") && (is_end (P (y)[3]) || is_blank_char (P (y)[3])))
    {
      skip_to_line_end (y);
      skip_blank_lines (y);
    }
}

gboolean
_reframe_yaml_at_end (ReframeYaml *y)
{
  return *P (y) == '\0';
}

/* Whether the document is one mapping in flow style ("{...}"). */
gboolean
_reframe_yaml_at_flow_mapping (ReframeYaml *y)
{
  return *P (y) == '{';
}

/* The whole document in flow style, and nothing after it on its line. */
gboolean
_reframe_yaml_read_flow_document (ReframeYaml *y,
                                  JsonNode   **root)
{
  return parse_flow (y, root) && finish_line (y);
}

/* A key at the left edge and its value; FALSE with the error set when they cannot be read. */
gboolean
_reframe_yaml_read_top_entry (ReframeYaml *y,
                              char       **key,
                              JsonNode   **value)
{
  if (column (y) != 0)
    return fail (y, _ ("a line is indented more than the lines around it."));
  return parse_key (y, key) && parse_value (y, 0, value);
}

/* After an error: on to the next entry at the left edge, with the error cleared. */
void
_reframe_yaml_skip_entry (ReframeYaml *y)
{
  g_clear_pointer (&y->error, g_free);
  y->depth = 0;
  resync (y);
}

void
_reframe_yaml_skip_blank_lines (ReframeYaml *y)
{
  skip_blank_lines (y);
}
