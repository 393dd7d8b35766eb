/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-model-manager-private.h: calls between the model manager's files. */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "reframe-model-manager.h"

G_BEGIN_DECLS

/* A status line is about a hundred bytes; a model list a few kilobytes per model. */
#define MAX_LINE_LENGTH (64 * 1024)
#define MAX_BODY_SIZE   (4 * 1024 * 1024)

struct _ReframeModelManager
{
  GObject parent_instance;

  ReframeProviderKind kind;

  /* Owned */
  SoupSession *session;
  char        *base_uri;
  char        *api_base_uri;
  char        *endpoint; /* for messages: without a password */
  char        *api_key;  /* never logged */
  char        *ollama_program;
};

/* What one request is for, and what it has found so far. */
typedef enum
{
  CALL_LIST,
  CALL_PULL,
  CALL_DELETE,
  CALL_VERSION,
} CallKind;

typedef struct
{
  CallKind kind;

  /* Owned */
  SoupMessage      *msg;
  char             *model;
  GDataInputStream *lines;
  GHashTable       *layers; /* digest → guint64[2]: completed, total */
  gpointer          progress_data;
  GDestroyNotify    progress_destroy;

  ReframeModelPullProgressFunc progress_func;
  double                       fraction;
  gboolean                     succeeded;
} Call;

/* reframe-model-manager.c: reading what the service sends */
JsonObject *_reframe_model_manager_parse_object (JsonParser *parser,
                                                 GBytes     *body);
const char *_reframe_model_manager_get_string_member (JsonObject *object,
                                                      const char *name);
guint64     _reframe_model_manager_get_size_member (JsonObject *object,
                                                    const char *name);

/* reframe-model-manager-errors.c: what went wrong, said as what a person can do */
GError *_reframe_model_manager_new_transport_error (ReframeModelManager *self,
                                                    Call                *call,
                                                    const GError        *error);
GError *_reframe_model_manager_new_service_error (ReframeModelManager *self,
                                                  Call                *call,
                                                  const char          *said);
GError *_reframe_model_manager_new_not_ollama_error (ReframeModelManager *self);
GError *_reframe_model_manager_new_malformed_error (ReframeModelManager *self);
GError *_reframe_model_manager_new_http_error (ReframeModelManager *self,
                                               Call                *call,
                                               guint                status,
                                               GBytes              *body);
char   *_reframe_model_manager_dup_error_text (JsonObject *object);

/* reframe-model-manager-pull.c: a download, its progress streamed */
void _reframe_model_manager_send_pull (ReframeModelManager *self,
                                       GTask               *task);

G_END_DECLS
