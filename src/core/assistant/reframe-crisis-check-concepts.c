/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-check-concepts.c: the crisis classifier's concept lexicon.
 *
 * Words of every shipped language mapped to some eighty shared concepts (wanting, dying,
 * a height, a goodbye, a pet, tomorrow…), written in data/crisis/concepts/ and folded into
 * the classifier's weights file by build-aux/train-crisis-classifier.py. The model scores
 * a word's concepts, and pairs of concepts a few words apart, besides its n-grams: what it
 * learns of "want" near "die" in one language it reads in the others, which n-grams of one
 * language cannot teach it.
 *
 * The lexicon ships packed after the weights (build-aux/pack-crisis-classifier.py gives the
 * layout): an open-addressing table of entries known by the FNV-1a hash of "=" and a word,
 * or of "*" and a stem, each with its concepts as 128 bits. A word carries the concepts of
 * its own entry and of every stem it starts with, from min_stem characters on: the hash of
 * each prefix is one step on from the last, so a word costs a lookup per character.
 */

#define G_LOG_DOMAIN "ReframeCrisisCheck"

#include "config.h"

#include "reframe-i18n.h"
#include <string.h>

#include "reframe-crisis-check-private.h"

#define SECTION_HEADER_SIZE 24
#define MAX_DISTANCE        16
#define MAX_STEM            32

struct _ReframeCrisisConcepts
{
  guint          n;
  guint          distance;
  guint          min_stem;
  guint32        mask;
  const guint32 *keys;
  const guint32 *sets; /* four words a slot */
  const char   **names;
};

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  value = GUINT32_TO_LE (value);
  g_byte_array_append (out, (const guint8 *) &value, sizeof value);
}

static gboolean
set_is_empty (const guint32 *set)
{
  return (set[0] | set[1] | set[2] | set[3]) == 0;
}

static gboolean
invalid (GError    **error,
         const char *message)
{
  g_set_error (error,
               REFRAME_CRISIS_ERROR,
               REFRAME_CRISIS_ERROR_INVALID_DATA,
               _ ("the concept lexicon is broken: %s"),
               message);
  return FALSE;
}

/**
 * _reframe_crisis_concepts_section_size:
 * @section: the bytes after the weights
 * @len: their number
 *
 * Returns: the size the section's header gives it, or 0 when it is too short for one
 */
gsize
_reframe_crisis_concepts_section_size (const guchar *section,
                                       gsize         len)
{
  if (len < SECTION_HEADER_SIZE)
    return 0;
  /* 64-bit sums: a header of hostile numbers must not wrap round to a small size. */
  return SECTION_HEADER_SIZE + (guint64) _reframe_crisis_read_u32 (section + 20) +
         20 * (guint64) _reframe_crisis_read_u32 (section + 12);
}

/**
 * _reframe_crisis_concepts_swap:
 * @section: a copy of the section, to be read on this computer
 * @len: its size
 *
 * Turns the keys and concept sets round on a big-endian computer; the names, bytes, stay.
 */
void
_reframe_crisis_concepts_swap (guchar *section,
                               gsize   len)
{
#if G_BYTE_ORDER == G_BIG_ENDIAN
  gsize    size = _reframe_crisis_concepts_section_size (section, len);
  guint32 *words;
  gsize    n;

  if (size == 0 || size != len)
    return;
  words = (guint32 *) (section + SECTION_HEADER_SIZE + _reframe_crisis_read_u32 (section + 20));
  n = 5 * (gsize) _reframe_crisis_read_u32 (section + 12);
  for (gsize i = 0; i < n; i++)
    words[i] = GUINT32_SWAP_LE_BE (words[i]);
#else
  (void) section;
  (void) len;
#endif
}

/* Reads the names: @n NUL-terminated, non-empty, in strictly ascending order, then NULs. */
static gboolean
read_names (ReframeCrisisConcepts *self,
            const char            *blob,
            gsize                  len,
            GError               **error)
{
  gsize at = 0;

  self->names = g_new0 (const char *, self->n + 1);
  for (guint i = 0; i < self->n; i++)
    {
      const char *end = at < len ? memchr (blob + at, '\0', len - at) : NULL;

      if (end == NULL || end == blob + at ||
          (i > 0 && strcmp (self->names[i - 1], blob + at) >= 0))
        return invalid (error, _ ("its names are missing, empty or out of order"));
      self->names[i] = blob + at;
      at = end - blob + 1;
    }
  for (; at < len; at++)
    if (blob[at] != '\0')
      return invalid (error, _ ("it has more names than it says"));
  return TRUE;
}

/* Checks every slot: a set names only concepts that exist, and as many are in use as
 * the header says, one at least left empty so that a lookup ends. */
static gboolean
check_slots (ReframeCrisisConcepts *self,
             guint32                used,
             GError               **error)
{
  guint32 found = 0;

  for (guint32 slot = 0; slot <= self->mask; slot++)
    {
      const guint32 *set = self->sets + 4 * slot;

      for (guint bit = self->n; bit < 128; bit++)
        if (set[bit / 32] & (1u << (bit % 32)))
          return invalid (error, _ ("an entry names a concept that is not there"));
      found += !set_is_empty (set);
    }
  if (found != used || used > self->mask)
    return invalid (error, _ ("it holds another number of entries than it says"));
  return TRUE;
}

/**
 * _reframe_crisis_concepts_new:
 * @section: the section packed after the weights, in this computer's byte order for its
 *   keys and sets (see _reframe_crisis_concepts_swap()); borrowed, it must outlive the result
 * @len: its size
 * @error: return location for an error
 *
 * Returns: (transfer full): the lexicon, checked whole, or %NULL with an error
 */
ReframeCrisisConcepts *
_reframe_crisis_concepts_new (const guchar *section,
                              gsize         len,
                              GError      **error)
{
  g_autoptr (ReframeCrisisConcepts) self = g_new0 (ReframeCrisisConcepts, 1);
  guint32 slots, used, names_len;

  if (len < SECTION_HEADER_SIZE || _reframe_crisis_concepts_section_size (section, len) != len)
    {
      invalid (error, _ ("it is not the size its header says"));
      return NULL;
    }
  self->n = _reframe_crisis_read_u32 (section);
  self->distance = _reframe_crisis_read_u32 (section + 4);
  self->min_stem = _reframe_crisis_read_u32 (section + 8);
  slots = _reframe_crisis_read_u32 (section + 12);
  used = _reframe_crisis_read_u32 (section + 16);
  names_len = _reframe_crisis_read_u32 (section + 20);
  if (self->n > REFRAME_CRISIS_MAX_CONCEPTS || self->distance > MAX_DISTANCE ||
      self->min_stem < 1 || self->min_stem > MAX_STEM || slots < 16 || (slots & (slots - 1)) != 0 ||
      names_len % 4 != 0)
    {
      invalid (error, _ ("a number in its header is out of range"));
      return NULL;
    }
  self->mask = slots - 1;
  self->keys = (const guint32 *) (section + SECTION_HEADER_SIZE + names_len);
  self->sets = self->keys + slots;
  if (!read_names (self, (const char *) section + SECTION_HEADER_SIZE, names_len, error) ||
      !check_slots (self, used, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
_reframe_crisis_concepts_free (ReframeCrisisConcepts *self)
{
  if (self == NULL)
    return;
  g_free (self->names);
  g_free (self);
}

guint
_reframe_crisis_concepts_get_n (const ReframeCrisisConcepts *self)
{
  return self->n;
}

guint
_reframe_crisis_concepts_get_distance (const ReframeCrisisConcepts *self)
{
  return self->distance;
}

const char *
_reframe_crisis_concepts_get_name (const ReframeCrisisConcepts *self,
                                   guint                        concept)
{
  return self->names[concept];
}

static void
add_entry (const ReframeCrisisConcepts *self,
           guint32                      key,
           ReframeCrisisConceptSet     *set)
{
  for (guint32 slot = key & self->mask; !set_is_empty (self->sets + 4 * slot);
       slot = (slot + 1) & self->mask)
    if (self->keys[slot] == key)
      {
        for (guint i = 0; i < 4; i++)
          set->bits[i] |= self->sets[4 * slot + i];
        return;
      }
}

/**
 * _reframe_crisis_concepts_of:
 * @self: a lexicon
 * @word: a folded word
 * @len: its bytes
 * @set: (out caller-allocates): the concepts it carries
 */
void
_reframe_crisis_concepts_of (const ReframeCrisisConcepts *self,
                             const char                  *word,
                             gsize                        len,
                             ReframeCrisisConceptSet     *set)
{
  guint32 stem = _reframe_crisis_fnv_byte (REFRAME_CRISIS_FNV_OFFSET, '*');
  guint32 exact = _reframe_crisis_fnv_byte (REFRAME_CRISIS_FNV_OFFSET, '=');
  guint   chars = 0;

  memset (set, 0, sizeof *set);
  if (self->n == 0)
    return;
  add_entry (self, _reframe_crisis_fnv_bytes (exact, word, len), set);
  for (const char *p = word; p < word + len; chars++)
    {
      const char *next = g_utf8_next_char (p);

      stem = _reframe_crisis_fnv_bytes (stem, p, next - p);
      p = next;
      if (chars + 1 >= self->min_stem)
        add_entry (self, stem, set);
    }
}

/* Adds @entry's concept @concept to the table of @slots keys and sets, as the Python
 * packer does: linear probing, an entry of the same hash sharing the slot. */
static void
pack_entry (guint32    *keys,
            guint32    *sets,
            guint32     slots,
            const char *entry,
            guint       concept)
{
  gsize    len = strlen (entry);
  gboolean stem = len > 0 && entry[len - 1] == '*';
  guint32  kind = _reframe_crisis_fnv_byte (REFRAME_CRISIS_FNV_OFFSET, stem ? '*' : '=');
  guint32  key = _reframe_crisis_fnv_bytes (kind, entry, stem ? len - 1 : len);
  guint32  slot = key & (slots - 1);

  while (!set_is_empty (sets + 4 * slot) && keys[slot] != key)
    slot = (slot + 1) & (slots - 1);
  keys[slot] = key;
  sets[4 * slot + concept / 32] |= 1u << (concept % 32);
}

static gboolean
entries_valid (JsonNode *node)
{
  JsonArray *entries = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonNode   *entry = json_array_get_element (entries, i);
      const char *text;

      if (!JSON_NODE_HOLDS_VALUE (entry) || json_node_get_value_type (entry) != G_TYPE_STRING)
        return FALSE;
      text = json_node_get_string (entry);
      if (*text == '\0' || strcmp (text, "*") == 0)
        return FALSE;
    }
  return TRUE;
}

/* The names of @concepts in the file's order, checked as the Python packer checks them. */
static GPtrArray *
concept_names (JsonObject *concepts,
               GError    **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  JsonObjectIter iter;
  const char    *name;
  JsonNode      *node;

  json_object_iter_init_ordered (&iter, concepts);
  while (json_object_iter_next_ordered (&iter, &name, &node))
    {
      if (*name == '\0' || !entries_valid (node) || names->len == REFRAME_CRISIS_MAX_CONCEPTS ||
          (names->len > 0 && strcmp (g_ptr_array_index (names, names->len - 1), name) >= 0))
        {
          g_set_error (error,
                       REFRAME_CRISIS_ERROR,
                       REFRAME_CRISIS_ERROR_INVALID_DATA,
                       _ ("“concepts” must map at most %u names, in order, to lists of words"),
                       REFRAME_CRISIS_MAX_CONCEPTS);
          return NULL;
        }
      g_ptr_array_add (names, (gpointer) name);
    }
  return g_steal_pointer (&names);
}

/**
 * _reframe_crisis_concepts_pack_json:
 * @root: a weights file, as build-aux/train-crisis-classifier.py writes it
 * @distance: its concept_distance, checked
 * @min_stem: its min_stem, checked
 * @out: where the section is appended, as build-aux/pack-crisis-classifier.py writes it
 * @error: return location for an error
 *
 * A file without "concepts" packs an empty lexicon.
 *
 * Returns: whether @root's lexicon was valid
 */
gboolean
_reframe_crisis_concepts_pack_json (JsonObject *root,
                                    guint       distance,
                                    guint       min_stem,
                                    GByteArray *out,
                                    GError    **error)
{
  JsonNode *node = json_object_get_member (root, "concepts");
  g_autoptr (GPtrArray) names = NULL;
  g_autofree guint32 *keys = NULL;
  g_autofree guint32 *sets = NULL;
  guint32             slots = 16, entries = 0, used = 0, names_len = 0;

  if (node == NULL)
    names = g_ptr_array_new ();
  else if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _ ("“concepts” must be an object"));
  else if ((names = concept_names (json_node_get_object (node), error)) == NULL)
    return FALSE;
  if (names->len == 0)
    distance = 0, min_stem = 1;
  for (guint i = 0; i < names->len; i++)
    {
      entries += json_array_get_length (json_object_get_array_member (
          json_node_get_object (node), g_ptr_array_index (names, i)));
      names_len += strlen (g_ptr_array_index (names, i)) + 1;
    }
  while (slots < 2 * entries)
    slots *= 2;
  keys = g_new0 (guint32, slots);
  sets = g_new0 (guint32, 4 * (gsize) slots);
  for (guint i = 0; i < names->len; i++)
    {
      JsonArray *list = json_object_get_array_member (json_node_get_object (node),
                                                      g_ptr_array_index (names, i));

      for (guint j = 0; j < json_array_get_length (list); j++)
        pack_entry (keys, sets, slots, json_array_get_string_element (list, j), i);
    }
  for (guint32 slot = 0; slot < slots; slot++)
    used += !set_is_empty (sets + 4 * slot);
  put_u32 (out, names->len);
  put_u32 (out, distance);
  put_u32 (out, min_stem);
  put_u32 (out, slots);
  put_u32 (out, used);
  put_u32 (out, names_len + (4 - names_len % 4) % 4);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      g_byte_array_append (out, (const guint8 *) name, strlen (name) + 1);
    }
  for (guint i = 0; i < (4 - names_len % 4) % 4; i++)
    g_byte_array_append (out, (const guint8 *) "", 1);
  for (guint32 i = 0; i < slots; i++)
    put_u32 (out, keys[i]);
  for (gsize i = 0; i < 4 * (gsize) slots; i++)
    put_u32 (out, sets[i]);
  return TRUE;
}
