/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-request-log.h: which requests went to which model service, and with what
 * attached; never the text. */

#pragma once

#include <glib-object.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

#define REFRAME_TYPE_REQUEST_LOG_ENTRY (reframe_request_log_entry_get_type ())
#define REFRAME_TYPE_REQUEST_LOG       (reframe_request_log_get_type ())

/**
 * ReframeRequestLogEntry:
 * @time: when the request was sent, in UTC
 * @endpoint: the endpoint's URL
 * @model: (nullable): the model asked
 * @remote: %TRUE when the endpoint is not on this computer
 * @attachments: what was attached, as labels ("Mood summary, last 7 days"), or ""
 *
 * One line of the request log: a boxed struct with public, read-only fields.
 */
typedef struct
{
  GDateTime *time;
  char      *endpoint;
  char      *model;
  gboolean   remote;
  char      *attachments;
} ReframeRequestLogEntry;

GType                   reframe_request_log_entry_get_type (void) G_GNUC_CONST;
ReframeRequestLogEntry *reframe_request_log_entry_copy (const ReframeRequestLogEntry *entry);
void                    reframe_request_log_entry_free (ReframeRequestLogEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeRequestLogEntry, reframe_request_log_entry_free)

G_DECLARE_FINAL_TYPE (ReframeRequestLog, reframe_request_log, REFRAME, REQUEST_LOG, GObject)

gboolean   reframe_request_log_add (ReframeRequestLog *self,
                                    GDateTime         *time,
                                    const char        *endpoint,
                                    const char        *model,
                                    gboolean           remote,
                                    const char        *attachments,
                                    GError           **error);
GPtrArray *reframe_request_log_list (ReframeRequestLog *self,
                                     GError           **error);
gboolean   reframe_request_log_clear (ReframeRequestLog *self,
                                      GError           **error);

G_END_DECLS
