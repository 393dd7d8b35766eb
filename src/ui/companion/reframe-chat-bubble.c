/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-chat-bubble.c: one message in the companion pane.
 *
 * The text is a column of labels, one per paragraph. While a reply streams, a delta
 * goes to the last label only, so its cost depends on the paragraph it lands in, never on
 * the length of the reply; when the reply ends, it is formatted once from its Markdown.
 * A shown bubble takes in at most FRAME_BYTES of text a frame: a fast service sends a
 * reply faster than it can be laid out, and the text waits rather than the frame. */

#define G_LOG_DOMAIN "ReframeChatBubble"

#include "config.h"

#include <glib/gi18n.h>

#include "reframe-chat-bubble.h"
#include "reframe-markdown.h"

struct _ReframeChatBubble
{
  AdwBin parent_instance;

  /* Template widgets */
  GtkBox        *card;
  GtkLabel      *author_label;
  GtkBox        *text_box;
  GtkLabel      *status_label;
  GtkButton     *regenerate_button;
  GtkButton     *copy_button;
  GtkButton     *edit_button;
  GtkMenuButton *menu_button;

  /* Owned */
  ReframeChatMessage *message;
  gboolean            last;
  GtkLabel           *tail; /* the paragraph a streaming reply is adding to */
  GString            *tail_text;
  GString            *pending;    /* streamed text not shown yet */
  GPtrArray          *blocks;     /* the formatted reply, while it is being shown */
  guint               next_block; /* the first of @blocks not shown yet */
  guint               tick_id;
  gint64              frame; /* the frame clock's frame @spent counts in */
  gsize               spent; /* bytes of text set in labels in that frame */
};

/* A paragraph that grows past this while streaming goes on in a new label at a space, so
 * that a reply with no paragraph breaks still costs the same per delta. */
#define MAX_TAIL_BYTES 2048

/* Text set in labels a frame, at most: a few labels' layouts. */
#define FRAME_BYTES 6144

G_DEFINE_FINAL_TYPE (ReframeChatBubble, reframe_chat_bubble, ADW_TYPE_BIN)

static gboolean is_user (ReframeChatBubble *self);
static void     show_formatted (ReframeChatBubble *self,
                                const char        *content);

static void
copy_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ReframeChatBubble *self = REFRAME_CHAT_BUBBLE (widget);
  GtkWidget         *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget),
                          reframe_chat_message_get_content (self->message));
  if (overlay != NULL)
    {
      AdwToast *toast = adw_toast_new (_ ("Copied"));

      adw_toast_set_timeout (toast, 2);
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
    }
}

/* The pane does the editing: the bubble only says which message. */
static void
edit_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ReframeChatBubble *self = REFRAME_CHAT_BUBBLE (widget);

  gtk_widget_activate_action (
      widget, "chat.edit-message", "s", reframe_chat_message_get_uuid (self->message));
}

static void
menu_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ReframeChatBubble *self = REFRAME_CHAT_BUBBLE (widget);

  if (gtk_widget_get_visible (GTK_WIDGET (self->menu_button)))
    gtk_menu_button_popup (self->menu_button);
}

static void
secondary_pressed_cb (GtkGestureClick   *gesture,
                      int                n_press,
                      double             x,
                      double             y,
                      ReframeChatBubble *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  menu_activated (GTK_WIDGET (self), NULL, NULL);
}

static void
reframe_chat_bubble_dispose (GObject *object)
{
  ReframeChatBubble *self = REFRAME_CHAT_BUBBLE (object);

  g_clear_object (&self->message);
  if (self->tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
  self->tick_id = 0;
  if (self->tail_text != NULL)
    g_string_free (g_steal_pointer (&self->tail_text), TRUE);
  if (self->pending != NULL)
    g_string_free (g_steal_pointer (&self->pending), TRUE);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);

  G_OBJECT_CLASS (reframe_chat_bubble_parent_class)->dispose (object);
}

static void
reframe_chat_bubble_class_init (ReframeChatBubbleClass *klass)
{
  GObjectClass   *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = reframe_chat_bubble_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH "/ui/reframe-chat-bubble.ui");
  gtk_widget_class_bind_template_child (widget_class, ReframeChatBubble, card);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatBubble, author_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatBubble, text_box);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatBubble, status_label);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatBubble, regenerate_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatBubble, copy_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatBubble, edit_button);
  gtk_widget_class_bind_template_child (widget_class, ReframeChatBubble, menu_button);

  gtk_widget_class_install_action (widget_class, "bubble.copy", NULL, copy_activated);
  gtk_widget_class_install_action (widget_class, "bubble.edit", NULL, edit_activated);
  gtk_widget_class_install_action (widget_class, "bubble.menu", NULL, menu_activated);
  /* When the message itself has the focus (a selectable paragraph copies its selection). */
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "bubble.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "bubble.menu", NULL);
  gtk_widget_class_add_binding_action (
      widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "bubble.menu", NULL);
  gtk_widget_class_set_css_name (widget_class, "chatbubble");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
reframe_chat_bubble_init (ReframeChatBubble *self)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The message can take the focus, for Ctrl+C and the context menu from the keyboard. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

static GtkLabel *
add_paragraph (ReframeChatBubble *self,
               const char        *text)
{
  GtkLabel *label = reframe_markdown_text_label_new ();

  gtk_label_set_text (label, text);
  gtk_box_append (self->text_box, GTK_WIDGET (label));

  return label;
}

static void
forget_tail (ReframeChatBubble *self)
{
  self->tail = NULL;
  if (self->tail_text != NULL)
    g_string_truncate (self->tail_text, 0);
  if (self->pending != NULL)
    g_string_truncate (self->pending, 0);
  g_clear_pointer (&self->blocks, g_ptr_array_unref);
}

static void
clear_text (ReframeChatBubble *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->text_box))) != NULL)
    gtk_box_remove (self->text_box, child);
  forget_tail (self);
}

/* Where the streaming paragraph in @tail ends, looking from @start (the new text and the
 * byte before it): a blank line, or a space once the paragraph is long. */
static const char *
find_break (GString *tail,
            gsize    start,
            gsize   *skip)
{
  const char *blank = strstr (tail->str + start, "\n\n");

  if (blank != NULL)
    {
      *skip = 2;
      return blank;
    }
  if (tail->len <= MAX_TAIL_BYTES)
    return NULL;
  *skip = 1;
  return strchr (tail->str + MAX (start, MAX_TAIL_BYTES), ' ');
}

static const char *
status_text (ReframeChatMessageStatus status)
{
  switch (status)
    {
    case REFRAME_CHAT_MESSAGE_STREAMING:
      return _ ("Writing…");
    case REFRAME_CHAT_MESSAGE_STOPPED:
      return _ ("Stopped");
    case REFRAME_CHAT_MESSAGE_FAILED:
      return _ ("This reply failed");
    case REFRAME_CHAT_MESSAGE_INCOMPLETE:
      return _ ("Incomplete: the reply was cut off");
    case REFRAME_CHAT_MESSAGE_COMPLETE:
    default:
      return NULL;
    }
}

static gboolean
is_user (ReframeChatBubble *self)
{
  return reframe_chat_message_get_role (self->message) == REFRAME_CHAT_ROLE_USER;
}

static void
update_author (ReframeChatBubble *self)
{
  const char      *model = reframe_chat_message_get_model (self->message);
  g_autofree char *author = NULL;

  if (is_user (self))
    author = g_strdup (_ ("You"));
  else if (model != NULL && *model != '\0')
    /* Translators: the author of a reply; %s is the model's name, e.g. llama3.2 */
    author = g_strdup_printf (_ ("AI companion · %s"), model);
  else
    author = g_strdup (_ ("AI companion"));

  gtk_label_set_label (self->author_label, author);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, author, -1);
}

/**
 * reframe_chat_bubble_update:
 * @self: a bubble
 *
 * Shows the message's text (formatted, for a finished reply), author and status again.
 */
void
reframe_chat_bubble_update (ReframeChatBubble *self)
{
  ReframeChatMessageStatus status;
  const char              *content;
  const char              *status_label;
  gboolean                 streaming;

  g_return_if_fail (REFRAME_IS_CHAT_BUBBLE (self));

  status = reframe_chat_message_get_status (self->message);
  content = reframe_chat_message_get_content (self->message);
  status_label = status_text (status);
  streaming = status == REFRAME_CHAT_MESSAGE_STREAMING;

  /* The person's own words are shown as they typed them, never interpreted. */
  if (is_user (self))
    {
      clear_text (self);
      add_paragraph (self, content);
    }
  else if (streaming)
    {
      clear_text (self);
      reframe_chat_bubble_append (self, content);
    }
  else
    show_formatted (self, content);

  update_author (self);
  gtk_label_set_label (self->status_label, status_label != NULL ? status_label : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), status_label != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), !streaming);
  gtk_widget_set_visible (GTK_WIDGET (self->menu_button), !streaming);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button), is_user (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bubble.copy", !streaming);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "bubble.edit", is_user (self));
  gtk_widget_set_visible (GTK_WIDGET (self->regenerate_button),
                          self->last && !is_user (self) && !streaming);
}

/**
 * reframe_chat_bubble_new:
 * @message: the message to show
 *
 * Returns: (transfer floating): a bubble for @message
 */
GtkWidget *
reframe_chat_bubble_new (ReframeChatMessage *message)
{
  ReframeChatBubble *self;

  g_return_val_if_fail (REFRAME_IS_CHAT_MESSAGE (message), NULL);

  self = g_object_new (REFRAME_TYPE_CHAT_BUBBLE, NULL);
  self->message = g_object_ref (message);
  gtk_widget_add_css_class (GTK_WIDGET (self), is_user (self) ? "from-user" : "from-assistant");

  reframe_chat_bubble_update (self);

  return GTK_WIDGET (self);
}

ReframeChatMessage *
reframe_chat_bubble_get_message (ReframeChatBubble *self)
{
  g_return_val_if_fail (REFRAME_IS_CHAT_BUBBLE (self), NULL);

  return self->message;
}

/* Adds @text at the end of the shown text, now. */
static void
show_text (ReframeChatBubble *self,
           const char        *text)
{
  const char *end;
  gsize       skip = 0;
  gsize       start;

  if (self->tail_text == NULL)
    self->tail_text = g_string_new (NULL);

  /* Only the new text, and the paragraph it lands in, are looked at. */
  start = self->tail_text->len > 0 ? self->tail_text->len - 1 : 0;
  g_string_append (self->tail_text, text);
  while ((end = find_break (self->tail_text, start, &skip)) != NULL)
    {
      gsize cut = end - self->tail_text->str;

      if (cut > 0)
        {
          g_autofree char *paragraph = g_strndup (self->tail_text->str, cut);

          if (self->tail == NULL)
            self->tail = add_paragraph (self, paragraph);
          else
            gtk_label_set_text (self->tail, paragraph);
        }
      g_string_erase (self->tail_text, 0, cut + skip);
      self->tail = NULL;
      start = 0;
    }

  if (self->tail_text->len == 0)
    return;
  if (self->tail == NULL)
    self->tail = add_paragraph (self, self->tail_text->str);
  else
    gtk_label_set_text (self->tail, self->tail_text->str);
}

/* How much more text this frame may set in labels; a bubble not realized sets all. */
static gsize
budget_left (ReframeChatBubble *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  gint64         frame;

  if (clock == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return G_MAXSIZE;
  frame = gdk_frame_clock_get_frame_counter (clock);
  if (frame != self->frame)
    {
      self->frame = frame;
      self->spent = 0;
    }
  return self->spent < FRAME_BYTES ? FRAME_BYTES - self->spent : 0;
}

/* Shows what waits, as much as the frame allows; Returns: whether some still waits. */
static gboolean
show_waiting (ReframeChatBubble *self)
{
  gsize budget = budget_left (self);

  if (self->pending != NULL && self->pending->len > 0 && budget > 0)
    {
      gsize            take = MIN (self->pending->len, budget);
      g_autofree char *part = NULL;

      /* Never inside a character. */
      while (take < self->pending->len && ((guchar) self->pending->str[take] & 0xc0) == 0x80)
        take++;
      part = g_strndup (self->pending->str, take);
      g_string_erase (self->pending, 0, take);
      show_text (self, part);
      self->spent += take;
      budget = budget_left (self);
    }
  if (self->blocks != NULL && budget > 0)
    {
      gsize left = budget;

      if (reframe_markdown_apply (self->text_box, self->blocks, &self->next_block, &left))
        g_clear_pointer (&self->blocks, g_ptr_array_unref);
      self->spent += budget - left;
    }
  return (self->pending != NULL && self->pending->len > 0) || self->blocks != NULL;
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  ReframeChatBubble *self = REFRAME_CHAT_BUBBLE (widget);

  if (show_waiting (self))
    return G_SOURCE_CONTINUE;
  self->tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* Shows what waits as far as this frame allows, and the rest in the frames after. */
static void
show_or_wait (ReframeChatBubble *self)
{
  if (show_waiting (self) && self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), tick_cb, NULL, NULL);
}

/* Shows @content formatted, in the labels shown so far where they show the same text. */
static void
show_formatted (ReframeChatBubble *self,
                const char        *content)
{
  forget_tail (self);
  self->blocks = reframe_markdown_parse (content, -1);
  self->next_block = 0;
  show_or_wait (self);
}

/**
 * reframe_chat_bubble_append:
 * @self: a bubble showing a streaming reply
 * @text: the text that just arrived
 *
 * Adds @text at the end of the shown text (in the next frames, when the bubble is shown).
 */
void
reframe_chat_bubble_append (ReframeChatBubble *self,
                            const char        *text)
{
  g_return_if_fail (REFRAME_IS_CHAT_BUBBLE (self));

  if (self->pending == NULL)
    self->pending = g_string_new (NULL);
  g_string_append (self->pending, text);
  show_or_wait (self);
}

/**
 * reframe_chat_bubble_set_last:
 * @self: a bubble
 * @last: whether it shows the last message of the conversation
 *
 * The last reply can be asked for again.
 */
void
reframe_chat_bubble_set_last (ReframeChatBubble *self,
                              gboolean           last)
{
  g_return_if_fail (REFRAME_IS_CHAT_BUBBLE (self));

  if (self->last == last)
    return;
  self->last = last;
  reframe_chat_bubble_update (self);
}

/**
 * reframe_chat_bubble_dup_text:
 * @self: a bubble
 *
 * Returns: (transfer full): the text as shown, for tests and the benchmark
 */
char *
reframe_chat_bubble_dup_text (ReframeChatBubble *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_return_val_if_fail (REFRAME_IS_CHAT_BUBBLE (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->text_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (text->len > 0)
        g_string_append (text, "\n\n");
      g_string_append (text, gtk_label_get_text (GTK_LABEL (child)));
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}
