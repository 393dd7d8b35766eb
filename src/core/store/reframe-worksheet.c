/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet.c: one filled-in worksheet or questionnaire (answers to a template).
 *
 * Answers are a JSON object, field id -> value, kept as the stored text until someone
 * asks for them: the worksheet list reads a page of rows and shows titles, dates and
 * scores, and parsing every answer there would cost more than the rest of the page.
 */

#define G_LOG_DOMAIN "ReframeWorksheet"

#include "config.h"

#include "reframe-worksheet-private.h"

struct _ReframeWorksheet
{
  GObject parent_instance;

  /* Owned */
  char       *uuid;
  char       *template_id;
  char       *answers_json;
  JsonObject *answers;
  char       *band;
  char       *assignment_uuid;
  char       *created_iso;
  char       *updated_iso;
  char       *completed_iso;
  GDateTime  *created;
  GDateTime  *updated;
  GDateTime  *completed_at;
  char       *snippet;

  guint                  template_version;
  int                    score;
  ReframeWorksheetStatus status;
  guint                  private_ : 1;
};

enum
{
  PROP_0,
  PROP_UUID,
  PROP_TEMPLATE_ID,
  PROP_TEMPLATE_VERSION,
  PROP_ANSWERS,
  PROP_STATUS,
  PROP_SCORE,
  PROP_BAND,
  PROP_ASSIGNMENT_UUID,
  PROP_PRIVATE,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_COMPLETED_AT,
  PROP_SNIPPET,
  N_PROPS
};

G_DEFINE_ENUM_TYPE (ReframeWorksheetStatus,
                    reframe_worksheet_status,
                    G_DEFINE_ENUM_VALUE (REFRAME_WORKSHEET_DRAFT, "draft"),
                    G_DEFINE_ENUM_VALUE (REFRAME_WORKSHEET_COMPLETED, "completed"))

G_DEFINE_FINAL_TYPE (ReframeWorksheet, reframe_worksheet, G_TYPE_OBJECT)

static GParamSpec *properties[N_PROPS];

/* g_set_str() arrives only in GLib 2.76. */
static gboolean
replace_str (char      **str,
             const char *value)
{
  if (g_strcmp0 (*str, value) == 0)
    return FALSE;
  g_free (*str);
  *str = g_strdup (value);
  return TRUE;
}

static GDateTime *
ensure_time (GDateTime **time,
             const char *iso)
{
  if (*time == NULL && iso != NULL)
    *time = g_date_time_new_from_iso8601 (iso, NULL);
  return *time;
}

/* A row whose answers cannot be read (edited by hand, say) opens empty rather than
 * failing: the text stays in the file until the worksheet is saved again. */
static JsonObject *
parse_answers (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return json_object_new ();
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

static void
reframe_worksheet_finalize (GObject *object)
{
  ReframeWorksheet *self = (ReframeWorksheet *) object;

  g_clear_pointer (&self->uuid, g_free);
  g_clear_pointer (&self->template_id, g_free);
  g_clear_pointer (&self->answers_json, g_free);
  g_clear_pointer (&self->answers, json_object_unref);
  g_clear_pointer (&self->band, g_free);
  g_clear_pointer (&self->assignment_uuid, g_free);
  g_clear_pointer (&self->created_iso, g_free);
  g_clear_pointer (&self->updated_iso, g_free);
  g_clear_pointer (&self->completed_iso, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->completed_at, g_date_time_unref);
  g_clear_pointer (&self->snippet, g_free);

  G_OBJECT_CLASS (reframe_worksheet_parent_class)->finalize (object);
}

static void
reframe_worksheet_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ReframeWorksheet *self = REFRAME_WORKSHEET (object);

  switch (prop_id)
    {
    case PROP_UUID:
      g_value_set_string (value, self->uuid);
      break;
    case PROP_TEMPLATE_ID:
      g_value_set_string (value, self->template_id);
      break;
    case PROP_TEMPLATE_VERSION:
      g_value_set_uint (value, self->template_version);
      break;
    case PROP_ANSWERS:
      g_value_set_boxed (value, reframe_worksheet_get_answers (self));
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_SCORE:
      g_value_set_int (value, self->score);
      break;
    case PROP_BAND:
      g_value_set_string (value, self->band);
      break;
    case PROP_ASSIGNMENT_UUID:
      g_value_set_string (value, self->assignment_uuid);
      break;
    case PROP_PRIVATE:
      g_value_set_boolean (value, self->private_);
      break;
    case PROP_CREATED:
      g_value_set_boxed (value, reframe_worksheet_get_created (self));
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, reframe_worksheet_get_updated (self));
      break;
    case PROP_COMPLETED_AT:
      g_value_set_boxed (value, reframe_worksheet_get_completed_at (self));
      break;
    case PROP_SNIPPET:
      g_value_set_string (value, self->snippet);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_worksheet_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ReframeWorksheet *self = REFRAME_WORKSHEET (object);

  switch (prop_id)
    {
    case PROP_UUID:
      /* Construct-only: a new worksheet gets a fresh UUID in init. */
      if (g_value_get_string (value) != NULL)
        replace_str (&self->uuid, g_value_get_string (value));
      break;
    case PROP_TEMPLATE_ID:
      replace_str (&self->template_id, g_value_get_string (value));
      break;
    case PROP_TEMPLATE_VERSION:
      self->template_version = g_value_get_uint (value);
      break;
    case PROP_ANSWERS:
      reframe_worksheet_set_answers (self, g_value_get_boxed (value));
      break;
    case PROP_STATUS:
      reframe_worksheet_set_status (self, g_value_get_enum (value));
      break;
    case PROP_SCORE:
      reframe_worksheet_set_score (self, g_value_get_int (value));
      break;
    case PROP_BAND:
      reframe_worksheet_set_band (self, g_value_get_string (value));
      break;
    case PROP_ASSIGNMENT_UUID:
      reframe_worksheet_set_assignment_uuid (self, g_value_get_string (value));
      break;
    case PROP_PRIVATE:
      reframe_worksheet_set_private (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_worksheet_class_init (ReframeWorksheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags   rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  GParamFlags   construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags   ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = reframe_worksheet_finalize;
  object_class->get_property = reframe_worksheet_get_property;
  object_class->set_property = reframe_worksheet_set_property;

  properties[PROP_UUID] = g_param_spec_string ("uuid", NULL, NULL, NULL, construct);
  properties[PROP_TEMPLATE_ID] = g_param_spec_string ("template-id", NULL, NULL, "", construct);
  properties[PROP_TEMPLATE_VERSION] =
      g_param_spec_uint ("template-version", NULL, NULL, 1, G_MAXUINT, 1, construct);
  properties[PROP_ANSWERS] = g_param_spec_boxed ("answers", NULL, NULL, JSON_TYPE_OBJECT, rw);
  properties[PROP_STATUS] = g_param_spec_enum (
      "status", NULL, NULL, REFRAME_TYPE_WORKSHEET_STATUS, REFRAME_WORKSHEET_DRAFT, rw);
  properties[PROP_SCORE] = g_param_spec_int (
      "score", NULL, NULL, REFRAME_WORKSHEET_NO_SCORE, G_MAXINT, REFRAME_WORKSHEET_NO_SCORE, rw);
  properties[PROP_BAND] = g_param_spec_string ("band", NULL, NULL, NULL, rw);
  properties[PROP_ASSIGNMENT_UUID] = g_param_spec_string ("assignment-uuid", NULL, NULL, NULL, rw);
  properties[PROP_PRIVATE] = g_param_spec_boolean ("private", NULL, NULL, FALSE, rw);
  properties[PROP_CREATED] = g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_UPDATED] = g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_COMPLETED_AT] =
      g_param_spec_boxed ("completed-at", NULL, NULL, G_TYPE_DATE_TIME, ro);
  properties[PROP_SNIPPET] = g_param_spec_string ("snippet", NULL, NULL, NULL, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_worksheet_init (ReframeWorksheet *self)
{
  self->uuid = g_uuid_string_random ();
  self->template_id = g_strdup ("");
  self->template_version = 1;
  self->score = REFRAME_WORKSHEET_NO_SCORE;
}

/**
 * reframe_worksheet_new:
 * @template_id: the template it answers, e.g. "thought-record"
 * @template_version: the version of that template the answers follow
 *
 * Returns: (transfer full): a new, unsaved draft with a fresh UUID and no answers
 */
ReframeWorksheet *
reframe_worksheet_new (const char *template_id,
                       guint       template_version)
{
  g_return_val_if_fail (template_id != NULL, NULL);
  g_return_val_if_fail (template_version >= 1, NULL);

  return g_object_new (REFRAME_TYPE_WORKSHEET,
                       "template-id",
                       template_id,
                       "template-version",
                       template_version,
                       NULL);
}

ReframeWorksheet *
_reframe_worksheet_new_loaded (const char            *uuid,
                               const char            *template_id,
                               guint                  template_version,
                               const char            *answers_json,
                               ReframeWorksheetStatus status,
                               int                    score,
                               const char            *band,
                               const char            *assignment_uuid,
                               gboolean               private_,
                               const char            *created_iso,
                               const char            *updated_iso,
                               const char            *completed_iso)
{
  ReframeWorksheet *self = g_object_new (REFRAME_TYPE_WORKSHEET,
                                         "uuid",
                                         uuid,
                                         "template-id",
                                         template_id,
                                         "template-version",
                                         MAX (template_version, 1),
                                         NULL);

  self->answers_json = g_strdup (answers_json);
  self->status = status;
  self->score = score;
  self->band = g_strdup (band);
  self->assignment_uuid = g_strdup (assignment_uuid);
  self->private_ = !!private_;
  _reframe_worksheet_set_stamps (self, created_iso, updated_iso, completed_iso);
  return self;
}

/* The answers as the stored text; unparsed answers are handed on as they came. */
char *
_reframe_worksheet_dup_answers_json (ReframeWorksheet *self)
{
  g_autoptr (JsonNode) node = NULL;

  if (self->answers == NULL)
    return g_strdup (self->answers_json ? self->answers_json : "{}");
  node = json_node_init_object (json_node_alloc (), self->answers);
  return json_to_string (node, FALSE);
}

const char *
_reframe_worksheet_get_completed_iso (ReframeWorksheet *self)
{
  return self->completed_iso;
}

void
_reframe_worksheet_set_stamps (ReframeWorksheet *self,
                               const char       *created_iso,
                               const char       *updated_iso,
                               const char       *completed_iso)
{
  if (replace_str (&self->created_iso, created_iso))
    {
      g_clear_pointer (&self->created, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED]);
    }
  if (replace_str (&self->updated_iso, updated_iso))
    {
      g_clear_pointer (&self->updated, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
    }
  if (replace_str (&self->completed_iso, completed_iso))
    {
      g_clear_pointer (&self->completed_at, g_date_time_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETED_AT]);
    }
}

void
_reframe_worksheet_take_snippet (ReframeWorksheet *self,
                                 char             *snippet)
{
  g_free (self->snippet);
  self->snippet = snippet;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNIPPET]);
}

const char *
reframe_worksheet_get_uuid (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);
  return self->uuid;
}

const char *
reframe_worksheet_get_template_id (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);
  return self->template_id;
}

guint
reframe_worksheet_get_template_version (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), 0);
  return self->template_version;
}

/**
 * reframe_worksheet_get_answers:
 *
 * The answers, field id -> value. Editors may change the object in place and then
 * save the worksheet; call reframe_worksheet_set_answers() to announce a change.
 *
 * Returns: (transfer none): the answers, never %NULL
 */
JsonObject *
reframe_worksheet_get_answers (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);

  if (self->answers == NULL)
    {
      self->answers = parse_answers (self->answers_json);
      g_clear_pointer (&self->answers_json, g_free);
    }
  return self->answers;
}

/**
 * reframe_worksheet_set_answers:
 * @answers: (nullable): the answers; %NULL for none
 *
 * Takes a reference to @answers (it is not copied) and notifies #ReframeWorksheet:answers.
 */
void
reframe_worksheet_set_answers (ReframeWorksheet *self,
                               JsonObject       *answers)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET (self));

  if (answers != NULL)
    json_object_ref (answers);
  g_clear_pointer (&self->answers, json_object_unref);
  g_clear_pointer (&self->answers_json, g_free);
  self->answers = answers ? answers : json_object_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERS]);
}

ReframeWorksheetStatus
reframe_worksheet_get_status (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), REFRAME_WORKSHEET_DRAFT);
  return self->status;
}

/**
 * reframe_worksheet_set_status:
 *
 * Marks the worksheet a draft or completed. The time it was completed is set when it
 * is next saved.
 */
void
reframe_worksheet_set_status (ReframeWorksheet      *self,
                              ReframeWorksheetStatus status)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET (self));
  g_return_if_fail (status == REFRAME_WORKSHEET_DRAFT || status == REFRAME_WORKSHEET_COMPLETED);

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

/**
 * reframe_worksheet_get_score:
 *
 * Returns: the questionnaire's total, or %REFRAME_WORKSHEET_NO_SCORE
 */
int
reframe_worksheet_get_score (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), REFRAME_WORKSHEET_NO_SCORE);
  return self->score;
}

void
reframe_worksheet_set_score (ReframeWorksheet *self,
                             int               score)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET (self));
  g_return_if_fail (score >= REFRAME_WORKSHEET_NO_SCORE);

  if (self->score == score)
    return;
  self->score = score;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCORE]);
}

/**
 * reframe_worksheet_get_band:
 *
 * Returns: (nullable): the label of the score's band, as the template words it
 */
const char *
reframe_worksheet_get_band (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);
  return self->band;
}

void
reframe_worksheet_set_band (ReframeWorksheet *self,
                            const char       *band)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET (self));

  if (replace_str (&self->band, band && *band ? band : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BAND]);
}

/**
 * reframe_worksheet_get_assignment_uuid:
 *
 * Returns: (nullable): the homework assignment this worksheet was done for
 */
const char *
reframe_worksheet_get_assignment_uuid (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);
  return self->assignment_uuid;
}

void
reframe_worksheet_set_assignment_uuid (ReframeWorksheet *self,
                                       const char       *assignment_uuid)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET (self));

  if (replace_str (&self->assignment_uuid,
                   assignment_uuid && *assignment_uuid ? assignment_uuid : NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSIGNMENT_UUID]);
}

gboolean
reframe_worksheet_get_private (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), FALSE);
  return self->private_;
}

void
reframe_worksheet_set_private (ReframeWorksheet *self,
                               gboolean          private_)
{
  g_return_if_fail (REFRAME_IS_WORKSHEET (self));

  if (self->private_ == !!private_)
    return;
  self->private_ = !!private_;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRIVATE]);
}

/**
 * reframe_worksheet_get_created:
 *
 * Returns: (transfer none) (nullable): when it was first saved (UTC), %NULL before
 */
GDateTime *
reframe_worksheet_get_created (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);
  return ensure_time (&self->created, self->created_iso);
}

/**
 * reframe_worksheet_get_updated:
 *
 * Returns: (transfer none) (nullable): when it was last saved (UTC), %NULL before
 */
GDateTime *
reframe_worksheet_get_updated (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);
  return ensure_time (&self->updated, self->updated_iso);
}

/**
 * reframe_worksheet_get_completed_at:
 *
 * Returns: (transfer none) (nullable): when it was first saved as completed (UTC);
 *   %NULL for a draft
 */
GDateTime *
reframe_worksheet_get_completed_at (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);
  return ensure_time (&self->completed_at, self->completed_iso);
}

/**
 * reframe_worksheet_get_snippet:
 *
 * Returns: (nullable): for search results, the matching text with each match
 *   between %REFRAME_SNIPPET_START and %REFRAME_SNIPPET_END; %NULL otherwise
 */
const char *
reframe_worksheet_get_snippet (ReframeWorksheet *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET (self), NULL);
  return self->snippet;
}
