/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-request-log-private.h: calls between the request log and the store. */

#pragma once

#include "reframe-request-log.h"

G_BEGIN_DECLS

ReframeRequestLog *_reframe_request_log_new (ReframeStore *store);
void               _reframe_request_log_detach (ReframeRequestLog *self);

G_END_DECLS
