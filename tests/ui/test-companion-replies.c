/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-companion-replies.c: the companion's replies as the person sees them: Copy (by its
 * action, the context menu and Ctrl+C), Markdown, and long paragraphs laid out in parts
 * while they stream and after. */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "reframe-chat-bubble.h"
#include "reframe-fake-model-server.h"
#include "reframe-markdown.h"
#include "reframe-ui-test-util.h"
#include "test-companion.h"

typedef struct
{
  char    *text;
  gboolean done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr (GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &read);
  g_assert_true (reframe_test_wait_for (clipboard_read_done, &read, WAIT_MS));
  return read.text;
}

/* The shortcut of @widget's own controllers that @keyval with @modifiers triggers. */
static GtkShortcut *
find_shortcut (GtkWidget      *widget,
               guint           keyval,
               GdkModifierType modifiers)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return shortcut; /* the controller holds it */
        }
    }
  return NULL;
}

/* Copy on a reply, by its action and by Ctrl+C on the focused row, puts its text on the
 * clipboard. */
void
test_copy_reply (Fixture      *f,
                 gconstpointer data)
{
  g_autofree char *reply = reframe_fake_model_server_dup_reply ();
  g_autofree char *copied = NULL;
  g_autofree char *composer = NULL;
  g_autoptr (GPtrArray) bubbles = NULL;
  GtkShortcut   *shortcut;
  GtkMenuButton *menu_button;
  GtkWidget     *bubble;

  type_and_send (f, "What could I try tonight?");
  g_assert_true (reframe_test_wait_for (two_messages, f, WAIT_MS));
  bubbles = find_bubbles (GTK_WIDGET (f->pane), g_ptr_array_new ());
  g_assert_cmpuint (bubbles->len, ==, 2);
  bubble = g_ptr_array_index (bubbles, 1);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (bubble), "something else");
  g_assert_true (gtk_widget_activate_action (bubble, "bubble.copy", NULL));
  copied = read_clipboard (bubble);
  g_assert_cmpstr (copied, ==, reply);

  /* A reply has nothing to edit: the composer stays empty. */
  gtk_widget_activate_action (bubble, "bubble.edit", NULL);
  composer = reframe_chat_pane_dup_composer_text (f->pane);
  g_assert_cmpstr (composer, ==, "");

  /* The context menu (right click, Menu, Shift+F10) opens the row's menu. */
  menu_button = GTK_MENU_BUTTON (find_widget (bubble, GTK_TYPE_MENU_BUTTON));
  g_assert_nonnull (menu_button);
  g_assert_true (gtk_widget_activate_action (bubble, "bubble.menu", NULL));
  g_assert_nonnull (gtk_menu_button_get_popover (menu_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (menu_button))));
  gtk_menu_button_popdown (menu_button);

  /* Ctrl+C with the row focused: the row takes the focus, and its shortcut copies. */
  gdk_clipboard_set_text (gtk_widget_get_clipboard (bubble), "something else");
  g_assert_true (gtk_widget_grab_focus (bubble));
  g_assert_true (gtk_widget_has_focus (bubble));
  shortcut = find_shortcut (bubble, GDK_KEY_c, GDK_CONTROL_MASK);
  g_assert_nonnull (shortcut);
  g_assert_true (
      gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, bubble, NULL));
  g_clear_pointer (&copied, g_free);
  copied = read_clipboard (bubble);
  g_assert_cmpstr (copied, ==, reply);
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

/* The same reply while it streams, 6,000 deltas with no paragraph break: it goes on in
 * new labels of about 2 KB, so that a delta never lays out more than that (it grew one
 * label to 300 KB, which froze the pane for the rest of the reply). */
void
test_streaming_long_paragraph (void)
{
  g_autoptr (ReframeChatMessage) message =
      reframe_chat_message_new (REFRAME_CHAT_ROLE_ASSISTANT, "");
  g_autoptr (GPtrArray) labels = g_ptr_array_new ();
  g_autoptr (GString) sent = g_string_new (NULL);
  g_autoptr (GString) shown = g_string_new (NULL);
  GtkWidget *bubble;

  reframe_chat_message_set_status (message, REFRAME_CHAT_MESSAGE_STREAMING);
  bubble = g_object_ref_sink (reframe_chat_bubble_new (message));
  for (guint i = 0; i < 6000; i++)
    {
      g_autofree char *delta =
          g_strdup_printf ("Step %u: notice the thought, and what you felt then. ", i);

      g_string_append (sent, delta);
      reframe_chat_bubble_append (REFRAME_CHAT_BUBBLE (bubble), delta);
    }
  collect_text_labels (bubble, labels);
  g_assert_cmpuint (labels->len, >, 100);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      g_assert_cmpuint (strlen (text), <, 2048 + 100);
      g_string_append_printf (shown, "%s%s", i > 0 ? " " : "", text);
    }
  g_strchomp (sent->str);
  g_assert_cmpstr (g_strchomp (shown->str), ==, sent->str);
  g_object_unref (bubble);
}

/* A reply of 300 KB without a paragraph break (a model repeating itself) is laid out
 * in labels of about 2 KB, every word kept, so that no frame lays out the whole. */
void
test_markdown_long_paragraph (void)
{
  g_autoptr (GString) markdown = g_string_new ("**Bold start** then ");
  g_autoptr (GString) shown = g_string_new (NULL);
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  guint      labels = 0;

  for (guint i = 0; i < 6000; i++)
    g_string_append_printf (markdown, "Step %u: notice the thought, and what you felt then. ", i);
  reframe_markdown_render (GTK_BOX (box), markdown->str, -1);
  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = gtk_label_get_text (GTK_LABEL (child));

      g_assert_cmpuint (strlen (gtk_label_get_label (GTK_LABEL (child))), <, 2048 + 100);
      g_string_append_printf (shown, "%s%s", labels++ > 0 ? " " : "", text);
    }
  g_assert_cmpuint (labels, >, 100);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (gtk_widget_get_first_child (box))),
                            "<b>Bold start</b>"));
  /* Every word there, in order: the text without the bold marks, split at spaces. */
  g_string_erase (markdown, 0, 2);
  g_string_erase (markdown, strlen ("Bold start"), 2);
  g_strchomp (markdown->str);
  g_assert_cmpstr (shown->str, ==, markdown->str);
  g_object_unref (box);
}

/* Replies are formatted from Markdown by libcmark: one label per block, HTML as text. */
void
test_markdown (void)
{
  static const char        markdown[] = "Hello **you** and *me*, `code`.\n\n"
                                        "- one\n- two\n\n"
                                        "1. first\n2. second\n\n"
                                        "<b>not markup</b> & more\n\n"
                                        "```\nlet x = 1;\n```\n";
  static const char *const expected[] = {
    "Hello you and me, code.",
    "•  one",
    "•  two",
    "1.  first",
    "2.  second",
    "<b>not markup</b> & more",
    "let x = 1;",
  };
  GtkWidget *box = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  GtkWidget *child;
  guint      i = 0;

  reframe_markdown_render (GTK_BOX (box), markdown, -1);
  for (child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child), i++)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (expected));
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child)), ==, expected[i]);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected));

  child = gtk_widget_get_first_child (box);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child)), "<b>you</b>"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child)), "<i>me</i>"));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (child)), "<tt>code</tt>"));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_last_child (box), "monospace"));
  g_object_unref (box);
}

static GPtrArray *
children_of (GtkWidget *box)
{
  GPtrArray *children = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (box); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    g_ptr_array_add (children, child);
  return children;
}

/* The same Markdown again keeps every label; a changed block changes its own label only,
 * and a shorter text drops the labels left over. */
void
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
void
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
void
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
