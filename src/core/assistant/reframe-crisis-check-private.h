/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-check-private.h: the crisis check's folded words and its classifier, shared by its
 * files and tests. */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "reframe-crisis-check.h"

G_BEGIN_DECLS

typedef enum
{
  REFRAME_CRISIS_TOKEN_NUMBER = 1 << 0,
  /* A sentence ends before this word (. ! ? ; … or a new line): rules do not run across. */
  REFRAME_CRISIS_TOKEN_SENTENCE = 1 << 1,
} ReframeCrisisTokenFlags;

typedef struct
{
  guint32 key; /* the first three bytes and the length, for the phrase index */
  guint   start;
  guint   len;
  guint   flags;
} ReframeCrisisToken;

/* A text folded into words, each NUL-terminated inside @text. */
typedef struct
{
  GString *text;
  GArray  *tokens; /* of ReframeCrisisToken */
} ReframeCrisisTokens;

guint32 _reframe_crisis_word_key (const char *word,
                                  guint       len);
void    _reframe_crisis_tokens_init (ReframeCrisisTokens *tokens,
                                     const char          *text);
void    _reframe_crisis_tokens_clear (ReframeCrisisTokens *tokens);
char   *_reframe_crisis_dup_folded (const char *text);

typedef enum
{
  REFRAME_CRISIS_PATTERN_CONCEPT,
  REFRAME_CRISIS_PATTERN_MASK,
  REFRAME_CRISIS_PATTERN_RULE,
} ReframeCrisisPatternKind;

typedef struct _ReframeCrisisPatterns ReframeCrisisPatterns;

/* The groups a scan found, as bits: the categories, then the cue lists of pairs. */
#define REFRAME_CRISIS_MAX_GROUPS 256
typedef struct
{
  guint64 bits[REFRAME_CRISIS_MAX_GROUPS / 64];
} ReframeCrisisGroups;

static inline void
_reframe_crisis_groups_add (ReframeCrisisGroups *groups,
                            guint                group)
{
  groups->bits[group / 64] |= G_GUINT64_CONSTANT (1) << (group % 64);
}

static inline gboolean
_reframe_crisis_groups_has (const ReframeCrisisGroups *groups,
                            guint                      group)
{
  return (groups->bits[group / 64] >> (group % 64)) & 1;
}

ReframeCrisisPatterns *_reframe_crisis_patterns_new (void);
void                   _reframe_crisis_patterns_free (ReframeCrisisPatterns *self);
guint                  _reframe_crisis_patterns_new_concept (ReframeCrisisPatterns *self);
gboolean               _reframe_crisis_patterns_add (ReframeCrisisPatterns   *self,
                                                     ReframeCrisisPatternKind kind,
                                                     const char              *text,
                                                     guint                    group,
                                                     GHashTable              *concepts,
                                                     GError                 **error);
gboolean               _reframe_crisis_patterns_add_plain (ReframeCrisisPatterns *self,
                                                           const char            *text,
                                                           guint                  group);
void                   _reframe_crisis_patterns_scan (const ReframeCrisisPatterns *self,
                                                      const ReframeCrisisTokens   *tokens,
                                                      ReframeCrisisGroups         *found);

/* FNV-1a, by which the classifier's tables know features and lexicon entries, and the
 * tables' little-endian words. */
#define REFRAME_CRISIS_FNV_OFFSET 2166136261u

static inline guint32
_reframe_crisis_fnv_byte (guint32 hash,
                          guchar  byte)
{
  return (hash ^ byte) * 16777619u;
}

static inline guint32
_reframe_crisis_fnv_bytes (guint32     hash,
                           const char *bytes,
                           gsize       len)
{
  for (gsize i = 0; i < len; i++)
    hash = _reframe_crisis_fnv_byte (hash, (guchar) bytes[i]);
  return hash;
}

static inline guint32
_reframe_crisis_read_u32 (const guchar *p)
{
  guint32 value;

  memcpy (&value, p, sizeof value);
  return GUINT32_FROM_LE (value);
}

/* The classifier's concept lexicon (reframe-crisis-check-concepts.c). */
#define REFRAME_CRISIS_MAX_CONCEPTS 128
typedef struct
{
  guint32 bits[REFRAME_CRISIS_MAX_CONCEPTS / 32];
} ReframeCrisisConceptSet;

typedef struct _ReframeCrisisConcepts ReframeCrisisConcepts;

gsize                  _reframe_crisis_concepts_section_size (const guchar *section,
                                                              gsize         len);
void                   _reframe_crisis_concepts_swap (guchar *section,
                                                      gsize   len);
ReframeCrisisConcepts *_reframe_crisis_concepts_new (const guchar *section,
                                                     gsize         len,
                                                     GError      **error);
void                   _reframe_crisis_concepts_free (ReframeCrisisConcepts *self);
guint                  _reframe_crisis_concepts_get_n (const ReframeCrisisConcepts *self);
guint                  _reframe_crisis_concepts_get_distance (const ReframeCrisisConcepts *self);
const char            *_reframe_crisis_concepts_get_name (const ReframeCrisisConcepts *self,
                                                          guint                        concept);
void                   _reframe_crisis_concepts_of (const ReframeCrisisConcepts *self,
                                                    const char                  *word,
                                                    gsize                        len,
                                                    ReframeCrisisConceptSet     *set);
gboolean               _reframe_crisis_concepts_pack_json (JsonObject *root,
                                                           guint       distance,
                                                           guint       min_stem,
                                                           GByteArray *out,
                                                           GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeCrisisConcepts, _reframe_crisis_concepts_free)

typedef struct _ReframeCrisisClassifier ReframeCrisisClassifier;

ReframeCrisisClassifier *_reframe_crisis_classifier_new_from_bytes (GBytes     *data,
                                                                    const char *name,
                                                                    GError    **error);
GBytes                  *_reframe_crisis_classifier_pack_json (GBytes  *json,
                                                               GError **error);
gboolean                 _reframe_crisis_classifier_is_table (GBytes *data);
ReframeCrisisClassifier *_reframe_crisis_classifier_ref (ReframeCrisisClassifier *self);
void                     _reframe_crisis_classifier_unref (ReframeCrisisClassifier *self);
double                   _reframe_crisis_classifier_score (const ReframeCrisisClassifier *self,
                                                           const ReframeCrisisTokens     *tokens);
double                   _reframe_crisis_classifier_get_threshold (const ReframeCrisisClassifier *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeCrisisClassifier, _reframe_crisis_classifier_unref)

/* What each half of the check found, for the evaluation test. */
typedef struct
{
  ReframeCrisisCategory rules;
  double                score;
  gboolean              classifier;
} ReframeCrisisExplanation;

void _reframe_crisis_check_explain (ReframeCrisisCheck       *self,
                                    const char               *text,
                                    ReframeCrisisExplanation *explanation);

G_END_DECLS
