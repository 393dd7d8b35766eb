/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backups-private.h: the fixture and helpers the backup tests share. */

#pragma once

#include <sys/types.h>

#include "reframe-backups.h"
#include "reframe-mood-entry.h"
#include "reframe-store.h"

G_BEGIN_DECLS

typedef struct
{
  char           *dir;
  char           *db_path;
  char           *folder;
  ReframeStore   *store;
  ReframeBackups *backups;
} Fixture;

/* test-backups.c */
void              _reframe_test_open_store (Fixture *f);
void              _reframe_test_close_store (Fixture *f);
ReframeMoodEntry *_reframe_test_save (Fixture    *f,
                                      const char *time,
                                      const char *note);
guint             _reframe_test_count_entries (Fixture *f);
gboolean          _reframe_test_has_entry (Fixture    *f,
                                           const char *uuid);
mode_t            _reframe_test_mode_of (const char *path);
void              _reframe_test_assert_journal_sound (const char *path);
guint             _reframe_test_count_strays (const char *folder);
guint             _reframe_test_count_backups (Fixture *f);
void              _reframe_test_fixture_set_up (Fixture      *f,
                                                gconstpointer data);
void              _reframe_test_fixture_tear_down (Fixture      *f,
                                                   gconstpointer data);

/* test-backups-faults.c */
void _reframe_test_backups_add_faults_tests (void);

/* test-backups-cli.c */
void _reframe_test_backups_add_cli_tests (void);

/* Registers a test of this binary, on its fixture. */
#define ADD(name, func)                     \
  g_test_add ("/reframe/backups/" name,     \
              Fixture,                      \
              NULL,                         \
              _reframe_test_fixture_set_up, \
              func,                         \
              _reframe_test_fixture_tear_down)

G_END_DECLS
