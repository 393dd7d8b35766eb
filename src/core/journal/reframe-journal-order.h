/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-journal-order.h: every entry's id and day in the journal's order, held in
 * memory so that a text search needs no walk of the order index. */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _ReframeJournalOrder ReframeJournalOrder;

/* One day of a search's result: its entries' ids, in order. */
typedef void (*ReframeJournalOrderDayFunc) (const char   *day,
                                            const gint64 *ids,
                                            guint         n_ids,
                                            gpointer      user_data);

ReframeJournalOrder *_reframe_journal_order_load (sqlite3      *db,
                                                  GCancellable *cancellable,
                                                  GError      **error);
ReframeJournalOrder *_reframe_journal_order_ref (ReframeJournalOrder *order);
void                 _reframe_journal_order_unref (ReframeJournalOrder *order);
guint                _reframe_journal_order_get_n_entries (const ReframeJournalOrder *order);
void                 _reframe_journal_order_filter (const ReframeJournalOrder *order,
                                                    const GByteArray          *matches,
                                                    ReframeJournalOrderDayFunc func,
                                                    gpointer                   user_data);
gboolean             _reframe_journal_order_bit_is_set (const GByteArray *bits,
                                                        gint64            id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeJournalOrder, _reframe_journal_order_unref)

G_END_DECLS
