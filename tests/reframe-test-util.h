/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-test-util.h: helpers shared by the core tests. */

#pragma once

#include <gio/gio.h>

#include "reframe-core-types.h"

G_BEGIN_DECLS

char             *reframe_test_make_tmp_dir (void);
void              reframe_test_remove_tree (const char *path);
ReframeMoodEntry *reframe_test_entry_at (const char *iso_time,
                                         ReframeMood mood,
                                         const char *note);
void              reframe_test_wait_loaded (ReframeJournalModel *model);
void              reframe_test_fill_journal (const char *dir,
                                             guint       n_entries);
void              reframe_test_damage_middle_page (const char *db_path,
                                                   const char *table);
GBytes           *reframe_test_read_bytes (const char *path);
char             *reframe_test_find_backup (const char *data_dir,
                                            const char *reason);
char             *reframe_test_first_file_in (const char *folder);
void              reframe_test_limit_file_size (gpointer max_bytes);
void              reframe_test_keep_result_cb (GObject      *source,
                                               GAsyncResult *result,
                                               gpointer      user_data);

G_END_DECLS
