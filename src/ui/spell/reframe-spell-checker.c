/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-spell-checker.c: underlines misspelled words in a text view, as the person types.
 *
 * The text still to check is a short sorted list of ranges of character offsets, moved
 * along with every edit; misspelled words carry the error tag (Pango's error underline).
 * (An invisible tag for "unchecked" was tried first: finding its next toggle walks the
 * buffer line by line to its end when there is none, some milliseconds a keystroke in a
 * long note.) An edit only adds its place and asks for a pass at high idle priority,
 * before the next frame is painted, that checks what is unchecked around the cursor and
 * on screen (plus a margin) and the edit's own place. Everything else is
 * checked at low priority, a few milliseconds at a time, so that a long note never
 * holds up a keystroke. Checking works on the chunks between white space
 * (reframe-spell-tokenizer.c), so an edit's place widens to whole chunks.
 *
 * A misspelled word that ends at the cursor while the view has the focus is the word
 * being typed: it is underlined only once the cursor leaves it.
 *
 * The context menu's spelling part (the view's extra menu) is made when it opens, for
 * the word under the pointer (a secondary click, caught before the view's own) or at
 * the cursor (Menu or Shift+F10, caught before the view opens its menu). */

#define G_LOG_DOMAIN "ReframeSpellChecker"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "reframe-spell-checker.h"
#include "reframe-spell-dictionary.h"
#include "reframe-spell-private.h"
#include "reframe-spell-tokenizer.h"
#include "reframe-spell.h"

/* Characters past the visible text on either side that the first pass checks too. */
#define VISIBLE_MARGIN 2000
/* Characters around the cursor that the first pass checks. */
#define CURSOR_MARGIN 300
/* A chunk without white space longer than this is cut, so a pasted blob stays cheap. */
#define MAX_CHUNK 128
/* Characters checked at a time by the background pass, and its slice of the main loop. */
#define BACKGROUND_STEP 1000
#define SLICE_USEC      3000
/* An edit of at most this many characters is typing (an input method may commit a few). */
#define TYPED_CHARS 8

struct _ReframeSpellChecker
{
  GObject parent_instance;

  /* Borrowed */
  GtkTextView *view;

  /* Owned */
  GtkTextBuffer   *buffer;
  GtkAdjustment   *vadjustment;
  ReframeSpellMenu spell;

  /* Owned by the buffer */
  GtkTextTag  *error_tag;
  GtkTextMark *word_start;
  GtkTextMark *word_end;
  GtkTextMark *deferred;

  /* Owned by the view */
  GtkEventController *focus;

  guint visible_id;
  guint background_id;
  /* Pairs of character offsets, [start, end), sorted, apart; an empty one is a place
   * (a deletion's) whose words are to be checked. */
  GArray  *unchecked;
  int      edit_start;
  int      edit_end;
  gboolean background_needed;
  gboolean deferred_pending;
  gboolean typing;
};

static GParamSpec *properties[REFRAME_SPELL_N_PROPS];

G_DEFINE_FINAL_TYPE (ReframeSpellChecker, reframe_spell_checker, G_TYPE_OBJECT)

static void schedule_visible (ReframeSpellChecker *self);
static void note_edit (ReframeSpellChecker *self,
                       int                  start,
                       int                  end);

/* Helpers */

static int
iter_offset (const GtkTextIter *iter)
{
  return gtk_text_iter_get_offset (iter);
}

static void
get_iter (ReframeSpellChecker *self,
          GtkTextIter         *iter,
          int                  offset)
{
  gtk_text_buffer_get_iter_at_offset (self->buffer, iter, offset);
}

static gboolean
iter_after_space (const GtkTextIter *iter)
{
  GtkTextIter before = *iter;

  return !gtk_text_iter_backward_char (&before) ||
         reframe_spell_is_space (gtk_text_iter_get_char (&before));
}

/* Widens [start, end) to the white space around it (at most MAX_CHUNK further). */
static void
extend_to_spaces (GtkTextIter *start,
                  GtkTextIter *end)
{
  for (int i = 0; i < MAX_CHUNK && !iter_after_space (start); i++)
    gtk_text_iter_backward_char (start);
  for (int i = 0; i < MAX_CHUNK && !gtk_text_iter_is_end (end) &&
                  !reframe_spell_is_space (gtk_text_iter_get_char (end));
       i++)
    gtk_text_iter_forward_char (end);
}

#define RANGE_START(self, i) g_array_index ((self)->unchecked, int, 2 * (i))
#define RANGE_END(self, i)   g_array_index ((self)->unchecked, int, 2 * (i) + 1)
#define N_RANGES(self)       ((self)->unchecked->len / 2)

/* Adds [start, end) to the text still to check, merged with what touches it. */
static void
add_unchecked (ReframeSpellChecker *self,
               int                  start,
               int                  end)
{
  guint i = 0;

  while (i < N_RANGES (self) && RANGE_END (self, i) < start)
    i++;
  while (i < N_RANGES (self) && RANGE_START (self, i) <= end)
    {
      start = MIN (start, RANGE_START (self, i));
      end = MAX (end, RANGE_END (self, i));
      g_array_remove_range (self->unchecked, 2 * i, 2);
    }
  g_array_insert_val (self->unchecked, 2 * i, start);
  g_array_insert_val (self->unchecked, 2 * i + 1, end);
}

/* Takes [start, end) out of the text still to check. */
static void
remove_unchecked (ReframeSpellChecker *self,
                  int                  start,
                  int                  end)
{
  for (guint i = 0; i < N_RANGES (self);)
    {
      int from = RANGE_START (self, i), to = RANGE_END (self, i);

      if (to < start || from > end || (to == start && from < to) || (from == end && from < to))
        {
          i++;
          continue;
        }
      g_array_remove_range (self->unchecked, 2 * i, 2);
      if (to > end)
        {
          g_array_insert_val (self->unchecked, 2 * i, end);
          g_array_insert_val (self->unchecked, 2 * i + 1, to);
          i++;
        }
      if (from < start)
        {
          g_array_insert_val (self->unchecked, 2 * i, from);
          g_array_insert_val (self->unchecked, 2 * i + 1, start);
          i++;
        }
    }
}

static int
cursor_offset (ReframeSpellChecker *self)
{
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (
      self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  return iter_offset (&cursor);
}

/* The word being typed: the last edit was a keystroke's (not a paste or a whole text
 * set), the cursor is at the word's end, the view has the keyboard. */
static gboolean
is_being_typed (ReframeSpellChecker *self,
                int                  word_end)
{
  return self->typing && self->view != NULL && gtk_widget_has_focus (GTK_WIDGET (self->view)) &&
         !gtk_text_buffer_get_has_selection (self->buffer) && word_end == cursor_offset (self);
}

/* Whether the word [start, end) is to be underlined now; the word being typed is noted to
 * be checked again when the cursor leaves it. */
static gboolean
should_underline (ReframeSpellChecker *self,
                  int                  start,
                  int                  end)
{
  GtkTextIter word_end;

  if (!is_being_typed (self, end))
    return TRUE;
  get_iter (self, &word_end, end);
  gtk_text_buffer_move_mark (self->buffer, self->deferred, &word_end);
  self->deferred_pending = TRUE;
  return FALSE;
}

/* The error tag's ranges within [start, end), as pairs of offsets. Character by
 * character: looking for the tag's next toggle would walk on past @end. */
static GArray *
dup_underlined_ranges (ReframeSpellChecker *self,
                       int                  start,
                       int                  end)
{
  GArray     *ranges = g_array_new (FALSE, FALSE, sizeof (int));
  GtkTextIter iter;
  gboolean    on;
  int         from = start;

  get_iter (self, &iter, start);
  on = gtk_text_iter_has_tag (&iter, self->error_tag);
  for (int offset = start + 1; offset <= end; offset++)
    {
      gboolean toggles;

      gtk_text_iter_forward_char (&iter);
      toggles = offset < end && gtk_text_iter_toggles_tag (&iter, self->error_tag);
      if (on && (toggles || offset == end))
        {
          g_array_append_val (ranges, from);
          g_array_append_val (ranges, offset);
        }
      if (toggles)
        {
          on = !on;
          from = offset;
        }
    }
  return ranges;
}

/* The misspelled words of @text (which starts at offset @base), as pairs of offsets. */
static GArray *
find_misspelled (ReframeSpellChecker *self,
                 const char          *text,
                 int                  base)
{
  g_autoptr (GArray) words = reframe_spell_tokenize (text, -1);
  GArray     *ranges = g_array_new (FALSE, FALSE, sizeof (int));
  const char *p = text;
  int         chars = 0;

  for (guint i = 0; i < words->len; i++)
    {
      ReframeSpellWord *word = &g_array_index (words, ReframeSpellWord, i);
      int               from, to;

      if (reframe_spell_dictionary_check_word (
              self->spell.dictionary, text + word->start, word->end - word->start))
        continue;
      chars += g_utf8_strlen (p, text + word->start - p);
      p = text + word->start;
      from = base + chars;
      to = from + g_utf8_strlen (text + word->start, word->end - word->start);
      if (!should_underline (self, from, to))
        continue;
      g_array_append_val (ranges, from);
      g_array_append_val (ranges, to);
    }
  return ranges;
}

/* Checks [start, end) widened to whole chunks; returns the offset where it stopped.
 * The underlines change only where they differ: a tag applied or removed makes the view
 * lay out and draw that paragraph again, which a keystroke must not pay for needlessly. */
static int
check_range (ReframeSpellChecker *self,
             int                  start_offset,
             int                  end_offset)
{
  int count = gtk_text_buffer_get_char_count (self->buffer);

  GtkTextIter      start, end;
  g_autofree char *text = NULL;
  g_autoptr (GArray) wanted = NULL;
  g_autoptr (GArray) shown = NULL;
  int base, stop;

  get_iter (self, &start, CLAMP (start_offset, 0, count));
  get_iter (self, &end, CLAMP (end_offset, 0, count));
  extend_to_spaces (&start, &end);
  base = iter_offset (&start);
  stop = iter_offset (&end);
  text = gtk_text_buffer_get_slice (self->buffer, &start, &end, TRUE);
  remove_unchecked (self, MIN (base, start_offset), MAX (stop, end_offset));

  wanted = find_misspelled (self, text, base);
  shown = dup_underlined_ranges (self, base, stop);
  /* An empty GArray has no data at all (NULL), which memcmp() may not be given. */
  if (wanted->len != shown->len ||
      (wanted->len > 0 && memcmp (wanted->data, shown->data, wanted->len * sizeof (int)) != 0))
    {
      get_iter (self, &start, base);
      get_iter (self, &end, stop);
      gtk_text_buffer_remove_tag (self->buffer, self->error_tag, &start, &end);
      for (guint i = 0; i < wanted->len; i += 2)
        {
          get_iter (self, &start, g_array_index (wanted, int, i));
          get_iter (self, &end, g_array_index (wanted, int, i + 1));
          gtk_text_buffer_apply_tag (self->buffer, self->error_tag, &start, &end);
        }
    }
  return MAX (stop, end_offset);
}

/* Checks what is unchecked in [start, end]. */
static void
check_unchecked_between (ReframeSpellChecker *self,
                         int                  start,
                         int                  end)
{
  g_autoptr (GArray) todo = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < N_RANGES (self); i++)
    {
      int from = RANGE_START (self, i), to = RANGE_END (self, i);

      if (to < start)
        continue;
      if (from > end)
        break;
      from = MAX (from, start);
      to = MIN (to, end);
      g_array_append_val (todo, from);
      g_array_append_val (todo, to);
    }
  for (guint i = 0; i < todo->len; i += 2)
    check_range (self, g_array_index (todo, int, i), g_array_index (todo, int, i + 1));
}

static void
get_visible_offsets (ReframeSpellChecker *self,
                     int                 *start,
                     int                 *end)
{
  GdkRectangle rect;
  GtkTextIter  top, bottom;

  gtk_text_view_get_visible_rect (self->view, &rect);
  gtk_text_view_get_iter_at_location (self->view, &top, rect.x, rect.y);
  gtk_text_view_get_iter_at_location (
      self->view, &bottom, rect.x + rect.width, rect.y + rect.height);
  gtk_text_iter_forward_to_line_end (&bottom);
  *start = MAX (0, iter_offset (&top) - VISIBLE_MARGIN);
  *end = iter_offset (&bottom) + VISIBLE_MARGIN;
}

static void
mark_all_unchecked (ReframeSpellChecker *self)
{
  g_array_set_size (self->unchecked, 0);
  add_unchecked (self, 0, gtk_text_buffer_get_char_count (self->buffer));
  self->background_needed = TRUE;
  schedule_visible (self);
}

static void
clear_all (ReframeSpellChecker *self)
{
  GtkTextIter start, end;

  g_clear_handle_id (&self->visible_id, g_source_remove);
  g_clear_handle_id (&self->background_id, g_source_remove);
  g_array_set_size (self->unchecked, 0);
  self->edit_start = self->edit_end = -1;
  self->background_needed = FALSE;
  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->error_tag, &start, &end);
  self->deferred_pending = FALSE;
}

/* Callbacks */

static gboolean
background_cb (gpointer data)
{
  ReframeSpellChecker *self = data;
  gint64               deadline = g_get_monotonic_time () + SLICE_USEC;

  while (N_RANGES (self) > 0 && g_get_monotonic_time () < deadline)
    check_range (self,
                 RANGE_START (self, 0),
                 MIN (RANGE_END (self, 0), RANGE_START (self, 0) + BACKGROUND_STEP));
  if (N_RANGES (self) > 0)
    return G_SOURCE_CONTINUE;
  self->background_id = 0;
  self->background_needed = FALSE;
  return G_SOURCE_REMOVE;
}

static gboolean
visible_cb (gpointer data)
{
  ReframeSpellChecker *self = data;
  int                  cursor, start, end;

  self->visible_id = 0;
  cursor = cursor_offset (self);
  check_unchecked_between (self, MAX (0, cursor - CURSOR_MARGIN), cursor + CURSOR_MARGIN);
  get_visible_offsets (self, &start, &end);
  check_unchecked_between (self, start, end);
  /* The edits' own places, wherever they are, unless they are many (a whole text set). */
  if (self->edit_start >= 0 && self->edit_end - self->edit_start <= 2 * VISIBLE_MARGIN)
    check_unchecked_between (self, self->edit_start, self->edit_end);
  else if (self->edit_start >= 0)
    self->background_needed = TRUE;
  self->edit_start = self->edit_end = -1;
  if (self->background_needed && N_RANGES (self) > 0 && self->background_id == 0)
    {
      self->background_id = g_idle_add_full (G_PRIORITY_LOW, background_cb, self, NULL);
      g_source_set_name_by_id (self->background_id, "[reframe] spell-check background");
    }
  return G_SOURCE_REMOVE;
}

/* Before the frame is painted (GDK_PRIORITY_REDRAW is lower), so the underline comes
 * with the keystroke's frame. */
static void
schedule_visible (ReframeSpellChecker *self)
{
  if (!self->spell.enabled || self->visible_id != 0 || self->view == NULL)
    return;
  self->visible_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, visible_cb, self, NULL);
  g_source_set_name_by_id (self->visible_id, "[reframe] spell-check visible");
}

static void
buffer_inserted_text_cb (GtkTextBuffer       *buffer,
                         GtkTextIter         *location,
                         const char          *text,
                         int                  length,
                         ReframeSpellChecker *self)
{
  int end = iter_offset (location);
  int n = g_utf8_strlen (text, length);
  int start = end - n;

  if (!self->spell.enabled)
    return;
  /* What is still to check moves with the text inserted before it. */
  for (guint i = 0; i < self->unchecked->len; i++)
    if (g_array_index (self->unchecked, int, i) >= start)
      g_array_index (self->unchecked, int, i) += n;
  if (self->edit_start >= 0)
    {
      self->edit_start += self->edit_start >= start ? n : 0;
      self->edit_end += self->edit_end >= start ? n : 0;
    }
  self->typing = n <= TYPED_CHARS;
  note_edit (self, start, end);
}

/* An edit's place: to check, and to check in the next pass wherever it is. */
static void
note_edit (ReframeSpellChecker *self,
           int                  start,
           int                  end)
{
  add_unchecked (self, start, end);
  if (self->edit_start < 0)
    {
      self->edit_start = start;
      self->edit_end = end;
    }
  else
    {
      self->edit_start = MIN (self->edit_start, start);
      self->edit_end = MAX (self->edit_end, end);
    }
  schedule_visible (self);
}

static int
shift_for_delete (int offset,
                  int start,
                  int end)
{
  if (offset >= end)
    return offset - (end - start);
  return MIN (offset, start);
}

static void
buffer_deleting_range_cb (GtkTextBuffer       *buffer,
                          GtkTextIter         *start,
                          GtkTextIter         *end,
                          ReframeSpellChecker *self)
{
  int from = MIN (iter_offset (start), iter_offset (end));
  int to = MAX (iter_offset (start), iter_offset (end));

  if (!self->spell.enabled)
    return;
  for (guint i = 0; i < self->unchecked->len; i++)
    g_array_index (self->unchecked, int, i) =
        shift_for_delete (g_array_index (self->unchecked, int, i), from, to);
  if (self->edit_start >= 0)
    {
      self->edit_start = shift_for_delete (self->edit_start, from, to);
      self->edit_end = shift_for_delete (self->edit_end, from, to);
    }
  self->typing = to - from <= TYPED_CHARS;
  note_edit (self, from, from);
}

/* The word left alone while typed is checked once the cursor has left its end. */
static void
check_deferred (ReframeSpellChecker *self,
                gboolean             leaving)
{
  GtkTextIter deferred;
  int         offset;

  if (!self->deferred_pending)
    return;
  gtk_text_buffer_get_iter_at_mark (self->buffer, &deferred, self->deferred);
  offset = iter_offset (&deferred);
  if (!leaving && offset == cursor_offset (self))
    return;
  self->deferred_pending = FALSE;
  note_edit (self, offset, offset);
  schedule_visible (self);
}

static void
buffer_cursor_moved_cb (ReframeSpellChecker *self)
{
  check_deferred (self, FALSE);
}

static void
focus_left_cb (ReframeSpellChecker *self)
{
  check_deferred (self, TRUE);
}

static void
adjustment_changed_cb (ReframeSpellChecker *self)
{
  schedule_visible (self);
}

static void
view_vadjustment_changed_cb (ReframeSpellChecker *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->view));

  if (adjustment == self->vadjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    {
      g_signal_connect_swapped (
          adjustment, "value-changed", G_CALLBACK (adjustment_changed_cb), self);
      g_signal_connect_swapped (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self);
    }
}

static void
click_pressed_cb (GtkGestureClick     *gesture,
                  int                  n_press,
                  double               x,
                  double               y,
                  ReframeSpellChecker *self)
{
  GtkTextIter iter, start, end;
  int         buffer_x, buffer_y;

  gtk_text_view_window_to_buffer_coords (
      self->view, GTK_TEXT_WINDOW_WIDGET, x, y, &buffer_x, &buffer_y);
  gtk_text_view_get_iter_at_location (self->view, &iter, buffer_x, buffer_y);
  /* Like other editors: the cursor goes where the menu is asked for, unless that is in
   * the selection the menu may be for. */
  if (!gtk_text_buffer_get_selection_bounds (self->buffer, &start, &end) ||
      !gtk_text_iter_in_range (&iter, &start, &end))
    gtk_text_buffer_place_cursor (self->buffer, &iter);
  reframe_spell_checker_update_menu (self, &iter);
  /* The view's own gesture opens the menu. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
}

static gboolean
menu_key_cb (GtkWidget *widget,
             GVariant  *args,
             gpointer   data)
{
  ReframeSpellChecker *self = data;
  GtkTextIter          cursor;

  gtk_text_buffer_get_iter_at_mark (
      self->buffer, &cursor, gtk_text_buffer_get_insert (self->buffer));
  reframe_spell_checker_update_menu (self, &cursor);
  return gtk_widget_activate_action (widget, "menu.popup", NULL);
}

static void
replace_activated_cb (GSimpleAction       *action,
                      GVariant            *parameter,
                      ReframeSpellChecker *self)
{
  GtkTextIter start, end;
  const char *replacement = g_variant_get_string (parameter, NULL);

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->word_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->word_end);
  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, replacement, -1);
  gtk_text_buffer_end_user_action (self->buffer);
  gtk_text_buffer_place_cursor (self->buffer, &start);
}

static void
dictionary_words_changed_cb (ReframeSpellChecker *self)
{
  if (self->spell.enabled)
    mark_all_unchecked (self);
}

/* The view is going away: nothing more to do for it. */
static void
view_destroyed_cb (ReframeSpellChecker *self)
{
  g_clear_handle_id (&self->visible_id, g_source_remove);
  g_clear_handle_id (&self->background_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->buffer, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_signal_handlers_disconnect_by_data (self->view, self);
  _reframe_spell_menu_detach (&self->spell);
  gtk_widget_remove_controller (GTK_WIDGET (self->view), self->focus);
  self->view = NULL;
}

/* Overrides */

static void
reframe_spell_checker_dispose (GObject *object)
{
  ReframeSpellChecker *self = REFRAME_SPELL_CHECKER (object);

  if (self->view != NULL)
    view_destroyed_cb (self);
  g_clear_handle_id (&self->visible_id, g_source_remove);
  g_clear_handle_id (&self->background_id, g_source_remove);
  _reframe_spell_menu_dispose (&self->spell);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->buffer);

  G_OBJECT_CLASS (reframe_spell_checker_parent_class)->dispose (object);
}

static void
reframe_spell_checker_finalize (GObject *object)
{
  ReframeSpellChecker *self = REFRAME_SPELL_CHECKER (object);

  _reframe_spell_menu_finalize (&self->spell);
  g_array_unref (self->unchecked);

  G_OBJECT_CLASS (reframe_spell_checker_parent_class)->finalize (object);
}

static void
reframe_spell_checker_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  _reframe_spell_menu_get_property (
      &REFRAME_SPELL_CHECKER (object)->spell, object, prop_id, value, pspec);
}

static void
reframe_spell_checker_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ReframeSpellChecker *self = REFRAME_SPELL_CHECKER (object);

  switch (prop_id)
    {
    case REFRAME_SPELL_PROP_ENABLED:
      reframe_spell_checker_set_enabled (self, g_value_get_boolean (value));
      break;
    case REFRAME_SPELL_PROP_LANGUAGE:
      reframe_spell_checker_set_language (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
reframe_spell_checker_class_init (ReframeSpellCheckerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = reframe_spell_checker_dispose;
  object_class->finalize = reframe_spell_checker_finalize;
  object_class->get_property = reframe_spell_checker_get_property;
  object_class->set_property = reframe_spell_checker_set_property;

  _reframe_spell_install_properties (object_class, properties);
}

static void
reframe_spell_checker_init (ReframeSpellChecker *self)
{
  _reframe_spell_menu_init (&self->spell);
  self->edit_start = self->edit_end = -1;
  self->unchecked = g_array_new (FALSE, FALSE, sizeof (int));
}

/* The view's own: a word left alone while typed is checked once the focus goes. */
static void
add_focus_controller (ReframeSpellChecker *self)
{
  self->focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (self->focus, "leave", G_CALLBACK (focus_left_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->view), self->focus);
}

/* Public API */

/**
 * reframe_spell_checker_new:
 * @view: the text view to check
 *
 * Checks @view's spelling in the locale's language. The caller owns the checker and
 * keeps it as long as @view (reframe_spell_attach_text_view() gives it to @view).
 *
 * Returns: (transfer full): the checker
 */
ReframeSpellChecker *
reframe_spell_checker_new (GtkTextView *view)
{
  static const ReframeSpellMenuHooks hooks = {
    .words_changed = G_CALLBACK (dictionary_words_changed_cb),
    .replace_activated = G_CALLBACK (replace_activated_cb),
    .click_pressed = G_CALLBACK (click_pressed_cb),
    .menu_key = menu_key_cb,
  };
  ReframeSpellChecker *self;

  g_return_val_if_fail (GTK_IS_TEXT_VIEW (view), NULL);

  self = g_object_new (REFRAME_TYPE_SPELL_CHECKER, NULL);
  self->view = view;
  self->buffer = g_object_ref (gtk_text_view_get_buffer (view));
  self->error_tag = gtk_text_buffer_create_tag (self->buffer,
                                                NULL,
                                                "underline",
                                                PANGO_UNDERLINE_ERROR,
                                                "underline-rgba",
                                                &(GdkRGBA){ 0.88, 0.11, 0.14, 1.0 },
                                                NULL);
  {
    GtkTextIter start;
    gtk_text_buffer_get_start_iter (self->buffer, &start);
    self->word_start = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
    self->word_end = gtk_text_buffer_create_mark (self->buffer, NULL, &start, FALSE);
    self->deferred = gtk_text_buffer_create_mark (self->buffer, NULL, &start, FALSE);
  }
  _reframe_spell_menu_attach (&self->spell, G_OBJECT (self), GTK_WIDGET (view), &hooks);
  add_focus_controller (self);
  gtk_text_view_set_extra_menu (view, G_MENU_MODEL (self->spell.menu));

  g_signal_connect_object (
      self->buffer, "insert-text", G_CALLBACK (buffer_inserted_text_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (
      self->buffer, "delete-range", G_CALLBACK (buffer_deleting_range_cb), self, 0);
  g_signal_connect_object (self->buffer,
                           "notify::cursor-position",
                           G_CALLBACK (buffer_cursor_moved_cb),
                           self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (
      view, "notify::vadjustment", G_CALLBACK (view_vadjustment_changed_cb), self);
  g_signal_connect_swapped (view, "destroy", G_CALLBACK (view_destroyed_cb), self);
  view_vadjustment_changed_cb (self);
  mark_all_unchecked (self);
  return self;
}

gboolean
reframe_spell_checker_get_enabled (ReframeSpellChecker *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_CHECKER (self), FALSE);

  return self->spell.enabled;
}

/**
 * reframe_spell_checker_set_enabled:
 * @self: a checker
 * @enabled: whether to check
 *
 * Turned off, every underline goes and nothing is checked; turned on, the whole text
 * is checked again.
 */
void
reframe_spell_checker_set_enabled (ReframeSpellChecker *self,
                                   gboolean             enabled)
{
  g_return_if_fail (REFRAME_IS_SPELL_CHECKER (self));

  enabled = !!enabled;
  if (self->spell.enabled == enabled)
    return;
  self->spell.enabled = enabled;
  if (self->view != NULL)
    {
      clear_all (self);
      g_menu_remove_all (self->spell.menu);
      if (enabled)
        mark_all_unchecked (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[REFRAME_SPELL_PROP_ENABLED]);
}

/**
 * reframe_spell_checker_get_language:
 * @self: a checker
 *
 * Returns: (nullable): the language chosen for this field, %NULL for the locale's
 */
const char *
reframe_spell_checker_get_language (ReframeSpellChecker *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_CHECKER (self), NULL);

  return self->spell.language;
}

/**
 * reframe_spell_checker_set_language:
 * @self: a checker
 * @language: (nullable): a language tag, or %NULL or "" for the locale's
 *
 * Checks the whole text again in @language. Without a dictionary for it, nothing is
 * underlined and the menu says so.
 */
void
reframe_spell_checker_set_language (ReframeSpellChecker *self,
                                    const char          *language)
{
  gboolean dictionary_changed;

  g_return_if_fail (REFRAME_IS_SPELL_CHECKER (self));

  if (!_reframe_spell_menu_set_language (&self->spell, language, &dictionary_changed))
    return;
  if (dictionary_changed && self->view != NULL && self->spell.enabled)
    {
      clear_all (self);
      mark_all_unchecked (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[REFRAME_SPELL_PROP_LANGUAGE]);
}

/**
 * reframe_spell_checker_get_error_tag:
 * @self: a checker
 *
 * Returns: (transfer none): the tag on misspelled words
 */
GtkTextTag *
reframe_spell_checker_get_error_tag (ReframeSpellChecker *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_CHECKER (self), NULL);

  return self->error_tag;
}

/**
 * reframe_spell_checker_is_busy:
 * @self: a checker
 *
 * Returns: whether some text is still waiting to be checked
 */
gboolean
reframe_spell_checker_is_busy (ReframeSpellChecker *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_CHECKER (self), FALSE);

  return self->visible_id != 0 || self->background_id != 0 || self->unchecked->len > 0 ||
         reframe_spell_dictionary_is_loading (self->spell.dictionary);
}

/**
 * reframe_spell_checker_get_menu:
 * @self: a checker
 *
 * Returns: (transfer none): the spelling part of the view's context menu
 */
GMenuModel *
reframe_spell_checker_get_menu (ReframeSpellChecker *self)
{
  g_return_val_if_fail (REFRAME_IS_SPELL_CHECKER (self), NULL);

  return G_MENU_MODEL (self->spell.menu);
}

/**
 * reframe_spell_checker_update_menu:
 * @self: a checker
 * @iter: where the menu is asked for
 *
 * Makes the spelling part of the context menu for the word at @iter: corrections, Add
 * to Dictionary and Ignore when it is misspelled, and the languages.
 */
void
reframe_spell_checker_update_menu (ReframeSpellChecker *self,
                                   const GtkTextIter   *iter)
{
  GtkTextIter      start = *iter, end = *iter;
  g_autofree char *text = NULL;
  ReframeSpellWord word;
  gsize            offset;

  g_return_if_fail (REFRAME_IS_SPELL_CHECKER (self));

  if (!_reframe_spell_menu_begin_update (&self->spell, self->spell.enabled))
    return;
  extend_to_spaces (&start, &end);
  text = gtk_text_buffer_get_slice (self->buffer, &start, &end, TRUE);
  offset = g_utf8_offset_to_pointer (text, iter_offset (iter) - iter_offset (&start)) - text;
  if (_reframe_spell_menu_find_word (&self->spell, text, offset, &word))
    {
      GtkTextIter word_start = start, word_end = start;

      gtk_text_iter_forward_chars (&word_start, g_utf8_strlen (text, word.start));
      gtk_text_iter_forward_chars (&word_end, g_utf8_strlen (text, word.end));
      gtk_text_buffer_move_mark (self->buffer, self->word_start, &word_start);
      gtk_text_buffer_move_mark (self->buffer, self->word_end, &word_end);
    }
  _reframe_spell_menu_fill (&self->spell);
}
