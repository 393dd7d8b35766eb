/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-appointment-notes.c: what the person wrote for an appointment, kept with the period it is
 * about.
 *
 * One text per period of Share with Therapist (its first and last day). The text is the
 * person's: it is kept as they left it, whether or not they chose to use it in the
 * report; `confirmed` says whether they did. A note is short, so it is read and written
 * on the store's own connection, as a setting would be. */

#define G_LOG_DOMAIN "ReframeAppointmentNotes"

#include "config.h"

#include "reframe-appointment-notes.h"
#include "reframe-store-private.h"

static char *
format_day (const GDate *day)
{
  return g_strdup_printf (
      "%04d-%02d-%02d", g_date_get_year (day), g_date_get_month (day), g_date_get_day (day));
}

/**
 * reframe_store_save_appointment_note:
 * @store: the open journal
 * @from: the period's first day
 * @to: the period's last day
 * @text: what the person wrote
 * @confirmed: whether they chose to use it in the report
 * @error: return location for a #GError
 *
 * Keeps @text for the period, replacing what was kept for it before.
 *
 * Returns: %TRUE when it was saved
 */
gboolean
reframe_store_save_appointment_note (ReframeStore *store,
                                     const GDate  *from,
                                     const GDate  *to,
                                     const char   *text,
                                     gboolean      confirmed,
                                     GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *from_day = NULL, *to_day = NULL, *now = _reframe_store_now_iso ();
  sqlite3         *db;
  int              rc;

  g_return_val_if_fail (REFRAME_IS_STORE (store), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to),
                        FALSE);
  g_return_val_if_fail (g_date_compare (from, to) <= 0, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if ((db = _reframe_store_require_writer (store, error)) == NULL)
    return FALSE;
  stmt = _reframe_store_prepare (
      db,
      "INSERT INTO appointment_notes (from_day, to_day, text, confirmed, created, updated)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?5)"
      " ON CONFLICT (from_day, to_day) DO UPDATE SET text = excluded.text,"
      "  confirmed = excluded.confirmed, updated = excluded.updated",
      error);
  if (stmt == NULL)
    return FALSE;
  from_day = format_day (from);
  to_day = format_day (to);
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, text, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, confirmed ? 1 : 0);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}

/**
 * reframe_store_dup_appointment_note:
 * @store: the open journal
 * @from: the period's first day
 * @to: the period's last day
 * @confirmed: (out) (optional): whether the person chose to use it in the report
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the text kept for the period; %NULL without error
 *   when there is none
 */
char *
reframe_store_dup_appointment_note (ReframeStore *store,
                                    const GDate  *from,
                                    const GDate  *to,
                                    gboolean     *confirmed,
                                    GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *from_day = NULL, *to_day = NULL;
  sqlite3         *db;
  char            *text = NULL;
  int              rc;

  g_return_val_if_fail (REFRAME_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to),
                        NULL);

  if (confirmed != NULL)
    *confirmed = FALSE;
  if ((db = _reframe_store_require_db (store, error)) == NULL ||
      (stmt = _reframe_store_prepare (
           db,
           "SELECT text, confirmed FROM appointment_notes WHERE from_day = ?1 AND to_day = ?2",
           error)) == NULL)
    return NULL;
  from_day = format_day (from);
  to_day = format_day (to);
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      if (confirmed != NULL)
        *confirmed = sqlite3_column_int (stmt, 1) != 0;
      rc = sqlite3_step (stmt);
    }
  if (rc != SQLITE_DONE)
    {
      g_free (text);
      _reframe_store_fail (error, db, rc);
      return NULL;
    }
  return text;
}

/**
 * reframe_store_delete_appointment_note:
 * @store: the open journal
 * @from: the period's first day
 * @to: the period's last day
 * @error: return location for a #GError
 *
 * Forgets the text kept for the period (Discard). Nothing kept is no error.
 *
 * Returns: %TRUE unless the journal could not be written
 */
gboolean
reframe_store_delete_appointment_note (ReframeStore *store,
                                       const GDate  *from,
                                       const GDate  *to,
                                       GError      **error)
{
  g_autoptr (sqlite3_stmt) stmt = NULL;
  g_autofree char *from_day = NULL, *to_day = NULL;
  sqlite3         *db;
  int              rc;

  g_return_val_if_fail (REFRAME_IS_STORE (store), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from) && to != NULL && g_date_valid (to),
                        FALSE);

  if ((db = _reframe_store_require_writer (store, error)) == NULL ||
      (stmt = _reframe_store_prepare (
           db, "DELETE FROM appointment_notes WHERE from_day = ?1 AND to_day = ?2", error)) == NULL)
    return FALSE;
  from_day = format_day (from);
  to_day = format_day (to);
  sqlite3_bind_text (stmt, 1, from_day, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, to_day, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _reframe_store_fail (error, db, rc);
  return TRUE;
}
