/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-reminders-private.h: the fixture and helpers the reminder tests share. */

#pragma once

#include <adwaita.h>

#include "reframe-reminders.h"
#include "reframe-store.h"

G_BEGIN_DECLS

#define WAIT_MS 5000

typedef struct
{
  char             *dir;
  ReframeStore     *store;
  GApplication     *app;
  GSettings        *settings;
  ReframeReminders *reminders;
  guint             n_before;
  guint             n_activated;
} Fixture;

/* test-reminders.c */
void _reframe_test_spin (guint ms);

/* test-reminders-autostart.c */
void _reframe_test_autostart_file (Fixture      *f,
                                   gconstpointer data);
void _reframe_test_autostart_portal (Fixture      *f,
                                     gconstpointer data);
void _reframe_test_preferences_row (Fixture      *f,
                                    gconstpointer data);

G_END_DECLS
