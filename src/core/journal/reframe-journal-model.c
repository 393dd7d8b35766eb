/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-model.c: the journal as a paged GListModel of day headers and entries.
 *
 * The model keeps only an index of days (a day, its number of entries, and where it
 * starts) and at most a few pages of entries. The unfiltered index comes from the
 * mood_days table, so opening a ten-year journal reads some thousand small rows and
 * one page. A search or filter builds its index, with the ordered entry ids, in a
 * worker thread on its own read connection.
 */

#define G_LOG_DOMAIN "ReframeJournalModel"

#include "config.h"

#include <string.h>

#include "reframe-journal-day.h"
#include "reframe-journal-model.h"
#include "reframe-journal-order.h"
#include "reframe-journal-query.h"
#include "reframe-mood-entry-private.h"
#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"

#define PAGE_SIZE 64
#define MAX_PAGES 16

typedef struct
{
  char  day[11];
  guint n;
  guint position;
  guint offset;
} DayRun;

typedef struct
{
  GArray *runs;
  GArray *ids;
  guint   n_entries;
} Index;

typedef struct
{
  char                *path;
  ReframeJournalQuery *query;
  /* A text search goes through the journal's order in memory: the model's, or one the
   * worker reads (order_read) for the model to keep while the journal is unchanged. */
  gboolean             by_order;
  ReframeJournalOrder *order;
  gboolean             order_read;
  guint64              change_count;
} LoadData;

struct _ReframeJournalModel
{
  GObject parent_instance;

  /* Owned */
  ReframeMoodRepository *repository;
  ReframeJournalQuery   *query;
  Index                 *index;
  ReframeJournalOrder   *order; /* NULL until a text search read it */
  guint64                order_change_count;
  GHashTable            *pages;
  GHashTable            *headers;
  GCancellable          *cancellable;
  GError                *error;

  gulong changed_id;
  guint  loading : 1;
  guint  stale : 1;
};

enum
{
  PROP_0,
  PROP_LOADING,
  PROP_N_ENTRIES,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ReframeJournalModel,
                               reframe_journal_model,
                               G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties[N_PROPS];

static Index *
index_new (gboolean with_ids)
{
  Index *index = g_new0 (Index, 1);

  index->runs = g_array_new (FALSE, FALSE, sizeof (DayRun));
  index->ids = with_ids ? g_array_new (FALSE, FALSE, sizeof (gint64)) : NULL;
  return index;
}

static void
index_free (Index *index)
{
  if (index == NULL)
    return;
  g_array_unref (index->runs);
  g_clear_pointer (&index->ids, g_array_unref);
  g_free (index);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Index, index_free)

static void
index_add (Index      *index,
           const char *day,
           guint       n)
{
  DayRun run = { { 0 }, n, 0, index->n_entries };

  g_strlcpy (run.day, day ? day : "", sizeof run.day);
  run.position = index->runs->len + index->n_entries;
  g_array_append_val (index->runs, run);
  index->n_entries += n;
}

static guint
index_n_items (const Index *index)
{
  return index ? index->runs->len + index->n_entries : 0;
}

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  reframe_journal_query_free (data->query);
  g_clear_pointer (&data->order, _reframe_journal_order_unref);
  g_free (data);
}

/* The run holding @position: the last run whose header is at or before it. */
static guint
find_run (const Index *index,
          guint        position)
{
  guint lo = 0, hi = index->runs->len;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (index->runs, DayRun, mid).position <= position)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static void
clear_caches (ReframeJournalModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_hash_table_remove_all (self->headers);
}

static Index *
load_day_index (sqlite3 *db,
                GError **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (Index) index = index_new (FALSE);
  int rc;

  stmt = _reframe_store_prepare (db, "SELECT day, n FROM mood_days ORDER BY day DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    index_add (index, (const char *) sqlite3_column_text (stmt, 0), sqlite3_column_int (stmt, 1));
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&index);
}

static int
progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static sqlite3_stmt *
prepare_filter (sqlite3                   *db,
                const ReframeJournalQuery *query,
                GError                   **error)
{
  sqlite3_stmt *stmt;

  /* Walks the journal's order index, so the result needs no sorting. */
  stmt = _reframe_store_prepare (
      db,
      "SELECT e.id, e.day FROM mood_entries e INDEXED BY mood_entries_order"
      " WHERE (?1 = 0 OR e.mood = ?1) AND (?2 IS NULL OR e.id IN"
      "  (SELECT et.entry_id FROM entry_tags et JOIN tags t ON t.id = et.tag_id WHERE t.name = ?2))"
      " ORDER BY " REFRAME_ENTRY_ORDER,
      error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, query->mood);
  sqlite3_bind_text (stmt, 2, query->tag, -1, SQLITE_STATIC);
  return stmt;
}

/* The ids of the entries whose text matches, as a bit set indexed by id. A set, not a
 * join: a common word can match most of a 100,000-entry journal, and testing a bit
 * for each entry in order is far cheaper than looking up and sorting each match. */
static GByteArray *
match_text (sqlite3    *db,
            const char *fts_query,
            GError    **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GByteArray) bits = g_byte_array_new ();
  int rc;

  stmt = _reframe_store_prepare (db, "SELECT rowid FROM mood_fts WHERE mood_fts MATCH ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (id < 0 || id >= G_MAXINT32)
        continue;
      if ((guint) (id / 8) >= bits->len)
        {
          guint old_len = bits->len;

          g_byte_array_set_size (bits, MAX (bits->len * 2, id / 8 + 1));
          memset (bits->data + old_len, 0, bits->len - old_len);
        }
      bits->data[id / 8] |= 1 << (id % 8);
    }
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&bits);
}

static Index *
load_filtered_index (sqlite3                   *db,
                     const ReframeJournalQuery *query,
                     GError                   **error)
{
  g_autofree char *fts_query = _reframe_mood_repository_fts_query (query->text);
  g_autoptr (GByteArray) matches = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (Index) index = index_new (TRUE);
  char  day[11] = { 0 };
  guint n = 0;
  int   rc;

  if (fts_query != NULL && (matches = match_text (db, fts_query, error)) == NULL)
    return NULL;
  if ((stmt = prepare_filter (db, query, error)) == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64      id = sqlite3_column_int64 (stmt, 0);
      const char *row_day;

      if (matches != NULL && !_reframe_journal_order_bit_is_set (matches, id))
        continue;
      row_day = (const char *) sqlite3_column_text (stmt, 1);
      if (n > 0 && strcmp (day, row_day) != 0)
        {
          index_add (index, day, n);
          n = 0;
        }
      g_strlcpy (day, row_day, sizeof day);
      g_array_append_val (index->ids, id);
      n++;
    }
  if (n > 0)
    index_add (index, day, n);
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&index);
}

static void
add_day_cb (const char   *day,
            const gint64 *ids,
            guint         n_ids,
            gpointer      user_data)
{
  Index *index = user_data;

  g_array_append_vals (index->ids, ids, n_ids);
  index_add (index, day, n_ids);
}

/* A search by text alone: the matches, in the order held in memory. */
static Index *
load_text_index (sqlite3                   *db,
                 const ReframeJournalQuery *query,
                 const ReframeJournalOrder *order,
                 GError                   **error)
{
  g_autofree char *fts_query = _reframe_mood_repository_fts_query (query->text);
  g_autoptr (GByteArray) matches = NULL;
  Index *index;

  if (fts_query != NULL && (matches = match_text (db, fts_query, error)) == NULL)
    return NULL;
  index = index_new (TRUE);
  _reframe_journal_order_filter (order, matches, add_day_cb, index);
  return index;
}

static void
load_filtered_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  LoadData *data = task_data;
  GError   *error = NULL;
  sqlite3  *db;
  Index    *index;

  db = _reframe_store_open_reader_at (data->path, &error);
  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sqlite3_progress_handler (db, 1000, progress_cb, cancellable);
  if (data->by_order && data->order == NULL)
    {
      data->order = _reframe_journal_order_load (db, cancellable, &error);
      data->order_read = data->order != NULL;
    }
  if (data->by_order)
    index = data->order != NULL ? load_text_index (db, data->query, data->order, &error) : NULL;
  else
    index = load_filtered_index (db, data->query, &error);
  sqlite3_close (db);

  if (g_task_return_error_if_cancelled (task))
    index_free (index);
  else if (index == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, index, (GDestroyNotify) index_free);
}

static GPtrArray *
load_unfiltered_page (sqlite3 *db,
                      guint    first,
                      GError **error)
{
  g_autoptr (GPtrArray) page = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (sqlite3_stmt) stmt = NULL;
  int rc;

  stmt = _reframe_store_prepare (db,
                                 "SELECT " REFRAME_ENTRY_COLUMNS " FROM mood_entries e"
                                 " ORDER BY " REFRAME_ENTRY_ORDER " LIMIT ?1 OFFSET ?2",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, PAGE_SIZE);
  sqlite3_bind_int64 (stmt, 2, first);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (page, _reframe_mood_repository_read_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&page);
}

static char *
build_id_list (const Index *index,
               guint        first,
               guint        n,
               gint64      *lowest,
               gint64      *highest)
{
  g_autoptr (GString) list = g_string_new (NULL);

  *lowest = G_MAXINT64;
  *highest = G_MININT64;
  for (guint i = first; i < first + n; i++)
    {
      gint64 id = g_array_index (index->ids, gint64, i);

      g_string_append_printf (list, "%s%" G_GINT64_FORMAT, list->len ? "," : "", id);
      *lowest = MIN (*lowest, id);
      *highest = MAX (*highest, id);
    }
  return g_string_free (g_steal_pointer (&list), FALSE);
}

/* Loads the entries of a filtered page by id (integers only, so building the list
 * into the statement is safe), with the search snippet when there is search text.
 * The snippet needs the text match; bounding it by the page's ids lets FTS5 read only
 * that stretch of its lists, where a common word's whole list took 15-20 ms. */
static GPtrArray *
load_filtered_page (sqlite3                   *db,
                    const Index               *index,
                    const ReframeJournalQuery *query,
                    guint                      first,
                    GError                   **error)
{
  g_autofree char *fts_query = _reframe_mood_repository_fts_query (query->text);
  guint            n = MIN (PAGE_SIZE, index->ids->len - first);
  gint64           lowest, highest;
  g_autofree char *ids = build_id_list (index, first, n, &lowest, &highest);
  g_autofree char *sql = NULL;
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autoptr (GPtrArray) page = g_ptr_array_new_full (n, g_object_unref);
  int rc;

  sql = fts_query ? g_strdup_printf (
                        "SELECT " REFRAME_ENTRY_COLUMNS
                        ", reframe_snippet (mood_fts, -1, char (2), char (3), '…', 16)"
                        " FROM mood_fts JOIN mood_entries e ON e.id = mood_fts.rowid"
                        " WHERE mood_fts MATCH ?1 AND mood_fts.rowid BETWEEN %" G_GINT64_FORMAT
                        " AND %" G_GINT64_FORMAT " AND e.id IN (%s) ORDER BY " REFRAME_ENTRY_ORDER,
                        lowest,
                        highest,
                        ids)
                  : g_strdup_printf ("SELECT " REFRAME_ENTRY_COLUMNS " FROM mood_entries e"
                                     " WHERE e.id IN (%s) ORDER BY " REFRAME_ENTRY_ORDER,
                                     ids);
  if ((stmt = _reframe_store_prepare (db, sql, error)) == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, fts_query, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ReframeMoodEntry *entry = _reframe_mood_repository_read_row (stmt);

      if (fts_query != NULL)
        _reframe_mood_entry_take_snippet (
            entry, g_strdup ((const char *) sqlite3_column_text (stmt, REFRAME_ENTRY_N_COLUMNS)));
      g_ptr_array_add (page, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return g_steal_pointer (&page);
}

static GPtrArray *
get_page (ReframeJournalModel *self,
          guint                page_number)
{
  g_autoptr (GError) error = NULL;
  ReframeStore *store = reframe_mood_repository_get_store (self->repository);
  GPtrArray    *page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page_number));

  if (page != NULL || store == NULL)
    return page;

  if (self->index->ids == NULL)
    page = load_unfiltered_page (_reframe_store_get_db (store), page_number * PAGE_SIZE, &error);
  else
    page = load_filtered_page (
        _reframe_store_get_db (store), self->index, self->query, page_number * PAGE_SIZE, &error);
  if (page == NULL)
    {
      g_warning ("Could not load a page of the journal: %s", error->message);
      return NULL;
    }

  /* Keep memory bounded: a long scroll drops what it left behind. */
  if (g_hash_table_size (self->pages) >= MAX_PAGES)
    g_hash_table_remove_all (self->pages);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page_number), page);
  return page;
}

static gpointer
get_header (ReframeJournalModel *self,
            guint                run_index)
{
  const DayRun      *run = &g_array_index (self->index->runs, DayRun, run_index);
  ReframeJournalDay *header = g_hash_table_lookup (self->headers, GUINT_TO_POINTER (run_index));

  if (header == NULL)
    {
      header = reframe_journal_day_new (run->day, run->n);
      g_hash_table_insert (self->headers, GUINT_TO_POINTER (run_index), header);
    }
  return g_object_ref (header);
}

static gpointer
get_entry (ReframeJournalModel *self,
           guint                ordinal)
{
  GPtrArray *page = get_page (self, ordinal / PAGE_SIZE);

  /* A page the database could not give (the file vanished under us) still needs an
   * object in its place; an empty entry keeps the list consistent until reload. */
  if (page == NULL || ordinal % PAGE_SIZE >= page->len)
    return reframe_mood_entry_new ();
  return g_object_ref (g_ptr_array_index (page, ordinal % PAGE_SIZE));
}

static GType
reframe_journal_model_get_item_type (GListModel *model)
{
  return G_TYPE_OBJECT;
}

static guint
reframe_journal_model_get_n_items (GListModel *model)
{
  return index_n_items (REFRAME_JOURNAL_MODEL (model)->index);
}

static gpointer
reframe_journal_model_get_item (GListModel *model,
                                guint       position)
{
  ReframeJournalModel *self = REFRAME_JOURNAL_MODEL (model);
  const DayRun        *run;
  guint                run_index;

  if (position >= index_n_items (self->index))
    return NULL;

  run_index = find_run (self->index, position);
  run = &g_array_index (self->index->runs, DayRun, run_index);
  if (position == run->position)
    return get_header (self, run_index);
  return get_entry (self, run->offset + (position - run->position - 1));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = reframe_journal_model_get_item_type;
  iface->get_n_items = reframe_journal_model_get_n_items;
  iface->get_item = reframe_journal_model_get_item;
}

static gboolean
run_unchanged (const DayRun *a,
               const DayRun *b,
               const char   *touched_a,
               const char   *touched_b)
{
  return strcmp (a->day, b->day) == 0 && a->n == b->n &&
         g_strcmp0 (a->day, touched_a) != 0 && g_strcmp0 (a->day, touched_b) != 0;
}

/* Swaps in a new index and announces the smallest changed range: the days before and
 * after it that kept their entries keep their rows (and the scroll position). Days
 * named in @touched_a/@touched_b are always announced, as their entries changed. */
static void
replace_index (ReframeJournalModel *self,
               Index               *index,
               const char          *touched_a,
               const char          *touched_b)
{
  g_autoptr (Index) old = self->index;
  guint    old_n = index_n_items (old), new_n = index_n_items (index);
  guint    n_old_runs = old ? old->runs->len : 0, n_new_runs = index->runs->len;
  guint    prefix = 0, suffix = 0, start, old_end, new_end;
  gboolean entries_changed = !old || old->n_entries != index->n_entries;

  while (prefix < n_old_runs && prefix < n_new_runs &&
         run_unchanged (&g_array_index (old->runs, DayRun, prefix),
                        &g_array_index (index->runs, DayRun, prefix),
                        touched_a,
                        touched_b))
    prefix++;
  while (suffix < n_old_runs - prefix && suffix < n_new_runs - prefix &&
         run_unchanged (&g_array_index (old->runs, DayRun, n_old_runs - 1 - suffix),
                        &g_array_index (index->runs, DayRun, n_new_runs - 1 - suffix),
                        touched_a,
                        touched_b))
    suffix++;

  /* A filtered index can keep its day counts while its entries change. */
  if (old != NULL && (old->ids != NULL || index->ids != NULL))
    prefix = suffix = 0;

  start = prefix < n_old_runs ? g_array_index (old->runs, DayRun, prefix).position : old_n;
  old_end = suffix > 0 ? g_array_index (old->runs, DayRun, n_old_runs - suffix).position : old_n;
  new_end = suffix > 0 ? g_array_index (index->runs, DayRun, n_new_runs - suffix).position : new_n;

  self->index = index;
  clear_caches (self);

  if (old_end - start > 0 || new_end - start > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), start, old_end - start, new_end - start);
  if (entries_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ENTRIES]);
}

static void
set_loading (ReframeJournalModel *self,
             gboolean             loading)
{
  if (self->loading == !!loading)
    return;
  self->loading = !!loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void start_filtered_load (ReframeJournalModel *self);

static void
filtered_load_done_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr (ReframeJournalModel) self = user_data;
  g_autoptr (GError) error = NULL;
  LoadData *data = g_task_get_task_data (G_TASK (result));
  Index    *index = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Kept with the change count from before it was read: a change since then makes
   * the next search read it again. */
  if (data->order_read && self->order == NULL)
    {
      self->order = _reframe_journal_order_ref (data->order);
      self->order_change_count = data->change_count;
    }

  g_clear_error (&self->error);
  if (index == NULL)
    {
      self->error = g_steal_pointer (&error);
      index = index_new (TRUE);
    }
  replace_index (self, index, NULL, NULL);

  if (self->stale)
    start_filtered_load (self);
  else
    set_loading (self, FALSE);
}

static void
start_filtered_load (ReframeJournalModel *self)
{
  g_autoptr (GTask) task = NULL;
  ReframeStore *store = reframe_mood_repository_get_store (self->repository);
  LoadData     *data;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (store == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  self->stale = FALSE;
  data = g_new0 (LoadData, 1);
  data->path = _reframe_store_dup_path_for_reader (store);
  data->query = reframe_journal_query_copy (self->query);
  data->by_order = self->query->mood == REFRAME_MOOD_NONE && self->query->tag == NULL;
  if (data->by_order)
    {
      data->change_count = reframe_store_get_change_count (store);
      if (self->order != NULL && self->order_change_count != data->change_count)
        g_clear_pointer (&self->order, _reframe_journal_order_unref);
      if (self->order != NULL)
        data->order = _reframe_journal_order_ref (self->order);
    }

  /* No source object: the worker thread may drop its reference to the task after the
   * callback ran, and the model must not outlive its last user because of that. */
  task = g_task_new (NULL, self->cancellable, filtered_load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_filtered_load);
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_filtered_thread);
  set_loading (self, TRUE);
}

static gboolean
reload_unfiltered (ReframeJournalModel *self,
                   const char          *touched_a,
                   const char          *touched_b,
                   GError             **error)
{
  ReframeStore *store = reframe_mood_repository_get_store (self->repository);
  Index        *index;

  if (store == NULL)
    return TRUE;
  index = load_day_index (_reframe_store_get_db (store), error);
  if (index == NULL)
    return FALSE;
  replace_index (self, index, touched_a, touched_b);
  return TRUE;
}

static void
repository_entry_changed_cb (ReframeJournalModel   *self,
                             const char            *uuid,
                             const char            *old_day,
                             const char            *new_day,
                             ReframeMoodRepository *repository)
{
  g_autoptr (GError) error = NULL;

  /* An empty uuid: tags changed, or an import wrote many entries at once (the days it
   * touched are not named, so the days whose counts changed are what is announced). */
  if (uuid == NULL)
    return;

  if (self->query != NULL)
    {
      if (self->loading)
        self->stale = TRUE;
      else
        start_filtered_load (self);
      return;
    }

  if (!reload_unfiltered (self, old_day, new_day, &error))
    {
      g_clear_error (&self->error);
      self->error = g_steal_pointer (&error);
    }
}

static void
reframe_journal_model_dispose (GObject *object)
{
  ReframeJournalModel *self = (ReframeJournalModel *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (reframe_journal_model_parent_class)->dispose (object);
}

static void
reframe_journal_model_finalize (GObject *object)
{
  ReframeJournalModel *self = (ReframeJournalModel *) object;

  g_clear_pointer (&self->query, reframe_journal_query_free);
  g_clear_pointer (&self->index, index_free);
  g_clear_pointer (&self->order, _reframe_journal_order_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->headers, g_hash_table_unref);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (reframe_journal_model_parent_class)->finalize (object);
}

static void
reframe_journal_model_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ReframeJournalModel *self = REFRAME_JOURNAL_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_N_ENTRIES:
      g_value_set_uint (value, reframe_journal_model_get_n_entries (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_journal_model_class_init (ReframeJournalModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_journal_model_dispose;
  object_class->finalize = reframe_journal_model_finalize;
  object_class->get_property = reframe_journal_model_get_property;

  properties[PROP_LOADING] = g_param_spec_boolean (
      "loading", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ENTRIES] = g_param_spec_uint (
      "n-entries", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
reframe_journal_model_init (ReframeJournalModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->headers = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->index = index_new (FALSE);
}

/**
 * reframe_journal_model_new:
 * @repository: the mood entries to show
 *
 * Makes an empty model; call reframe_journal_model_reload() to fill it. It follows
 * every save and delete through @repository from then on.
 *
 * Returns: (transfer full): the model
 */
ReframeJournalModel *
reframe_journal_model_new (ReframeMoodRepository *repository)
{
  ReframeJournalModel *self;

  g_return_val_if_fail (REFRAME_IS_MOOD_REPOSITORY (repository), NULL);

  self = g_object_new (REFRAME_TYPE_JOURNAL_MODEL, NULL);
  self->repository = g_object_ref (repository);
  self->changed_id = g_signal_connect_object (repository,
                                              "entry-changed",
                                              G_CALLBACK (repository_entry_changed_cb),
                                              self,
                                              G_CONNECT_SWAPPED);
  return self;
}

/**
 * reframe_journal_model_reload:
 *
 * Shows the whole journal again, loaded at once (a day index and one page).
 *
 * Returns: %TRUE on success
 */
gboolean
reframe_journal_model_reload (ReframeJournalModel *self,
                              GError             **error)
{
  g_autoptr (GError) local_error = NULL;

  g_return_val_if_fail (REFRAME_IS_JOURNAL_MODEL (self), FALSE);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->query, reframe_journal_query_free);
  g_clear_error (&self->error);
  set_loading (self, FALSE);
  if (!reload_unfiltered (self, NULL, NULL, &local_error))
    {
      /* Kept for reframe_journal_model_get_error(), so a list can show it in place. */
      self->error = g_error_copy (local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/**
 * reframe_journal_model_set_query:
 * @query: (nullable): the search and filters, %NULL or empty for everything
 *
 * Searches or filters in a worker thread; the model changes when the result is in
 * (watch #ReframeJournalModel:loading). An empty query shows everything at once.
 */
void
reframe_journal_model_set_query (ReframeJournalModel       *self,
                                 const ReframeJournalQuery *query)
{
  g_return_if_fail (REFRAME_IS_JOURNAL_MODEL (self));

  if (reframe_journal_query_is_empty (query))
    {
      if (self->query != NULL)
        reframe_journal_model_reload (self, NULL);
      return;
    }
  if (self->query != NULL && reframe_journal_query_equal (self->query, query))
    return;

  g_clear_pointer (&self->query, reframe_journal_query_free);
  self->query = reframe_journal_query_copy (query);
  start_filtered_load (self);
}

/**
 * reframe_journal_model_get_query:
 *
 * Returns: (nullable): the current query, %NULL when everything is shown
 */
const ReframeJournalQuery *
reframe_journal_model_get_query (ReframeJournalModel *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_MODEL (self), NULL);
  return self->query;
}

gboolean
reframe_journal_model_get_loading (ReframeJournalModel *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_MODEL (self), FALSE);
  return self->loading;
}

/**
 * reframe_journal_model_get_error:
 *
 * Returns: (nullable): why the last load failed, if it did
 */
const GError *
reframe_journal_model_get_error (ReframeJournalModel *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_MODEL (self), NULL);
  return self->error;
}

guint
reframe_journal_model_get_n_entries (ReframeJournalModel *self)
{
  g_return_val_if_fail (REFRAME_IS_JOURNAL_MODEL (self), 0);
  return self->index ? self->index->n_entries : 0;
}

/**
 * reframe_journal_model_find_day:
 * @day: "YYYY-MM-DD"
 *
 * Returns: the position of the header of @day, or of the nearest older day that has
 *   entries; %G_MAXUINT when there is none
 */
guint
reframe_journal_model_find_day (ReframeJournalModel *self,
                                const char          *day)
{
  guint lo = 0, hi;

  g_return_val_if_fail (REFRAME_IS_JOURNAL_MODEL (self), G_MAXUINT);
  g_return_val_if_fail (day != NULL, G_MAXUINT);

  /* Runs are newest first: find the first one not newer than @day. */
  hi = self->index->runs->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (strcmp (g_array_index (self->index->runs, DayRun, mid).day, day) > 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo >= self->index->runs->len)
    return G_MAXUINT;
  return g_array_index (self->index->runs, DayRun, lo).position;
}

static gboolean
locate_entry (sqlite3    *db,
              const char *uuid,
              gint64     *id,
              char        day[11],
              guint      *rank_in_day)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;

  stmt = _reframe_store_prepare (
      db,
      "SELECT e.id, e.day, (SELECT count (*) FROM mood_entries o WHERE o.day = e.day"
      "  AND (o.at > e.at OR (o.at = e.at AND o.id > e.id)))"
      " FROM mood_entries e WHERE e.uuid = ?",
      NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return FALSE;
  *id = sqlite3_column_int64 (stmt, 0);
  g_strlcpy (day, (const char *) sqlite3_column_text (stmt, 1), 11);
  *rank_in_day = sqlite3_column_int (stmt, 2);
  return TRUE;
}

/**
 * reframe_journal_model_find_entry:
 * @uuid: an entry
 *
 * Returns: the position of the entry in the model, %G_MAXUINT when it is not shown
 */
guint
reframe_journal_model_find_entry (ReframeJournalModel *self,
                                  const char          *uuid)
{
  ReframeStore *store;
  char          day[11] = { 0 };
  guint         rank = 0, position;
  gint64        id = 0;

  g_return_val_if_fail (REFRAME_IS_JOURNAL_MODEL (self), G_MAXUINT);
  g_return_val_if_fail (uuid != NULL, G_MAXUINT);

  store = reframe_mood_repository_get_store (self->repository);
  if (store == NULL || !locate_entry (_reframe_store_get_db (store), uuid, &id, day, &rank))
    return G_MAXUINT;

  if (self->index->ids != NULL)
    {
      for (guint i = 0; i < self->index->ids->len; i++)
        if (g_array_index (self->index->ids, gint64, i) == id)
          {
            const DayRun *run;

            /* Entry i sits after the headers of its own and every newer day. */
            for (guint r = 0; r < self->index->runs->len; r++)
              {
                run = &g_array_index (self->index->runs, DayRun, r);
                if (i < run->offset + run->n)
                  return run->position + 1 + (i - run->offset);
              }
          }
      return G_MAXUINT;
    }

  position = reframe_journal_model_find_day (self, day);
  if (position == G_MAXUINT ||
      strcmp (g_array_index (self->index->runs, DayRun, find_run (self->index, position)).day,
              day) != 0)
    return G_MAXUINT;
  return position + 1 + rank;
}
