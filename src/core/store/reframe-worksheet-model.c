/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-worksheet-model.c: the list of worksheets as a paged GListModel.
 *
 * The model keeps the ordered ids of the worksheets it shows (8 bytes each, read from
 * the list-order index alone) and at most a few pages of worksheets, read by id when
 * they are asked for. So the list knows its length at once, and the first screenful
 * of a long history costs one small index scan and one page.
 */

#define G_LOG_DOMAIN "ReframeWorksheetModel"

#include "config.h"

#include "reframe-store-private.h"
#include "reframe-worksheet-model.h"
#include "reframe-worksheet-private.h"
#include "reframe-worksheet-repository-private.h"

#define PAGE_SIZE 64
#define MAX_PAGES 16

struct _ReframeWorksheetModel
{
  GObject parent_instance;

  /* Owned */
  ReframeWorksheetRepository *repository;
  char                       *template_id;
  GArray                     *ids;
  GHashTable                 *pages;

  gulong changed_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ReframeWorksheetModel,
                               reframe_worksheet_model,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static sqlite3 *
get_db (ReframeWorksheetModel *self)
{
  ReframeStore *store = reframe_worksheet_repository_get_store (self->repository);

  return store ? _reframe_store_get_db (store) : NULL;
}

static GArray *
load_ids (sqlite3    *db,
          const char *template_id,
          GError    **error)
{
  g_autoptr (GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  /* Each statement walks its partial index in list order: no sorting, no table rows. */
  if (template_id == NULL)
    stmt = _reframe_store_prepare (db,
                                   "SELECT w.id FROM worksheets w INDEXED BY worksheets_order"
                                   " WHERE w.deleted_at IS NULL ORDER BY " REFRAME_WORKSHEET_ORDER,
                                   error);
  else
    stmt = _reframe_store_prepare (
        db,
        "SELECT w.id FROM worksheets w INDEXED BY worksheets_template_order"
        " WHERE w.deleted_at IS NULL AND w.template_id = ?1 ORDER BY " REFRAME_WORKSHEET_ORDER,
        error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, template_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&ids);
}

static char *
build_id_list (GArray *ids,
               guint   first,
               guint   n)
{
  g_autoptr (GString) list = g_string_new (NULL);

  for (guint i = first; i < first + n; i++)
    g_string_append_printf (
        list, "%s%" G_GINT64_FORMAT, list->len ? "," : "", g_array_index (ids, gint64, i));
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* Reads the worksheets of one page by id (integers only, so building the list into the
 * statement is safe) and puts each at its place in the list order. */
static GPtrArray *
load_page (sqlite3 *db,
           GArray  *ids,
           guint    first,
           GError **error)
{
  guint            n = MIN (PAGE_SIZE, ids->len - first);
  g_autofree char *list = build_id_list (ids, first, n);
  g_autofree char *sql = g_strdup_printf (
      "SELECT " REFRAME_WORKSHEET_COLUMNS ", w.id FROM worksheets w WHERE w.id IN (%s)", list);
  g_autoptr (GHashTable) by_id =
      g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  GPtrArray *page;
  int        rc;

  if ((stmt = _reframe_store_prepare (db, sql, error)) == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, REFRAME_WORKSHEET_N_COLUMNS);

      g_hash_table_insert (
          by_id, g_memdup2 (&id, sizeof id), _reframe_worksheet_repository_read_row (stmt));
    }
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }

  page = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = first; i < first + n; i++)
    {
      ReframeWorksheet *worksheet = NULL;
      gpointer          key = NULL;

      /* A row gone since the ids were read (another process purged it) shows empty
       * until the next change reloads the list: a list item is never missing. */
      if (g_hash_table_steal_extended (
              by_id, &g_array_index (ids, gint64, i), &key, (gpointer *) &worksheet))
        g_free (key);
      else
        worksheet = _reframe_worksheet_new_loaded (NULL,
                                                   "",
                                                   1,
                                                   NULL,
                                                   REFRAME_WORKSHEET_DRAFT,
                                                   REFRAME_WORKSHEET_NO_SCORE,
                                                   NULL,
                                                   NULL,
                                                   FALSE,
                                                   NULL,
                                                   NULL,
                                                   NULL);
      g_ptr_array_add (page, worksheet);
    }
  return page;
}

static GPtrArray *
get_page (ReframeWorksheetModel *self,
          guint                  page_number)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_number));
  sqlite3   *db = get_db (self);

  if (page != NULL || db == NULL)
    return page;
  if ((page = load_page (db, self->ids, page_number * PAGE_SIZE, &error)) == NULL)
    {
      g_warning ("Could not load a page of the worksheets: %s", error->message);
      return NULL;
    }

  /* Keep memory bounded: a long scroll drops what it left behind. */
  if (g_hash_table_size (self->pages) >= MAX_PAGES)
    g_hash_table_remove_all (self->pages);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page_number), page);
  return page;
}

static GType
reframe_worksheet_model_get_item_type (GListModel *model)
{
  return REFRAME_TYPE_WORKSHEET;
}

static guint
reframe_worksheet_model_get_n_items (GListModel *model)
{
  return REFRAME_WORKSHEET_MODEL (model)->ids->len;
}

static gpointer
reframe_worksheet_model_get_item (GListModel *model,
                                  guint       position)
{
  ReframeWorksheetModel *self = REFRAME_WORKSHEET_MODEL (model);
  GPtrArray             *page;

  if (position >= self->ids->len)
    return NULL;
  page = get_page (self, position / PAGE_SIZE);
  /* Without its store the model keeps its length; the rows it can no longer read are
   * empty worksheets, since a list item is never missing. */
  if (page == NULL)
    return _reframe_worksheet_new_loaded (NULL,
                                          "",
                                          1,
                                          NULL,
                                          REFRAME_WORKSHEET_DRAFT,
                                          REFRAME_WORKSHEET_NO_SCORE,
                                          NULL,
                                          NULL,
                                          FALSE,
                                          NULL,
                                          NULL,
                                          NULL);
  return g_object_ref (g_ptr_array_index (page, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = reframe_worksheet_model_get_item_type;
  iface->get_n_items = reframe_worksheet_model_get_n_items;
  iface->get_item = reframe_worksheet_model_get_item;
}

static gboolean
same_row (GArray *a,
          guint   i,
          GArray *b,
          guint   j,
          gint64  touched)
{
  gint64 id = g_array_index (a, gint64, i);

  return id == g_array_index (b, gint64, j) && id != touched;
}

/* Swaps in the new ids and announces the smallest changed range: the rows before and
 * after it keep their items (and the scroll position). The row of @touched (a saved
 * worksheet, whose content changed) is always inside the range. */
static void
replace_ids (ReframeWorksheetModel *self,
             GArray                *ids,
             gint64                 touched)
{
  g_autoptr (GArray) old = self->ids;
  guint prefix = 0, suffix = 0;

  while (prefix < old->len && prefix < ids->len && same_row (old, prefix, ids, prefix, touched))
    prefix++;
  while (suffix < old->len - prefix && suffix < ids->len - prefix &&
         same_row (old, old->len - 1 - suffix, ids, ids->len - 1 - suffix, touched))
    suffix++;

  self->ids = ids;
  g_hash_table_remove_all (self->pages);
  if (old->len - prefix - suffix > 0 || ids->len - prefix - suffix > 0)
    g_list_model_items_changed (
        G_LIST_MODEL (self), prefix, old->len - prefix - suffix, ids->len - prefix - suffix);
}

static gint64
lookup_id (sqlite3    *db,
           const char *uuid)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  if (uuid == NULL || (stmt = _reframe_store_prepare (
                           db, "SELECT id FROM worksheets WHERE uuid = ?", NULL)) == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  return sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : -1;
}

static void
repository_worksheet_changed_cb (ReframeWorksheetModel      *self,
                                 const char                 *uuid,
                                 ReframeWorksheetRepository *repository)
{
  g_autoptr (GError) error = NULL;
  sqlite3 *db = get_db (self);
  GArray  *ids;

  if (db == NULL)
    return;
  if ((ids = load_ids (db, self->template_id, &error)) == NULL)
    {
      g_warning ("Could not follow a change of the worksheets: %s", error->message);
      return;
    }
  replace_ids (self, ids, lookup_id (db, uuid));
}

static void
reframe_worksheet_model_dispose (GObject *object)
{
  ReframeWorksheetModel *self = (ReframeWorksheetModel *) object;

  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (reframe_worksheet_model_parent_class)->dispose (object);
}

static void
reframe_worksheet_model_finalize (GObject *object)
{
  ReframeWorksheetModel *self = (ReframeWorksheetModel *) object;

  g_clear_pointer (&self->template_id, g_free);
  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);

  G_OBJECT_CLASS (reframe_worksheet_model_parent_class)->finalize (object);
}

static void
reframe_worksheet_model_class_init (ReframeWorksheetModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_worksheet_model_dispose;
  object_class->finalize = reframe_worksheet_model_finalize;
}

static void
reframe_worksheet_model_init (ReframeWorksheetModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
}

/* Made by reframe_worksheet_repository_list(); empty until reloaded. */
ReframeWorksheetModel *
_reframe_worksheet_model_new (ReframeWorksheetRepository *repository,
                              const char                 *template_id)
{
  ReframeWorksheetModel *self = g_object_new (REFRAME_TYPE_WORKSHEET_MODEL, NULL);

  self->repository = g_object_ref (repository);
  self->template_id = g_strdup (template_id);
  self->changed_id = g_signal_connect_object (repository,
                                              "worksheet-changed",
                                              G_CALLBACK (repository_worksheet_changed_cb),
                                              self,
                                              G_CONNECT_SWAPPED);
  return self;
}

/**
 * reframe_worksheet_model_reload:
 *
 * Reads the list again (the model also follows every change made through its
 * repository without being told).
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_worksheet_model_reload (ReframeWorksheetModel *self,
                                GError               **error)
{
  sqlite3 *db;
  GArray  *ids;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_MODEL (self), FALSE);

  if ((db = _reframe_store_require_db (reframe_worksheet_repository_get_store (self->repository),
                                       error)) == NULL ||
      (ids = load_ids (db, self->template_id, error)) == NULL)
    return FALSE;
  replace_ids (self, ids, -1);
  return TRUE;
}

/**
 * reframe_worksheet_model_get_template_id:
 *
 * Returns: (nullable): the template whose worksheets are shown; %NULL for all
 */
const char *
reframe_worksheet_model_get_template_id (ReframeWorksheetModel *self)
{
  g_return_val_if_fail (REFRAME_IS_WORKSHEET_MODEL (self), NULL);
  return self->template_id;
}

/**
 * reframe_worksheet_model_find:
 *
 * Returns: the position of the worksheet @uuid, %G_MAXUINT when it is not shown
 */
guint
reframe_worksheet_model_find (ReframeWorksheetModel *self,
                              const char            *uuid)
{
  sqlite3 *db;
  gint64   id;

  g_return_val_if_fail (REFRAME_IS_WORKSHEET_MODEL (self), G_MAXUINT);
  g_return_val_if_fail (uuid != NULL, G_MAXUINT);

  if ((db = get_db (self)) == NULL || (id = lookup_id (db, uuid)) < 0)
    return G_MAXUINT;
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}
