/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-lines.c: the crisis lines and emergency numbers shipped with Reframe, by country.
 *
 * clinical.md section 9: the list ships inside the app (data/crisis/lines.json in the core
 * resource) and is shown with no network, the emergency number first, the country picked
 * from the locale, with international directories for everywhere else.
 */

#define G_LOG_DOMAIN "ReframeCrisisLines"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-assistant-private.h"
#include "reframe-crisis-check.h"
#include "reframe-crisis-lines.h"

struct _ReframeCrisisLines
{
  GObject parent_instance;

  guint version;

  /* Owned */
  GPtrArray *countries; /* of ReframeCrisisCountry, names in English */
  GPtrArray *lines;     /* of ReframeCrisisLine, in file order */
};

G_DEFINE_FINAL_TYPE (ReframeCrisisLines, reframe_crisis_lines, G_TYPE_OBJECT)

G_DEFINE_BOXED_TYPE (ReframeCrisisLine,
                     reframe_crisis_line,
                     reframe_crisis_line_copy,
                     reframe_crisis_line_free)
G_DEFINE_BOXED_TYPE (ReframeCrisisCountry,
                     reframe_crisis_country,
                     reframe_crisis_country_copy,
                     reframe_crisis_country_free)

/* The names in lines.json, listed here so that xgettext finds them for translators. */
G_GNUC_UNUSED static const char *const country_names[] = {
  N_ ("United States"),
  N_ ("Canada"),
  N_ ("United Kingdom"),
  N_ ("Ireland"),
  N_ ("Australia"),
  N_ ("New Zealand"),
  N_ ("France"),
  N_ ("Germany"),
  N_ ("Netherlands"),
  N_ ("Spain"),
  N_ ("Switzerland"),
  N_ ("India"),
  N_ ("Brazil"),
  N_ ("South Korea"),
  N_ ("South Africa"),
  N_ ("Japan"),
};

ReframeCrisisLine *
reframe_crisis_line_copy (const ReframeCrisisLine *line)
{
  ReframeCrisisLine *copy = g_new0 (ReframeCrisisLine, 1);

  copy->kind = line->kind;
  copy->country = g_strdup (line->country);
  copy->name = g_strdup (line->name);
  copy->numbers = g_strdupv (line->numbers);
  copy->sms = g_strdup (line->sms);
  copy->url = g_strdup (line->url);
  copy->email = g_strdup (line->email);
  copy->hours = g_strdup (line->hours);
  copy->languages = g_strdupv (line->languages);
  copy->notes = g_strdup (line->notes);
  copy->source = g_strdup (line->source);
  copy->last_verified = g_strdup (line->last_verified);
  return copy;
}

void
reframe_crisis_line_free (ReframeCrisisLine *line)
{
  if (line == NULL)
    return;
  g_free (line->country);
  g_free (line->name);
  g_strfreev (line->numbers);
  g_free (line->sms);
  g_free (line->url);
  g_free (line->email);
  g_free (line->hours);
  g_strfreev (line->languages);
  g_free (line->notes);
  g_free (line->source);
  g_free (line->last_verified);
  g_free (line);
}

ReframeCrisisCountry *
reframe_crisis_country_copy (const ReframeCrisisCountry *country)
{
  ReframeCrisisCountry *copy = g_new0 (ReframeCrisisCountry, 1);

  copy->code = g_strdup (country->code);
  copy->name = g_strdup (country->name);
  return copy;
}

void
reframe_crisis_country_free (ReframeCrisisCountry *country)
{
  if (country == NULL)
    return;
  g_free (country->code);
  g_free (country->name);
  g_free (country);
}

static void
set_invalid (GError    **error,
             const char *detail)
{
  g_set_error_literal (error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, detail);
}

/* json-glib warns when a member has another type than asked for; bad data must not. */
static char *
dup_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static char **
dup_strv_member (JsonObject *object,
                 const char *name)
{
  JsonNode  *node = json_object_get_member (object, name);
  GPtrArray *strings = g_ptr_array_new ();
  JsonArray *array =
      node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        g_ptr_array_add (strings, g_strdup (json_node_get_string (element)));
    }
  g_ptr_array_add (strings, NULL);
  return (char **) g_ptr_array_free (strings, FALSE);
}

static gboolean
parse_kind (const char            *text,
            ReframeCrisisLineKind *kind)
{
  static const char *const kinds[] = { "emergency", "helpline", "directory" };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (text, kinds[i]))
      {
        *kind = i;
        return TRUE;
      }
  return FALSE;
}

static ReframeCrisisLine *
parse_line (JsonNode *node,
            GError  **error)
{
  JsonObject      *object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  g_autofree char *kind = object ? dup_string_member (object, "kind") : NULL;
  g_autoptr (ReframeCrisisLine) line = g_new0 (ReframeCrisisLine, 1);

  if (object == NULL || !parse_kind (kind, &line->kind))
    {
      set_invalid (error, _ ("a line has no known “kind”"));
      return NULL;
    }
  line->country = dup_string_member (object, "country");
  line->name = dup_string_member (object, "name");
  line->numbers = dup_strv_member (object, "numbers");
  line->sms = dup_string_member (object, "sms");
  line->url = dup_string_member (object, "url");
  line->email = dup_string_member (object, "email");
  line->hours = dup_string_member (object, "hours");
  line->languages = dup_strv_member (object, "languages");
  line->notes = dup_string_member (object, "notes");
  line->source = dup_string_member (object, "source");
  line->last_verified = dup_string_member (object, "last_verified");
  if (line->country == NULL || line->name == NULL ||
      (line->kind != REFRAME_CRISIS_LINE_DIRECTORY && line->numbers[0] == NULL) ||
      (line->kind == REFRAME_CRISIS_LINE_DIRECTORY && line->url == NULL))
    {
      set_invalid (
          error,
          _ ("a line needs a country, a name, and numbers (or a web address for a directory)"));
      return NULL;
    }
  return g_steal_pointer (&line);
}

static gboolean
parse_lines (ReframeCrisisLines *self,
             JsonObject         *root,
             const char         *member,
             GError            **error)
{
  JsonNode  *node = json_object_get_member (root, member);
  JsonArray *array =
      node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (array == NULL)
    {
      g_autofree char *detail = g_strdup_printf (_ ("“%s” must be a list"), member);

      set_invalid (error, detail);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      ReframeCrisisLine *line = parse_line (json_array_get_element (array, i), error);

      if (line == NULL)
        return FALSE;
      g_ptr_array_add (self->lines, line);
    }
  return TRUE;
}

static gboolean
parse_countries (ReframeCrisisLines *self,
                 JsonObject         *root,
                 GError            **error)
{
  JsonNode  *node = json_object_get_member (root, "countries");
  JsonArray *array =
      node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode             *element = json_array_get_element (array, i);
      JsonObject           *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      ReframeCrisisCountry *country = g_new0 (ReframeCrisisCountry, 1);

      country->code = object ? dup_string_member (object, "code") : NULL;
      country->name = object ? dup_string_member (object, "name") : NULL;
      g_ptr_array_add (self->countries, country);
      if (country->code == NULL || strlen (country->code) != 2 || country->name == NULL)
        {
          set_invalid (error, _ ("a country needs a two-letter “code” and a “name”"));
          return FALSE;
        }
    }
  if (array == NULL)
    set_invalid (error, _ ("“countries” must be a list"));
  return array != NULL;
}

static gboolean
parse_data (ReframeCrisisLines *self,
            GBytes             *data,
            GError            **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode   *root_node, *version;
  JsonObject *root;

  if (!json_parser_load_from_data (
          parser, g_bytes_get_data (data, NULL), g_bytes_get_size (data), error))
    return FALSE;
  root_node = json_parser_get_root (parser);
  root = root_node != NULL && JSON_NODE_HOLDS_OBJECT (root_node) ? json_node_get_object (root_node)
                                                                 : NULL;
  version = root ? json_object_get_member (root, "version") : NULL;
  if (version == NULL || !JSON_NODE_HOLDS_VALUE (version) ||
      json_node_get_value_type (version) != G_TYPE_INT64 || json_node_get_int (version) < 1)
    {
      set_invalid (error, _ ("“version” must be a whole number from 1 up"));
      return FALSE;
    }
  self->version = (guint) MIN (json_node_get_int (version), G_MAXUINT);
  return parse_countries (self, root, error) && parse_lines (self, root, "lines", error) &&
         parse_lines (self, root, "international", error);
}

static const ReframeCrisisCountry *
find_country (ReframeCrisisLines *self,
              const char         *code)
{
  for (guint i = 0; code != NULL && i < self->countries->len; i++)
    {
      const ReframeCrisisCountry *country = g_ptr_array_index (self->countries, i);

      if (g_ascii_strcasecmp (country->code, code) == 0)
        return country;
    }
  return NULL;
}

/* The shipped list, parsed once for reframe_crisis_lines_default_country(). */
static ReframeCrisisLines *
get_shipped (void)
{
  static ReframeCrisisLines *shipped = NULL;

  if (g_once_init_enter (&shipped))
    {
      g_autoptr (GError) error = NULL;
      ReframeCrisisLines *lines = reframe_crisis_lines_new (&error);

      /* The file is compiled in; only a broken build can lose it. */
      if (lines == NULL)
        g_error ("The crisis lines in the build are broken: %s", error->message);
      g_once_init_leave (&shipped, lines);
    }
  return shipped;
}

static void
append_line_text (GString                 *text,
                  const ReframeCrisisLine *line)
{
  g_autofree char *numbers = g_strjoinv (", ", line->numbers);

  if (line->kind == REFRAME_CRISIS_LINE_EMERGENCY)
    g_string_append_printf (text, _ ("Emergency services: %s\n"), numbers);
  else if (*numbers != '\0')
    g_string_append_printf (text, "%s: %s\n", g_dgettext (GETTEXT_PACKAGE, line->name), numbers);
  else
    g_string_append_printf (text, "%s\n", g_dgettext (GETTEXT_PACKAGE, line->name));
  if (line->sms != NULL)
    g_string_append_printf (text, _ ("    Text: %s\n"), line->sms);
  /* Emergency numbers always answer; saying so only adds a line to read. */
  if (line->hours != NULL && line->kind != REFRAME_CRISIS_LINE_EMERGENCY)
    g_string_append_printf (text, "    %s\n", g_dgettext (GETTEXT_PACKAGE, line->hours));
  if (line->notes != NULL)
    g_string_append_printf (text, "    %s\n", g_dgettext (GETTEXT_PACKAGE, line->notes));
  if (line->url != NULL)
    g_string_append_printf (text, "    %s\n", line->url);
  if (line->email != NULL)
    g_string_append_printf (text, "    %s\n", line->email);
}

static void
reframe_crisis_lines_finalize (GObject *object)
{
  ReframeCrisisLines *self = REFRAME_CRISIS_LINES (object);

  g_clear_pointer (&self->countries, g_ptr_array_unref);
  g_clear_pointer (&self->lines, g_ptr_array_unref);

  G_OBJECT_CLASS (reframe_crisis_lines_parent_class)->finalize (object);
}

static void
reframe_crisis_lines_class_init (ReframeCrisisLinesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = reframe_crisis_lines_finalize;
}

static void
reframe_crisis_lines_init (ReframeCrisisLines *self)
{
  self->countries = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_crisis_country_free);
  self->lines = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_crisis_line_free);
}

/**
 * reframe_crisis_lines_new:
 * @error: return location for an error
 *
 * Loads the crisis lines shipped in the core resource; no network.
 *
 * Returns: (transfer full): the lines, or %NULL if the data is broken
 */
ReframeCrisisLines *
reframe_crisis_lines_new (GError **error)
{
  g_autoptr (GBytes) data = _reframe_core_lookup_resource ("crisis/lines.json", error);

  if (data == NULL)
    return NULL;
  return reframe_crisis_lines_new_from_bytes (data, "crisis/lines.json", error);
}

/**
 * reframe_crisis_lines_new_from_bytes:
 * @data: a list in the format of data/crisis/lines.json
 * @name: the file's name, for the error message
 * @error: return location for an error
 *
 * Returns: (transfer full): the lines, or %NULL with an error naming @name
 */
ReframeCrisisLines *
reframe_crisis_lines_new_from_bytes (GBytes     *data,
                                     const char *name,
                                     GError    **error)
{
  g_autoptr (ReframeCrisisLines) self = g_object_new (REFRAME_TYPE_CRISIS_LINES, NULL);
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!parse_data (self, data, &local_error))
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("The crisis lines “%s” are not valid: %s"),
                   name,
                   local_error->message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

guint
reframe_crisis_lines_get_version (ReframeCrisisLines *self)
{
  g_return_val_if_fail (REFRAME_IS_CRISIS_LINES (self), 0);

  return self->version;
}

/**
 * reframe_crisis_lines_country_for_locale:
 * @locale: (nullable): a locale name such as "de_DE.UTF-8" or "pt_BR@latin"
 *
 * Returns: the locale's country if Reframe ships lines for it ("DE"), else "" (show the
 *   international directories)
 */
const char *
reframe_crisis_lines_country_for_locale (const char *locale)
{
  const char *territory = locale ? strchr (locale, '_') : NULL;
  char        code[3] = { 0 };

  if (territory == NULL || !g_ascii_isalpha (territory[1]) || !g_ascii_isalpha (territory[2]) ||
      (territory[3] != '\0' && territory[3] != '.' && territory[3] != '@'))
    return "";
  code[0] = g_ascii_toupper (territory[1]);
  code[1] = g_ascii_toupper (territory[2]);
  return find_country (get_shipped (), code) != NULL ? g_intern_string (code) : "";
}

/**
 * reframe_crisis_lines_default_country:
 *
 * The country of the locale's messages (LC_ALL, then LC_MESSAGES, then LANG), for when
 * the person has not picked one (the crisis-country setting is empty).
 *
 * Returns: a country code ("DE"), or "" for the international directories
 */
const char *
reframe_crisis_lines_default_country (void)
{
  static const char *const variables[] = { "LC_ALL", "LC_MESSAGES", "LANG" };

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      const char *value = g_getenv (variables[i]);

      if (value != NULL && *value != '\0')
        return reframe_crisis_lines_country_for_locale (value);
    }
  return "";
}

/**
 * reframe_crisis_lines_get_countries:
 * @self: the lines
 *
 * Returns: (transfer full) (element-type ReframeCrisisCountry): the countries with
 *   lines, with translated names, in the order of the data file
 */
GPtrArray *
reframe_crisis_lines_get_countries (ReframeCrisisLines *self)
{
  GPtrArray *countries;

  g_return_val_if_fail (REFRAME_IS_CRISIS_LINES (self), NULL);

  countries = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_crisis_country_free);
  for (guint i = 0; i < self->countries->len; i++)
    {
      ReframeCrisisCountry *country =
          reframe_crisis_country_copy (g_ptr_array_index (self->countries, i));

      g_free (country->name);
      country->name = g_strdup (
          g_dgettext (GETTEXT_PACKAGE,
                      ((ReframeCrisisCountry *) g_ptr_array_index (self->countries, i))->name));
      g_ptr_array_add (countries, country);
    }
  return countries;
}

/**
 * reframe_crisis_lines_resolve_country:
 * @self: the lines
 * @wanted: (nullable): a country code, from the settings or the locale
 *
 * Returns: @wanted when there are lines for it, else the first country there are lines
 *   for: showing no number at all would help no one
 */
const char *
reframe_crisis_lines_resolve_country (ReframeCrisisLines *self,
                                      const char         *wanted)
{
  g_return_val_if_fail (REFRAME_IS_CRISIS_LINES (self), NULL);

  for (guint i = 0; wanted != NULL && i < self->countries->len; i++)
    if (g_strcmp0 (((ReframeCrisisCountry *) g_ptr_array_index (self->countries, i))->code,
                   wanted) == 0)
      return ((ReframeCrisisCountry *) g_ptr_array_index (self->countries, i))->code;
  return self->countries->len > 0
             ? ((ReframeCrisisCountry *) g_ptr_array_index (self->countries, 0))->code
             : NULL;
}

static GPtrArray *
collect_lines (ReframeCrisisLines   *self,
               ReframeCrisisLineKind first,
               ReframeCrisisLineKind last,
               const char           *country)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_crisis_line_free);

  for (ReframeCrisisLineKind kind = first; kind <= last; kind++)
    for (guint i = 0; i < self->lines->len; i++)
      {
        const ReframeCrisisLine *line = g_ptr_array_index (self->lines, i);

        if (line->kind == kind &&
            (country == NULL || g_ascii_strcasecmp (line->country, country) == 0))
          g_ptr_array_add (found, reframe_crisis_line_copy (line));
      }
  return found;
}

/**
 * reframe_crisis_lines_lookup:
 * @self: the lines
 * @country: (nullable): a country code ("DE"); %NULL or "" for none
 *
 * Returns: (transfer full) (element-type ReframeCrisisLine): the country's emergency
 *   number first, then its crisis lines; empty when Reframe has nothing for @country
 *   (show reframe_crisis_lines_get_international() then, as always)
 */
GPtrArray *
reframe_crisis_lines_lookup (ReframeCrisisLines *self,
                             const char         *country)
{
  g_return_val_if_fail (REFRAME_IS_CRISIS_LINES (self), NULL);

  return collect_lines (
      self, REFRAME_CRISIS_LINE_EMERGENCY, REFRAME_CRISIS_LINE_HELPLINE, country ? country : "");
}

/**
 * reframe_crisis_lines_get_international:
 * @self: the lines
 *
 * Returns: (transfer full) (element-type ReframeCrisisLine): the international
 *   directories (Befrienders Worldwide, …), shown for every country
 */
GPtrArray *
reframe_crisis_lines_get_international (ReframeCrisisLines *self)
{
  g_return_val_if_fail (REFRAME_IS_CRISIS_LINES (self), NULL);

  return collect_lines (self, REFRAME_CRISIS_LINE_DIRECTORY, REFRAME_CRISIS_LINE_DIRECTORY, NULL);
}

/**
 * reframe_crisis_lines_format_text:
 * @self: the lines
 * @country: (nullable): a country code, or %NULL/"" for the international directories
 * @therapist_name: (nullable): the person's own therapist or clinic
 * @therapist_phone: (nullable): their number
 *
 * The lines as plain text, for the command line and tests; the person's own therapist
 * or clinic first when set.
 *
 * Returns: (transfer full): the text, ending with a newline
 */
char *
reframe_crisis_lines_format_text (ReframeCrisisLines *self,
                                  const char         *country,
                                  const char         *therapist_name,
                                  const char         *therapist_phone)
{
  g_autoptr (GPtrArray) lines = NULL;
  g_autoptr (GPtrArray) directories = NULL;
  const ReframeCrisisCountry *known;
  GString                    *text = g_string_new (NULL);
  gboolean                    has_name = therapist_name != NULL && *therapist_name != '\0';
  gboolean                    has_phone = therapist_phone != NULL && *therapist_phone != '\0';

  g_return_val_if_fail (REFRAME_IS_CRISIS_LINES (self), NULL);

  known = find_country (self, country);
  lines = reframe_crisis_lines_lookup (self, known ? known->code : NULL);
  directories = reframe_crisis_lines_get_international (self);
  g_string_append (
      text,
      _ ("If you might act on thoughts of harming yourself, or you are in danger, reach out now. "
         "You don’t have to go through this alone.\n\n"));
  if (has_name || has_phone)
    g_string_append_printf (text,
                            _ ("Your therapist or clinic: %s%s%s\n"),
                            has_name ? therapist_name : "",
                            has_name && has_phone ? ", " : "",
                            has_phone ? therapist_phone : "");
  if (known != NULL)
    g_string_append_printf (
        text, _ ("Crisis lines in %s:\n"), g_dgettext (GETTEXT_PACKAGE, known->name));
  else
    g_string_append (text,
                     _ ("Reframe has no crisis lines for your country yet. If you are in danger, "
                        "call your local emergency number.\n"));
  for (guint i = 0; i < lines->len; i++)
    append_line_text (text, g_ptr_array_index (lines, i));
  g_string_append (text, _ ("\nLines in other countries:\n"));
  for (guint i = 0; i < directories->len; i++)
    append_line_text (text, g_ptr_array_index (directories, i));
  return g_string_free (text, FALSE);
}
