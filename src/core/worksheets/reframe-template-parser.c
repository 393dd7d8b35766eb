/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-template-parser.c: reads a template file and checks every key (docs/template-format.md).
 *
 * The parser is strict on purpose: a therapist's template with a typo in a key would
 * otherwise lose a field without a word. Every problem is a GError whose message names
 * the file, where in it (a key path such as steps[1].fields[0], with the field's id when
 * it has one) and what is wrong, in words a therapist can act on.
 *
 * Strings a person reads are translated here, once, when the template says which gettext
 * domain holds its translations (the built-ins say "reframe").
 */

#define G_LOG_DOMAIN "ReframeTemplate"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-assistant-private.h"
#include "reframe-template-parser-private.h"
#include "reframe-template-private.h"

#define MAX_NUMBER 1000000

static const char *const template_keys[] = {
  "format", "id", "version", "kind", "title", "description", "icon_name", "notice", "gettext_domain", "lists", "steps", "scoring", "safety", NULL
};
static const char *const list_keys[] = { "format", "id", "gettext_domain", "options", NULL };
static const char *const step_keys[] = { "title", "guidance", "example", "context", "rerate", "fields", NULL };
static const char *const option_keys[] = { "value", "label", "help", "score", NULL };
static const char *const field_keys[] = { "id", "type", "label", "help", "placeholder", "required", "options", "options_from", "min", "max", "step", "min_label", "max_label", "rate_after", "columns", NULL };

/* The keys each field type takes besides id, type, label, help and required. */
static const struct
{
  const char *name;
  const char *keys;
} field_types[] = {
  [REFRAME_FIELD_SHORT_TEXT] = { "short_text", "placeholder" },
  [REFRAME_FIELD_LONG_TEXT] = { "long_text", "placeholder" },
  [REFRAME_FIELD_SINGLE_CHOICE] = { "single_choice", "options options_from" },
  [REFRAME_FIELD_MULTIPLE_CHOICE] = { "multiple_choice", "options options_from" },
  [REFRAME_FIELD_SLIDER] = { "slider", "min max step min_label max_label" },
  [REFRAME_FIELD_EMOTIONS] = { "emotions", "placeholder min max min_label max_label rate_after" },
  [REFRAME_FIELD_TABLE] = { "table", "columns" },
  [REFRAME_FIELD_DATE_TIME] = { "date_time", "" },
};

const char *
_reframe_template_field_type_name (ReframeFieldType type)
{
  return field_types[type].name;
}

gboolean
_reframe_template_fail (ReframeTemplateParser *p,
                        const char            *path,
                        const char            *format,
                        ...)
{
  g_autofree char *what = NULL;
  va_list          args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: file name, where in the file, what is wrong. */
  g_set_error (p->error,
               REFRAME_TEMPLATE_ERROR,
               REFRAME_TEMPLATE_ERROR_INVALID,
               _ ("%s: %s: %s"),
               p->file_name,
               path,
               what);
  return FALSE;
}

static const char *
describe_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    /* Translators: what a value in a template file is, as in "“title” must be text, not a list" */
    return _ ("an object");
  if (JSON_NODE_HOLDS_ARRAY (node))
    return _ ("a list");
  if (JSON_NODE_HOLDS_NULL (node))
    return _ ("null");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _ ("text");
    case G_TYPE_BOOLEAN:
      return _ ("true or false");
    case G_TYPE_INT64:
      return _ ("a whole number");
    default:
      return _ ("a number with a fraction");
    }
}

gboolean
_reframe_template_wrong_type (ReframeTemplateParser *p,
                              const char            *path,
                              const char            *key,
                              const char            *expected,
                              JsonNode              *node)
{
  return _reframe_template_fail (
      p, path, _ ("“%s” must be %s, but it is %s."), key, expected, describe_node (node));
}

gboolean
_reframe_template_check_keys (ReframeTemplateParser *p,
                              JsonObject            *object,
                              const char            *path,
                              const char *const     *allowed)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) allowed);

        return _reframe_template_fail (
            p,
            path,
            _ ("“%s” is not a key this format knows (the keys here are: %s)."),
            (const char *) l->data,
            known);
      }
  return TRUE;
}

gboolean
_reframe_template_is_valid_id (const char *id)
{
  if (id == NULL || !g_ascii_isalnum (id[0]) || strlen (id) > 64)
    return FALSE;
  for (const char *c = id; *c != '\0'; c++)
    if (!(g_ascii_islower (*c) || g_ascii_isdigit (*c) || *c == '-' || *c == '_'))
      return FALSE;
  return TRUE;
}

static char *
translate (ReframeTemplateParser *p,
           const char            *text)
{
  /* An empty msgid would return the catalogue's header. */
  if (p->domain == NULL || text == NULL || *text == '\0')
    return g_strdup (text);
  return g_strdup (g_dgettext (p->domain, text));
}

/* Reads an optional (or @required) non-empty string; @out stays NULL when absent. */
gboolean
_reframe_template_read_string (ReframeTemplateParser *p,
                               JsonObject            *object,
                               const char            *path,
                               const char            *key,
                               gboolean               required,
                               gboolean               translated,
                               char                 **out)
{
  JsonNode   *node = json_object_get_member (object, key);
  const char *text;

  if (node == NULL)
    return !required || _reframe_template_fail (p, path, _ ("“%s” is missing."), key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return _reframe_template_wrong_type (p, path, key, _ ("text"), node);
  text = json_node_get_string (node);
  if (strspn (text, " \t\r\n") == strlen (text))
    return _reframe_template_fail (p, path, _ ("“%s” is empty."), key);
  *out = translated ? translate (p, text) : g_strdup (text);
  return TRUE;
}

gboolean
_reframe_template_read_int (ReframeTemplateParser *p,
                            JsonObject            *object,
                            const char            *path,
                            const char            *key,
                            gboolean               required,
                            int                   *out)
{
  JsonNode *node = json_object_get_member (object, key);
  gint64    value;

  if (node == NULL)
    return !required || _reframe_template_fail (p, path, _ ("“%s” is missing."), key);
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return _reframe_template_wrong_type (p, path, key, _ ("a whole number"), node);
  value = json_node_get_int (node);
  if (value < -MAX_NUMBER || value > MAX_NUMBER)
    return _reframe_template_fail (
        p,
        path,
        _ ("“%s” is %lld, which is too large; use a number from %d to %d."),
        key,
        (long long) value,
        -MAX_NUMBER,
        MAX_NUMBER);
  *out = (int) value;
  return TRUE;
}

static gboolean
read_bool (ReframeTemplateParser *p,
           JsonObject            *object,
           const char            *path,
           const char            *key,
           gboolean              *out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return _reframe_template_wrong_type (p, path, key, _ ("true or false"), node);
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Reads a list that, when present, must not be empty; @out stays NULL when absent. */
gboolean
_reframe_template_read_array (ReframeTemplateParser *p,
                              JsonObject            *object,
                              const char            *path,
                              const char            *key,
                              gboolean               required,
                              JsonArray            **out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return !required || _reframe_template_fail (p, path, _ ("“%s” is missing."), key);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _reframe_template_wrong_type (p, path, key, _ ("a list"), node);
  if (json_array_get_length (json_node_get_array (node)) == 0)
    return _reframe_template_fail (p, path, _ ("“%s” is an empty list."), key);
  *out = json_node_get_array (node);
  return TRUE;
}

JsonObject *
_reframe_template_element_object (ReframeTemplateParser *p,
                                  JsonArray             *array,
                                  guint                  index,
                                  const char            *path)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _reframe_template_fail (
          p, path, _ ("this must be an object in braces, but it is %s."), describe_node (node));
      return NULL;
    }
  return json_node_get_object (node);
}

const char *
_reframe_template_element_string (ReframeTemplateParser *p,
                                  JsonArray             *array,
                                  guint                  index,
                                  const char            *path)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      _reframe_template_fail (
          p, path, _ ("this must be text, but it is %s."), describe_node (node));
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
read_format (ReframeTemplateParser *p,
             JsonObject            *object)
{
  int format = 0;

  if (!_reframe_template_read_int (p, object, "format", "format", TRUE, &format))
    return FALSE;
  if (format > REFRAME_TEMPLATE_FORMAT)
    return _reframe_template_fail (
        p,
        "format",
        _ ("the file uses template format %d, which is newer than this version of Reframe "
           "understands (%d); update Reframe to open it."),
        format,
        REFRAME_TEMPLATE_FORMAT);
  if (format < 1)
    return _reframe_template_fail (p, "format", _ ("“format” must be 1 or more."));
  return TRUE;
}

static gboolean
read_domain (ReframeTemplateParser *p,
             JsonObject            *object,
             char                 **domain)
{
  if (!_reframe_template_read_string (
          p, object, "gettext_domain", "gettext_domain", FALSE, FALSE, domain))
    return FALSE;
  p->domain = *domain;
  return TRUE;
}

/* Options */

static ReframeTemplateOption *
parse_option (ReframeTemplateParser *p,
              JsonObject            *object,
              const char            *path)
{
  g_autoptr (ReframeTemplateOption) option = g_new0 (ReframeTemplateOption, 1);

  if (!_reframe_template_check_keys (p, object, path, option_keys) ||
      !_reframe_template_read_string (p, object, path, "value", TRUE, FALSE, &option->value) ||
      !_reframe_template_read_string (p, object, path, "label", TRUE, TRUE, &option->label) ||
      !_reframe_template_read_string (p, object, path, "help", FALSE, TRUE, &option->help) ||
      !_reframe_template_read_int (p, object, path, "score", FALSE, &option->score))
    return NULL;
  option->scored = json_object_has_member (object, "score");
  return g_steal_pointer (&option);
}

/* Option paths read "field “mood” (steps[0].fields[1].options[2])": @base and @tail go
 * around the index. */
static GPtrArray *
parse_options (ReframeTemplateParser *p,
               JsonArray             *array,
               const char            *base,
               const char            *tail)
{
  g_autoptr (GPtrArray) options =
      g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_option_free);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char       *option_path = g_strdup_printf ("%s[%u]%s", base, i, tail);
      JsonObject            *object = _reframe_template_element_object (p, array, i, option_path);
      ReframeTemplateOption *option = object ? parse_option (p, object, option_path) : NULL;

      if (option == NULL)
        return NULL;
      g_ptr_array_add (options, option);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (((ReframeTemplateOption *) g_ptr_array_index (options, j))->value,
                         option->value))
          {
            _reframe_template_fail (
                p,
                option_path,
                _ ("the value “%s” is used by two options; each option needs its own."),
                option->value);
            return NULL;
          }
    }
  return g_steal_pointer (&options);
}

/* Shared lists live in data/worksheets/lists/ and are parsed once per process. */
static GPtrArray *
load_shared_list (const char *id,
                  GError    **error)
{
  static GMutex      mutex;
  static GHashTable *lists = NULL;
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&mutex);
  g_autofree char *name = g_strdup_printf (REFRAME_WORKSHEETS_RESOURCE_DIR "lists/%s.json", id);
  g_autofree char *file_name = g_strdup_printf ("lists/%s.json", id);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (JsonParser) json = json_parser_new_immutable ();
  g_autofree char      *domain = NULL;
  GPtrArray            *options = NULL;
  ReframeTemplateParser p = { file_name, error };
  JsonNode             *root;
  JsonArray            *array = NULL;
  JsonObject           *object;

  if (lists == NULL)
    lists =
        g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  if ((options = g_hash_table_lookup (lists, id)) != NULL)
    return g_ptr_array_ref (options);
  if ((bytes = _reframe_core_lookup_resource (name, NULL)) == NULL)
    return NULL;

  if (!json_parser_load_from_data (
          json, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error))
    return NULL;
  root = json_parser_get_root (json);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _reframe_template_fail (&p, "/", _ ("a list file must be one object in braces.")), NULL;
  object = json_node_get_object (root);
  if (!_reframe_template_check_keys (&p, object, "/", list_keys) || !read_format (&p, object) ||
      !read_domain (&p, object, &domain) ||
      !_reframe_template_read_array (&p, object, "/", "options", TRUE, &array) ||
      (options = parse_options (&p, array, "options", "")) == NULL)
    return NULL;
  g_hash_table_insert (lists, g_strdup (id), g_ptr_array_ref (options));
  return options;
}

static GPtrArray *
copy_options (GPtrArray *options)
{
  return g_ptr_array_copy (options, (GCopyFunc) reframe_template_option_copy, NULL);
}

static gboolean
resolve_options (ReframeTemplateParser *p,
                 JsonObject            *object,
                 const char            *where,
                 const char            *path,
                 ReframeTemplateField  *field)
{
  g_autoptr (GPtrArray) shared = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *list = NULL;
  JsonArray       *array = NULL;

  if (json_object_has_member (object, "options") == json_object_has_member (object, "options_from"))
    return _reframe_template_fail (
        p,
        path,
        _ ("a choice needs either “options” or “options_from” (the name of a shared "
           "list), and not both."));
  if (!_reframe_template_read_array (p, object, path, "options", FALSE, &array) ||
      !_reframe_template_read_string (p, object, path, "options_from", FALSE, FALSE, &list))
    return FALSE;
  if (array != NULL)
    {
      g_autofree char *base = g_strdup_printf (_ ("field “%s” (%s.options"), field->id, where);

      return (field->options = parse_options (p, array, base, ")")) != NULL;
    }

  /* The template's own lists first, then Reframe's shared lists. */
  if (p->lists != NULL && json_object_has_member (p->lists, list))
    {
      g_autofree char *list_path = g_strdup_printf ("lists.%s", list);

      return (field->options = parse_options (
                  p, json_object_get_array_member (p->lists, list), list_path, "")) != NULL;
    }
  if (_reframe_template_is_valid_id (list) && (shared = load_shared_list (list, &error)) != NULL)
    {
      field->options = copy_options (shared);
      return TRUE;
    }
  if (error != NULL)
    return _reframe_template_fail (
        p, path, _ ("the shared list “%s” is broken: %s"), list, error->message);
  return _reframe_template_fail (
      p,
      path,
      _ ("“options_from” names the list “%s”, which does not exist; shared lists are: "
         "cognitive-distortions."),
      list);
}

/* Fields */

static gboolean
parse_field_type (ReframeTemplateParser *p,
                  JsonObject            *object,
                  const char            *path,
                  int                   *type)
{
  g_autofree char *name = NULL;

  if (!_reframe_template_read_string (p, object, path, "type", TRUE, FALSE, &name))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (field_types); i++)
    if (g_str_equal (name, field_types[i].name))
      {
        *type = i;
        return TRUE;
      }
  return _reframe_template_fail (
      p,
      path,
      _ ("“%s” is not a field type; use one of short_text, long_text, single_choice, "
         "multiple_choice, slider, emotions, table, date_time."),
      name);
}

/* Rejects keys that belong to another field type, so a mistake cannot pass silently. */
static gboolean
check_field_keys (ReframeTemplateParser *p,
                  JsonObject            *object,
                  const char            *path,
                  int                    type)
{
  g_auto (GStrv) own = g_strsplit (field_types[type].keys, " ", -1);
  g_autoptr (GList) members = json_object_get_members (object);

  if (!_reframe_template_check_keys (p, object, path, field_keys))
    return FALSE;
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;

      if (g_strv_contains ((const char *const *) own, key) || g_str_equal (key, "id") ||
          g_str_equal (key, "type") || g_str_equal (key, "label") || g_str_equal (key, "help") ||
          g_str_equal (key, "required"))
        continue;
      return _reframe_template_fail (
          p, path, _ ("“%s” does not apply to a %s field."), key, field_types[type].name);
    }
  return TRUE;
}

static gboolean
parse_range (ReframeTemplateParser *p,
             JsonObject            *object,
             const char            *path,
             ReframeTemplateField  *field)
{
  gboolean slider = field->type == REFRAME_FIELD_SLIDER;

  field->step_size = 1;
  if (!_reframe_template_read_int (p, object, path, "min", slider, &field->min) ||
      !_reframe_template_read_int (p, object, path, "max", slider, &field->max) ||
      !_reframe_template_read_int (p, object, path, "step", FALSE, &field->step_size) ||
      !_reframe_template_read_string (
          p, object, path, "min_label", FALSE, TRUE, &field->min_label) ||
      !_reframe_template_read_string (
          p, object, path, "max_label", FALSE, TRUE, &field->max_label) ||
      !read_bool (p, object, path, "rate_after", &field->rate_after))
    return FALSE;
  if (field->min >= field->max)
    return _reframe_template_fail (
        p, path, _ ("“min” (%d) must be smaller than “max” (%d)."), field->min, field->max);
  if (field->step_size < 1 || field->step_size > field->max - field->min)
    return _reframe_template_fail (
        p, path, _ ("“step” must be from 1 to %d."), field->max - field->min);
  return TRUE;
}

static ReframeTemplateField *parse_field (ReframeTemplateParser *p,
                                          JsonObject            *object,
                                          const char            *where,
                                          gboolean               in_table);

static gboolean
parse_columns (ReframeTemplateParser *p,
               JsonObject            *object,
               const char            *where,
               const char            *path,
               ReframeTemplateField  *field)
{
  JsonArray *array = NULL;

  if (!_reframe_template_read_array (p, object, path, "columns", TRUE, &array))
    return FALSE;
  field->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_field_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *column_path = g_strdup_printf ("%s.columns[%u]", where, i);
      JsonObject      *column_object =
          _reframe_template_element_object (p, array, i, column_path);
      ReframeTemplateField *column =
          column_object ? parse_field (p, column_object, column_path, TRUE) : NULL;

      if (column == NULL)
        return FALSE;
      g_ptr_array_add (field->columns, column);
      for (guint j = 0; j < i; j++)
        if (g_str_equal (reframe_template_field_get_id (g_ptr_array_index (field->columns, j)),
                         column->id))
          return _reframe_template_fail (
              p,
              column_path,
              _ ("two columns have the id “%s”; each column needs its own."),
              column->id);
    }
  return TRUE;
}

static gboolean
parse_field_body (ReframeTemplateParser *p,
                  JsonObject            *object,
                  const char            *where,
                  const char            *path,
                  gboolean               in_table,
                  ReframeTemplateField  *field)
{
  if (!check_field_keys (p, object, path, field->type) ||
      !_reframe_template_read_string (p, object, path, "label", TRUE, TRUE, &field->label) ||
      !_reframe_template_read_string (p, object, path, "help", FALSE, TRUE, &field->help) ||
      !_reframe_template_read_string (
          p, object, path, "placeholder", FALSE, TRUE, &field->placeholder) ||
      !read_bool (p, object, path, "required", &field->required))
    return FALSE;

  switch (field->type)
    {
    case REFRAME_FIELD_SINGLE_CHOICE:
    case REFRAME_FIELD_MULTIPLE_CHOICE:
      return resolve_options (p, object, where, path, field);
    case REFRAME_FIELD_SLIDER:
      return parse_range (p, object, path, field);
    case REFRAME_FIELD_EMOTIONS:
      if (in_table)
        return _reframe_template_fail (p, path, _ ("a table column cannot be an emotion list."));
      field->max = 100;
      return parse_range (p, object, path, field);
    case REFRAME_FIELD_TABLE:
      if (in_table)
        return _reframe_template_fail (p, path, _ ("a table column cannot be a table."));
      return parse_columns (p, object, where, path, field);
    case REFRAME_FIELD_SHORT_TEXT:
    case REFRAME_FIELD_LONG_TEXT:
    case REFRAME_FIELD_DATE_TIME:
    default:
      return TRUE;
    }
}

static ReframeTemplateField *
parse_field (ReframeTemplateParser *p,
             JsonObject            *object,
             const char            *where,
             gboolean               in_table)
{
  g_autoptr (ReframeTemplateField) field = g_rc_box_new0 (ReframeTemplateField);
  g_autofree char *path = NULL;
  int              type = 0;

  if (!_reframe_template_read_string (p, object, where, "id", TRUE, FALSE, &field->id))
    return NULL;
  path = g_strdup_printf (_ ("field “%s” (%s)"), field->id, where);
  if (!_reframe_template_is_valid_id (field->id))
    return _reframe_template_fail (
               p,
               path,
               _ ("the id may hold only lower-case letters, digits, “-” and “_”, and must start "
                  "with a letter or digit.")),
           NULL;
  if (!parse_field_type (p, object, path, &type))
    return NULL;
  field->type = type;
  if (!parse_field_body (p, object, where, path, in_table, field))
    return NULL;
  if (field->options == NULL)
    field->options = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_option_free);
  if (field->columns == NULL)
    field->columns = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_field_unref);
  return g_steal_pointer (&field);
}

/* Steps */

/* Reads a list of ids of fields on earlier steps ("context", "rerate"). */
static GStrv
parse_earlier_fields (ReframeTemplateParser *p,
                      JsonObject            *object,
                      const char            *path,
                      const char            *key,
                      ReframeTemplateData   *data)
{
  g_autoptr (GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array = NULL;

  if (!_reframe_template_read_array (p, object, path, key, FALSE, &array))
    return NULL;
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      g_autofree char      *item_path = g_strdup_printf ("%s.%s[%u]", path, key, i);
      const char           *id = _reframe_template_element_string (p, array, i, item_path);
      ReframeTemplateField *field;

      if (id == NULL)
        return NULL;
      if (!g_hash_table_contains (p->seen, id))
        return _reframe_template_fail (
                   p,
                   item_path,
                   _ ("“%s” is not a field on an earlier step; “%s” can only name what was "
                      "filled in before."),
                   id,
                   key),
               NULL;
      field = g_hash_table_lookup (data->fields, id);
      if (g_str_equal (key, "rerate") &&
          (field->type != REFRAME_FIELD_EMOTIONS || !field->rate_after))
        return _reframe_template_fail (
                   p,
                   item_path,
                   _ ("“%s” is not an emotion list with “rate_after”, so there is nothing to "
                      "rate again."),
                   id),
               NULL;
      g_strv_builder_add (builder, id);
    }
  return g_strv_builder_end (builder);
}

static gboolean
parse_step_fields (ReframeTemplateParser *p,
                   JsonObject            *object,
                   const char            *path,
                   ReframeTemplateData   *data,
                   ReframeTemplateStep   *step)
{
  JsonArray *array = NULL;

  if (!_reframe_template_read_array (p, object, path, "fields", TRUE, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *field_path = g_strdup_printf ("%s.fields[%u]", path, i);
      JsonObject      *field_object =
          _reframe_template_element_object (p, array, i, field_path);
      ReframeTemplateField *field =
          field_object ? parse_field (p, field_object, field_path, FALSE) : NULL;

      if (field == NULL)
        return FALSE;
      g_ptr_array_add (step->fields, field);
      if (g_hash_table_contains (data->fields, field->id))
        return _reframe_template_fail (
            p,
            field_path,
            _ ("two fields have the id “%s”; each field needs its own, because answers "
               "are stored by id."),
            field->id);
      g_hash_table_insert (data->fields, field->id, field);
    }
  return TRUE;
}

static gboolean
parse_step (ReframeTemplateParser *p,
            JsonObject            *object,
            const char            *path,
            ReframeTemplateData   *data)
{
  ReframeTemplateStep *step = g_rc_box_new0 (ReframeTemplateStep);

  step->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_field_unref);
  g_ptr_array_add (data->steps, step);
  if (!_reframe_template_check_keys (p, object, path, step_keys) ||
      !_reframe_template_read_string (p, object, path, "title", TRUE, TRUE, &step->title) ||
      !_reframe_template_read_string (p, object, path, "guidance", TRUE, TRUE, &step->guidance) ||
      !_reframe_template_read_string (p, object, path, "example", FALSE, TRUE, &step->example) ||
      (step->context = parse_earlier_fields (p, object, path, "context", data)) == NULL ||
      (step->rerate = parse_earlier_fields (p, object, path, "rerate", data)) == NULL ||
      !parse_step_fields (p, object, path, data, step))
    return FALSE;
  for (guint i = 0; i < step->fields->len; i++)
    g_hash_table_add (p->seen, ((ReframeTemplateField *) g_ptr_array_index (step->fields, i))->id);
  return TRUE;
}

static gboolean
parse_steps (ReframeTemplateParser *p,
             JsonObject            *object,
             ReframeTemplateData   *data)
{
  JsonArray *array = NULL;

  if (!_reframe_template_read_array (p, object, "steps", "steps", TRUE, &array))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("steps[%u]", i);
      JsonObject      *step = _reframe_template_element_object (p, array, i, path);

      if (step == NULL || !parse_step (p, step, path, data))
        return FALSE;
    }
  return TRUE;
}

/* The template */

static gboolean
parse_kind (ReframeTemplateParser *p,
            JsonObject            *object,
            ReframeTemplateData   *data)
{
  g_autofree char *kind = NULL;

  if (!_reframe_template_read_string (p, object, "kind", "kind", TRUE, FALSE, &kind))
    return FALSE;
  if (g_str_equal (kind, "worksheet"))
    data->kind = REFRAME_TEMPLATE_KIND_WORKSHEET;
  else if (g_str_equal (kind, "questionnaire"))
    data->kind = REFRAME_TEMPLATE_KIND_QUESTIONNAIRE;
  else
    return _reframe_template_fail (
        p, "kind", _ ("“%s” is not a kind of template; use “worksheet” or “questionnaire”."), kind);
  return TRUE;
}

static gboolean
parse_head (ReframeTemplateParser *p,
            JsonObject            *object,
            ReframeTemplateData   *data)
{
  int version = 0;

  if (!_reframe_template_read_string (p, object, "id", "id", TRUE, FALSE, &data->id))
    return FALSE;
  if (!_reframe_template_is_valid_id (data->id))
    return _reframe_template_fail (
        p,
        "id",
        _ ("“%s” is not a usable id: use lower-case letters, digits, “-” and “_”, "
           "starting with a letter or digit."),
        data->id);
  if (!_reframe_template_read_int (p, object, "version", "version", TRUE, &version))
    return FALSE;
  if (version < 1)
    return _reframe_template_fail (p, "version", _ ("“version” must be 1 or more."));
  data->version = version;
  return parse_kind (p, object, data) &&
         _reframe_template_read_string (p, object, "title", "title", TRUE, TRUE, &data->title) &&
         _reframe_template_read_string (
             p, object, "description", "description", TRUE, TRUE, &data->description) &&
         _reframe_template_read_string (
             p, object, "icon_name", "icon_name", FALSE, FALSE, &data->icon_name) &&
         /* The notice is a copyright statement, shown as its authors wrote it. */
         _reframe_template_read_string (p, object, "notice", "notice", FALSE, FALSE, &data->notice);
}

static gboolean
parse_lists (ReframeTemplateParser *p,
             JsonObject            *object)
{
  JsonNode *node = json_object_get_member (object, "lists");
  g_autoptr (GList) members = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _reframe_template_wrong_type (p, "lists", "lists", _ ("an object"), node);
  p->lists = json_node_get_object (node);
  members = json_object_get_members (p->lists);
  for (GList *l = members; l != NULL; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("lists.%s", (const char *) l->data);
      JsonArray       *array = NULL;
      g_autoptr (GPtrArray) options = NULL;

      if (!_reframe_template_is_valid_id (l->data))
        return _reframe_template_fail (
            p,
            path,
            _ ("“%s” is not a usable list name: use lower-case letters, digits, “-” and “_”."),
            (const char *) l->data);
      if (!_reframe_template_read_array (p, p->lists, "lists", l->data, TRUE, &array))
        return FALSE;
      /* Checked here too, so that a list no field uses yet cannot hide a mistake. */
      if ((options = parse_options (p, array, path, "")) == NULL)
        return FALSE;
    }
  return TRUE;
}

void
_reframe_template_data_free (ReframeTemplateData *data)
{
  if (data == NULL)
    return;
  g_free (data->id);
  g_free (data->title);
  g_free (data->description);
  g_free (data->icon_name);
  g_free (data->notice);
  g_free (data->file_name);
  g_clear_pointer (&data->fields, g_hash_table_unref);
  g_clear_pointer (&data->steps, g_ptr_array_unref);
  g_clear_pointer (&data->scored_fields, g_ptr_array_unref);
  g_clear_pointer (&data->bands, g_ptr_array_unref);
  if (data->safety != NULL)
    for (guint i = 0; i < data->safety->len; i++)
      {
        ReframeSafetyRule *rule = g_ptr_array_index (data->safety, i);

        g_free (rule->field_id);
        g_free (rule);
      }
  g_clear_pointer (&data->safety, g_ptr_array_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeTemplateData, _reframe_template_data_free)

static ReframeTemplateData *
parse_root (ReframeTemplateParser *p,
            JsonNode              *root)
{
  g_autoptr (ReframeTemplateData) data = g_new0 (ReframeTemplateData, 1);
  g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *domain = NULL;
  JsonObject      *object;

  data->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_step_unref);
  data->fields = g_hash_table_new (g_str_hash, g_str_equal);
  data->file_name = g_strdup (p->file_name);
  p->seen = seen;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _reframe_template_fail (
               p,
               "/",
               _ ("a template must be one object in braces, but the file holds %s."),
               describe_node (root)),
           NULL;
  object = json_node_get_object (root);
  if (!_reframe_template_check_keys (p, object, "/", template_keys) || !read_format (p, object) ||
      !read_domain (p, object, &domain) || !parse_head (p, object, data) ||
      !parse_lists (p, object) || !parse_steps (p, object, data) ||
      !_reframe_template_parse_scoring (p, object, data) ||
      !_reframe_template_parse_safety (p, object, data))
    return NULL;
  if (data->bands == NULL)
    data->bands = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_band_free);
  if (data->scored_fields == NULL)
    data->scored_fields =
        g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_template_field_unref);
  return g_steal_pointer (&data);
}

/**
 * _reframe_template_parse:
 * @json: the file's bytes
 * @file_name: the name shown in error messages ("thought-record.json")
 * @error: return location for an error naming the file, the field and the problem
 *
 * Returns: (transfer full) (nullable): the checked template data
 */
ReframeTemplateData *
_reframe_template_parse (GBytes     *json,
                         const char *file_name,
                         GError    **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  ReframeTemplateParser p = { file_name, error };
  gsize                 size = 0;
  const char           *text = g_bytes_get_data (json, &size);

  if (size == 0)
    return _reframe_template_fail (&p, "/", _ ("the file is empty.")), NULL;
  if (!g_utf8_validate (text, size, NULL))
    return _reframe_template_fail (&p, "/", _ ("the file is not UTF-8 text.")), NULL;
  if (!json_parser_load_from_data (parser, text, size, &local_error))
    return _reframe_template_fail (
               &p, "/", _ ("the file is not valid JSON (%s)."), local_error->message),
           NULL;
  return parse_root (&p, json_parser_get_root (parser));
}
