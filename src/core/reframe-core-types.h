/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-core-types.h: forward typedefs and shared enums of the core library. */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _ReframeStore          ReframeStore;
typedef struct _ReframeMoodEntry      ReframeMoodEntry;
typedef struct _ReframeMoodRepository ReframeMoodRepository;
typedef struct _ReframeTag            ReframeTag;
typedef struct _ReframeJournalDay     ReframeJournalDay;
typedef struct _ReframeJournalModel   ReframeJournalModel;
typedef struct _ReframeJournalQuery   ReframeJournalQuery;

/**
 * ReframeMood:
 *
 * The five-point mood scale. %REFRAME_MOOD_NONE means "not chosen yet".
 */
typedef enum
{
  REFRAME_MOOD_NONE = 0,
  REFRAME_MOOD_AWFUL = 1,
  REFRAME_MOOD_BAD = 2,
  REFRAME_MOOD_OKAY = 3,
  REFRAME_MOOD_GOOD = 4,
  REFRAME_MOOD_GREAT = 5,
} ReframeMood;

#define REFRAME_MOOD_MIN REFRAME_MOOD_AWFUL
#define REFRAME_MOOD_MAX REFRAME_MOOD_GREAT

typedef enum
{
  REFRAME_TAG_FEELING = 0,
  REFRAME_TAG_ACTIVITY = 1,
} ReframeTagKind;

const char *reframe_mood_get_label (ReframeMood mood);
const char *reframe_mood_get_key (ReframeMood mood);
const char *reframe_mood_get_icon_name (ReframeMood mood);
gboolean    reframe_mood_parse (const char  *text,
                                ReframeMood *mood);

G_END_DECLS
