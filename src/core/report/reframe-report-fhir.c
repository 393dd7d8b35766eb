/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-report-fhir.c: the report's questionnaire results as FHIR R4 QuestionnaireResponses,
 * gathered in one Bundle of type "collection".
 *
 * This content from LOINC® is copyright © 1995 Regenstrief Institute, Inc. and the LOINC
 * Committee, and available at no cost under the license at https://loinc.org/license/.
 *
 * Only the questionnaires LOINC publishes a form for are written: the PHQ-9 (panel 44249-1)
 * and the GAD-7 (panel 69737-5). Each result points at LOINC's form by its canonical URL
 * (http://loinc.org/q/44249-1); each item's linkId is the item's LOINC code, its text LOINC's
 * wording, and each answer a LOINC answer code with LOINC's display. The total is an item of
 * its own, with the total score's LOINC code and an integer. The codes, and the sources they
 * were checked against, are in docs/report-fhir.md.
 *
 * Nothing identifies the person: no Patient, no identifier; the subject is only the name the
 * person chose for the report's header, as text, and left out when there is none. Private
 * results are left out by the builder, as in every other format. FHIR forbids empty strings,
 * arrays and objects, so a member with nothing to say is left out rather than written empty.
 */

#define G_LOG_DOMAIN "ReframeReport"

#include "config.h"

#include "reframe-report-private.h"

#define LOINC_SYSTEM "http://loinc.org"

typedef struct
{
  const char *value; /* the template option's value */
  const char *code;  /* the LOINC answer code */
  const char *display;
} FhirAnswer;

typedef struct
{
  const char       *field_id; /* the template field */
  const char       *link_id;  /* the item's LOINC code */
  const char       *text;     /* LOINC's wording of the item */
  const FhirAnswer *answers;
} FhirItem;

typedef struct
{
  const char     *template_id;
  const char     *questionnaire; /* LOINC's form, as a canonical URL */
  const FhirItem *items;
  guint           n_items;
  const char     *total_link_id;
  const char     *total_text;
} FhirInstrument;

/* The answers of every PHQ-9 item and of six of the GAD-7's, scored 0 to 3. */
static const FhirAnswer frequency[] = {
  { "0", "LA6568-5", "Not at all" },
  { "1", "LA6569-3", "Several days" },
  { "2", "LA6570-1", "More than half the days" },
  { "3", "LA6571-9", "Nearly every day" },
  { NULL, NULL, NULL },
};

/* LOINC's GAD-7 form gives its second item (68509-9) another third answer, LA18938-3 "More
 * days than not", where the paper form and the other items say "More than half the days".
 * The form's answer is written, so that the result matches the form it names. */
static const FhirAnswer frequency_68509_9[] = {
  { "0", "LA6568-5", "Not at all" },
  { "1", "LA6569-3", "Several days" },
  { "2", "LA18938-3", "More days than not" },
  { "3", "LA6571-9", "Nearly every day" },
  { NULL, NULL, NULL },
};

/* The PHQ-9's unscored last question. */
static const FhirAnswer difficulty[] = {
  { "not-difficult", "LA6572-7", "Not difficult at all" },
  { "somewhat", "LA6573-5", "Somewhat difficult" },
  { "very", "LA6575-0", "Very difficult" },
  { "extremely", "LA6574-3", "Extremely difficult" },
  { NULL, NULL, NULL },
};

static const FhirItem phq_9_items[] = {
  { "item_1", "44250-9", "Little interest or pleasure in doing things", frequency },
  { "item_2", "44255-8", "Feeling down, depressed, or hopeless", frequency },
  { "item_3", "44259-0", "Trouble falling or staying asleep, or sleeping too much", frequency },
  { "item_4", "44254-1", "Feeling tired or having little energy", frequency },
  { "item_5", "44251-7", "Poor appetite or overeating", frequency },
  { "item_6",
    "44258-2",
    "Feeling bad about yourself-or that you are a failure or have let yourself or your family down",
    frequency },
  { "item_7",
    "44252-5",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    frequency },
  { "item_8",
    "44253-3",
    "Moving or speaking so slowly that other people could have noticed. Or the opposite-being so "
    "fidgety or restless that you have been moving around a lot more than usual",
    frequency },
  { "item_9",
    "44260-8",
    "Thoughts that you would be better off dead, or of hurting yourself in some way",
    frequency },
  { "difficulty",
    "69722-7",
    "How difficult have these problems made it for you to do your work, take care of things at "
    "home, or get along with other people?",
    difficulty },
};

/* LOINC's GAD-7 form has no difficulty question, so the template's is not written. */
static const FhirItem gad_7_items[] = {
  { "item_1", "69725-0", "Feeling nervous, anxious or on edge", frequency },
  { "item_2",
    "68509-9",
    "Over the past 2 weeks have you not been able to stop or control worrying",
    frequency_68509_9 },
  { "item_3", "69733-4", "Worrying too much about different things", frequency },
  { "item_4", "69734-2", "Trouble relaxing", frequency },
  { "item_5", "69735-9", "Being so restless that it is hard to sit still", frequency },
  { "item_6", "69689-8", "Becoming easily annoyed or irritable.", frequency },
  { "item_7", "69736-7", "Feeling afraid as if something awful might happen", frequency },
};

static const FhirInstrument instruments[] = {
  { "phq-9",
    "http://loinc.org/q/44249-1",
    phq_9_items,
    G_N_ELEMENTS (phq_9_items),
    "44261-6",
    "Patient health questionnaire 9 item total score" },
  { "gad-7",
    "http://loinc.org/q/69737-5",
    gad_7_items,
    G_N_ELEMENTS (gad_7_items),
    "70274-6",
    "Generalized anxiety disorder 7 item total score" },
};

static const FhirInstrument *
lookup_instrument (ReframeWorksheet *worksheet)
{
  const char *template_id = reframe_worksheet_get_template_id (worksheet);

  for (guint i = 0; i < G_N_ELEMENTS (instruments); i++)
    if (g_strcmp0 (template_id, instruments[i].template_id) == 0)
      return &instruments[i];
  return NULL;
}

/* The answer to @item in @answers, when it is one of the values LOINC's form has a code for. */
static const FhirAnswer *
lookup_answer (const FhirItem *item,
               JsonObject     *answers)
{
  JsonNode        *node = answers != NULL ? json_object_get_member (answers, item->field_id) : NULL;
  g_autofree char *value = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    value = g_strdup (json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    value = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  for (guint i = 0; value != NULL && item->answers[i].value != NULL; i++)
    if (g_str_equal (value, item->answers[i].value))
      return &item->answers[i];
  return NULL;
}

/*
 * A FHIR dateTime or instant in the computer's time zone, to the second: FHIR requires a zone
 * once there is a time, and a fraction of a second says nothing a therapist needs.
 */
static char *
format_time (GDateTime *time)
{
  g_autoptr (GDateTime) local = g_date_time_to_local (time);

  if (g_date_time_get_utc_offset (local) == 0)
    return g_date_time_format (local, "%Y-%m-%dT%H:%M:%SZ");
  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

/* A FHIR id and urn:uuid: the worksheet's UUID, so that a second export of the same result
 * names the same resource; a fresh one if it is not a UUID (a foreign import). */
static char *
resource_uuid (ReframeWorksheet *worksheet)
{
  const char *uuid = reframe_worksheet_get_uuid (worksheet);

  if (uuid != NULL && g_uuid_string_is_valid (uuid))
    return g_ascii_strdown (uuid, -1);
  return g_uuid_string_random ();
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_coding_item (JsonBuilder      *builder,
                 const FhirItem   *item,
                 const FhirAnswer *answer)
{
  json_builder_begin_object (builder);
  add_string (builder, "linkId", item->link_id);
  add_string (builder, "text", item->text);
  json_builder_set_member_name (builder, "answer");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "valueCoding");
  json_builder_begin_object (builder);
  add_string (builder, "system", LOINC_SYSTEM);
  add_string (builder, "code", answer->code);
  add_string (builder, "display", answer->display);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static void
add_total_item (JsonBuilder          *builder,
                const FhirInstrument *instrument,
                int                   score)
{
  json_builder_begin_object (builder);
  add_string (builder, "linkId", instrument->total_link_id);
  add_string (builder, "text", instrument->total_text);
  json_builder_set_member_name (builder, "answer");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "valueInteger");
  json_builder_add_int_value (builder, score);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* The answered items in the form's order, then the total; FALSE when there is none. */
static gboolean
add_items (JsonBuilder          *builder,
           const FhirInstrument *instrument,
           ReframeWorksheet     *worksheet)
{
  JsonObject *answers = reframe_worksheet_get_answers (worksheet);
  int         score = reframe_worksheet_get_score (worksheet);
  gboolean    any = FALSE;

  for (guint i = 0; i < instrument->n_items; i++)
    {
      const FhirAnswer *answer = lookup_answer (&instrument->items[i], answers);

      if (answer == NULL)
        continue;
      if (!any)
        {
          json_builder_set_member_name (builder, "item");
          json_builder_begin_array (builder);
          any = TRUE;
        }
      add_coding_item (builder, &instrument->items[i], answer);
    }
  if (score != REFRAME_WORKSHEET_NO_SCORE)
    {
      if (!any)
        {
          json_builder_set_member_name (builder, "item");
          json_builder_begin_array (builder);
          any = TRUE;
        }
      add_total_item (builder, instrument, score);
    }
  if (any)
    json_builder_end_array (builder);
  return any;
}

static void
add_response (JsonBuilder          *builder,
              ReframeReport        *self,
              const FhirInstrument *instrument,
              ReframeWorksheet     *worksheet,
              const char           *uuid)
{
  GDateTime       *completed = reframe_worksheet_get_completed_at (worksheet);
  GDateTime       *authored = completed != NULL ? completed : reframe_worksheet_get_updated (worksheet);
  gboolean         done = reframe_worksheet_get_status (worksheet) == REFRAME_WORKSHEET_COMPLETED;
  g_autofree char *name = self->name != NULL ? g_strstrip (g_strdup (self->name)) : NULL;

  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "QuestionnaireResponse");
  add_string (builder, "id", uuid);
  add_string (builder, "questionnaire", instrument->questionnaire);
  add_string (builder, "status", done ? "completed" : "in-progress");
  if (name != NULL && *name != '\0')
    {
      /* Only as text: a name the person chose to share, never a reference to a record. */
      json_builder_set_member_name (builder, "subject");
      json_builder_begin_object (builder);
      add_string (builder, "display", name);
      json_builder_end_object (builder);
    }
  if (authored != NULL)
    {
      g_autofree char *text = format_time (authored);

      add_string (builder, "authored", text);
    }
  add_items (builder, instrument, worksheet);
  json_builder_end_object (builder);
}

static void
add_entry (JsonBuilder          *builder,
           ReframeReport        *self,
           const FhirInstrument *instrument,
           ReframeWorksheet     *worksheet)
{
  g_autofree char *uuid = resource_uuid (worksheet);
  g_autofree char *full_url = g_strconcat ("urn:uuid:", uuid, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "fullUrl", full_url);
  json_builder_set_member_name (builder, "resource");
  add_response (builder, self, instrument, worksheet, uuid);
  json_builder_end_object (builder);
}

/**
 * reframe_report_count_fhir_results:
 *
 * Returns: how many of the report's questionnaire results the FHIR file holds: those of the
 *   questionnaires LOINC publishes a form for (PHQ-9, GAD-7)
 */
guint
reframe_report_count_fhir_results (ReframeReport *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->questionnaires->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (self->questionnaires, i);

      if (lookup_instrument (item->worksheet) != NULL)
        n++;
    }
  return n;
}

/**
 * reframe_report_to_fhir:
 *
 * The report's PHQ-9 and GAD-7 results as FHIR R4 QuestionnaireResponses in a Bundle of type
 * "collection", oldest first (docs/report-fhir.md). Everything else in the report is left out;
 * a report without such results gives a Bundle without entries.
 *
 * Returns: (transfer full): the Bundle as JSON
 */
GBytes *
reframe_report_to_fhir (ReframeReport *self)
{
  g_autoptr (JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr (JsonGenerator) generator = json_generator_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *bundle_id = g_uuid_string_random ();
  g_autofree char *timestamp = NULL;
  guint            n = 0;
  gsize            length = 0;
  char            *text;

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "resourceType", "Bundle");
  add_string (builder, "id", bundle_id);
  add_string (builder, "type", "collection");
  if (self->made != NULL)
    {
      timestamp = format_time (self->made);
      add_string (builder, "timestamp", timestamp);
    }
  for (guint i = 0; i < self->questionnaires->len; i++)
    {
      ReframeReportWorksheet *item = g_ptr_array_index (self->questionnaires, i);
      const FhirInstrument   *instrument = lookup_instrument (item->worksheet);

      if (instrument == NULL)
        continue;
      if (n++ == 0)
        {
          json_builder_set_member_name (builder, "entry");
          json_builder_begin_array (builder);
        }
      add_entry (builder, self, instrument, item->worksheet);
    }
  if (n > 0)
    json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, &length);
  return g_bytes_new_take (text, length);
}
