/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-rednotebook-private.h: the YAML reader RedNotebook's importer reads a month with. */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A place in the text: the next character, its line, and where that line starts. */
typedef struct
{
  const char *p;
  const char *line_start;
  guint       line;
} ReframeYamlPosition;

/* A document being read; the first error stops it, with its line. */
typedef struct
{
  ReframeYamlPosition pos;
  guint               depth;
  guint               error_line;
  char               *error;
} ReframeYaml;

/* reframe-rednotebook-yaml.c */
void     _reframe_yaml_start (ReframeYaml *y,
                              const char  *text);
gboolean _reframe_yaml_at_end (ReframeYaml *y);
gboolean _reframe_yaml_at_flow_mapping (ReframeYaml *y);
gboolean _reframe_yaml_read_flow_document (ReframeYaml *y,
                                           JsonNode   **root);
gboolean _reframe_yaml_read_top_entry (ReframeYaml *y,
                                       char       **key,
                                       JsonNode   **value);
void     _reframe_yaml_skip_entry (ReframeYaml *y);
void     _reframe_yaml_skip_blank_lines (ReframeYaml *y);

G_END_DECLS
