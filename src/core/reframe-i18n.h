/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-i18n.h: gettext for the core, in place of <glib/gi18n-lib.h>.
 *
 * The core's strings go through reframe-l10n.c, which asks gettext as GLib does, unless
 * the calling thread has entered a ReframeL10nScope for another language (a report in
 * the therapist's language). The macros keep the names xgettext looks for (_, C_, N_,
 * NC_, g_dngettext), so nothing changes for translators.
 */

#pragma once

#include <glib/gi18n-lib.h>

#include "reframe-l10n.h"

#define g_dgettext   reframe_l10n_dgettext
#define g_dpgettext  reframe_l10n_dpgettext
#define g_dpgettext2 reframe_l10n_dpgettext2
#define g_dngettext  reframe_l10n_dngettext
