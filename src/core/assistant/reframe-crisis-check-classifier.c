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
 *
 * The weights ship as a hash table packed at build time (build-aux/pack-crisis-classifier.py,
 * from data/crisis/classifier.json) and are read where the resource holds them, after
 * checking every field: parsing the JSON's 56,000 pairs at start-up took 77 ms and left
 * 19 MiB of json-glib nodes behind for a table of 1 MiB. A JSON weights file (tests, a
 * model being trained) is packed into the same table here first.
 */

#define G_LOG_DOMAIN "ReframeCrisisCheck"

#include "config.h"

#include "reframe-i18n.h"
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "reframe-crisis-check-private.h"

/* The packed table: see build-aux/pack-crisis-classifier.py for its layout. */
#define TABLE_MAGIC       "RFCRISC"
#define TABLE_VERSION     2
#define TABLE_HEADER_SIZE 56

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

  /* Borrowed from @table: an open-addressing table of feature hashes; a slot with
   * weight 0 is empty, and at least one is. */
  guint32        mask;
  const guint32 *keys;
  const float   *weights;

  /* The concept lexicon, borrowed from @table, and the weights of its concepts and of
   * their pairs (concept a before b in [a * n + b]), looked up once from the table. */
  ReframeCrisisConcepts *concepts;
  float                 *concept_weights;
  float                 *pair_weights;

  /* Owned: the packed table, used in place (the resource's own bytes when shipped). */
  GBytes *table;
};

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

static double
read_f64 (const guchar *p)
{
  guint64 bits;
  double  value;

  memcpy (&bits, p, sizeof bits);
  bits = GUINT64_FROM_LE (bits);
  memcpy (&value, &bits, sizeof value);
  return value;
}

static void
write_u32 (guchar *p,
           guint32 value)
{
  value = GUINT32_TO_LE (value);
  memcpy (p, &value, sizeof value);
}

static void
write_f64 (guchar *p,
           double  value)
{
  guint64 bits;

  memcpy (&bits, &value, sizeof bits);
  bits = GUINT64_TO_LE (bits);
  memcpy (p, &bits, sizeof bits);
}

/* The table's keys and weights are 32-bit little-endian words: a big-endian computer
 * turns a copy round (floats and integers share their byte order on the platforms
 * GLib runs on). */
static void
swap_words (guint32 *words,
            gsize    n)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  for (gsize i = 0; i < n; i++)
    words[i] = GUINT32_SWAP_LE_BE (words[i]);
#endif
}

static void
set_settings_error (GError **error)
{
  g_set_error (error,
               REFRAME_CRISIS_ERROR,
               REFRAME_CRISIS_ERROR_INVALID_DATA,
               _ ("min_n, max_n, min_words, window, stride, bias or threshold is missing or "
                  "out of range"));
}

static gboolean
settings_valid (double min_n,
                double max_n,
                double min_words,
                double window,
                double stride,
                double bias,
                double threshold)
{
  return min_n >= 1 && min_n <= 8 && max_n >= min_n && max_n <= 8 && window >= 1 &&
         window <= 1000 && stride >= 1 && stride <= window && min_words >= 0 &&
         min_words <= 1000 && bias >= -1e6 && bias <= 1e6 && threshold >= -1e6 &&
         threshold <= 1e6;
}

static gboolean
load_header (ReframeCrisisClassifier *self,
             const guchar            *data,
             gsize                    len,
             guint32                 *used,
             GError                 **error)
{
  guint32 size;

  if (len < TABLE_HEADER_SIZE || memcmp (data, TABLE_MAGIC, sizeof TABLE_MAGIC) != 0)
    {
      g_set_error (
          error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("not a table"));
      return FALSE;
    }
  if (_reframe_crisis_read_u32 (data + 8) != TABLE_VERSION)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("the table is of format %u; this version of Reframe reads format %u"),
                   _reframe_crisis_read_u32 (data + 8),
                   TABLE_VERSION);
      return FALSE;
    }
  self->min_n = _reframe_crisis_read_u32 (data + 12);
  self->max_n = _reframe_crisis_read_u32 (data + 16);
  self->min_words = _reframe_crisis_read_u32 (data + 20);
  self->window = _reframe_crisis_read_u32 (data + 24);
  self->stride = _reframe_crisis_read_u32 (data + 28);
  self->bias = read_f64 (data + 32);
  self->threshold = read_f64 (data + 40);
  size = _reframe_crisis_read_u32 (data + 48);
  *used = _reframe_crisis_read_u32 (data + 52);
  if (!settings_valid (self->min_n,
                       self->max_n,
                       self->min_words,
                       self->window,
                       self->stride,
                       self->bias,
                       self->threshold))
    {
      set_settings_error (error);
      return FALSE;
    }
  /* A power of two, so that a hash & mask is a slot; one slot at least left empty, so
   * that a lookup ends. */
  if (size < 16 || (size & (size - 1)) != 0 || (len - TABLE_HEADER_SIZE) / 8 < size ||
      *used >= size)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("the table’s size is not a power of two, or not that of the file"));
      return FALSE;
    }
  self->mask = size - 1;
  return TRUE;
}

static float
feature_weight (const ReframeCrisisClassifier *self,
                const char                    *name)
{
  guint32 key = _reframe_crisis_fnv_bytes (REFRAME_CRISIS_FNV_OFFSET, name, strlen (name));

  return table_lookup (self, key);
}

/* Reads the lexicon after the weights, and looks up the weight of each of its concepts
 * ("k:NAME") and of each pair ("p:A B", A's name before B's) once, for the scores. */
static gboolean
load_concepts (ReframeCrisisClassifier *self,
               const guchar            *section,
               gsize                    len,
               GError                 **error)
{
  guint n;

  self->concepts = _reframe_crisis_concepts_new (section, len, error);
  if (self->concepts == NULL)
    return FALSE;
  n = _reframe_crisis_concepts_get_n (self->concepts);
  self->concept_weights = g_new0 (float, MAX (n, 1));
  self->pair_weights = g_new0 (float, MAX (n * n, 1));
  for (guint a = 0; a < n; a++)
    {
      const char      *first = _reframe_crisis_concepts_get_name (self->concepts, a);
      g_autofree char *name = g_strconcat ("k:", first, NULL);

      self->concept_weights[a] = feature_weight (self, name);
      for (guint b = a + 1; b < n; b++)
        {
          g_autofree char *pair = g_strconcat (
              "p:", first, " ", _reframe_crisis_concepts_get_name (self->concepts, b), NULL);

          self->pair_weights[a * n + b] = self->pair_weights[b * n + a] =
              feature_weight (self, pair);
        }
    }
  return TRUE;
}

/* Points @self into @table, checked whole: a broken table must not loop or score NaN. */
static gboolean
load_table (ReframeCrisisClassifier *self,
            GBytes                  *table,
            GError                 **error)
{
  gsize         len;
  const guchar *data = g_bytes_get_data (table, &len);
  guint32       used, found = 0;
  gsize         weights_end;

  if (!load_header (self, data, len, &used, error))
    return FALSE;
  /* A resource is aligned; bytes from elsewhere, or on a big-endian computer, are
   * copied into words of this computer's order. */
  if (G_BYTE_ORDER != G_LITTLE_ENDIAN || (guintptr) data % sizeof (guint32) != 0)
    {
      guchar *copy = g_memdup2 (data, len);

      swap_words ((guint32 *) (copy + TABLE_HEADER_SIZE), 2 * (gsize) (self->mask + 1));
      _reframe_crisis_concepts_swap (copy + TABLE_HEADER_SIZE + 8 * (gsize) (self->mask + 1),
                                     len - TABLE_HEADER_SIZE - 8 * (gsize) (self->mask + 1));
      self->table = g_bytes_new_take (copy, len);
      data = copy;
    }
  else
    self->table = g_bytes_ref (table);
  self->keys = (const guint32 *) (data + TABLE_HEADER_SIZE);
  self->weights = (const float *) (self->keys + self->mask + 1);
  for (guint32 slot = 0; slot <= self->mask; slot++)
    {
      if (!isfinite (self->weights[slot]))
        {
          g_set_error (error,
                       REFRAME_CRISIS_ERROR,
                       REFRAME_CRISIS_ERROR_INVALID_DATA,
                       _ ("the weight in slot %u is not a number"),
                       slot);
          return FALSE;
        }
      found += self->weights[slot] != 0;
    }
  if (found != used)
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("the table holds %u features, not %u as its header says"),
                   found,
                   used);
      return FALSE;
    }
  weights_end = TABLE_HEADER_SIZE + 8 * (gsize) (self->mask + 1);
  return load_concepts (self, data + weights_end, len - weights_end, error);
}

static gboolean
get_number (JsonObject *root,
            const char *name,
            double     *value)
{
  JsonNode *node = json_object_get_member (root, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return FALSE;
  *value = json_node_get_double (node);
  return TRUE;
}

/* Writes the settings of @root into @header; the ranges are checked by load_header(). */
static gboolean
pack_settings (JsonObject *root,
               guchar     *header,
               GError    **error)
{
  double min_n, max_n, window, stride, min_words, bias, threshold;

  if (!get_number (root, "min_n", &min_n) || !get_number (root, "max_n", &max_n) ||
      !get_number (root, "window", &window) || !get_number (root, "stride", &stride) ||
      !get_number (root, "min_words", &min_words) || !get_number (root, "bias", &bias) ||
      !get_number (root, "threshold", &threshold) ||
      !settings_valid (min_n, max_n, min_words, window, stride, bias, threshold))
    {
      set_settings_error (error);
      return FALSE;
    }
  memcpy (header, TABLE_MAGIC, sizeof TABLE_MAGIC);
  write_u32 (header + 8, TABLE_VERSION);
  write_u32 (header + 12, min_n);
  write_u32 (header + 16, max_n);
  write_u32 (header + 20, min_words);
  write_u32 (header + 24, window);
  write_u32 (header + 28, stride);
  write_f64 (header + 32, bias);
  write_f64 (header + 40, threshold);
  return TRUE;
}

/* Fills the table of @image (after its header, @size slots) with @features, as
 * build-aux/pack-crisis-classifier.py does; a later feature of the same hash wins. */
static gboolean
pack_features (JsonArray *features,
               guchar    *image,
               guint32    size,
               GError   **error)
{
  guint32 *keys = (guint32 *) (image + TABLE_HEADER_SIZE);
  float   *weights = (float *) (keys + size);
  guint32  used = 0;

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode  *node = json_array_get_element (features, i);
      JsonArray *pair = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      JsonNode  *name =
          pair && json_array_get_length (pair) == 2 ? json_array_get_element (pair, 0) : NULL;
      JsonNode   *weight = name ? json_array_get_element (pair, 1) : NULL;
      const char *text;
      guint32     key, slot;

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
      /* A weight of 0 adds nothing, and marks an empty slot. */
      if (json_node_get_double (weight) == 0)
        continue;
      text = json_node_get_string (name);
      key = _reframe_crisis_fnv_bytes (REFRAME_CRISIS_FNV_OFFSET, text, strlen (text));
      slot = key & (size - 1);
      while (weights[slot] != 0 && keys[slot] != key)
        slot = (slot + 1) & (size - 1);
      keys[slot] = key;
      weights[slot] = json_node_get_double (weight);
    }
  for (guint32 slot = 0; slot < size; slot++)
    used += weights[slot] != 0;
  write_u32 (image + 52, used);
  swap_words (keys, 2 * (gsize) size);
  return TRUE;
}

/* Appends the concept lexicon of @root, with its settings when it has concepts. */
static gboolean
pack_concepts (JsonObject *root,
               GByteArray *image,
               GError    **error)
{
  JsonNode *node = json_object_get_member (root, "concepts");
  double    distance = 0, min_stem = 1;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_get_size (json_node_get_object (node)) > 0 &&
      (!get_number (root, "concept_distance", &distance) ||
       !get_number (root, "min_stem", &min_stem) || distance < 0 || distance > 16 ||
       min_stem < 1 || min_stem > 32))
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("concept_distance or min_stem is missing or out of range"));
      return FALSE;
    }
  return _reframe_crisis_concepts_pack_json (root, distance, min_stem, image, error);
}

/**
 * _reframe_crisis_classifier_pack_json:
 * @json: weights as build-aux/train-crisis-classifier.py writes them (classifier.json)
 * @error: return location for an error
 *
 * Packs @json into the table build-aux/pack-crisis-classifier.py makes of it at build
 * time, byte for byte: for lists being edited and tests, which read the JSON.
 *
 * Returns: (transfer full): the table, or %NULL with an error
 */
GBytes *
_reframe_crisis_classifier_pack_json (GBytes  *json,
                                      GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GByteArray) image = NULL;
  JsonNode   *root, *features;
  JsonObject *object;
  guint32     size = 16;
  guchar      header[TABLE_HEADER_SIZE] = { 0 };

  if (!json_parser_load_from_data (
          parser, g_bytes_get_data (json, NULL), g_bytes_get_size (json), error))
    return NULL;
  root = json_parser_get_root (parser);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (object == NULL)
    {
      g_set_error (
          error, REFRAME_CRISIS_ERROR, REFRAME_CRISIS_ERROR_INVALID_DATA, _ ("not an object"));
      return NULL;
    }
  if (!pack_settings (object, header, error))
    return NULL;
  features = json_object_get_member (object, "features");
  if (features == NULL || !JSON_NODE_HOLDS_ARRAY (features))
    {
      g_set_error (error,
                   REFRAME_CRISIS_ERROR,
                   REFRAME_CRISIS_ERROR_INVALID_DATA,
                   _ ("“features” must be a list"));
      return NULL;
    }
  while (size < 2 * json_array_get_length (json_node_get_array (features)))
    size *= 2;
  write_u32 (header + 48, size);
  image = g_byte_array_sized_new (TABLE_HEADER_SIZE + 8 * size);
  g_byte_array_set_size (image, TABLE_HEADER_SIZE + 8 * size);
  memset (image->data, 0, image->len);
  memcpy (image->data, header, TABLE_HEADER_SIZE);
  if (!pack_features (json_node_get_array (features), image->data, size, error) ||
      !pack_concepts (object, image, error))
    return NULL;
  return g_byte_array_free_to_bytes (g_steal_pointer (&image));
}

/**
 * _reframe_crisis_classifier_is_table:
 * @data: a file's bytes
 *
 * Returns: whether @data starts as a packed table does (and is no JSON)
 */
gboolean
_reframe_crisis_classifier_is_table (GBytes *data)
{
  gsize         len;
  const guchar *bytes = g_bytes_get_data (data, &len);

  return len >= sizeof TABLE_MAGIC && memcmp (bytes, TABLE_MAGIC, sizeof TABLE_MAGIC) == 0;
}

/**
 * _reframe_crisis_classifier_new_from_bytes:
 * @data: a table packed by build-aux/pack-crisis-classifier.py (used in place, and kept),
 *   or the weights file it packs, written by build-aux/train-crisis-classifier.py
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
  g_autoptr (GBytes) packed = NULL;

  g_atomic_ref_count_init (&self->ref_count);
  if (!_reframe_crisis_classifier_is_table (data))
    data = packed = _reframe_crisis_classifier_pack_json (data, &local_error);
  if (data == NULL || !load_table (self, data, &local_error))
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
  g_clear_pointer (&self->concepts, _reframe_crisis_concepts_free);
  g_free (self->concept_weights);
  g_free (self->pair_weights);
  g_clear_pointer (&self->table, g_bytes_unref);
  g_free (self);
}

double
_reframe_crisis_classifier_get_threshold (const ReframeCrisisClassifier *self)
{
  return self->threshold;
}

/* The hash of a feature's name so far: its kind and a colon ("w:"). */
static inline guint32
kind_hash (char kind)
{
  return _reframe_crisis_fnv_byte (_reframe_crisis_fnv_byte (REFRAME_CRISIS_FNV_OFFSET, kind), ':');
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
      hash = kind_hash ('c');
      for (guint n = 1; n <= self->max_n && start + n <= n_chars; n++)
        {
          hash = _reframe_crisis_fnv_bytes (
              hash, line + chars[start + n - 1], chars[start + n] - chars[start + n - 1]);
          if (n >= self->min_n)
            {
              *sum += table_lookup (self, hash);
              (*count)++;
            }
        }
    }
  hash = _reframe_crisis_fnv_bytes (kind_hash ('w'), word, len);
  *sum += table_lookup (self, hash);
  (*count)++;
  if (previous != NULL)
    {
      hash = _reframe_crisis_fnv_bytes (kind_hash ('b'), previous, previous_len);
      hash = _reframe_crisis_fnv_bytes (_reframe_crisis_fnv_byte (hash, ' '), word, len);
      *sum += table_lookup (self, hash);
      (*count)++;
    }
}

/* Adds the weight of each concept in @set, and counts them. */
static void
sum_concepts (const ReframeCrisisClassifier *self,
              const ReframeCrisisConceptSet *set,
              double                        *sum,
              guint                         *count)
{
  for (guint word = 0; word < G_N_ELEMENTS (set->bits); word++)
    for (guint32 bits = set->bits[word]; bits != 0; bits &= bits - 1)
      {
        *sum += self->concept_weights[32 * word + g_bit_nth_lsf (bits, -1)];
        (*count)++;
      }
}

/* Adds the weight of each pair of a concept in @before and another in @set. */
static void
sum_pairs (const ReframeCrisisClassifier *self,
           const ReframeCrisisConceptSet *before,
           const ReframeCrisisConceptSet *set,
           double                        *sum,
           guint                         *count)
{
  guint n = _reframe_crisis_concepts_get_n (self->concepts);

  for (guint i = 0; i < G_N_ELEMENTS (before->bits); i++)
    for (guint32 a_bits = before->bits[i]; a_bits != 0; a_bits &= a_bits - 1)
      {
        guint a = 32 * i + g_bit_nth_lsf (a_bits, -1);

        for (guint j = 0; j < G_N_ELEMENTS (set->bits); j++)
          for (guint32 b_bits = set->bits[j]; b_bits != 0; b_bits &= b_bits - 1)
            {
              guint b = 32 * j + g_bit_nth_lsf (b_bits, -1);

              if (a != b)
                {
                  *sum += self->pair_weights[a * n + b];
                  (*count)++;
                }
            }
      }
}

/* Adds the features word @i owns through its concepts: each of them, and each pair of
 * one of them with one of a word at most the lexicon's distance before. */
static void
sum_concept_features (const ReframeCrisisClassifier *self,
                      const ReframeCrisisConceptSet *sets,
                      guint                          i,
                      double                        *sum,
                      guint                         *count)
{
  guint distance = _reframe_crisis_concepts_get_distance (self->concepts);

  sum_concepts (self, &sets[i], sum, count);
  if ((sets[i].bits[0] | sets[i].bits[1] | sets[i].bits[2] | sets[i].bits[3]) == 0)
    return;
  for (guint j = i > distance ? i - distance : 0; j < i; j++)
    sum_pairs (self, &sets[j], &sets[i], sum, count);
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
  g_autofree guint                   *owners = g_new (guint, n + 1);
  g_autofree double                  *sums = g_new0 (double, n + 1);
  g_autofree guint                   *counts = g_new0 (guint, n + 1);
  g_autofree ReframeCrisisConceptSet *sets = NULL;
  double                              best;

  if (n < self->min_words)
    return -G_MAXDOUBLE;
  sets = g_new (ReframeCrisisConceptSet, n);
  for (guint i = 0; i < n; i++)
    {
      const ReframeCrisisToken *token = &g_array_index (tokens->tokens, ReframeCrisisToken, i);

      _reframe_crisis_concepts_of (
          self->concepts, tokens->text->str + token->start, token->len, &sets[i]);
    }
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
      sum_concept_features (self, sets, i, &sums[i + 1], &counts[i + 1]);
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
