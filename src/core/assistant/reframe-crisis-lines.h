/* SPDX-License-Identifier: GPL-3.0-or-later */
/* reframe-crisis-lines.h: the crisis lines and emergency numbers shipped with Reframe, by country.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ReframeCrisisLineKind:
 * @REFRAME_CRISIS_LINE_EMERGENCY: the country's emergency number (always first)
 * @REFRAME_CRISIS_LINE_HELPLINE: a crisis or suicide-prevention line
 * @REFRAME_CRISIS_LINE_DIRECTORY: an international directory of lines
 */
typedef enum
{
  REFRAME_CRISIS_LINE_EMERGENCY,
  REFRAME_CRISIS_LINE_HELPLINE,
  REFRAME_CRISIS_LINE_DIRECTORY,
} ReframeCrisisLineKind;

#define REFRAME_TYPE_CRISIS_LINE    (reframe_crisis_line_get_type ())
#define REFRAME_TYPE_CRISIS_COUNTRY (reframe_crisis_country_get_type ())
#define REFRAME_TYPE_CRISIS_LINES   (reframe_crisis_lines_get_type ())

typedef struct _ReframeCrisisLine    ReframeCrisisLine;
typedef struct _ReframeCrisisCountry ReframeCrisisCountry;

/**
 * ReframeCrisisLine:
 * @kind: emergency number, helpline or directory
 * @country: the ISO 3166 code ("DE"), "" for a directory
 * @name: the service, translated where Reframe has a translation
 * @numbers: phone numbers, as people dial them (may be empty)
 * @sms: (nullable): a number to text
 * @url: (nullable): web site, chat or directory
 * @email: (nullable): an address to write to
 * @hours: (nullable): when it answers ("24/7")
 * @languages: ISO 639 codes of the languages it answers in (may be empty)
 * @notes: (nullable): anything else worth knowing
 * @source: (nullable): where the entry was checked
 * @last_verified: (nullable): when, as YYYY-MM-DD
 */
struct _ReframeCrisisLine
{
  ReframeCrisisLineKind kind;

  /* Owned */
  char  *country;
  char  *name;
  char **numbers;
  char  *sms;
  char  *url;
  char  *email;
  char  *hours;
  char **languages;
  char  *notes;
  char  *source;
  char  *last_verified;
};

/**
 * ReframeCrisisCountry:
 * @code: the ISO 3166 code ("DE")
 * @name: the country's name, translated
 */
struct _ReframeCrisisCountry
{
  /* Owned */
  char *code;
  char *name;
};

G_DECLARE_FINAL_TYPE (ReframeCrisisLines, reframe_crisis_lines, REFRAME, CRISIS_LINES, GObject)

GType                 reframe_crisis_line_get_type (void) G_GNUC_CONST;
ReframeCrisisLine    *reframe_crisis_line_copy (const ReframeCrisisLine *line);
void                  reframe_crisis_line_free (ReframeCrisisLine *line);
GType                 reframe_crisis_country_get_type (void) G_GNUC_CONST;
ReframeCrisisCountry *reframe_crisis_country_copy (const ReframeCrisisCountry *country);
void                  reframe_crisis_country_free (ReframeCrisisCountry *country);

ReframeCrisisLines *reframe_crisis_lines_new (GError **error);
ReframeCrisisLines *reframe_crisis_lines_new_from_bytes (GBytes     *data,
                                                         const char *name,
                                                         GError    **error);
guint               reframe_crisis_lines_get_version (ReframeCrisisLines *self);
const char         *reframe_crisis_lines_default_country (void);
const char         *reframe_crisis_lines_country_for_locale (const char *locale);
GPtrArray          *reframe_crisis_lines_get_countries (ReframeCrisisLines *self);
const char         *reframe_crisis_lines_resolve_country (ReframeCrisisLines *self,
                                                          const char         *wanted);
GPtrArray          *reframe_crisis_lines_lookup (ReframeCrisisLines *self,
                                                 const char         *country);
GPtrArray          *reframe_crisis_lines_get_international (ReframeCrisisLines *self);
char               *reframe_crisis_lines_format_text (ReframeCrisisLines *self,
                                                      const char         *country,
                                                      const char         *therapist_name,
                                                      const char         *therapist_phone);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeCrisisLine, reframe_crisis_line_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ReframeCrisisCountry, reframe_crisis_country_free)

G_END_DECLS
