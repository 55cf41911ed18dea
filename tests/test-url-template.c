/* test-url-template.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "dipcc-error.h"
#include "dipcc-url-template.h"

static GHashTable *
values_new (const char *first_name,
            ...) G_GNUC_NULL_TERMINATED;

static GHashTable *
values_new (const char *first_name,
            ...)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *name = first_name;
  va_list ap;

  va_start (ap, first_name);
  while (name != NULL)
    {
      g_hash_table_insert (values, g_strdup (name), g_strdup (va_arg (ap, const char *)));
      name = va_arg (ap, const char *);
    }
  va_end (ap);
  return values;
}

static void
test_valid (void)
{
  static const char * const valid[] = {
    "https://crm.example/search?number={number}",
    "http://crm.example",
    "HTTPS://crm.example:8443/a/{name}/b?x={did}&y={main}#{uniqueid}",
    "https://crm.example/{extension}",
    "https://127.0.0.1:8080/?q={number}{name}",
    "http://[::1]/p?n={number}",
    "https://crm.example/%EA%B2%80%EC%83%89?n={number}",
    "https://crm.example/검색?n={number}",
    "https://user@crm.example/?n={number}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", valid[i]);
      g_assert_true (dipcc_url_template_validate (valid[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_invalid (void)
{
  static const struct {
    const char *template_;
    const char *message_part;
  } invalid[] = {
    { "", "No screen-pop address" },
    { "crm.example/?n={number}", "http:// or https://" },
    { "ftp://crm.example/{number}", "http:// or https://" },
    { "javascript:alert({name})", "http:// or https://" },
    { "{number}", "http:// or https://" },
    { "https://{number}.crm.example/", "after the host" },
    { "https://crm.example:{number}/", "after the host" },
    { "https://{name}@crm.example/", "after the host" },
    { "https://crm.example{number}", "after the host" },
    { "https:///path?{number}", "no host" },
    { "https://crm.example/?n={phone}", "{phone}" },
    { "https://crm.example/?n={Number}", "{Number}" },
    { "https://crm.example/?n={}", "{}" },
    { "https://crm.example/?n={number", "not closed" },
    { "https://crm.example/?n={{number}}", "not closed" },
    { "https://crm.example/?n=number}", "no “{”" },
    { "https://crm.example/?n={number} x", "space" },
    { "https://crm.example/\r\n?n={number}", "control" },
    { "https://crm.example/\t", "control" },
    { "https://crm.example/?n=100%", "hexadecimal" },
    { "https://crm.example/?n=%zz{number}", "hexadecimal" },
    { "https://crm.example:99999/", "not a valid web address" },
    { "https://crm.example/\xe9", "not valid text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GError) expand_error = NULL;
      g_autofree char *escaped = g_strescape (invalid[i].template_, NULL);
      g_autofree char *url = NULL;

      g_test_message ("%s", escaped);
      g_assert_false (dipcc_url_template_validate (invalid[i].template_, &error));
      g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strpbrk (error->message, "\r\n"));
      if (strstr (error->message, invalid[i].message_part) == NULL)
        g_error ("“%s” lacks “%s”", error->message, invalid[i].message_part);

      url = dipcc_url_template_expand (invalid[i].template_, NULL, &expand_error);
      g_assert_null (url);
      g_assert_error (expand_error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
      g_assert_cmpstr (expand_error->message, ==, error->message);
    }
}

static void
test_too_long (void)
{
  g_autoptr(GString) template_ = g_string_new ("https://crm.example/");
  g_autoptr(GError) error = NULL;

  while (template_->len <= DIPCC_URL_TEMPLATE_MAX_LENGTH)
    g_string_append (template_, "a");
  g_assert_false (dipcc_url_template_validate (template_->str, &error));
  g_assert_error (error, DIPCC_ERROR, DIPCC_ERROR_INVALID_INPUT);
}

static void
test_expand (void)
{
  g_autoptr(GHashTable) values = values_new ("number", "+82 10-1234-5678",
                                             "name", "홍길동 & Co",
                                             "did", "07079190158",
                                             "main", "16681706",
                                             "uniqueid", "1700000000.42",
                                             "extension", "0101",
                                             NULL);
  static const struct {
    const char *template_;
    const char *url;
  } cases[] = {
    { "https://crm.example/search?number={number}",
      "https://crm.example/search?number=%2B82%2010-1234-5678" },
    { "https://crm.example/c/{name}",
      "https://crm.example/c/%ED%99%8D%EA%B8%B8%EB%8F%99%20%26%20Co" },
    { "http://crm.example:8080/?d={did}&m={main}&u={uniqueid}&e={extension}",
      "http://crm.example:8080/?d=07079190158&m=16681706&u=1700000000.42&e=0101" },
    { "https://crm.example/검색#{extension}",
      "https://crm.example/%EA%B2%80%EC%83%89#0101" },
    { "https://crm.example", "https://crm.example" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *url = dipcc_url_template_expand (cases[i].template_, values, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (url, ==, cases[i].url);
    }
}

static void
test_missing_values (void)
{
  g_autoptr(GHashTable) values = values_new ("number", "0101", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *url_null = NULL;

  url = dipcc_url_template_expand ("https://crm.example/?n={number}&name={name}", values, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://crm.example/?n=0101&name=");
  url_null = dipcc_url_template_expand ("https://crm.example/?n={number}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (url_null, ==, "https://crm.example/?n=");
}

/* Whatever a value holds, it stays inside its placeholder. */
static void
test_breakout (void)
{
  static const char * const hostile[] = {
    "evil.example/",
    "@evil.example",
    "//evil.example/x",
    "x#frag",
    "a&admin=1",
    "a?b=c",
    "../../../etc/passwd",
    "\r\nSet-Cookie: a=b",
    "javascript:alert(1)",
    "%2e%2e%2f",
    "\xe9t\xe9",
    "\"><script>alert(1)</script>",
    "a b\tc",
    "\\evil.example",
    "\u202eevil",
  };

  for (guint i = 0; i < G_N_ELEMENTS (hostile); i++)
    {
      g_autoptr(GHashTable) values = values_new ("name", hostile[i], "number", hostile[i], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = NULL;
      g_autofree char *url = NULL;
      const char *value_part;

      url = dipcc_url_template_expand ("https://crm.example/pop/{number}?name={name}#n={name}",
                                       values, &error);
      g_assert_no_error (error);
      uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (g_uri_get_scheme (uri), ==, "https");
      g_assert_cmpstr (g_uri_get_host (uri), ==, "crm.example");
      g_assert_cmpint (g_uri_get_port (uri), ==, -1);
      g_assert_null (g_uri_get_userinfo (uri));
      g_assert_true (g_str_has_prefix (g_uri_get_path (uri), "/pop/"));
      g_assert_null (strchr (g_uri_get_path (uri) + 5, '/'));
      g_assert_true (g_str_has_prefix (g_uri_get_query (uri), "name="));
      g_assert_null (strchr (g_uri_get_query (uri), '&'));
      g_assert_true (strchr (g_uri_get_query (uri), '=') == strrchr (g_uri_get_query (uri), '='));
      g_assert_true (g_str_has_prefix (g_uri_get_fragment (uri), "n="));

      /* only unreserved characters and escapes, then it decodes back */
      value_part = g_uri_get_path (uri) + 5;
      for (const char *p = value_part; *p; p++)
        g_assert_true (g_ascii_isalnum (*p) || strchr ("-._~%", *p) != NULL);
      {
        g_autofree char *decoded = g_uri_unescape_string (value_part, NULL);
        g_autofree char *expected = g_utf8_make_valid (hostile[i], -1);

        g_assert_nonnull (decoded);
        g_assert_true (g_utf8_validate (decoded, -1, NULL));
        /* invalid bytes become U+FFFD, the rest is kept */
        g_assert_cmpuint (g_utf8_strlen (decoded, -1), ==, g_utf8_strlen (expected, -1));
      }
    }
}

static void
test_encode_value (void)
{
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *encoded = NULL;
  g_autofree char *decoded = NULL;
  g_autofree char *plain = dipcc_url_template_encode_value ("Az09-._~");
  g_autofree char *reserved = dipcc_url_template_encode_value (":/?#[]@!$&'()*+,;= %");
  g_autofree char *invalid = dipcc_url_template_encode_value ("\xb1\xe8");

  g_assert_cmpstr (plain, ==, "Az09-._~");
  g_assert_cmpstr (reserved, ==,
                   "%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%20%25");
  g_assert_cmpstr (invalid, ==, "%EF%BF%BD%EF%BF%BD");

  for (guint i = 0; i < 100 * 1024; i++)
    g_string_append (big, "가");
  encoded = dipcc_url_template_encode_value (big->str);
  decoded = g_uri_unescape_string (encoded, NULL);
  g_assert_cmpuint (g_utf8_strlen (decoded, -1), ==, DIPCC_URL_TEMPLATE_MAX_VALUE_CHARS);
}

static void
test_placeholders (void)
{
  const char * const *names = dipcc_url_template_placeholders ();
  g_autoptr(GString) template_ = g_string_new ("https://crm.example/?");

  g_assert_cmpuint (g_strv_length ((char **) names), ==, 6);
  for (guint i = 0; names[i] != NULL; i++)
    g_string_append_printf (template_, "%s={%s}&", names[i], names[i]);
  g_assert_true (dipcc_url_template_validate (template_->str, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/url-template/valid", test_valid);
  g_test_add_func ("/url-template/invalid", test_invalid);
  g_test_add_func ("/url-template/too-long", test_too_long);
  g_test_add_func ("/url-template/expand", test_expand);
  g_test_add_func ("/url-template/missing-values", test_missing_values);
  g_test_add_func ("/url-template/breakout", test_breakout);
  g_test_add_func ("/url-template/encode-value", test_encode_value);
  g_test_add_func ("/url-template/placeholders", test_placeholders);

  return g_test_run ();
}
