/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-request-log.c: which requests went to which model service, and with what
 * attached; never the text.
 *
 * The log lets a person check, after the fact, where their words went (DESIGN, "what
 * leaves the computer is shown"). It holds no message text and no attachment text,
 * only the labels of attachments, so keeping it is no new privacy risk.
 */

#define G_LOG_DOMAIN "ReframeRequestLog"

#include "config.h"

#include "reframe-i18n.h"

#include "reframe-request-log-private.h"
#include "reframe-store-private.h"

struct _ReframeRequestLog
{
  GObject parent_instance;

  /* Borrowed: the store owns the log and detaches it when it goes. */
  ReframeStore *store;
};

G_DEFINE_BOXED_TYPE (ReframeRequestLogEntry,
                     reframe_request_log_entry,
                     reframe_request_log_entry_copy,
                     reframe_request_log_entry_free)

G_DEFINE_FINAL_TYPE (ReframeRequestLog, reframe_request_log, G_TYPE_OBJECT)

/**
 * reframe_request_log_entry_copy:
 *
 * Returns: (transfer full): a deep copy of @entry
 */
ReframeRequestLogEntry *
reframe_request_log_entry_copy (const ReframeRequestLogEntry *entry)
{
  ReframeRequestLogEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (ReframeRequestLogEntry, 1);
  copy->time = entry->time ? g_date_time_ref (entry->time) : NULL;
  copy->endpoint = g_strdup (entry->endpoint);
  copy->model = g_strdup (entry->model);
  copy->remote = entry->remote;
  copy->attachments = g_strdup (entry->attachments);
  return copy;
}

void
reframe_request_log_entry_free (ReframeRequestLogEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_pointer (&entry->time, g_date_time_unref);
  g_free (entry->endpoint);
  g_free (entry->model);
  g_free (entry->attachments);
  g_free (entry);
}

static void
reframe_request_log_class_init (ReframeRequestLogClass *klass)
{
}

static void
reframe_request_log_init (ReframeRequestLog *self)
{
}

ReframeRequestLog *
_reframe_request_log_new (ReframeStore *store)
{
  ReframeRequestLog *self = g_object_new (REFRAME_TYPE_REQUEST_LOG, NULL);

  self->store = store;
  return self;
}

void
_reframe_request_log_detach (ReframeRequestLog *self)
{
  self->store = NULL;
}

static sqlite3 *
get_db (ReframeRequestLog *self,
        GError           **error)
{
  return _reframe_store_require_db (self->store, error);
}

/* Before any write: the journal is open and known not to be damaged. */
static sqlite3 *
get_writer (ReframeRequestLog *self,
            GError           **error)
{
  return _reframe_store_require_writer (self->store, error);
}

/**
 * reframe_request_log_add:
 * @time: when the request was sent
 * @endpoint: the endpoint's URL, without credentials
 * @model: (nullable): the model asked
 * @remote: whether the endpoint is elsewhere than this computer
 * @attachments: (nullable): the labels of what was attached (see
 *   reframe_chat_attachment_get_label()), never their text
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_request_log_add (ReframeRequestLog *self,
                         GDateTime         *time,
                         const char        *endpoint,
                         const char        *model,
                         gboolean           remote,
                         const char        *attachments,
                         GError           **error)
{
  g_autoptr (GDateTime) utc = NULL;
  g_autofree char *at = NULL;
  sqlite3         *db;

  g_return_val_if_fail (REFRAME_IS_REQUEST_LOG (self), FALSE);
  g_return_val_if_fail (time != NULL, FALSE);
  g_return_val_if_fail (endpoint != NULL, FALSE);

  if ((db = get_writer (self, error)) == NULL)
    return FALSE;
  utc = g_date_time_to_utc (time);
  at = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.%fZ");
  return _reframe_store_run (db,
                             error,
                             "INSERT INTO request_log (time, endpoint, model, remote, attachments)"
                             " VALUES (?1, ?2, ?3, ?4, ?5)",
                             REFRAME_BIND_TEXT,
                             at,
                             REFRAME_BIND_TEXT,
                             endpoint,
                             REFRAME_BIND_TEXT,
                             model,
                             REFRAME_BIND_INT,
                             remote ? 1 : 0,
                             REFRAME_BIND_TEXT,
                             attachments ? attachments : "",
                             REFRAME_BIND_END);
}

static gpointer
read_entry (sqlite3_stmt *stmt)
{
  ReframeRequestLogEntry *entry = g_new0 (ReframeRequestLogEntry, 1);

  entry->time = _reframe_store_parse_iso ((const char *) sqlite3_column_text (stmt, 0));
  entry->endpoint = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  entry->model = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  entry->remote = sqlite3_column_int (stmt, 3) != 0;
  entry->attachments = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  return entry;
}

/**
 * reframe_request_log_list:
 *
 * Returns: (transfer container) (element-type ReframeRequestLogEntry) (nullable): the
 *   requests, newest first
 */
GPtrArray *
reframe_request_log_list (ReframeRequestLog *self,
                          GError           **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_REQUEST_LOG (self), NULL);

  if ((db = get_db (self, error)) == NULL)
    return NULL;
  stmt = _reframe_store_prepare (db,
                                 "SELECT time, endpoint, model, remote, attachments FROM "
                                 "request_log ORDER BY time DESC, id DESC",
                                 error);
  if (stmt == NULL)
    return NULL;
  return _reframe_store_read_rows (
      db, stmt, read_entry, (GDestroyNotify) reframe_request_log_entry_free, error);
}

/**
 * reframe_request_log_clear:
 *
 * Forgets every logged request.
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_request_log_clear (ReframeRequestLog *self,
                           GError           **error)
{
  sqlite3 *db;

  g_return_val_if_fail (REFRAME_IS_REQUEST_LOG (self), FALSE);

  if ((db = get_writer (self, error)) == NULL)
    return FALSE;
  return _reframe_store_exec (db, "DELETE FROM request_log", error);
}
