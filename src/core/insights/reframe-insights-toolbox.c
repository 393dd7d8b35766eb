/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-insights-toolbox.c: proposals for the coping toolbox from the person's own
 * journal: activities that went with better days.
 *
 * Only what the statistics can stand behind is proposed: an activity with enough days
 * on both sides (REFRAME_INSIGHTS_MIN_DAYS) and days with it better by at least
 * REFRAME_INSIGHTS_PROPOSAL_MIN_DIFFERENCE. An activity that goes with worse days is
 * never proposed, nor said to be bad: the toolbox holds what helps.
 */

#define G_LOG_DOMAIN "ReframeInsights"

#include "config.h"

#include "reframe-i18n.h"
#include <math.h>
#include <string.h>

#include "reframe-insights-private.h"

/* Room for rounding: a difference that reads 0.3 counts as 0.3. */
#define DIFFERENCE_EPSILON 1e-9

static double
difference (const ReframeFactorImpact *factor)
{
  return factor->mean_with - factor->mean_without;
}

static gboolean
is_proposable (const ReframeFactorImpact *factor)
{
  return factor->enough_data && !isnan (factor->mean_with) && !isnan (factor->mean_without) &&
         difference (factor) >= REFRAME_INSIGHTS_PROPOSAL_MIN_DIFFERENCE - DIFFERENCE_EPSILON;
}

static int
compare_factors (gconstpointer a,
                 gconstpointer b)
{
  const ReframeFactorImpact *x = *(ReframeFactorImpact *const *) a;
  const ReframeFactorImpact *y = *(ReframeFactorImpact *const *) b;
  double                     dx = difference (x), dy = difference (y);

  if (dx != dy)
    return dx > dy ? -1 : 1;
  return strcmp (x->tag, y->tag);
}

/* The activity as it reads inside a sentence. Built-in labels already do ("good meal";
 * a translation keeps the case its language wants, as German nouns do); one the person
 * typed, "Walk", gets a lower-case first letter like them, unless it reads as an
 * abbreviation ("TV", "AA meeting"). */
static char *
dup_label_in_sentence (const ReframeFactorImpact *factor)
{
  const char *label = factor->label != NULL ? factor->label : factor->tag;
  const char *rest;
  gunichar    first;
  char        lower[6];

  if (g_strcmp0 (label, factor->tag) != 0 || !g_utf8_validate (label, -1, NULL) || *label == '\0')
    return g_strdup (label);
  first = g_utf8_get_char (label);
  rest = g_utf8_next_char (label);
  if (!g_unichar_isupper (first) || (*rest != '\0' && g_unichar_isupper (g_utf8_get_char (rest))))
    return g_strdup (label);
  return g_strdup_printf (
      "%.*s%s", g_unichar_to_utf8 (g_unichar_tolower (first), lower), lower, rest);
}

static ReframeToolboxProposal *
new_proposal (const ReframeFactorImpact *factor)
{
  ReframeToolboxProposal *proposal = g_new0 (ReframeToolboxProposal, 1);
  g_autofree char        *label = dup_label_in_sentence (factor);

  proposal->tag = g_strdup (factor->tag);
  proposal->source = g_strconcat ("insights:", factor->tag, NULL);
  proposal->mean_with = factor->mean_with;
  proposal->mean_without = factor->mean_without;
  proposal->days = factor->days_with + factor->days_without;
  /* Translators: a finding offered for the coping toolbox, e.g. "Days with a walk
   * averaged 3.9 against 2.8 without, over 41 days". %s is an activity as it reads in
   * a sentence; the numbers are mean moods on a scale of 1 to 5, then a count of days
   * (always more than ten). */
  proposal->text =
      g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                    "Days with %s averaged %.1f against %.1f without, over %u day",
                                    "Days with %s averaged %.1f against %.1f without, over %u days",
                                    proposal->days),
                       label,
                       proposal->mean_with,
                       proposal->mean_without,
                       proposal->days);
  return proposal;
}

void
reframe_toolbox_proposal_free (ReframeToolboxProposal *proposal)
{
  if (proposal == NULL)
    return;
  g_free (proposal->source);
  g_free (proposal->text);
  g_free (proposal->tag);
  g_free (proposal);
}

/**
 * reframe_insights_dup_toolbox_proposals:
 *
 * Finds the activities that went with better days in the period: enough days with
 * and without them, and a mean mood at least
 * %REFRAME_INSIGHTS_PROPOSAL_MIN_DIFFERENCE higher with them. Whether the person has
 * taken one already is theirs to check (reframe_toolbox_repository_has_source()).
 *
 * Returns: (transfer full) (element-type ReframeToolboxProposal): at most
 *   %REFRAME_INSIGHTS_MAX_PROPOSALS, the largest difference first; frees its elements
 */
GPtrArray *
reframe_insights_dup_toolbox_proposals (ReframeInsights *self)
{
  g_autoptr (GPtrArray) factors = g_ptr_array_new ();
  GPtrArray *proposals;

  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->factors->len; i++)
    if (is_proposable (g_ptr_array_index (self->factors, i)))
      g_ptr_array_add (factors, g_ptr_array_index (self->factors, i));
  g_ptr_array_sort (factors, compare_factors);

  proposals = g_ptr_array_new_with_free_func ((GDestroyNotify) reframe_toolbox_proposal_free);
  for (guint i = 0; i < MIN (factors->len, REFRAME_INSIGHTS_MAX_PROPOSALS); i++)
    g_ptr_array_add (proposals, new_proposal (g_ptr_array_index (factors, i)));
  return proposals;
}
