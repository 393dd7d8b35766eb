/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-order.c: every entry's id and day in the journal's order.
 *
 * A search for a common word matches most of a 100,000-entry journal, and building its
 * list walked the whole order index in SQLite for every keystroke: the larger half of
 * the time. The order is read once, on the worker thread of the first search, and
 * kept while the journal does not change; each search then only tests one bit per
 * entry. It is immutable once read, so searches on several threads share it.
 */

#define G_LOG_DOMAIN "ReframeJournalModel"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "reframe-journal-order.h"
#include "reframe-mood-repository-private.h"
#include "reframe-store-private.h"

typedef struct
{
  char  day[11];
  guint first; /* in ids */
  guint n;
} Day;

struct _ReframeJournalOrder
{
  GArray *ids;  /* gint64, in the journal's order */
  GArray *days; /* Day, in the same order */
};

static void
order_clear (ReframeJournalOrder *order)
{
  g_clear_pointer (&order->ids, g_array_unref);
  g_clear_pointer (&order->days, g_array_unref);
}

static void
add_entry (ReframeJournalOrder *order,
           gint64               id,
           const char          *day)
{
  Day *last = order->days->len > 0 ? &g_array_index (order->days, Day, order->days->len - 1) : NULL;

  if (last == NULL || strncmp (last->day, day, sizeof last->day) != 0)
    {
      Day next = { { 0 }, order->ids->len, 0 };

      g_strlcpy (next.day, day, sizeof next.day);
      g_array_append_val (order->days, next);
      last = &g_array_index (order->days, Day, order->days->len - 1);
    }
  g_array_append_val (order->ids, id);
  last->n++;
}

/**
 * _reframe_journal_order_load:
 * @db: a read connection, on the calling thread
 * @cancellable: (nullable): stops the read (as the connection's progress handler)
 *
 * Reads every entry's id and day, in the journal's order.
 *
 * Returns: (transfer full) (nullable): the order, %NULL with @error set
 */
ReframeJournalOrder *
_reframe_journal_order_load (sqlite3      *db,
                             GCancellable *cancellable,
                             GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  ReframeJournalOrder *order;
  int                  rc;

  stmt = _reframe_store_prepare (db,
                                 "SELECT e.id, e.day FROM mood_entries e INDEXED BY mood_entries_order"
                                 " ORDER BY " REFRAME_ENTRY_ORDER,
                                 error);
  if (stmt == NULL)
    return NULL;

  order = g_atomic_rc_box_new0 (ReframeJournalOrder);
  order->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  order->days = g_array_new (FALSE, FALSE, sizeof (Day));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    add_entry (order, sqlite3_column_int64 (stmt, 0), (const char *) sqlite3_column_text (stmt, 1));
  if (rc != SQLITE_DONE || g_cancellable_is_cancelled (cancellable))
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        _reframe_store_fail (error, db, rc);
      _reframe_journal_order_unref (order);
      return NULL;
    }
  return order;
}

ReframeJournalOrder *
_reframe_journal_order_ref (ReframeJournalOrder *order)
{
  return g_atomic_rc_box_acquire (order);
}

void
_reframe_journal_order_unref (ReframeJournalOrder *order)
{
  g_atomic_rc_box_release_full (order, (GDestroyNotify) order_clear);
}

guint
_reframe_journal_order_get_n_entries (const ReframeJournalOrder *order)
{
  return order->ids->len;
}

/**
 * _reframe_journal_order_bit_is_set:
 * @bits: a set of entry ids, one bit each
 * @id: an entry id
 *
 * Returns: whether @id is in @bits
 */
gboolean
_reframe_journal_order_bit_is_set (const GByteArray *bits,
                                   gint64            id)
{
  return id >= 0 && (guint64) (id / 8) < bits->len && (bits->data[id / 8] & (1 << (id % 8))) != 0;
}

/**
 * _reframe_journal_order_filter:
 * @order: the journal's order
 * @matches: (nullable): the ids to keep, one bit each; %NULL keeps all
 * @func: called for each day with an entry kept, in order, with its kept ids
 * @user_data: for @func
 */
void
_reframe_journal_order_filter (const ReframeJournalOrder *order,
                               const GByteArray          *matches,
                               ReframeJournalOrderDayFunc func,
                               gpointer                   user_data)
{
  g_autoptr (GArray) kept = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint d = 0; d < order->days->len; d++)
    {
      const Day    *day = &g_array_index (order->days, Day, d);
      const gint64 *ids = &g_array_index (order->ids, gint64, day->first);

      if (matches == NULL)
        {
          func (day->day, ids, day->n, user_data);
          continue;
        }
      g_array_set_size (kept, 0);
      for (guint i = 0; i < day->n; i++)
        if (_reframe_journal_order_bit_is_set (matches, ids[i]))
          g_array_append_val (kept, ids[i]);
      if (kept->len > 0)
        func (day->day, (const gint64 *) kept->data, kept->len, user_data);
    }
}
