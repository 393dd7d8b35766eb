/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-ui-test-util.h: helpers shared by the widget tests. */

#pragma once

#include <adwaita.h>

#include "reframe-fake-model-server.h"
#include "reframe-test-util.h"

G_BEGIN_DECLS

void reframe_ui_test_init (int    *argc,
                           char ***argv);
void reframe_ui_test_present (GtkWindow *window,
                              guint      timeout_ms);

/* What most widget tests set up before their window: a data folder of their own, the
 * fake model server, the app's settings (in memory). A fixture holds it as its first
 * member, named `base`. */
typedef enum
{
  REFRAME_UI_TEST_DATA_DIR = 1 << 0,
  REFRAME_UI_TEST_SERVER = 1 << 1,
  REFRAME_UI_TEST_SETTINGS = 1 << 2,
} ReframeUiTestNeeds;

typedef struct
{
  char                   *dir;
  ReframeFakeModelServer *server;
  GSettings              *settings;
} ReframeUiTestBase;

void reframe_ui_test_base_set_up (ReframeUiTestBase *base,
                                  ReframeUiTestNeeds needs);
void reframe_ui_test_base_tear_down (ReframeUiTestBase *base);

G_END_DECLS
