/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-core-types.c: names and icons of the mood scale. */

#define G_LOG_DOMAIN "ReframeCore"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-core-types.h"

typedef struct
{
  const char *key;
  const char *label;
  const char *icon_name;
} MoodInfo;

static const MoodInfo moods[] = {
  /* Translators: mood levels, from worst to best, as a day's or an entry's mood (adjectives) */
  { "none", N_ ("Not chosen"), "face-uncertain-symbolic" },
  { "awful", N_ ("Awful"), "face-crying-symbolic" },
  { "bad", N_ ("Bad"), "face-sad-symbolic" },
  { "okay", N_ ("Okay"), "face-plain-symbolic" },
  { "good", N_ ("Good"), "face-smile-symbolic" },
  { "great", N_ ("Great"), "face-smile-big-symbolic" },
};

static const MoodInfo *
lookup_mood (ReframeMood mood)
{
  if ((guint) mood >= G_N_ELEMENTS (moods))
    mood = REFRAME_MOOD_NONE;
  return &moods[mood];
}

/**
 * reframe_mood_get_label:
 *
 * Returns: the translated name of @mood ("Awful" … "Great").
 */
const char *
reframe_mood_get_label (ReframeMood mood)
{
  return g_dgettext (GETTEXT_PACKAGE, lookup_mood (mood)->label);
}

/**
 * reframe_mood_get_key:
 *
 * Returns: the untranslated key of @mood ("awful" … "great"), as in exports.
 */
const char *
reframe_mood_get_key (ReframeMood mood)
{
  return lookup_mood (mood)->key;
}

const char *
reframe_mood_get_icon_name (ReframeMood mood)
{
  return lookup_mood (mood)->icon_name;
}

/**
 * reframe_mood_parse:
 * @text: a number from 1 to 5, or a mood key such as "good"
 * @mood: (out): where the mood goes
 *
 * Returns: %TRUE when @text names a mood on the scale
 */
gboolean
reframe_mood_parse (const char  *text,
                    ReframeMood *mood)
{
  guint64 value = 0;

  g_return_val_if_fail (mood != NULL, FALSE);

  if (text == NULL)
    return FALSE;

  if (g_ascii_string_to_unsigned (text, 10, REFRAME_MOOD_MIN, REFRAME_MOOD_MAX, &value, NULL))
    {
      *mood = (ReframeMood) value;
      return TRUE;
    }

  for (guint i = REFRAME_MOOD_MIN; i <= REFRAME_MOOD_MAX; i++)
    {
      if (g_ascii_strcasecmp (text, moods[i].key) == 0)
        {
          *mood = (ReframeMood) i;
          return TRUE;
        }
    }

  return FALSE;
}
