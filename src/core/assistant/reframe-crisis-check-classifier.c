/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-check-classifier.c: the crisis check's second stage, a linear model over character
 * and word n-grams.
 *
 * The phrase rules find what they were written for; the model, trained by
 * build-aux/train-crisis-classifier.py on tests/data/crisis/, scores wording they miss.
 * Either raises the alarm. Its features are those of the folded words (see
 * reframe-crisis-check-text.c) joined by spaces: byte n-grams of min_n..max_n, words and
 * word pairs, each known by the FNV-1a hash of its name as the weights file writes it
 * ("c: wan", "w:want", "b:want to"). A message is x = counts / sqrt (number of
 * features), its score bias + w·x. A long message is scored in windows of @window words
 * every @stride words, and its score is the highest: the crisis part of a long, everyday
 * message would otherwise be drowned by the rest. Sums per word make each window cost
 * the same, so a message costs what its length costs. Texts of fewer than min_words
 * words are left to the rules.
 */

#define G_LOG_DOMAIN "ReframeCrisisCheck"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "reframe-crisis-check-private.h"

#define FNV_OFFSET 2166136261u
#define FNV_PRIME  16777619u

struct _ReframeCrisisClassifier
{
  gatomicrefcount ref_count;

  guint  min_n;
  guint  max_n;
  guint  min_words;
  guint  window;
  guint  stride;
  double bias;
  double threshold;

  /* Owned: an open-addressing table of feature hashes; a slot with weight 0 is empty. */
  guint32  mask;
  guint32 *keys;
  float   *weights;
};

static inline guint32
fnv_byte (guint32 hash,
          guchar  byte)
{
  return (hash ^ byte) * FNV_PRIME;
}

static guint32
fnv_bytes (guint32     hash,
           const char *bytes,
           gsize       len)
{
  for (gsize i = 0; i < len; i++)
    hash = fnv_byte (hash, (guchar) bytes[i]);
  return hash;
}

static void
table_insert (ReframeCrisisClassifier *self,
              guint32                  key,
              float                    weight)
{
  guint32 slot = key & self->mask;

  while (self->weights[slot] != 0 && self->keys[slot] != key)
    slot = (slot + 1) & self->mask;
  self->keys[slot] = key;
  self->weights[slot] = weight;
}

static inline float
table_lookup (const ReframeCrisisClassifier *self,
              guint32                        key)
{
  guint32 slot = key & self->mask;

  while (self->weights[slot] != 0)
    {
      if (self->keys[slot] == key)
        return self->weights[slot];
      slot = (slot + 1) & self->mask;
    }
  return 0;
}

static gboolean
get_number (JsonObject *root,
            const char *name,
            double      low,
            double      high,
            double     *value)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return FALSE;
  *value = json_node_get_double (node);
  return *value >= low && *value <= high;
}

static gboolean
load_settings (ReframeCrisisClassifier *self,
               JsonObject              *root,
               GError                 **error)
{
  double min_n, max_n, window, stride, min_words;

  if (!get_number (root, "min_n", 1, 8, &min_n) || !get_number (root, "max_n", min_n, 8, &max_n) ||
      !get_number (root, "window", 1, 1000, &window) ||
      !get_number (root, "stride", 1, window, &stride) ||
      !get_number (root, "min_words", 0, 1000, &min_words) ||
      !get_number (root, "bias", -1e6, 1e6, &self->bias) ||
      !get_number (root, "threshold", -1e6, 1e6, &self->threshold))
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("min_n, max_n, min_words, window, stride, bias or threshold is missing or "
                      "out of range"));
      return FALSE;
    }
  self->min_n = min_n;
  self->max_n = max_n;
  self->min_words = min_words;
  self->window = window;
  self->stride = stride;
  return TRUE;
}

static gboolean
load_features (ReframeCrisisClassifier *self,
               JsonArray               *features,
               GError                 **error)
{
  guint n = json_array_get_length (features);
  guint size = 16;

  while (size < 2 * n)
    size *= 2;
  self->mask = size - 1;
  self->keys = g_new0 (guint32, size);
  self->weights = g_new0 (float, size);
  for (guint i = 0; i < n; i++)
    {
      JsonNode  *node = json_array_get_element (features, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      JsonNode  *name =
          pair && json_array_get_length (pair) == 2 ? json_array_get_element (pair, 0) : NULL;
      JsonNode   *weight = name ? json_array_get_element (pair, 1) : NULL;
      const char *text;

      if (name == NULL || !JSON_NODE_HOLDS_VALUE (name) ||
          json_node_get_value_type (name) != G_TYPE_STRING || !JSON_NODE_HOLDS_VALUE (weight) ||
          (json_node_get_value_type (weight) != G_TYPE_DOUBLE &&
           json_node_get_value_type (weight) != G_TYPE_INT64))
        {
          g_set_error (error,
                       REFRAME_CRISIS_ERROR,
                       REFRAME_CRISIS_ERROR_INVALID_DATA,
                       _ ("feature %u is not a name and a weight"),
                       i + 1);
          return FALSE;
        }
      text = json_node_get_string (name);
      /* A weight of 0 adds nothing, and marks an empty slot. */
      if (json_node_get_double (weight) != 0)
        table_insert (
            self, fnv_bytes (FNV_OFFSET, text, strlen (text)), json_node_get_double (weight));
    }
  return TRUE;
}

static gboolean
load_data (ReframeCrisisClassifier *self,
           GBytes                  *data,
           GError                 **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  JsonNode   *root;
  JsonNode   *features;
  JsonObject *object;

  if (!json_parser_load_from_data (
          parser, g_bytes_get_data (data, NULL), g_bytes_get_size (data), error))
    return FALSE;
  root = json_parser_get_root (parser);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL || !load_settings (self, object, error))
    {
      if (object == NULL)
        g_set_error (
            error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("not an object"));
      return FALSE;
    }
  features = json_object_get_member (object, "features");
  if (features == NULL || !JSON_NODE_HOLDS_ARRAY (features))
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("“features” must be a list"));
      return FALSE;
    }
  return load_features (self, json_node_get_array (features), error);
}

/**
 * _reframe_crisis_classifier_new_from_bytes:
 * @data: a weights file written by build-aux/train-crisis-classifier.py
 * @name: the file's name, for errors
 * @error: return location for an error
 *
 * Returns: (transfer full): the model, or %NULL with an error naming @name
 */
ReframeCrisisClassifier *
_reframe_crisis_classifier_new_from_bytes (GBytes     *data,
                                           const char *name,
                                           GError    **error)
{
  ReframeCrisisClassifier *self = g_new0 (ReframeCrisisClassifier, 1);
  g_autoptr (GError) local_error = NULL;

  g_atomic_ref_count_init (&self->ref_count);
  if (!load_data (self, data, &local_error))
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("The crisis classifier “%s” is not valid: %s"),
                   name,
                   local_error->message);
      _reframe_crisis_classifier_unref (self);
      return NULL;
    }
  return self;
}

ReframeCrisisClassifier *
_reframe_crisis_classifier_ref (ReframeCrisisClassifier *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
_reframe_crisis_classifier_unref (ReframeCrisisClassifier *self)
{
  if (self == NULL || !g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->keys);
  g_free (self->weights);
  g_free (self);
}

double
_reframe_crisis_classifier_get_threshold (const ReframeCrisisClassifier *self)
{
  return self->threshold;
}

/* Adds the weights and the number of the features a word owns to @sum and @count: the
 * character n-grams that start from the space before it up to the next word's space
 * (@chars holds the byte offset of each character of @line), the word (@len bytes
 * after the space) and the pair it ends. */
static void
sum_word_features (const ReframeCrisisClassifier *self,
                   const char                    *line,
                   const gsize                   *chars,
                   guint                          n_chars,
                   guint                          from,
                   guint                          to,
                   gsize                          len,
                   const char                    *previous,
                   gsize                          previous_len,
                   double                        *sum,
                   guint                         *count)
{
  const char *word = line + chars[from] + 1;
  guint32     hash;

  for (guint start = from; start < to; start++)
    {
      hash = fnv_byte (fnv_byte (FNV_OFFSET, 'c'), ':');
      for (guint n = 1; n <= self->max_n && start + n <= n_chars; n++)
        {
          hash = fnv_bytes (
              hash, line + chars[start + n - 1], chars[start + n] - chars[start + n - 1]);
          if (n >= self->min_n)
            {
              *sum += table_lookup (self, hash);
              (*count)++;
            }
        }
    }
  hash = fnv_bytes (fnv_byte (fnv_byte (FNV_OFFSET, 'w'), ':'), word, len);
  *sum += table_lookup (self, hash);
  (*count)++;
  if (previous != NULL)
    {
      hash = fnv_bytes (fnv_byte (fnv_byte (FNV_OFFSET, 'b'), ':'), previous, previous_len);
      hash = fnv_bytes (fnv_byte (hash, ' '), word, len);
      *sum += table_lookup (self, hash);
      (*count)++;
    }
}

static double
window_score (const ReframeCrisisClassifier *self,
              const double                  *sums,
              const guint                   *counts,
              guint                          from,
              guint                          to)
{
  double sum = sums[to] - sums[from];
  guint  count = counts[to] - counts[from];

  return count == 0 ? self->bias : self->bias + sum / sqrt (count);
}

/**
 * _reframe_crisis_classifier_score:
 * @self: a model
 * @tokens: a folded text
 *
 * Returns: the highest score of the text's windows; crisis language when at least
 *   _reframe_crisis_classifier_get_threshold(). A text of fewer than min_words words
 *   scores -G_MAXDOUBLE: a few n-grams say little, and the rules see short texts.
 */
double
_reframe_crisis_classifier_score (const ReframeCrisisClassifier *self,
                                  const ReframeCrisisTokens     *tokens)
{
  guint n = tokens->tokens->len;
  g_autoptr (GString) line = g_string_sized_new (tokens->text->len + 2);
  g_autoptr (GArray) chars =
      g_array_sized_new (FALSE, FALSE, sizeof (gsize), tokens->text->len + 2);
  g_autofree guint  *owners = g_new (guint, n + 1);
  g_autofree double *sums = g_new0 (double, n + 1);
  g_autofree guint  *counts = g_new0 (guint, n + 1);
  double             best;

  if (n < self->min_words)
    return -G_MAXDOUBLE;
  /* " word word … word ": each word owns the space before it; the last one the end. */
  for (guint i = 0; i < n; i++)
    {
      const ReframeCrisisToken *token = &g_array_index (tokens->tokens, ReframeCrisisToken, i);
      const char               *word = tokens->text->str + token->start;

      owners[i] = chars->len;
      g_array_append_val (chars, line->len);
      g_string_append_c (line, ' ');
      for (const char *p = word; p < word + token->len; p = g_utf8_next_char (p))
        {
          gsize offset = line->len + (p - word);

          g_array_append_val (chars, offset);
        }
      g_string_append_len (line, word, token->len);
    }
  owners[n] = chars->len;
  g_array_append_val (chars, line->len);
  g_string_append_c (line, ' ');
  g_array_append_val (chars, line->len);

  for (guint i = 0; i < n; i++)
    {
      const gsize *offsets = (const gsize *) chars->data;
      const char  *previous = i > 0 ? line->str + offsets[owners[i - 1]] + 1 : NULL;
      gsize        previous_len = i > 0 ? offsets[owners[i]] - offsets[owners[i - 1]] - 1 : 0;
      guint        to = i + 1 == n ? chars->len - 1 : owners[i + 1];
      gsize        len = g_array_index (tokens->tokens, ReframeCrisisToken, i).len;

      sums[i + 1] = sums[i];
      counts[i + 1] = counts[i];
      sum_word_features (self,
                         line->str,
                         offsets,
                         chars->len - 1,
                         owners[i],
                         to,
                         len,
                         previous,
                         previous_len,
                         &sums[i + 1],
                         &counts[i + 1]);
    }
  if (n <= self->window)
    return window_score (self, sums, counts, 0, n);
  best = -G_MAXDOUBLE;
  for (guint from = 0; from < n; from += self->stride)
    {
      guint to = MIN (from + self->window, n);

      best = MAX (best, window_score (self, sums, counts, from, to));
      if (to == n)
        break;
    }
  return best;
}
