/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-model-manager.h: the models of a model service: list, download with progress, delete,
 * test. */

#pragma once

#include <gio/gio.h>

#include "reframe-companion-config.h"

G_BEGIN_DECLS

#define REFRAME_MODEL_MANAGER_ERROR (reframe_model_manager_error_quark ())

/**
 * ReframeModelManagerError:
 * @REFRAME_MODEL_MANAGER_ERROR_NOT_RUNNING: nothing listens at a local Ollama's port
 * @REFRAME_MODEL_MANAGER_ERROR_UNREACHABLE: the service could not be reached (another
 *   computer, an unknown host, a broken connection)
 * @REFRAME_MODEL_MANAGER_ERROR_NOT_OLLAMA: something answers, but it does not speak Ollama's API
 * @REFRAME_MODEL_MANAGER_ERROR_MODEL_NOT_FOUND: the service has no model of that name
 * @REFRAME_MODEL_MANAGER_ERROR_DISK_FULL: the computer running the service has no room left
 * @REFRAME_MODEL_MANAGER_ERROR_UNAUTHORIZED: the service wants another API key
 * @REFRAME_MODEL_MANAGER_ERROR_NOT_SUPPORTED: the service does not download or delete models
 * @REFRAME_MODEL_MANAGER_ERROR_MALFORMED: the answer is not in the service's format
 * @REFRAME_MODEL_MANAGER_ERROR_FAILED: any other failure, with the service's own words
 *
 * Why managing models failed; every message says what the person can do. Cancelling
 * gives %G_IO_ERROR_CANCELLED.
 */
typedef enum
{
  REFRAME_MODEL_MANAGER_ERROR_NOT_RUNNING,
  REFRAME_MODEL_MANAGER_ERROR_UNREACHABLE,
  REFRAME_MODEL_MANAGER_ERROR_NOT_OLLAMA,
  REFRAME_MODEL_MANAGER_ERROR_MODEL_NOT_FOUND,
  REFRAME_MODEL_MANAGER_ERROR_DISK_FULL,
  REFRAME_MODEL_MANAGER_ERROR_UNAUTHORIZED,
  REFRAME_MODEL_MANAGER_ERROR_NOT_SUPPORTED,
  REFRAME_MODEL_MANAGER_ERROR_MALFORMED,
  REFRAME_MODEL_MANAGER_ERROR_FAILED,
} ReframeModelManagerError;

/**
 * ReframeModelInfo:
 * @name: the model's name, as a chat request names it
 * @size: its size on disk in bytes; 0 when the service does not say
 * @family: (nullable): its family ("llama", "qwen2")
 * @parameter_size: (nullable): e.g. "3.2B"
 * @quantization: (nullable): e.g. "Q4_K_M"
 *
 * One model a service has. An OpenAI-compatible service gives only the name.
 */
typedef struct
{
  char   *name;
  guint64 size;
  char   *family;
  char   *parameter_size;
  char   *quantization;
} ReframeModelInfo;

/**
 * ReframeModelServiceInfo:
 * @kind: the kind of service that answered
 * @version: (nullable): its version, when it says (Ollama's /api/version)
 * @n_models: how many models it has
 *
 * What a connection test found.
 */
typedef struct
{
  ReframeProviderKind kind;
  char               *version;
  guint               n_models;
} ReframeModelServiceInfo;

/**
 * ReframeModelPullProgress:
 * @status: Ollama's words for the step ("pulling manifest", "verifying sha256 digest")
 * @completed: bytes downloaded so far, over all parts of the model
 * @total: bytes to download, over the parts known so far; 0 while unknown
 * @fraction: from 0 to 1, never going back; -1 while nothing is known
 *
 * How far a download is.
 */
typedef struct
{
  const char *status;
  guint64     completed;
  guint64     total;
  double      fraction;
} ReframeModelPullProgress;

/**
 * ReframeModelPullProgressFunc:
 * @progress: where the download is, valid only during the call
 * @user_data: the data given with the function
 *
 * Called on the main context of the download for each status line of the service.
 */
typedef void (*ReframeModelPullProgressFunc) (const ReframeModelPullProgress *progress,
                                              gpointer                        user_data);

/**
 * ReframeSuggestedModel:
 * @name: the model's name in Ollama's library
 * @size_class: how big a download it is, in words for people
 *
 * A small instruction model that runs on a laptop.
 */
typedef struct
{
  const char *name;
  const char *size_class;
} ReframeSuggestedModel;

#define REFRAME_TYPE_MODEL_INFO         (reframe_model_info_get_type ())
#define REFRAME_TYPE_MODEL_SERVICE_INFO (reframe_model_service_info_get_type ())
#define REFRAME_TYPE_MODEL_MANAGER      (reframe_model_manager_get_type ())

G_DECLARE_FINAL_TYPE (ReframeModelManager, reframe_model_manager, REFRAME, MODEL_MANAGER, GObject)

GQuark                       reframe_model_manager_error_quark (void);
GType                        reframe_model_info_get_type (void) G_GNUC_CONST;
ReframeModelInfo            *reframe_model_info_copy (const ReframeModelInfo *info);
void                         reframe_model_info_free (ReframeModelInfo *info);
char                        *reframe_model_info_dup_description (const ReframeModelInfo *info);
GType                        reframe_model_service_info_get_type (void) G_GNUC_CONST;
ReframeModelServiceInfo     *reframe_model_service_info_copy (const ReframeModelServiceInfo *info);
void                         reframe_model_service_info_free (ReframeModelServiceInfo *info);
char                        *reframe_model_service_info_dup_summary (const ReframeModelServiceInfo *info,
                                                                     const char                    *endpoint);
const ReframeSuggestedModel *reframe_model_manager_get_suggested_models (guint *n_models);
char                        *reframe_model_pull_progress_dup_text (const ReframeModelPullProgress *progress);

ReframeModelManager     *reframe_model_manager_new (ReframeProviderKind kind,
                                                    const char         *base_uri,
                                                    const char         *api_key);
ReframeProviderKind      reframe_model_manager_get_kind (ReframeModelManager *self);
const char              *reframe_model_manager_get_endpoint (ReframeModelManager *self);
gboolean                 reframe_model_manager_can_download (ReframeModelManager *self);
void                     reframe_model_manager_set_ollama_program (ReframeModelManager *self,
                                                                   const char          *program);
void                     reframe_model_manager_list_async (ReframeModelManager *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray               *reframe_model_manager_list_finish (ReframeModelManager *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void                     reframe_model_manager_pull_async (ReframeModelManager         *self,
                                                           const char                  *model,
                                                           ReframeModelPullProgressFunc progress_func,
                                                           gpointer                     progress_data,
                                                           GDestroyNotify               progress_destroy,
                                                           GCancellable                *cancellable,
                                                           GAsyncReadyCallback          callback,
                                                           gpointer                     user_data);
gboolean                 reframe_model_manager_pull_finish (ReframeModelManager *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);
void                     reframe_model_manager_delete_async (ReframeModelManager *self,
                                                             const char          *model,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean                 reframe_model_manager_delete_finish (ReframeModelManager *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
void                     reframe_model_manager_test_async (ReframeModelManager *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
ReframeModelServiceInfo *reframe_model_manager_test_finish (ReframeModelManager *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeModelInfo, reframe_model_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeModelServiceInfo, reframe_model_service_info_free)

G_END_DECLS
