/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-fake-model-server-private.h: calls between the fake model server's files. */

#pragma once

#include <libsoup/soup.h>

#include "reframe-fake-model-server.h"

G_BEGIN_DECLS

/* Like gnome-calendar's GcalSimpleServer, the server lives in its own thread with its
 * own main context, so the test's main context can run the client without the server
 * ever waiting on it. Everything below except the public API runs in that thread. */
struct _ReframeFakeModelServer
{
  GMutex mutex;
  GCond  cond;

  /* Owned */
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *uri;

  /* Owned, guarded by @mutex */
  ReframeFakeBehaviour behaviour;
  guint                delay_ms;
  char                *api_key;
  guint                redirect_status;
  char                *redirect_target;
  guint                n_requests;
  char                *last_chat_body;
  guint                context_size;    /* 0: no /props, no /api/show, no refusal */
  guint                bytes_per_token; /* how the prompt is counted against it */
  guint                n_refused;
  GPtrArray           *models; /* of FakeModel, installed (model management) */
  guint                pull_delay_ms;
  guint                pull_fail_after;
  char                *pull_error;
  guint                n_pulls_stopped;
  char                *structured_reply; /* nullable: the content of non-streamed chats */

  /* Owned, used only in the server thread */
  SoupServer *server;
  GList      *drips;
  GList      *pull_drips; /* of PullDrip */
};

typedef enum
{
  REFRAME_FAKE_FORMAT_OLLAMA,
  REFRAME_FAKE_FORMAT_OPENAI,
} ReframeFakeFormat;

/* A streamed reply, and one /api/pull answer, as their files write them. */
typedef struct _ReframeFakeDrip     ReframeFakeDrip;
typedef struct _ReframeFakePullDrip ReframeFakePullDrip;

/* reframe-fake-model-server.c */
void _reframe_fake_model_server_respond_json (SoupServerMessage *msg,
                                              guint              status,
                                              const char        *json);

/* reframe-fake-model-server-stream.c */
void  _reframe_fake_model_server_start_stream (ReframeFakeModelServer *self,
                                               SoupServerMessage      *msg,
                                               ReframeFakeFormat       format,
                                               ReframeFakeBehaviour    behaviour,
                                               guint                   delay_ms);
void  _reframe_fake_model_server_drip_free (ReframeFakeDrip *drip);
char *_reframe_fake_model_server_dup_unstreamed_answer (ReframeFakeFormat format,
                                                        const char       *content);

/* reframe-fake-model-server-models.c */
GPtrArray *_reframe_fake_model_server_new_installed_models (void);
void       _reframe_fake_model_server_pull_drip_free (ReframeFakePullDrip *drip);
gboolean   _reframe_fake_model_server_is_model_management (const char *path);
void       _reframe_fake_model_server_handle_model_management (ReframeFakeModelServer *self,
                                                               SoupServerMessage      *msg,
                                                               const char             *path);

G_END_DECLS
