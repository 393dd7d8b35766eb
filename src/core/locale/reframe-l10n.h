/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-l10n.h: the language a thread writes in, when it is not the desktop's. */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ReframeL10nScope:
 *
 * While a scope is entered, the core's translated strings, dates and numbers on this
 * thread are in the scope's language: a German speaker can make an English report
 * for an English-speaking therapist while the window stays German. Other threads are
 * not affected.
 */
typedef struct _ReframeL10nScope ReframeL10nScope;

ReframeL10nScope *reframe_l10n_scope_enter (const char *language);
void              reframe_l10n_scope_leave (ReframeL10nScope *scope);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeL10nScope, reframe_l10n_scope_leave)

char   **reframe_l10n_list_languages (void);
gboolean reframe_l10n_has_language (const char *language);
char    *reframe_l10n_get_language_name (const char *language);
char    *reframe_l10n_get_desktop_language (void);

/* As g_dgettext() and friends, whose format checks they keep (G_GNUC_FORMAT). */
const char *reframe_l10n_dgettext (const char *domain,
                                   const char *msgid) G_GNUC_FORMAT (2);
const char *reframe_l10n_dpgettext (const char *domain,
                                    const char *msgctxtid,
                                    gsize       msgidoffset) G_GNUC_FORMAT (2);
const char *reframe_l10n_dpgettext2 (const char *domain,
                                     const char *context,
                                     const char *msgid) G_GNUC_FORMAT (3);
const char *reframe_l10n_dngettext (const char *domain,
                                    const char *msgid,
                                    const char *msgid_plural,
                                    gulong      n) G_GNUC_FORMAT (3);

G_END_DECLS
