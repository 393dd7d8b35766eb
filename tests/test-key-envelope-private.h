/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-key-envelope-private.h: the fixture and helpers the key envelope tests share. */

#pragma once

#include <json-glib/json-glib.h>

#include "reframe-key-envelope.h"

G_BEGIN_DECLS

#define PASSPHRASE    "correct horse battery staple"
#define ENVELOPE_NAME "journal.key"
#define N_KILLS       20
#define N_FUZZ        3000

typedef struct
{
  char               *dir;
  char               *path;
  ReframeCryptKey    *data_key;
  ReframeKeyEnvelope *envelope;
  char               *recovery_key;
} Fixture;

/* test-key-envelope.c */
char               *_reframe_test_read_text (const char *path);
void                _reframe_test_write_text (const char *path,
                                              const char *text,
                                              gssize      length);
ReframeKeyEnvelope *_reframe_test_load_ok (const char *path);
void                _reframe_test_assert_load_fails (const char *path,
                                                     int         code);
void                _reframe_test_assert_unlocks (ReframeKeyEnvelope *envelope,
                                                  const char         *passphrase,
                                                  ReframeCryptKey    *expected);
void                _reframe_test_assert_passphrase_fails (ReframeKeyEnvelope *envelope,
                                                           const char         *passphrase);
void                _reframe_test_assert_recovery_unlocks (ReframeKeyEnvelope *envelope,
                                                           const char         *recovery_key,
                                                           ReframeCryptKey    *expected);
char               *_reframe_test_list_folder (const char *dir);
JsonNode           *_reframe_test_parse_json (const char *text);
char               *_reframe_test_print_json (JsonNode *root);
JsonObject         *_reframe_test_find_protector (JsonNode   *root,
                                                  const char *kind);
void                _reframe_test_save_ok (ReframeKeyEnvelope *envelope,
                                           const char         *path);
void                _reframe_test_fixture_set_up (Fixture      *f,
                                                  gconstpointer data);
void                _reframe_test_fixture_tear_down (Fixture      *f,
                                                     gconstpointer data);

/* test-key-envelope-file.c */
int  _reframe_test_run_envelope_writer (const char *path,
                                        const char *recovery_key,
                                        const char *tag);
void _reframe_test_key_envelope_add_file_tests (void);

/* Registers a test of this binary, on its fixture. */
#define ADD(name, func)                      \
  g_test_add ("/reframe/key-envelope/" name, \
              Fixture,                       \
              NULL,                          \
              _reframe_test_fixture_set_up,  \
              func,                          \
              _reframe_test_fixture_tear_down)

G_END_DECLS
