/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fhir.c: questionnaire results as FHIR R4. A structural checker of our own (FHIR's
 * JSON rules, the elements of a Bundle and of a QuestionnaireResponse, their dateTime, id and
 * code formats, LOINC check digits), shown to reject hand-made bad documents; then the
 * exports of a hand-made journal and of the generated ten-year journal, the safe writer and
 * `reframe export --format fhir`.
 *
 * The checker is not the official FHIR validator and knows no profile: it checks what a file
 * must be to be read as FHIR R4 at all, and what Reframe promises on top (no empty values, a
 * display-only subject, LOINC codes that pass their check digit). */

#include "config.h"

#include <glib/gstdio.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>

#include "reframe-questionnaire-score.h"
#include "reframe-report-private.h"
#include "reframe-store.h"
#include "reframe-template-registry.h"
#include "reframe-test-util.h"
#include "reframe-worksheet-repository-private.h"

/* The checker */

typedef struct
{
  GString    *problems; /* one line each */
  GHashTable *full_urls;
} Checker;

static const char *const bundle_elements[] = {
  "resourceType", "id", "meta", "implicitRules", "language", "identifier", "type", "timestamp", "total", "link", "entry", "signature", NULL
};
static const char *const entry_elements[] = { "id", "extension", "modifierExtension", "link", "fullUrl", "resource", "search", "request", "response", NULL };
static const char *const response_elements[] = { "resourceType", "id", "meta", "implicitRules", "language", "text", "contained", "extension", "modifierExtension", "identifier", "basedOn", "partOf", "questionnaire", "status", "subject", "encounter", "authored", "author", "source", "item", NULL };
static const char *const item_elements[] = { "id", "extension", "modifierExtension", "linkId", "definition", "text", "answer", "item", NULL };
static const char *const answer_elements[] = { "id",
                                               "extension",
                                               "modifierExtension",
                                               "valueBoolean",
                                               "valueDecimal",
                                               "valueInteger",
                                               "valueDate",
                                               "valueDateTime",
                                               "valueTime",
                                               "valueString",
                                               "valueUri",
                                               "valueAttachment",
                                               "valueCoding",
                                               "valueQuantity",
                                               "valueReference",
                                               "item",
                                               NULL };
static const char *const coding_elements[] = { "id", "extension", "system", "version", "code", "display", "userSelected", NULL };
static const char *const reference_elements[] = { "id", "extension", "reference", "type", "identifier", "display", NULL };

static const char *const bundle_types[] = {
  "document", "message", "transaction", "transaction-response", "batch", "batch-response", "history", "searchset", "collection", NULL
};
static const char *const response_statuses[] = { "in-progress", "completed", "amended", "entered-in-error", "stopped", NULL };

/* FHIR R4's own patterns (datatypes.html), with a fraction of at most nine digits. */
#define ID_PATTERN   "^[A-Za-z0-9\\-\\.]{1,64}$"
#define CODE_PATTERN "^[^\\s]+( [^\\s]+)*$"
#define YEAR_PATTERN "([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)"
#define TIME_PATTERN "([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]{1,9})?"
#define ZONE_PATTERN "(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
#define DATETIME_PATTERN                                                                       \
  "^" YEAR_PATTERN "(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T" TIME_PATTERN ZONE_PATTERN \
  ")?)?)?$"
#define INSTANT_PATTERN \
  "^" YEAR_PATTERN "-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])T" TIME_PATTERN ZONE_PATTERN "$"
#define UUID_URN_PATTERN "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
#define LOINC_PATTERN    "^[0-9]{1,7}-[0-9]$"
#define ANSWER_PATTERN   "^LA[0-9]{1,7}-[0-9]$"
#define CANONICAL_PREFIX "http://loinc.org/q/"

static void problem (Checker    *c,
                     const char *path,
                     const char *format,
                     ...) G_GNUC_PRINTF (3, 4);

static void
problem (Checker    *c,
         const char *path,
         const char *format,
         ...)
{
  va_list args;

  g_string_append_printf (c->problems, "%s: ", path);
  va_start (args, format);
  g_string_append_vprintf (c->problems, format, args);
  va_end (args);
  g_string_append_c (c->problems, '\n');
}

static gboolean
matches (const char *pattern,
         const char *text)
{
  return g_regex_match_simple (pattern, text, 0, 0);
}

/* LOINC's check digit (the "mod 10" of the LOINC manual, as Luhn's). */
static gboolean
loinc_check_digit_ok (const char *code)
{
  const char *dash = strchr (code, '-');
  int         sum = 0;
  gboolean    twice = TRUE;

  if (dash == NULL || dash == code)
    return FALSE;
  for (const char *p = dash - 1; p >= code; p--, twice = !twice)
    {
      int digit = *p - '0';

      if (twice && (digit *= 2) > 9)
        digit -= 9;
      sum += digit;
    }
  return (10 - sum % 10) % 10 == dash[1] - '0';
}

static gboolean
is_loinc_code (const char *code)
{
  return matches (LOINC_PATTERN, code) && loinc_check_digit_ok (code);
}

static char *
child_path (const char *path,
            const char *member)
{
  return *path != '\0' ? g_strdup_printf ("%s.%s", path, member) : g_strdup (member);
}

/* FHIR's JSON rules, everywhere: no null, no empty string, array or object, no array in an
 * array, and strings without leading or trailing white space. */
static void
check_json_rules (Checker    *c,
                  JsonNode   *node,
                  const char *path)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_NULL:
      problem (c, path, "null is not allowed");
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          const char *text = json_node_get_string (node);

          if (*text == '\0')
            problem (c, path, "empty string");
          else if (g_ascii_isspace (text[0]) || g_ascii_isspace (text[strlen (text) - 1]))
            problem (c, path, "leading or trailing whitespace");
        }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        if (json_array_get_length (array) == 0)
          problem (c, path, "empty array");
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode        *element = json_array_get_element (array, i);
            g_autofree char *element_path = g_strdup_printf ("%s[%u]", path, i);

            if (JSON_NODE_HOLDS_ARRAY (element))
              problem (c, element_path, "array inside an array");
            check_json_rules (c, element, element_path);
          }
      }
      break;
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr (GList) members = json_object_get_members (object);

        if (members == NULL)
          problem (c, path, "empty object");
        for (GList *l = members; l != NULL; l = l->next)
          {
            g_autofree char *member_path = child_path (path, l->data);

            check_json_rules (c, json_object_get_member (object, l->data), member_path);
          }
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
check_elements (Checker           *c,
                JsonObject        *object,
                const char        *path,
                const char *const *allowed)
{
  g_autoptr (GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      problem (c, path, "unknown element “%s”", (const char *) l->data);
}

/* The string member @name, or NULL (with a problem when it is there but not a string). */
static const char *
get_string (Checker    *c,
            JsonObject *object,
            const char *path,
            const char *name,
            gboolean    required)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    {
      if (required)
        problem (c, path, "“%s” is required", name);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      problem (c, path, "“%s” must be a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

static JsonArray *
get_array (Checker    *c,
           JsonObject *object,
           const char *path,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      problem (c, path, "“%s” must be an array", name);
      return NULL;
    }
  return json_node_get_array (node);
}

/* The object at @index of @array, or NULL with a problem. */
static JsonObject *
get_element_object (Checker    *c,
                    JsonArray  *array,
                    guint       index,
                    const char *path)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (c, path, "must be an object");
      return NULL;
    }
  return json_node_get_object (node);
}

/* A date, a date and time with its zone, within the calendar. */
static gboolean
is_date_time (const char *text,
              gboolean    instant)
{
  int year = 0, month = 0, day = 0;

  if (!matches (instant ? INSTANT_PATTERN : DATETIME_PATTERN, text))
    return FALSE;
  if (sscanf (text, "%4d-%2d-%2d", &year, &month, &day) == 3)
    return g_date_valid_dmy (day, month, year);
  return TRUE;
}

static void
check_coding (Checker    *c,
              JsonObject *coding,
              const char *path)
{
  const char *system = get_string (c, coding, path, "system", TRUE);
  const char *code = get_string (c, coding, path, "code", TRUE);

  check_elements (c, coding, path, coding_elements);
  get_string (c, coding, path, "display", TRUE);
  if (system != NULL && !matches ("^[a-z][a-z0-9+.-]*:[^\\s]+$", system))
    problem (c, path, "system “%s” is not an absolute URI", system);
  if (code != NULL && !matches (CODE_PATTERN, code))
    problem (c, path, "code “%s” is not a FHIR code", code);
  else if (code != NULL && g_strcmp0 (system, "http://loinc.org") == 0 &&
           !matches (ANSWER_PATTERN, code) && !is_loinc_code (code))
    problem (c, path, "“%s” is not a LOINC code (or its check digit is wrong)", code);
}

static void check_items (Checker    *c,
                         JsonArray  *items,
                         const char *path,
                         GHashTable *link_ids);

/* One answer: a valueCoding with system, code and display, or a valueInteger for a total. */
static void
check_answer (Checker    *c,
              JsonObject *answer,
              const char *path,
              GHashTable *link_ids)
{
  g_autoptr (GList) members = json_object_get_members (answer);
  guint      n_values = 0;
  JsonArray *items;

  check_elements (c, answer, path, answer_elements);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char      *name = l->data;
      JsonNode        *node = json_object_get_member (answer, name);
      g_autofree char *value_path = child_path (path, name);

      if (!g_str_has_prefix (name, "value"))
        continue;
      n_values++;
      if (g_str_equal (name, "valueCoding") && JSON_NODE_HOLDS_OBJECT (node))
        check_coding (c, json_node_get_object (node), value_path);
      else if (g_str_equal (name, "valueInteger"))
        {
          /* A number, not a string, and a whole one within FHIR's 32 bits. */
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
              json_node_get_int (node) < G_MININT32 || json_node_get_int (node) > G_MAXINT32)
            problem (c, value_path, "valueInteger must be a JSON integer");
        }
      else
        problem (c, value_path, "answers are a valueCoding or a valueInteger");
    }
  if (n_values != 1)
    problem (c, path, "an answer has exactly one value, not %u", n_values);
  if ((items = get_array (c, answer, path, "item")) != NULL)
    {
      g_autofree char *items_path = child_path (path, "item");

      check_items (c, items, items_path, link_ids);
    }
}

static void
check_item (Checker    *c,
            JsonObject *item,
            const char *path,
            GHashTable *link_ids)
{
  const char *link_id = get_string (c, item, path, "linkId", TRUE);
  JsonArray  *answers = get_array (c, item, path, "answer");
  JsonArray  *items = get_array (c, item, path, "item");
  gboolean    nested_in_answer = FALSE;

  check_elements (c, item, path, item_elements);
  get_string (c, item, path, "text", FALSE);
  if (link_id != NULL && !is_loinc_code (link_id))
    problem (
        c, path, "linkId “%s” is not the item's LOINC code (or its check digit is wrong)", link_id);
  if (link_id != NULL && !g_hash_table_add (link_ids, g_strdup (link_id)))
    problem (c, path, "linkId “%s” comes twice", link_id);
  for (guint i = 0; answers != NULL && i < json_array_get_length (answers); i++)
    {
      g_autofree char *answer_path = g_strdup_printf ("%s.answer[%u]", path, i);
      JsonObject      *answer = get_element_object (c, answers, i, answer_path);

      if (answer == NULL)
        continue;
      nested_in_answer |= json_object_has_member (answer, "item");
      check_answer (c, answer, answer_path, link_ids);
    }
  if (items != NULL)
    {
      g_autofree char *items_path = child_path (path, "item");

      if (nested_in_answer)
        problem (c, path, "nested items beneath both item and answer (qrs-1)");
      check_items (c, items, items_path, link_ids);
    }
}

static void
check_items (Checker    *c,
             JsonArray  *items,
             const char *path,
             GHashTable *link_ids)
{
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      JsonObject      *item = get_element_object (c, items, i, item_path);

      if (item != NULL)
        check_item (c, item, item_path, link_ids);
    }
}

/* Only a name given as text: nothing that points at a record of the person. */
static void
check_subject (Checker    *c,
               JsonObject *response,
               const char *path)
{
  JsonNode        *node = json_object_get_member (response, "subject");
  g_autofree char *subject_path = child_path (path, "subject");

  if (node == NULL)
    return;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      problem (c, subject_path, "must be a Reference");
      return;
    }
  check_elements (c, json_node_get_object (node), subject_path, reference_elements);
  if (json_object_has_member (json_node_get_object (node), "reference") ||
      json_object_has_member (json_node_get_object (node), "identifier"))
    problem (c, subject_path, "must be display-only: no reference or identifier of the person");
  get_string (c, json_node_get_object (node), subject_path, "display", TRUE);
}

static void
check_response (Checker    *c,
                JsonObject *response,
                const char *path)
{
  const char *type = get_string (c, response, path, "resourceType", TRUE);
  const char *id = get_string (c, response, path, "id", FALSE);
  const char *questionnaire = get_string (c, response, path, "questionnaire", FALSE);
  const char *status = get_string (c, response, path, "status", TRUE);
  const char *authored = get_string (c, response, path, "authored", FALSE);
  JsonArray  *items = get_array (c, response, path, "item");
  g_autoptr (GHashTable) link_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (g_strcmp0 (type, "QuestionnaireResponse") != 0)
    {
      problem (c, path, "resourceType “%s” is not QuestionnaireResponse", type != NULL ? type : "");
      return;
    }
  check_elements (c, response, path, response_elements);
  if (id != NULL && !matches (ID_PATTERN, id))
    problem (c, path, "id “%s” is not a FHIR id", id);
  if (questionnaire == NULL || !g_str_has_prefix (questionnaire, CANONICAL_PREFIX) ||
      !is_loinc_code (questionnaire + strlen (CANONICAL_PREFIX)))
    problem (c,
             path,
             "questionnaire must be LOINC's form, http://loinc.org/q/ and a LOINC code with its "
             "check digit");
  if (status != NULL && !g_strv_contains (response_statuses, status))
    problem (c, path, "status “%s” is not a QuestionnaireResponse status", status);
  if (authored != NULL && !is_date_time (authored, FALSE))
    problem (c,
             path,
             "authored “%s” is not a FHIR dateTime (a time needs seconds and a zone)",
             authored);
  check_subject (c, response, path);
  if (items != NULL)
    {
      g_autofree char *items_path = child_path (path, "item");

      check_items (c, items, items_path, link_ids);
    }
  else if (g_strcmp0 (status, "completed") == 0)
    problem (c, path, "a completed response without items");
}

static void
check_entry (Checker    *c,
             JsonObject *entry,
             const char *path)
{
  const char      *full_url = get_string (c, entry, path, "fullUrl", TRUE);
  JsonNode        *resource = json_object_get_member (entry, "resource");
  g_autofree char *resource_path = child_path (path, "resource");

  check_elements (c, entry, path, entry_elements);
  if (json_object_has_member (entry, "search") || json_object_has_member (entry, "request") ||
      json_object_has_member (entry, "response"))
    problem (
        c, path, "search, request and response belong to searchsets, batches and transactions");
  if (full_url != NULL && !matches (UUID_URN_PATTERN, full_url))
    problem (c, path, "fullUrl “%s” is not urn:uuid: and a lowercase UUID", full_url);
  else if (full_url != NULL && !g_hash_table_add (c->full_urls, g_strdup (full_url)))
    problem (c, path, "fullUrl “%s” is not unique in the Bundle", full_url);
  if (resource == NULL || !JSON_NODE_HOLDS_OBJECT (resource))
    {
      problem (c, path, "an entry needs its resource");
      return;
    }
  check_response (c, json_node_get_object (resource), resource_path);
  if (full_url != NULL && json_object_has_member (json_node_get_object (resource), "id") &&
      g_strcmp0 (json_object_get_string_member (json_node_get_object (resource), "id"),
                 full_url + strlen ("urn:uuid:")) != 0)
    problem (c, resource_path, "id differs from the entry's fullUrl");
}

static void
check_bundle (Checker    *c,
              JsonObject *bundle)
{
  const char *id = get_string (c, bundle, "Bundle", "id", FALSE);
  const char *type = get_string (c, bundle, "Bundle", "type", TRUE);
  const char *timestamp = get_string (c, bundle, "Bundle", "timestamp", FALSE);
  JsonArray  *entries = get_array (c, bundle, "Bundle", "entry");

  check_elements (c, bundle, "Bundle", bundle_elements);
  if (id != NULL && !matches (ID_PATTERN, id))
    problem (c, "Bundle", "id “%s” is not a FHIR id", id);
  if (type != NULL && !g_strv_contains (bundle_types, type))
    problem (c, "Bundle", "type “%s” is not a Bundle type", type);
  if (timestamp != NULL && !is_date_time (timestamp, TRUE))
    problem (c, "Bundle", "timestamp “%s” is not a FHIR instant", timestamp);
  for (guint i = 0; entries != NULL && i < json_array_get_length (entries); i++)
    {
      g_autofree char *entry_path = g_strdup_printf ("Bundle.entry[%u]", i);
      JsonObject      *entry = get_element_object (c, entries, i, entry_path);

      if (entry != NULL)
        check_entry (c, entry, entry_path);
    }
}

/*
 * fhir_problems:
 * @json: a document
 *
 * Returns: (nullable): %NULL when @json is a well-formed FHIR R4 QuestionnaireResponse, or a
 *   Bundle of them, as Reframe writes them; otherwise every problem found, one a line
 */
static char *
fhir_problems (const char *json)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) error = NULL;
  Checker     c = { g_string_new (NULL),
                    g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) };
  JsonNode   *root;
  const char *type;

  if (!json_parser_load_from_data (parser, json, -1, &error))
    problem (&c, "document", "not JSON: %s", error->message);
  else if (!JSON_NODE_HOLDS_OBJECT (root = json_parser_get_root (parser)))
    problem (&c, "document", "not a JSON object");
  else
    {
      check_json_rules (&c, root, "");
      type = get_string (&c, json_node_get_object (root), "document", "resourceType", TRUE);
      if (g_strcmp0 (type, "Bundle") == 0)
        check_bundle (&c, json_node_get_object (root));
      else
        check_response (&c, json_node_get_object (root), "QuestionnaireResponse");
    }
  g_hash_table_unref (c.full_urls);
  if (c.problems->len == 0)
    {
      g_string_free (c.problems, TRUE);
      return NULL;
    }
  return g_string_free (c.problems, FALSE);
}

static void
assert_fhir (const char *json)
{
  g_autofree char *problems = fhir_problems (json);

  if (problems != NULL)
    g_error ("not FHIR as Reframe writes it:\n%s", problems);
}

/* The checker on hand-made documents */

static const char good_response[] =
    "{\"resourceType\": \"QuestionnaireResponse\", \"id\": "
    "\"2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\","
    " \"questionnaire\": \"http://loinc.org/q/44249-1\", \"status\": \"completed\","
    " \"authored\": \"2026-03-10T09:00:00+01:00\","
    " \"item\": [{\"linkId\": \"44260-8\", \"text\": \"Thoughts that you would be better off dead, "
    "or of hurting yourself in some way\","
    " \"answer\": [{\"valueCoding\": {\"system\": \"http://loinc.org\", \"code\": \"LA6569-3\", "
    "\"display\": \"Several days\"}}]},"
    " {\"linkId\": \"44261-6\", \"answer\": [{\"valueInteger\": 12}]}]}";

static char *
good_bundle (void)
{
  return g_strdup_printf ("{\"resourceType\": \"Bundle\", \"id\": \"b-1\", \"type\": "
                          "\"collection\", \"timestamp\": \"2026-03-15T08:30:00Z\","
                          " \"entry\": [{\"fullUrl\": "
                          "\"urn:uuid:2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\", \"resource\": %s}]}",
                          good_response);
}

typedef struct
{
  const char *what;
  const char *old; /* replaced, once, in the good document */
  const char *new;
  const char *expected; /* part of the problem's description */
} BadCase;

static const BadCase bad_responses[] = {
  { "another resource type",
    "\"QuestionnaireResponse\"",
    "\"Questionnaire\"",
    "is not QuestionnaireResponse" },
  { "a status that is not one", "\"completed\"", "\"done\"", "status “done”" },
  { "a questionnaire that is no canonical URL",
    "\"http://loinc.org/q/44249-1\"",
    "\"loinc.org/q/44249-1\"",
    "questionnaire must be" },
  { "a questionnaire code with a wrong check digit",
    "q/44249-1",
    "q/44249-2",
    "questionnaire must be" },
  { "no questionnaire",
    "\"questionnaire\": \"http://loinc.org/q/44249-1\",",
    "",
    "questionnaire must be" },
  { "no status", "\"status\": \"completed\",", "", "“status” is required" },
  { "an item without linkId", "\"linkId\": \"44260-8\", ", "", "“linkId” is required" },
  { "an empty linkId", "\"44260-8\"", "\"\"", "empty string" },
  { "a linkId with a wrong check digit", "\"44260-8\"", "\"44260-9\"", "linkId “44260-9”" },
  { "a linkId twice", "\"44261-6\"", "\"44260-8\"", "comes twice" },
  { "a valueCoding without display",
    ", \"display\": \"Several days\"",
    "",
    "“display” is required" },
  { "a valueCoding without system",
    "\"system\": \"http://loinc.org\", ",
    "",
    "“system” is required" },
  { "a system that is no URI", "\"http://loinc.org\"", "\"loinc\"", "not an absolute URI" },
  { "a code with white space inside", "\"LA6569-3\"", "\"LA6569  3\"", "not a FHIR code" },
  { "a code with white space around",
    "\"LA6569-3\"",
    "\" LA6569-3\"",
    "leading or trailing whitespace" },
  { "a LOINC code that is none", "\"LA6569-3\"", "\"6569\"", "not a LOINC code" },
  { "a total as a string",
    "\"valueInteger\": 12",
    "\"valueInteger\": \"12\"",
    "must be a JSON integer" },
  { "a total with a fraction",
    "\"valueInteger\": 12",
    "\"valueInteger\": 12.5",
    "must be a JSON integer" },
  { "a total beyond 32 bits",
    "\"valueInteger\": 12",
    "\"valueInteger\": 4294967296",
    "must be a JSON integer" },
  { "an answer as valueString",
    "\"valueInteger\": 12",
    "\"valueString\": \"12\"",
    "a valueCoding or a valueInteger" },
  { "an answer with two values",
    "\"valueInteger\": 12",
    "\"valueInteger\": 12, \"valueDecimal\": 12",
    "exactly one value, not 2" },
  { "an answer without value",
    "{\"valueInteger\": 12}",
    "{\"id\": \"a\"}",
    "exactly one value, not 0" },
  { "an empty answer list", "[{\"valueInteger\": 12}]", "[]", "empty array" },
  { "an empty object",
    "\"status\": \"completed\",",
    "\"status\": \"completed\", \"subject\": {},",
    "empty object" },
  { "a null",
    "\"status\": \"completed\",",
    "\"status\": \"completed\", \"language\": null,",
    "null is not allowed" },
  { "an array in an array",
    "[{\"valueInteger\": 12}]",
    "[[{\"valueInteger\": 12}]]",
    "array inside an array" },
  { "an unknown element",
    "\"status\": \"completed\",",
    "\"status\": \"completed\", \"score\": 12,",
    "unknown element “score”" },
  { "a subject that points at a record",
    "\"status\": \"completed\",",
    "\"status\": \"completed\", \"subject\": {\"reference\": \"Patient/1\", \"display\": "
    "\"Alex\"},",
    "display-only" },
  { "a time without zone",
    "\"2026-03-10T09:00:00+01:00\"",
    "\"2026-03-10T09:00:00\"",
    "not a FHIR dateTime" },
  { "a time without seconds",
    "\"2026-03-10T09:00:00+01:00\"",
    "\"2026-03-10T09:00+01:00\"",
    "not a FHIR dateTime" },
  { "a fraction of twelve digits",
    "\"2026-03-10T09:00:00+01:00\"",
    "\"2026-03-10T09:00:00.123456789012Z\"",
    "not a FHIR dateTime" },
  { "a dot and no fraction",
    "\"2026-03-10T09:00:00+01:00\"",
    "\"2026-03-10T09:00:00.Z\"",
    "not a FHIR dateTime" },
  { "a 30th of February",
    "\"2026-03-10T09:00:00+01:00\"",
    "\"2026-02-30T09:00:00Z\"",
    "not a FHIR dateTime" },
  { "an hour of one digit",
    "\"2026-03-10T09:00:00+01:00\"",
    "\"2026-03-10T9:00:00Z\"",
    "not a FHIR dateTime" },
  { "a zone without colon",
    "\"2026-03-10T09:00:00+01:00\"",
    "\"2026-03-10T09:00:00+0100\"",
    "not a FHIR dateTime" },
  { "an id with an underscore",
    "\"2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\"",
    "\"result_1\"",
    "is not a FHIR id" },
  { "an id of 65 characters",
    "\"2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\"",
    "\"2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a102b1c0e6a-3f0e-4c8e-9a55-0d5d3c1\"",
    "is not a FHIR id" },
  { "nested items under item and answer",
    "{\"linkId\": \"44261-6\", \"answer\": [{\"valueInteger\": 12}]}",
    "{\"linkId\": \"44261-6\", \"answer\": [{\"valueInteger\": 12, \"item\": [{\"linkId\": "
    "\"44250-9\"}]}], \"item\": [{\"linkId\": \"44255-8\"}]}",
    "qrs-1" },
  { "a completed response without items",
    ", \"item\": [{\"linkId\": \"44260-8\"",
    ", \"x\": [{\"linkId\": \"44260-8\"",
    "without items" },
  { "not JSON at all", "\"status\": \"completed\",", "\"status\": completed,", "not JSON" },
};

static const BadCase bad_bundles[] = {
  { "an entry without fullUrl",
    "\"fullUrl\": \"urn:uuid:2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\", ",
    "",
    "“fullUrl” is required" },
  { "a fullUrl that is no UUID",
    "urn:uuid:2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\"",
    "urn:uuid:result-1\"",
    "is not urn:uuid:" },
  { "a fullUrl in capitals",
    "urn:uuid:2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\"",
    "urn:uuid:2B1C0E6A-3F0E-4C8E-9A55-0D5D3C1C9A10\"",
    "is not urn:uuid:" },
  { "a fullUrl that is not the id",
    "urn:uuid:2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\"",
    "urn:uuid:2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a11\"",
    "differs from the entry's fullUrl" },
  { "an entry without resource", ", \"resource\": {", ", \"x\": {", "needs its resource" },
  { "an entry with a request",
    "{\"fullUrl\"",
    "{\"request\": {\"method\": \"POST\", \"url\": \"QuestionnaireResponse\"}, \"fullUrl\"",
    "belong to searchsets" },
  { "a type that is none", "\"collection\"", "\"bag\"", "type “bag”" },
  { "no type", "\"type\": \"collection\", ", "", "“type” is required" },
  { "a timestamp that is a date",
    "\"2026-03-15T08:30:00Z\"",
    "\"2026-03-15\"",
    "not a FHIR instant" },
  { "an empty entry list", "\"entry\": [{", "\"entry\": [], \"x\": [{", "empty array" },
  { "another resource in an entry",
    "{\"resourceType\": \"QuestionnaireResponse\"",
    "{\"resourceType\": \"Patient\"",
    "is not QuestionnaireResponse" },
};

static char *
apply (const char    *good,
       const BadCase *bad)
{
  const char *at = strstr (good, bad->old);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - good), good, bad->new, at + strlen (bad->old));
}

static void
assert_rejected (const char    *good,
                 const BadCase *bad)
{
  g_autofree char *json = apply (good, bad);
  g_autofree char *problems = fhir_problems (json);

  g_test_message ("%s: %s", bad->what, problems != NULL ? problems : "(accepted)");
  if (problems == NULL || strstr (problems, bad->expected) == NULL)
    g_error ("%s was not rejected for “%s”: %s\n%s",
             bad->what,
             bad->expected,
             problems != NULL ? problems : "(accepted)",
             json);
}

static void
test_checker (void)
{
  g_autofree char *bundle = good_bundle ();

  assert_fhir (good_response);
  assert_fhir (bundle);
  assert_fhir ("{\"resourceType\": \"Bundle\", \"type\": \"collection\"}");
  for (guint i = 0; i < G_N_ELEMENTS (bad_responses); i++)
    {
      g_autofree char *json = apply (bundle, &bad_responses[i]);

      g_autofree char *problems = fhir_problems (json);

      assert_rejected (good_response, &bad_responses[i]);
      /* The same fault inside a Bundle. */
      g_assert_nonnull (problems);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_bundles); i++)
    assert_rejected (bundle, &bad_bundles[i]);
  /* Two entries with the same fullUrl. */
  {
    g_autofree char *twice = g_strdup_printf (
        "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": ["
        "{\"fullUrl\": \"urn:uuid:2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\", \"resource\": %s},"
        "{\"fullUrl\": \"urn:uuid:2b1c0e6a-3f0e-4c8e-9a55-0d5d3c1c9a10\", \"resource\": %s}]}",
        good_response,
        good_response);
    g_autofree char *problems = fhir_problems (twice);

    g_assert_nonnull (strstr (problems, "not unique"));
  }
  g_assert_true (loinc_check_digit_ok ("44249-1"));
  g_assert_true (loinc_check_digit_ok ("69737-5"));
  g_assert_false (loinc_check_digit_ok ("44249-7"));
}

/* Exports of a hand-made journal */

typedef struct
{
  char                    *root;
  char                    *dir; /* the journal's folder */
  ReframeStore            *store;
  ReframeTemplateRegistry *registry;
  char                    *phq;
  char                    *gad;
  char                    *private_phq;
} Fixture;

static void
fixture_set_up (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  f->root = reframe_test_make_tmp_dir ();
  f->dir = g_build_filename (f->root, "data", NULL);
  f->store = reframe_store_open (f->dir, &error);
  g_assert_no_error (error);
  f->registry = reframe_template_registry_new (f->dir, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture      *f,
                   gconstpointer data)
{
  g_clear_object (&f->registry);
  g_clear_object (&f->store);
  reframe_test_remove_tree (f->root);
  g_free (f->root);
  g_free (f->dir);
  g_free (f->phq);
  g_free (f->gad);
  g_free (f->private_phq);
}

static char *
add_worksheet (Fixture    *f,
               const char *template_id,
               const char *answers,
               const char *iso_time,
               gboolean    private_)
{
  return reframe_test_add_worksheet (
      f->store, f->registry, template_id, answers, iso_time, private_);
}

/* 1–14 March 2026: a PHQ-9 (9 points, item 9 answered "More than half the days"), a GAD-7
 * (9 points), a private PHQ-9, a thought record; and a PHQ-9 before the period. */
static void
populate (Fixture *f)
{
  f->phq = add_worksheet (f,
                          "phq-9",
                          "{\"item_1\": \"1\", \"item_2\": \"1\", \"item_3\": \"1\", \"item_4\": "
                          "\"1\", \"item_5\": \"1\","
                          " \"item_6\": \"1\", \"item_7\": \"1\", \"item_8\": \"0\", \"item_9\": "
                          "\"2\", \"difficulty\": \"very\"}",
                          "2026-03-02T09:00:00Z",
                          FALSE);
  f->gad = add_worksheet (f,
                          "gad-7",
                          "{\"item_1\": \"0\", \"item_2\": \"2\", \"item_3\": \"3\", \"item_4\": "
                          "\"1\", \"item_5\": \"1\","
                          " \"item_6\": \"1\", \"item_7\": \"1\", \"difficulty\": \"extremely\"}",
                          "2026-03-05T20:15:30Z",
                          FALSE);
  f->private_phq =
      add_worksheet (f,
                     "phq-9",
                     "{\"item_1\": \"3\", \"item_2\": \"3\", \"item_3\": \"3\", \"item_4\": \"3\", "
                     "\"item_5\": \"3\","
                     " \"item_6\": \"3\", \"item_7\": \"3\", \"item_8\": \"3\", \"item_9\": \"3\"}",
                     "2026-03-07T22:00:00Z",
                     TRUE);
  g_free (add_worksheet (f,
                         "thought-record",
                         "{\"situation\": \"The meeting\", \"emotions\": [{\"name\": \"sad\", "
                         "\"before\": 80, \"after\": 40}]}",
                         "2026-03-04T10:00:00Z",
                         FALSE));
  g_free (
      add_worksheet (f,
                     "phq-9",
                     "{\"item_1\": \"0\", \"item_2\": \"0\", \"item_3\": \"0\", \"item_4\": \"0\", "
                     "\"item_5\": \"0\","
                     " \"item_6\": \"0\", \"item_7\": \"0\", \"item_8\": \"0\", \"item_9\": \"0\"}",
                     "2026-02-20T09:00:00Z",
                     FALSE));
}

static ReframeReportOptions *
options_for (const char *from,
             const char *to)
{
  GDate                 first, last;
  ReframeReportOptions *options;
  g_autoptr (GDateTime) made = g_date_time_new_from_iso8601 ("2026-03-15T08:30:00.250+01:00", NULL);

  g_assert_true (_reframe_report_parse_day (from, &first));
  g_assert_true (_reframe_report_parse_day (to, &last));
  options = reframe_report_options_new (&first, &last);
  reframe_report_options_set_made (options, made);
  return options;
}

static ReframeReport *
build (Fixture              *f,
       ReframeReportOptions *options)
{
  g_autoptr (GError) error = NULL;
  ReframeReport *report = reframe_report_build (f->store, f->registry, options, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* The report as FHIR, checked by the checker, parsed. */
static JsonNode *
to_fhir (ReframeReport *report)
{
  g_autoptr (GBytes) bytes = reframe_report_to_fhir (report);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  assert_fhir (text);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  return root;
}

static JsonArray *
get_entries (JsonNode *bundle)
{
  JsonObject *object = json_node_get_object (bundle);

  return json_object_has_member (object, "entry") ? json_object_get_array_member (object, "entry")
                                                  : NULL;
}

static JsonObject *
get_resource (JsonNode *bundle,
              guint     index)
{
  JsonObject *entry = json_array_get_object_element (get_entries (bundle), index);

  return json_object_get_object_member (entry, "resource");
}

/* The first answer of the item @link_id, or NULL when the item is not there. */
static JsonObject *
find_answer (JsonObject *response,
             const char *link_id)
{
  JsonArray *items = json_object_get_array_member (response, "item");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      if (g_str_equal (json_object_get_string_member (item, "linkId"), link_id))
        return json_array_get_object_element (json_object_get_array_member (item, "answer"), 0);
    }
  return NULL;
}

static void
assert_coding (JsonObject *response,
               const char *link_id,
               const char *code,
               const char *display)
{
  JsonObject *answer = find_answer (response, link_id);
  JsonObject *coding;

  g_assert_nonnull (answer);
  coding = json_object_get_object_member (answer, "valueCoding");
  g_assert_cmpstr (json_object_get_string_member (coding, "system"), ==, "http://loinc.org");
  g_assert_cmpstr (json_object_get_string_member (coding, "code"), ==, code);
  g_assert_cmpstr (json_object_get_string_member (coding, "display"), ==, display);
}

static void
assert_total (JsonObject *response,
              const char *link_id,
              gint64      total)
{
  JsonObject *answer = find_answer (response, link_id);

  g_assert_nonnull (answer);
  g_assert_cmpint (
      json_node_get_value_type (json_object_get_member (answer, "valueInteger")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (answer, "valueInteger"), ==, total);
}

static void
assert_link_ids (JsonObject        *response,
                 const char *const *expected)
{
  JsonArray *items = json_object_get_array_member (response, "item");

  g_assert_cmpuint (json_array_get_length (items), ==, g_strv_length ((char **) expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (
        json_object_get_string_member (json_array_get_object_element (items, i), "linkId"),
        ==,
        expected[i]);
}

static void
assert_entry (JsonNode   *bundle,
              guint       index,
              const char *uuid)
{
  JsonObject      *entry = json_array_get_object_element (get_entries (bundle), index);
  g_autofree char *full_url = g_strconcat ("urn:uuid:", uuid, NULL);

  g_assert_cmpstr (json_object_get_string_member (entry, "fullUrl"), ==, full_url);
  g_assert_cmpstr (json_object_get_string_member (get_resource (bundle, index), "id"), ==, uuid);
}

static void
test_export (Fixture      *f,
             gconstpointer data)
{
  const char *const phq_link_ids[] = { "44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8", "69722-7", "44261-6", NULL };
  const char *const gad_link_ids[] = { "69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7", "70274-6", NULL };
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (JsonNode) bundle = NULL;
  JsonObject *root, *phq, *gad;

  populate (f);
  report = build (f, options);
  bundle = to_fhir (report);
  root = json_node_get_object (bundle);
  g_assert_cmpstr (json_object_get_string_member (root, "resourceType"), ==, "Bundle");
  g_assert_cmpstr (json_object_get_string_member (root, "type"), ==, "collection");
  /* The report's time, to the second, in the computer's zone (the tests run in UTC). */
  g_assert_cmpstr (json_object_get_string_member (root, "timestamp"), ==, "2026-03-15T07:30:00Z");

  /* The private result, the thought record and the PHQ-9 before the period are left out. */
  g_assert_cmpuint (json_array_get_length (get_entries (bundle)), ==, 2);
  g_assert_cmpuint (reframe_report_count_fhir_results (report), ==, 2);
  assert_entry (bundle, 0, f->phq);
  assert_entry (bundle, 1, f->gad);

  phq = get_resource (bundle, 0);
  g_assert_cmpstr (
      json_object_get_string_member (phq, "questionnaire"), ==, "http://loinc.org/q/44249-1");
  g_assert_cmpstr (json_object_get_string_member (phq, "status"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (phq, "authored"), ==, "2026-03-02T09:00:00Z");
  g_assert_false (json_object_has_member (phq, "subject"));
  assert_link_ids (phq, phq_link_ids);
  assert_coding (phq, "44250-9", "LA6569-3", "Several days");
  assert_coding (phq, "44253-3", "LA6568-5", "Not at all");
  assert_coding (phq, "44260-8", "LA6570-1", "More than half the days");
  assert_coding (phq, "69722-7", "LA6575-0", "Very difficult");
  assert_total (phq, "44261-6", 9);

  gad = get_resource (bundle, 1);
  g_assert_cmpstr (
      json_object_get_string_member (gad, "questionnaire"), ==, "http://loinc.org/q/69737-5");
  g_assert_cmpstr (json_object_get_string_member (gad, "authored"), ==, "2026-03-05T20:15:30Z");
  /* LOINC's GAD-7 form has no difficulty question: the template's answer stays out. */
  assert_link_ids (gad, gad_link_ids);
  assert_coding (gad, "69725-0", "LA6568-5", "Not at all");
  /* Item 2's third answer is LA18938-3 in LOINC's form, where the others have LA6570-1. */
  assert_coding (gad, "68509-9", "LA18938-3", "More days than not");
  assert_coding (gad, "69733-4", "LA6571-9", "Nearly every day");
  assert_total (gad, "70274-6", 9);
}

static void
test_private_and_name (Fixture      *f,
                       gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (JsonNode) bundle = NULL;
  JsonObject *subject;

  populate (f);
  reframe_report_options_set_include_private (options, TRUE);
  reframe_report_options_set_name (options, "  Alex B. ");
  report = build (f, options);
  bundle = to_fhir (report);
  g_assert_cmpuint (json_array_get_length (get_entries (bundle)), ==, 3);
  assert_entry (bundle, 2, f->private_phq);
  assert_total (get_resource (bundle, 2), "44261-6", 27);
  /* The name the person chose, as text only. */
  for (guint i = 0; i < 3; i++)
    {
      subject = json_object_get_object_member (get_resource (bundle, i), "subject");
      g_assert_cmpuint (json_object_get_size (subject), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (subject, "display"), ==, "Alex B.");
    }

  /* One excluded by hand stays out, private or not. */
  reframe_report_options_exclude (options, f->gad);
  reframe_report_options_set_name (options, " ");
  g_clear_pointer (&report, reframe_report_unref);
  g_clear_pointer (&bundle, json_node_unref);
  report = build (f, options);
  bundle = to_fhir (report);
  g_assert_cmpuint (json_array_get_length (get_entries (bundle)), ==, 2);
  assert_entry (bundle, 0, f->phq);
  assert_entry (bundle, 1, f->private_phq);
  g_assert_false (json_object_has_member (get_resource (bundle, 0), "subject"));
}

static void
test_empty (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-04-01", "2026-04-30");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (JsonNode) bundle = NULL;

  populate (f);
  report = build (f, options);
  bundle = to_fhir (report);
  g_assert_cmpuint (reframe_report_count_fhir_results (report), ==, 0);
  /* FHIR forbids an empty array: no entries, no "entry". */
  g_assert_null (get_entries (bundle));
}

/* A report read back from its JSON document gives the same FHIR resources. */
static void
test_read_back (Fixture      *f,
                gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autoptr (ReframeReport) read_back = NULL;
  g_autoptr (GBytes) json = NULL;
  g_autoptr (JsonNode) bundle = NULL;
  g_autoptr (JsonNode) read_back_bundle = NULL;
  g_autoptr (GError) error = NULL;
  JsonArray *entries, *read_back_entries;

  populate (f);
  report = build (f, options);
  json = reframe_report_to_json (report);
  read_back = reframe_report_from_json (json, &error);
  g_assert_no_error (error);
  bundle = to_fhir (report);
  read_back_bundle = to_fhir (read_back);
  entries = get_entries (bundle);
  read_back_entries = get_entries (read_back_bundle);
  g_assert_cmpuint (json_array_get_length (read_back_entries), ==, json_array_get_length (entries));
  for (guint i = 0; i < json_array_get_length (entries); i++)
    g_assert_true (json_node_equal (json_array_get_element (entries, i),
                                    json_array_get_element (read_back_entries, i)));
}

static void
test_write (Fixture      *f,
            gconstpointer data)
{
  g_autoptr (ReframeReportOptions) options = options_for ("2026-03-01", "2026-03-14");
  g_autoptr (ReframeReport) report = NULL;
  g_autofree char *path = g_build_filename (f->root, "results.json", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;
  ReframeReportFormat format = REFRAME_REPORT_FORMAT_PDF;

  g_assert_true (reframe_report_format_parse ("fhir", &format));
  g_assert_cmpint (format, ==, REFRAME_REPORT_FORMAT_FHIR);
  format = REFRAME_REPORT_FORMAT_PDF;
  g_assert_true (reframe_report_format_parse ("FHIR", &format));
  g_assert_cmpint (format, ==, REFRAME_REPORT_FORMAT_FHIR);
  g_assert_cmpstr (reframe_report_format_get_extension (REFRAME_REPORT_FORMAT_FHIR), ==, "json");

  populate (f);
  report = build (f, options);
  g_assert_true (reframe_report_write_file (
      report, REFRAME_REPORT_FORMAT_FHIR, file, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  assert_fhir (text);
  g_assert_nonnull (strstr (text, "\"resourceType\" : \"Bundle\""));
  /* The checker knows the report's own JSON is no FHIR. */
  {
    g_autoptr (GBytes) json = reframe_report_to_json (report);
    g_autofree char *json_text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
    g_autofree char *problems = fhir_problems (json_text);

    g_assert_nonnull (problems);
  }
  /* Nothing else of the report: no entries, no worksheets, no UUIDs but the results'. */
  g_assert_null (strstr (text, "thought"));
  g_assert_null (strstr (text, f->private_phq));
}

/* `reframe export --format fhir` */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_export (Run               *run,
            const char *const *args)
{
  run->status =
      reframe_test_cli_runv (&(ReframeTestCli){ .command = "export" }, args, &run->out, &run->err);
}

static void
test_cli (Fixture      *f,
          gconstpointer data)
{
  g_autofree char *output = g_build_filename (f->root, "out.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr (GError) error = NULL;

  populate (f);
  /* Two results, the private one left out. */
  {
    const char *const args[] = { "--data-dir", f->dir, "--from", "2026-03-01", "--to", "2026-03-14", "--format", "fhir", "-o", output, NULL };
    g_auto (Run) run = { 0 };

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Saved 2 questionnaire results as FHIR"));
    g_assert_true (g_file_get_contents (output, &text, NULL, &error));
    g_assert_no_error (error);
    assert_fhir (text);
    g_assert_null (strstr (text, f->private_phq));
  }
  /* With --with-private, three. */
  {
    const char *const args[] = { "--data-dir", f->dir, "--from", "2026-03-01", "--to", "2026-03-14", "-f", "FHIR", "--with-private", "-o", output, NULL };
    g_auto (Run) run = { 0 };

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "Saved 3 questionnaire results as FHIR"));
  }
  /* Only the private one in the period: nothing is saved, and the command says why. */
  {
    g_autofree char  *none = g_build_filename (f->root, "none.json", NULL);
    const char *const args[] = { "--data-dir", f->dir, "--from", "2026-03-06", "--to", "2026-03-14", "--format", "fhir", "-o", none, NULL };
    g_auto (Run) run = { 0 };

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "no PHQ-9 or GAD-7 results from 2026-03-06 to 2026-03-14"));
    g_assert_nonnull (strstr (run.err, "1 result marked private was left out"));
    g_assert_false (g_file_test (none, G_FILE_TEST_EXISTS));
  }
  /* A FHIR file of mood entries, or with the safety plan, is a mistake of usage. */
  {
    const char *const args[] = { "--data-dir", f->dir, "--format", "fhir", "--include", "entries", "-o", output, NULL };
    const char *const plan_args[] = {
      "--data-dir", f->dir, "--format", "fhir", "--include-safety-plan", "-o", output, NULL
    };
    g_auto (Run) run = { 0 };
    g_auto (Run) plan_run = { 0 };

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "questionnaire results only"));
    run_export (&plan_run, plan_args);
    g_assert_cmpint (plan_run.status, ==, 2);
  }
}

/* The generated ten-year journal */

/* The points of a LOINC answer code, as the PHQ-9's and GAD-7's forms give them. */
static int
answer_points (const char *code)
{
  static const struct
  {
    const char *code;
    int         points;
  } points[] = {
    { "LA6568-5", 0 },
    { "LA6569-3", 1 },
    { "LA6570-1", 2 },
    { "LA18938-3", 2 },
    { "LA6571-9", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    if (g_str_equal (code, points[i].code))
      return points[i].points;
  return -1;
}

/* Every result's total is the sum of its answers' points, and has every item of its form. */
static void
assert_totals_add_up (JsonNode *bundle)
{
  JsonArray *entries = get_entries (bundle);

  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *response = get_resource (bundle, i);
      gboolean    phq =
          g_str_has_suffix (json_object_get_string_member (response, "questionnaire"), "/44249-1");
      JsonArray *items = json_object_get_array_member (response, "item");
      int        sum = 0;
      guint      n_scored = 0;

      for (guint j = 0; j < json_array_get_length (items); j++)
        {
          JsonObject *answer = json_array_get_object_element (
              json_object_get_array_member (json_array_get_object_element (items, j), "answer"), 0);
          int points;

          if (!json_object_has_member (answer, "valueCoding"))
            continue;
          points = answer_points (json_object_get_string_member (
              json_object_get_object_member (answer, "valueCoding"), "code"));
          if (points >= 0)
            {
              sum += points;
              n_scored++;
            }
        }
      g_assert_cmpuint (n_scored, ==, phq ? 9 : 7);
      assert_total (response, phq ? "44261-6" : "70274-6", sum);
    }
}

static void
test_generated (void)
{
  g_autofree char *root = reframe_test_make_tmp_dir ();
  g_autofree char *dir = g_build_filename (root, "ten-year", NULL);
  g_autofree char *output = g_build_filename (root, "ten-year.json", NULL);
  const char      *generate = g_getenv ("REFRAME_GENERATE");
  const char      *argv[] = { generate, "--profile", "ten-year", dir, NULL };
  g_autoptr (ReframeStore) store = NULL;
  g_autoptr (ReframeTemplateRegistry) registry = NULL;
  g_autoptr (GError) error = NULL;
  int wait_status = 0;

  if (generate == NULL)
    {
      g_test_skip ("REFRAME_GENERATE is not set");
      return;
    }
  g_spawn_sync (NULL,
                (char **) argv,
                NULL,
                G_SPAWN_STDOUT_TO_DEV_NULL,
                NULL,
                NULL,
                NULL,
                NULL,
                &wait_status,
                &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  store = reframe_store_open (dir, &error);
  g_assert_no_error (error);
  registry = reframe_template_registry_new (dir, &error);
  g_assert_no_error (error);

  /* The whole ten years, with and without the private results. */
  for (guint with_private = 0; with_private <= 1; with_private++)
    {
      g_autoptr (ReframeReportOptions) options = options_for ("2016-01-01", "2026-11-30");
      g_autoptr (ReframeReport) report = NULL;
      g_autoptr (JsonNode) bundle = NULL;
      guint n = 0;

      reframe_report_options_set_kinds (options, REFRAME_REPORT_QUESTIONNAIRES);
      reframe_report_options_set_include_private (options, with_private);
      report = reframe_report_build (store, registry, options, NULL, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < reframe_report_get_questionnaires (report)->len; i++)
        {
          ReframeReportWorksheet *item =
              g_ptr_array_index (reframe_report_get_questionnaires (report), i);

          g_assert_false (!with_private && reframe_worksheet_get_private (item->worksheet));
          n += g_strv_contains ((const char *const[]){ "phq-9", "gad-7", NULL },
                                reframe_worksheet_get_template_id (item->worksheet));
        }
      g_test_message ("%u results of %u questionnaires%s",
                      n,
                      reframe_report_get_questionnaires (report)->len,
                      with_private ? ", private ones too" : "");
      g_assert_cmpuint (n, >, 50);
      g_assert_cmpuint (reframe_report_count_fhir_results (report), ==, n);
      bundle = to_fhir (report);
      g_assert_cmpuint (json_array_get_length (get_entries (bundle)), ==, n);
      assert_totals_add_up (bundle);
    }

  /* And `reframe export` on it. */
  {
    const char *const args[] = { "--data-dir", dir, "--from", "2016-01-01", "--to", "2026-11-30", "--format", "fhir", "-o", output, NULL };
    g_auto (Run) run = { 0 };
    g_autofree char *text = NULL;

    run_export (&run, args);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_file_get_contents (output, &text, NULL, &error));
    g_assert_no_error (error);
    assert_fhir (text);
  }
  g_clear_object (&registry);
  g_clear_object (&store);
  reframe_test_remove_tree (root);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reframe/fhir/checker", test_checker);
  g_test_add (
      "/reframe/fhir/export", Fixture, NULL, fixture_set_up, test_export, fixture_tear_down);
  g_test_add ("/reframe/fhir/private-and-name",
              Fixture,
              NULL,
              fixture_set_up,
              test_private_and_name,
              fixture_tear_down);
  g_test_add ("/reframe/fhir/empty", Fixture, NULL, fixture_set_up, test_empty, fixture_tear_down);
  g_test_add (
      "/reframe/fhir/read-back", Fixture, NULL, fixture_set_up, test_read_back, fixture_tear_down);
  g_test_add ("/reframe/fhir/write", Fixture, NULL, fixture_set_up, test_write, fixture_tear_down);
  g_test_add ("/reframe/fhir/export-command-leaves-private-results-out",
              Fixture,
              NULL,
              fixture_set_up,
              test_cli,
              fixture_tear_down);
  g_test_add_func ("/reframe/fhir/generated", test_generated);
  return g_test_run ();
}
