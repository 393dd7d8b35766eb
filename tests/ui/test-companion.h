/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-companion.h: what the files of the companion pane's test binary share. */

#pragma once

#include "reframe-chat-pane.h"
#include "reframe-ui-test-util.h"
#include "reframe-window.h"

#define WAIT_MS 10000

typedef struct
{
  ReframeUiTestBase   base;
  ReframeWindow      *window;
  ReframeChatPane    *pane;
  ReframeChatSession *session;
} Fixture;

/* test-companion.c */
gboolean   two_messages (gpointer data);
GtkWidget *find_widget (GtkWidget *root,
                        GType      type);
GPtrArray *find_bubbles (GtkWidget *root,
                         GPtrArray *found);
void       type_and_send (Fixture    *f,
                          const char *text);

/* test-companion-replies.c */
void test_copy_reply (Fixture      *f,
                      gconstpointer data);
void test_streaming_long_paragraph (void);
void test_markdown_long_paragraph (void);
void test_markdown (void);
void test_formatting_again_keeps_labels (void);
void test_streamed_labels_kept_when_formatted (void);
void test_plain_label_not_taken_for_markup (void);
