/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fhir-checker.c: a structural FHIR R4 checker of our own (FHIR's JSON rules,
 * the elements of a Bundle and of a QuestionnaireResponse, their dateTime, id and code formats,
 * LOINC check digits), shown to reject hand-made bad documents.
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
#include "test-fhir-private.h"

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
char *
_reframe_test_fhir_problems (const char *json)
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

void
_reframe_test_assert_fhir (const char *json)
{
  g_autofree char *problems = _reframe_test_fhir_problems (json);

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
  g_autofree char *problems = _reframe_test_fhir_problems (json);

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

  _reframe_test_assert_fhir (good_response);
  _reframe_test_assert_fhir (bundle);
  _reframe_test_assert_fhir ("{\"resourceType\": \"Bundle\", \"type\": \"collection\"}");
  for (guint i = 0; i < G_N_ELEMENTS (bad_responses); i++)
    {
      g_autofree char *json = apply (bundle, &bad_responses[i]);

      g_autofree char *problems = _reframe_test_fhir_problems (json);

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
    g_autofree char *problems = _reframe_test_fhir_problems (twice);

    g_assert_nonnull (strstr (problems, "not unique"));
  }
  g_assert_true (loinc_check_digit_ok ("44249-1"));
  g_assert_true (loinc_check_digit_ok ("69737-5"));
  g_assert_false (loinc_check_digit_ok ("44249-7"));
}

void
_reframe_test_fhir_add_checker_tests (void)
{
  g_test_add_func ("/reframe/fhir/checker", test_checker);
}
