/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-template-parser-private.h: calls between the template parser and its scoring part. */

#pragma once

#include <json-glib/json-glib.h>

#include "reframe-template-private.h"

G_BEGIN_DECLS

/* One template file being read. */
typedef struct
{
  const char *file_name;
  GError    **error;

  /* Borrowed */
  const char *domain; /* gettext domain, NULL when the file is shown as written */
  JsonObject *lists;  /* the template's own lists, or NULL */
  GHashTable *seen;   /* field ids on the steps read so far → TRUE */
} ReframeTemplateParser;

gboolean    _reframe_template_fail (ReframeTemplateParser *p,
                                    const char            *path,
                                    const char            *format,
                                    ...) G_GNUC_PRINTF (3, 4);
gboolean    _reframe_template_wrong_type (ReframeTemplateParser *p,
                                          const char            *path,
                                          const char            *key,
                                          const char            *expected,
                                          JsonNode              *node);
gboolean    _reframe_template_check_keys (ReframeTemplateParser *p,
                                          JsonObject            *object,
                                          const char            *path,
                                          const char *const     *allowed);
const char *_reframe_template_field_type_name (ReframeFieldType type);
gboolean    _reframe_template_read_string (ReframeTemplateParser *p,
                                           JsonObject            *object,
                                           const char            *path,
                                           const char            *key,
                                           gboolean               required,
                                           gboolean               translated,
                                           char                 **out);
gboolean    _reframe_template_read_int (ReframeTemplateParser *p,
                                        JsonObject            *object,
                                        const char            *path,
                                        const char            *key,
                                        gboolean               required,
                                        int                   *out);
gboolean    _reframe_template_read_array (ReframeTemplateParser *p,
                                          JsonObject            *object,
                                          const char            *path,
                                          const char            *key,
                                          gboolean               required,
                                          JsonArray            **out);
JsonObject *_reframe_template_element_object (ReframeTemplateParser *p,
                                              JsonArray             *array,
                                              guint                  index,
                                              const char            *path);
const char *_reframe_template_element_string (ReframeTemplateParser *p,
                                              JsonArray             *array,
                                              guint                  index,
                                              const char            *path);

/* reframe-template-parser-scoring.c */
gboolean _reframe_template_parse_scoring (ReframeTemplateParser *p,
                                          JsonObject            *object,
                                          ReframeTemplateData   *data);
gboolean _reframe_template_parse_safety (ReframeTemplateParser *p,
                                         JsonObject            *object,
                                         ReframeTemplateData   *data);

G_END_DECLS
