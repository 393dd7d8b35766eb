/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-markdown.c: renders Markdown as one selectable label per block.
 *
 * A finished reply is parsed once with libcmark. Each block (paragraph, heading, list
 * item, quote, code block) becomes a GtkLabel with Pango markup for bold, italics, code
 * and links, indented by its nesting; HTML in a reply is shown as the text it is. Labels
 * (rather than one text view) size themselves exactly, and a screen reader reads them in
 * order. */

#define G_LOG_DOMAIN "ReframeMarkdown"

#include "config.h"

#include <cmark.h>
#include <string.h>

#include "reframe-markdown.h"

/* Indentation of one level of list or quote, in pixels. */
#define INDENT_STEP 18

/* The narrowest a paragraph may be, in characters; the pane is always wider. */
#define MIN_WIDTH_CHARS 12

/* A block that grows past this goes on in a new label, as a streaming paragraph does
 * (reframe-chat-bubble.c): Pango lays a label out whole at every size request, and one
 * paragraph of 300 KB, which a model repeating itself can send, held the main loop for
 * seconds at every frame once the reply was formatted. */
#define MAX_BLOCK_BYTES 2048

struct _ReframeMarkdownBlock
{
  char    *markup;
  guint    level; /* of list or quote */
  gboolean code;
  gboolean quote;
};

typedef struct
{
  GPtrArray *blocks;       /* ReframeMarkdownBlock, in order */
  GString   *markup;       /* the block being built */
  GArray    *list_numbers; /* per open list: next number, or -1 for bullets */
  guint      quote_depth;
  int        block_kind; /* CMARK_NODE_* of the block being built */
  guint      open_spans; /* bold, italics, links and headings open in the markup */
} Renderer;

/**
 * reframe_markdown_text_label_new:
 *
 * Returns: (transfer floating): an empty label for a paragraph of a message: wrapped,
 *   selectable, of the chat's text style
 */
GtkLabel *
reframe_markdown_text_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  /* GTK measures a wrapped label's minimum width by laying it out at this width, or at
   * width 0 when it is unset: one character a line, 35–100 ms for 2 KB of text. */
  gtk_label_set_width_chars (GTK_LABEL (label), MIN_WIDTH_CHARS);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "chat-text");

  return GTK_LABEL (label);
}

/* Whether @label already shows @markup: its markup, or plain text that needs no escaping
 * (a streamed paragraph). */
static gboolean
label_shows (GtkLabel   *label,
             const char *markup)
{
  if (g_strcmp0 (gtk_label_get_label (label), markup) != 0)
    return FALSE;
  return gtk_label_get_use_markup (label) || strpbrk (markup, "<&") == NULL;
}

static void
set_class (GtkWidget  *widget,
           const char *name,
           gboolean    set)
{
  if (set && !gtk_widget_has_css_class (widget, name))
    gtk_widget_add_css_class (widget, name);
  else if (!set && gtk_widget_has_css_class (widget, name))
    gtk_widget_remove_css_class (widget, name);
}

static void
block_free (gpointer data)
{
  ReframeMarkdownBlock *block = data;

  g_free (block->markup);
  g_free (block);
}

static void
flush_block (Renderer *r)
{
  ReframeMarkdownBlock *block;

  if (r->markup->len == 0)
    return;

  block = g_new0 (ReframeMarkdownBlock, 1);
  block->markup = g_strdup (r->markup->str);
  block->level = r->list_numbers->len + r->quote_depth;
  block->code = r->block_kind == CMARK_NODE_CODE_BLOCK;
  block->quote = r->quote_depth > 0;
  g_ptr_array_add (r->blocks, block);

  g_string_truncate (r->markup, 0);
}

static void
append_escaped (Renderer   *r,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (r->markup, escaped);
}

/* Appends @text, going on in a new label of the same kind at a @separator once the
 * block is long; never inside a span, whose markup must close in its own label. */
static void
append_text (Renderer   *r,
             const char *text,
             char        separator)
{
  while (text != NULL && *text != '\0')
    {
      gsize       room = r->markup->len < MAX_BLOCK_BYTES ? MAX_BLOCK_BYTES - r->markup->len : 0;
      const char *cut =
          r->open_spans == 0 && strlen (text) > room ? strchr (text + room, separator) : NULL;
      g_autofree char *part = NULL;

      if (cut == NULL)
        {
          append_escaped (r, text);
          return;
        }
      part = g_strndup (text, cut - text);
      append_escaped (r, part);
      flush_block (r);
      text = cut + 1;
    }
}

static void
begin_block (Renderer *r,
             int       kind)
{
  flush_block (r);
  r->block_kind = kind;
}

static void
enter_item (Renderer *r)
{
  int *number = &g_array_index (r->list_numbers, int, r->list_numbers->len - 1);

  begin_block (r, CMARK_NODE_ITEM);
  if (*number < 0)
    g_string_append (r->markup, "•  ");
  else
    g_string_append_printf (r->markup, "%d.  ", (*number)++);
}

static void
enter_node (Renderer   *r,
            cmark_node *node)
{
  switch ((int) cmark_node_get_type (node))
    {
    case CMARK_NODE_PARAGRAPH:
      /* The first paragraph of a list item goes after its marker. */
      if (r->block_kind != CMARK_NODE_ITEM || r->markup->len == 0 ||
          cmark_node_previous (node) != NULL)
        begin_block (r, CMARK_NODE_PARAGRAPH);
      break;
    case CMARK_NODE_HEADING:
      begin_block (r, CMARK_NODE_HEADING);
      g_string_append (r->markup, "<span weight=\"bold\" size=\"larger\">");
      r->open_spans++;
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      flush_block (r);
      r->quote_depth++;
      break;
    case CMARK_NODE_LIST:
      {
        int number = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST
                         ? cmark_node_get_list_start (node)
                         : -1;

        flush_block (r);
        g_array_append_val (r->list_numbers, number);
        break;
      }
    case CMARK_NODE_ITEM:
      enter_item (r);
      break;
    case CMARK_NODE_STRONG:
      g_string_append (r->markup, "<b>");
      r->open_spans++;
      break;
    case CMARK_NODE_EMPH:
      g_string_append (r->markup, "<i>");
      r->open_spans++;
      break;
    case CMARK_NODE_LINK:
      g_string_append (r->markup, "<u>");
      r->open_spans++;
      break;
    case CMARK_NODE_TEXT:
    case CMARK_NODE_HTML_INLINE:
      append_text (r, cmark_node_get_literal (node), ' ');
      break;
    case CMARK_NODE_CODE:
      g_string_append (r->markup, "<tt>");
      append_escaped (r, cmark_node_get_literal (node));
      g_string_append (r->markup, "</tt>");
      break;
    case CMARK_NODE_SOFTBREAK:
      g_string_append_c (r->markup, ' ');
      break;
    case CMARK_NODE_LINEBREAK:
      g_string_append_c (r->markup, '\n');
      break;
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_HTML_BLOCK:
      {
        g_autofree char *text = g_strdup (cmark_node_get_literal (node));

        begin_block (r, CMARK_NODE_CODE_BLOCK);
        /* The fence's content ends with a newline the label does not need. */
        append_text (r, g_strchomp (text), '\n');
        flush_block (r);
        r->block_kind = CMARK_NODE_PARAGRAPH;
        break;
      }
    case CMARK_NODE_THEMATIC_BREAK:
      begin_block (r, CMARK_NODE_THEMATIC_BREAK);
      g_string_append (r->markup, "⸻");
      break;
    default:
      break;
    }
}

static void
leave_node (Renderer   *r,
            cmark_node *node)
{
  switch ((int) cmark_node_get_type (node))
    {
    case CMARK_NODE_HEADING:
      g_string_append (r->markup, "</span>");
      r->open_spans--;
      flush_block (r);
      break;
    case CMARK_NODE_STRONG:
      g_string_append (r->markup, "</b>");
      r->open_spans--;
      break;
    case CMARK_NODE_EMPH:
      g_string_append (r->markup, "</i>");
      r->open_spans--;
      break;
    case CMARK_NODE_LINK:
      g_string_append (r->markup, "</u>");
      r->open_spans--;
      break;
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_ITEM:
      flush_block (r);
      break;
    case CMARK_NODE_BLOCK_QUOTE:
      flush_block (r);
      r->quote_depth--;
      break;
    case CMARK_NODE_LIST:
      flush_block (r);
      g_array_set_size (r->list_numbers, r->list_numbers->len - 1);
      break;
    default:
      break;
    }
}

/**
 * reframe_markdown_parse:
 * @markdown: the Markdown text
 * @length: the length of @markdown in bytes, or -1 when nul-terminated
 *
 * Formats @markdown: paragraphs, lists, headings, quotes, bold, italics and code. Links
 * show their text underlined; images their description; HTML as plain text.
 *
 * Returns: (transfer container) (element-type ReframeMarkdownBlock): the blocks, a
 *   label each
 */
GPtrArray *
reframe_markdown_parse (const char *markdown,
                        gssize      length)
{
  g_autoptr (GString) markup = g_string_new (NULL);
  g_autoptr (GArray) list_numbers = g_array_new (FALSE, FALSE, sizeof (int));
  GPtrArray       *blocks = g_ptr_array_new_with_free_func (block_free);
  Renderer         r = { blocks, markup, list_numbers, 0, CMARK_NODE_PARAGRAPH, 0 };
  cmark_node      *document;
  cmark_iter      *iter;
  cmark_event_type event;

  if (markdown == NULL)
    markdown = "";
  if (length < 0)
    length = strlen (markdown);

  /* CMARK_OPT_VALIDATE_UTF8 replaces invalid bytes, so Pango always gets valid text. */
  document = cmark_parse_document (markdown, length, CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8);
  iter = cmark_iter_new (document);
  while ((event = cmark_iter_next (iter)) != CMARK_EVENT_DONE)
    {
      cmark_node *node = cmark_iter_get_node (iter);

      if (event == CMARK_EVENT_ENTER)
        enter_node (&r, node);
      else if (event == CMARK_EVENT_EXIT)
        leave_node (&r, node);
    }
  flush_block (&r);
  cmark_iter_free (iter);
  cmark_node_free (document);

  return blocks;
}

/* Shows @block in @label; Returns: whether its text had to be set. */
static gboolean
show_block (GtkWidget                  *label,
            const ReframeMarkdownBlock *block)
{
  gboolean changed = !label_shows (GTK_LABEL (label), block->markup);

  if (changed)
    gtk_label_set_markup (GTK_LABEL (label), block->markup);
  gtk_widget_set_margin_start (label, block->level * INDENT_STEP);
  set_class (label, "monospace", block->code);
  set_class (label, "chat-code", block->code);
  set_class (label, "chat-quote", block->quote);
  return changed;
}

/**
 * reframe_markdown_apply:
 * @box: a vertical box of labels
 * @blocks: (element-type ReframeMarkdownBlock): from reframe_markdown_parse()
 * @next: (inout): the first block not shown yet; 0 to start
 * @budget: (inout): about how many bytes of text may be set, at most (a block is never
 *   shown in part); less what was set
 *
 * Shows the blocks from @next on in @box, in the labels it holds where it can: a label
 * that already shows its block is kept as it is, so formatting a text again, or a
 * streamed reply at its end, lays out only the blocks that changed (a label is laid out
 * whole whenever its text is set). Once every block is shown, the labels left over go.
 *
 * Returns: whether every block is shown
 */
gboolean
reframe_markdown_apply (GtkBox    *box,
                        GPtrArray *blocks,
                        guint     *next,
                        gsize     *budget)
{
  GtkWidget *child;

  g_return_val_if_fail (GTK_IS_BOX (box), TRUE);

  child = gtk_widget_get_first_child (GTK_WIDGET (box));
  for (guint i = 0; i < *next && child != NULL; i++)
    child = gtk_widget_get_next_sibling (child);

  for (; *next<blocks->len && * budget> 0; (*next)++)
    {
      GtkWidget *label = child;

      if (label != NULL && GTK_IS_LABEL (label))
        child = gtk_widget_get_next_sibling (label);
      else
        {
          label = GTK_WIDGET (reframe_markdown_text_label_new ());
          gtk_widget_insert_before (label, GTK_WIDGET (box), child);
        }
      if (show_block (label, g_ptr_array_index (blocks, *next)))
        *budget -= MIN (*budget, strlen (gtk_label_get_label (GTK_LABEL (label))));
    }
  if (*next < blocks->len)
    return FALSE;

  while (child != NULL)
    {
      GtkWidget *after = gtk_widget_get_next_sibling (child);

      gtk_box_remove (box, child);
      child = after;
    }
  return TRUE;
}

/**
 * reframe_markdown_render:
 * @box: a vertical box to fill; the labels it holds are used again, the rest removed
 * @markdown: the Markdown text
 * @length: the length of @markdown in bytes, or -1 when nul-terminated
 *
 * Fills @box with @markdown formatted (reframe_markdown_parse()), all at once.
 */
void
reframe_markdown_render (GtkBox     *box,
                         const char *markdown,
                         gssize      length)
{
  g_autoptr (GPtrArray) blocks = NULL;
  guint next = 0;
  gsize budget = G_MAXSIZE;

  g_return_if_fail (GTK_IS_BOX (box));

  blocks = reframe_markdown_parse (markdown, length);
  reframe_markdown_apply (box, blocks, &next, &budget);
}
