/* fuzz-url-template.c: libFuzzer target for the screen-pop URL template
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first line of the input is the template, the next lines are the
 * values of {number}, {name}, {did}, {main}, {uniqueid} and {extension}.
 * A template that validates always expands, and the result is printable
 * ASCII with the template's own scheme, host and port, whatever the values
 * hold; one that does not validate never expands.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "dipcc-error.h"
#include "dipcc-url-template.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_error (const GError *error)
{
  g_assert (error != NULL);
  g_assert (error->domain == DIPCC_ERROR);
  g_assert (error->code == DIPCC_ERROR_INVALID_INPUT);
  g_assert (g_utf8_validate (error->message, -1, NULL));
  g_assert (strpbrk (error->message, "\r\n") == NULL);
}

static GUri *
origin_of (const char *template_)
{
  gsize len = strcspn (template_, "{");
  g_autofree char *prefix = NULL;
  const char *authority = strstr (template_, "://");
  gsize end;

  g_assert (authority != NULL && (gsize) (authority - template_) < len);
  end = authority - template_ + 3 + strcspn (authority + 3, "/?#");
  g_assert (end <= len);
  prefix = g_strndup (template_, end);
  return g_uri_parse (prefix, G_URI_FLAGS_ENCODED, NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_auto(GStrv) lines = g_strsplit (text, "\n", 7);
  const char * const *names = dipcc_url_template_placeholders ();
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) expand_error = NULL;
  g_autofree char *url = NULL;
  gboolean valid;

  for (guint i = 0; names[i] != NULL && lines[0] != NULL && lines[i + 1] != NULL; i++)
    g_hash_table_insert (values, (gpointer) names[i], lines[i + 1]);

  valid = dipcc_url_template_validate (lines[0] ? lines[0] : "", &error);
  url = dipcc_url_template_expand (lines[0] ? lines[0] : "", values, &expand_error);
  if (!valid)
    {
      check_error (error);
      check_error (expand_error);
      g_assert (url == NULL);
      return 0;
    }

  g_assert (error == NULL);
  g_assert (expand_error == NULL);
  g_assert (url != NULL);
  for (const char *p = url; *p; p++)
    g_assert (*p > 0x20 && *p < 0x7f);
  {
    g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
    g_autoptr(GUri) origin = origin_of (lines[0]);

    g_assert (uri != NULL);
    g_assert (origin != NULL);
    g_assert (g_ascii_strcasecmp (g_uri_get_scheme (uri), g_uri_get_scheme (origin)) == 0);
    g_assert (g_strcmp0 (g_uri_get_host (uri), g_uri_get_host (origin)) == 0);
    g_assert (g_uri_get_port (uri) == g_uri_get_port (origin));
    g_assert (g_strcmp0 (g_uri_get_userinfo (uri), g_uri_get_userinfo (origin)) == 0);
  }
  return 0;
}
