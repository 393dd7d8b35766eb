/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-test-util.h: helpers shared by the core tests. */

#pragma once

#include <gio/gio.h>
#include <stdarg.h>

#include "reframe-core-types.h"
#include "reframe-import-batch.h"
#include "reframe-template-registry.h"

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
char             *reframe_test_add_worksheet (ReframeStore            *store,
                                              ReframeTemplateRegistry *registry,
                                              const char              *template_id,
                                              const char              *answers,
                                              const char              *iso_time,
                                              gboolean                 private_);
void              reframe_test_keep_result_cb (GObject      *source,
                                               GAsyncResult *result,
                                               gpointer      user_data);

/* A journal in a folder of its own, for g_test_add (): set up opens it, tear down checks
 * that nothing else holds it and removes the folder. */
typedef struct
{
  char         *dir;
  ReframeStore *store;
} ReframeTestStore;

void reframe_test_store_set_up (ReframeTestStore *f,
                                gconstpointer     data);
void reframe_test_store_tear_down (ReframeTestStore *f,
                                   gconstpointer     data);

GFile              *reframe_test_import_file (const char *name);
ReframeImportBatch *reframe_test_read_import (const char *name,
                                              const char *expected_id);
int                 reframe_test_run_cli (const char *const *args,
                                          char             **out);

/* How reframe_test_cli_run () runs `reframe ARGS…`: as the program $REFRAME_BIN in a
 * process of its own, or with reframe_cli_run () in this one (output caught in files). */
typedef struct
{
  const char *command;     /* put before the arguments when set */
  const char *data_dir;    /* appended as `--data-dir DIR` when set */
  const char *input;       /* its stdin (a pipe); NULL: the test's own stdin */
  gboolean    in_process;  /* reframe_cli_run () in this process */
  gboolean    no_terminal; /* setsid (): no controlling terminal, as in a script */
  gboolean    quiet;       /* stderr to /dev/null when @err is not asked for */
  /* Run in the child before the command starts (not with in_process). */
  GSpawnChildSetupFunc setup;
  gpointer             setup_data;
  gboolean             without_api_key; /* REFRAME_API_KEY unset */
} ReframeTestCli;

int reframe_test_cli_runv (const ReframeTestCli *how,
                           const char *const    *args,
                           char                **out,
                           char                **err);
int reframe_test_cli_run_valist (const ReframeTestCli *how,
                                 char                **out,
                                 char                **err,
                                 const char           *first,
                                 va_list               rest);
int reframe_test_cli_run (const ReframeTestCli *how,
                          char                **out,
                          char                **err,
                          ...) G_GNUC_NULL_TERMINATED;

/* The main context, until nothing is pending; or until @condition holds. */
typedef gboolean (*ReframeTestCondition) (gpointer data);

void     reframe_test_spin_idle (void);
gboolean reframe_test_wait_for (ReframeTestCondition condition,
                                gpointer             data,
                                guint                timeout_ms);

/* The fake model server as a program (reframe-fake-model-server-main.c), for tests that
 * run `reframe` as a subprocess: it prints its URI, then answers one line per command
 * on its stdin. */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  char             *uri;
} ReframeTestServerProgram;

void  reframe_test_server_program_start (ReframeTestServerProgram *server,
                                         ...) G_GNUC_NULL_TERMINATED;
char *reframe_test_server_program_ask (ReframeTestServerProgram *server,
                                       const char               *command);
void  reframe_test_server_program_stop (ReframeTestServerProgram *server);

G_END_DECLS
