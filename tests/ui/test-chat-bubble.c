/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-chat-bubble.c: a reply formatted again lays out only what changed. */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "reframe-chat-bubble.h"
#include "reframe-markdown.h"
#include "reframe-ui-test-util.h"

static GPtrArray *
children_of (GtkWidget *box)
{
  GPtrArray *children = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (children, child);
  return children;
}

static void
collect_text_labels (GtkWidget *widget,
                     GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "chat-text"))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text_labels (child, labels);
}

/* The same Markdown again keeps every label; a changed block changes its own label only,
 * and a shorter text drops the labels left over. */
static void
test_formatting_again_keeps_labels (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  g_autoptr (GPtrArray) first = NULL;
  g_autoptr (GPtrArray) again = NULL;
  g_autoptr (GPtrArray) changed = NULL;
  g_autoptr (GPtrArray) shorter = NULL;

  reframe_markdown_render (GTK_BOX (box), "One.\n\n**Two** & more.\n\n- three\n- four\n", -1);
  first = children_of (box);
  g_assert_cmpuint (first->len, ==, 4);

  reframe_markdown_render (GTK_BOX (box), "One.\n\n**Two** & more.\n\n- three\n- four\n", -1);
  again = children_of (box);
  g_assert_cmpuint (again->len, ==, 4);
  for (guint i = 0; i < first->len; i++)
    g_assert_true (g_ptr_array_index (again, i) == g_ptr_array_index (first, i));

  reframe_markdown_render (GTK_BOX (box), "One.\n\n*Two*\n\n- three\n- four\n", -1);
  changed = children_of (box);
  g_assert_cmpuint (changed->len, ==, 4);
  g_assert_cmpstr (gtk_label_get_label (g_ptr_array_index (changed, 1)), ==, "<i>Two</i>");
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (changed, 3)), ==, "•  four");

  reframe_markdown_render (GTK_BOX (box), "```\ncode\n```\n", -1);
  shorter = children_of (box);
  g_assert_cmpuint (shorter->len, ==, 1);
  g_assert_cmpstr (gtk_label_get_text (g_ptr_array_index (shorter, 0)), ==, "code");
  g_assert_true (gtk_widget_has_css_class (g_ptr_array_index (shorter, 0), "chat-code"));

  reframe_markdown_render (GTK_BOX (box), "Plain again.", -1);
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_first_child (box), "chat-code"));
  g_assert_false (gtk_widget_has_css_class (gtk_widget_get_first_child (box), "monospace"));
  g_object_unref (box);
}

/* A long reply streamed in parts of about 2 KB keeps those labels when it ends and is
 * formatted: a frame lays out the paragraphs that changed, not 300 KB of text again. */
static void
test_streamed_labels_kept_when_formatted (void)
{
  g_autoptr (ReframeChatMessage) message =
      reframe_chat_message_new (REFRAME_CHAT_ROLE_ASSISTANT, "");
  g_autoptr (GPtrArray) streamed = g_ptr_array_new ();
  g_autoptr (GPtrArray) formatted = g_ptr_array_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget       *bubble;
  guint            kept = 0;

  reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_STREAMING);
  bubble = g_object_ref_sink (reframe_chat_bubble_new (message));
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *delta =
          g_strdup_printf ("Step %u: notice the thought, and what you felt then. ", i);

      reframe_chat_message_append (message, delta, strlen (delta));
      reframe_chat_bubble_append (REFRAME_CHAT_BUBBLE (bubble), delta);
    }
  collect_text_labels (bubble, streamed);
  before = reframe_chat_bubble_dup_text (REFRAME_CHAT_BUBBLE (bubble));

  reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_COMPLETE);
  reframe_chat_bubble_update (REFRAME_CHAT_BUBBLE (bubble));
  collect_text_labels (bubble, formatted);
  after = reframe_chat_bubble_dup_text (REFRAME_CHAT_BUBBLE (bubble));

  g_assert_cmpuint (streamed->len, >, 40);
  g_assert_cmpuint (formatted->len, ==, streamed->len);
  for (guint i = 0; i < formatted->len; i++)
    kept += g_ptr_array_index (formatted, i) == g_ptr_array_index (streamed, i);
  /* All but the last: the formatted text loses the reply's final space. */
  g_assert_cmpuint (kept, >=, streamed->len - 1);
  g_strchomp (before);
  g_assert_cmpstr (after, ==, before);
  g_object_unref (bubble);
}

/* A plain label (as streamed) whose text is the next block's markup is not taken for
 * it: "<i>Two</i>" typed out is not "*Two*" in italics. */
static void
test_plain_label_not_taken_for_markup (void)
{
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkLabel  *label = reframe_markdown_text_label_new ();

  gtk_label_set_text (label, "<i>Two</i>");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (label));
  reframe_markdown_render (GTK_BOX (box), "*Two*", -1);

  g_assert_true (gtk_widget_get_first_child (box) == GTK_WIDGET (label));
  g_assert_true (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Two");
  g_object_unref (box);
}

int
main (int   argc,
      char *argv[])
{
  reframe_ui_test_init (&argc, &argv);

  g_test_add_func ("/reframe/chat-bubble/formatting-again-keeps-labels",
                   test_formatting_again_keeps_labels);
  g_test_add_func ("/reframe/chat-bubble/streamed-labels-kept-when-formatted",
                   test_streamed_labels_kept_when_formatted);
  g_test_add_func ("/reframe/chat-bubble/plain-label-not-taken-for-markup",
                   test_plain_label_not_taken_for_markup);

  return g_test_run ();
}
