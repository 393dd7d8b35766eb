/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-check.h: the local, deterministic check for crisis language in messages and
 * replies. */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define REFRAME_CRISIS_ERROR (reframe_crisis_error_quark ())

/**
 * ReframeCrisisError:
 * @REFRAME_CRISIS_ERROR_INVALID_DATA: a phrase list or the crisis lines are not in their format
 *
 * Why the shipped safety data could not be loaded. The message names the file.
 */
typedef enum
{
  REFRAME_CRISIS_ERROR_INVALID_DATA,
} ReframeCrisisError;

/**
 * ReframeCrisisCategory:
 * @REFRAME_CRISIS_CATEGORY_NONE: nothing found
 * @REFRAME_CRISIS_CATEGORY_SUICIDE: thoughts of suicide or of not wanting to live
 * @REFRAME_CRISIS_CATEGORY_MEANS_SEEKING: asking about methods or means, or distress
 *   together with means in the recent messages
 * @REFRAME_CRISIS_CATEGORY_OVERDOSE_DRUGS: an overdose, or drug use
 * @REFRAME_CRISIS_CATEGORY_SELF_HARM: hurting oneself
 * @REFRAME_CRISIS_CATEGORY_ABUSE: being abused, assaulted or threatened
 * @REFRAME_CRISIS_CATEGORY_EATING_DISORDER: eating-disorder behaviour
 * @REFRAME_CRISIS_CATEGORY_PERSONAL: one of the person's own warning phrases
 * @REFRAME_CRISIS_CATEGORY_METHOD_DETAILS: a reply gives method or means details
 * @REFRAME_CRISIS_CATEGORY_DIET_ADVICE: a reply gives diet, calorie or weight targets
 * @REFRAME_CRISIS_CATEGORY_DRUG_ADVICE: a reply suggests using drugs or alcohol
 * @REFRAME_CRISIS_CATEGORY_MEDICATION_ADVICE: a reply suggests changing medication
 * @REFRAME_CRISIS_CATEGORY_DIAGNOSIS: a reply diagnoses or labels the person
 *
 * What a check found. When several match, the one listed first wins.
 */
typedef enum
{
  REFRAME_CRISIS_CATEGORY_NONE,
  REFRAME_CRISIS_CATEGORY_SUICIDE,
  REFRAME_CRISIS_CATEGORY_MEANS_SEEKING,
  REFRAME_CRISIS_CATEGORY_OVERDOSE_DRUGS,
  REFRAME_CRISIS_CATEGORY_SELF_HARM,
  REFRAME_CRISIS_CATEGORY_ABUSE,
  REFRAME_CRISIS_CATEGORY_EATING_DISORDER,
  REFRAME_CRISIS_CATEGORY_PERSONAL,
  REFRAME_CRISIS_CATEGORY_METHOD_DETAILS,
  REFRAME_CRISIS_CATEGORY_DIET_ADVICE,
  REFRAME_CRISIS_CATEGORY_DRUG_ADVICE,
  REFRAME_CRISIS_CATEGORY_MEDICATION_ADVICE,
  REFRAME_CRISIS_CATEGORY_DIAGNOSIS,
} ReframeCrisisCategory;

/* How much of a streaming reply before its latest delta is checked again with it: enough
 * for any phrase to run from the old text into the new. */
#define REFRAME_CRISIS_REPLY_WINDOW 512

#define REFRAME_TYPE_CRISIS_CATEGORY (reframe_crisis_category_get_type ())
#define REFRAME_TYPE_CRISIS_CHECK    (reframe_crisis_check_get_type ())

G_DECLARE_FINAL_TYPE (ReframeCrisisCheck, reframe_crisis_check, REFRAME, CRISIS_CHECK, GObject)

GQuark                reframe_crisis_error_quark (void);
GType                 reframe_crisis_category_get_type (void) G_GNUC_CONST;
const char           *reframe_crisis_category_get_key (ReframeCrisisCategory category);
ReframeCrisisCheck   *reframe_crisis_check_new (const char *const *languages,
                                                const char *const *extra_phrases,
                                                GError           **error);
ReframeCrisisCheck   *reframe_crisis_check_new_from_files (const char *const *paths,
                                                           const char *const *extra_phrases,
                                                           GError           **error);
guint                 reframe_crisis_check_get_version (ReframeCrisisCheck *self);
ReframeCrisisCategory reframe_crisis_check_message (ReframeCrisisCheck *self,
                                                    const char         *text,
                                                    const char *const  *recent_user_messages);
ReframeCrisisCategory reframe_crisis_check_reply (ReframeCrisisCheck *self,
                                                  const char         *text);
gsize                 reframe_crisis_check_reply_delta_start (const char *reply,
                                                              gsize       checked);
ReframeCrisisCategory reframe_crisis_check_reply_delta (ReframeCrisisCheck *self,
                                                        const char         *reply,
                                                        gsize               checked,
                                                        guint64            *found);
const char           *reframe_crisis_check_get_fallback_reply (void);

G_END_DECLS
