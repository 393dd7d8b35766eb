/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-toolbox-private.h: the fixture and helpers the toolbox tests share. */

#pragma once

#include "reframe-store.h"
#include "reframe-toolbox-repository.h"

G_BEGIN_DECLS

typedef struct
{
  char         *dir;
  ReframeStore *store;
  char         *out;
  char         *err;
} Fixture;

/* test-toolbox.c */

/* The first bytes of a PNG: enough for its content type. */
extern const guint8 _reframe_test_png_head[33];

ReframeToolboxRepository *_reframe_test_repo (Fixture *f);
char                     *_reframe_test_write_file (Fixture      *f,
                                                    const char   *name,
                                                    const guint8 *head,
                                                    gsize         n_head,
                                                    gsize         size);
void                      _reframe_test_fill_known_effect (Fixture *f);
void                      _reframe_test_fixture_set_up (Fixture      *f,
                                                        gconstpointer data);
void                      _reframe_test_fixture_tear_down (Fixture      *f,
                                                           gconstpointer data);

/* test-toolbox-cli.c */
void _reframe_test_toolbox_add_cli_tests (void);

/* Registers a test of this binary, on its fixture. */
#define ADD(path, func)                     \
  g_test_add ("/reframe/toolbox/" path,     \
              Fixture,                      \
              NULL,                         \
              _reframe_test_fixture_set_up, \
              func,                         \
              _reframe_test_fixture_tear_down)

G_END_DECLS
