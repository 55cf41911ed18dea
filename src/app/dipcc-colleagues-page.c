/* dipcc-colleagues-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Colleagues page: every phone of the PBX whose name is an extension
 * (trunks and other endpoints are left out), sorted by extension, with a
 * filter on the name or the extension. The models are chained over the
 * session's endpoint list: phones -> sorted -> filtered, so that the page
 * can tell "no phones yet" from "nothing matches the filter".
 */
#define G_LOG_DOMAIN "dipcc-colleagues-page"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dipcc-colleague-row.h"
#include "dipcc-colleagues-page.h"

struct _DipccColleaguesPage
{
  AdwBin              parent_instance;

  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  GtkListView        *list_view;

  DipccSession       *session;
  GtkFilterListModel *phones;       /* endpoints whose name is an extension */
  GtkSortListModel   *sorted;
  GtkFilterListModel *filtered;     /* what the list shows */
  GtkCustomFilter    *search_filter;
  char               *search_key;   /* casefolded filter text, NULL: none */
};

G_DEFINE_FINAL_TYPE (DipccColleaguesPage, dipcc_colleagues_page, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static gboolean
is_extension (const char *name)
{
  if (name == NULL || *name == '\0')
    return FALSE;
  for (const char *p = name; *p; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
    }
  return TRUE;
}

static gboolean
phone_filter_func (gpointer item,
                   gpointer user_data)
{
  return is_extension (dipcc_endpoint_get_name (item));
}

static int
extension_sort_func (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  const char *na = dipcc_endpoint_get_name ((DipccEndpoint *) a);
  const char *nb = dipcc_endpoint_get_name ((DipccEndpoint *) b);
  gsize la = strlen (na);
  gsize lb = strlen (nb);
  int cmp;

  /* numerically for extensions of different lengths: 101 before 1001 */
  if (la != lb)
    return la < lb ? -1 : 1;
  cmp = strcmp (na, nb);
  if (cmp != 0)
    return cmp;
  return dipcc_endpoint_get_server_id ((DipccEndpoint *) a) -
         dipcc_endpoint_get_server_id ((DipccEndpoint *) b);
}

static gboolean
search_filter_func (gpointer item,
                    gpointer user_data)
{
  DipccColleaguesPage *self = user_data;
  g_autofree char *name = NULL;

  if (self->search_key == NULL)
    return TRUE;
  if (strstr (dipcc_endpoint_get_name (item), self->search_key))
    return TRUE;
  name = g_utf8_casefold (dipcc_endpoint_get_display_name (item), -1);
  return strstr (name, self->search_key) != NULL;
}

static void
update_stack (DipccColleaguesPage *self)
{
  const char *page = "list";

  if (g_list_model_get_n_items (G_LIST_MODEL (self->phones)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
    page = "no-results";
  gtk_stack_set_visible_child_name (self->stack, page);
}

static void
search_changed_cb (DipccColleaguesPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->search_key, g_free);
  if (*stripped)
    self->search_key = g_utf8_casefold (stripped, -1);
  gtk_filter_changed (GTK_FILTER (self->search_filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_stack (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_child (item, dipcc_colleague_row_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  user_data)
{
  dipcc_colleague_row_set_endpoint (DIPCC_COLLEAGUE_ROW (gtk_list_item_get_child (item)),
                                    gtk_list_item_get_item (item));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  dipcc_colleague_row_set_endpoint (DIPCC_COLLEAGUE_ROW (gtk_list_item_get_child (item)), NULL);
}

/**
 * dipcc_colleagues_page_set_session:
 * @self: a #DipccColleaguesPage
 * @session: (nullable): the session whose phones to show
 */
void
dipcc_colleagues_page_set_session (DipccColleaguesPage *self,
                                   DipccSession        *session)
{
  g_return_if_fail (DIPCC_IS_COLLEAGUES_PAGE (self));
  g_return_if_fail (session == NULL || DIPCC_IS_SESSION (session));

  if (!g_set_object (&self->session, session))
    return;

  gtk_filter_list_model_set_model (self->phones,
                                   session ? G_LIST_MODEL (dipcc_session_get_endpoints (session))
                                           : NULL);
  update_stack (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

DipccSession *
dipcc_colleagues_page_get_session (DipccColleaguesPage *self)
{
  g_return_val_if_fail (DIPCC_IS_COLLEAGUES_PAGE (self), NULL);

  return self->session;
}

/**
 * dipcc_colleagues_page_get_model:
 * @self: a #DipccColleaguesPage
 *
 * Returns: (transfer none): the #DipccEndpoint items the list shows, in order
 */
GListModel *
dipcc_colleagues_page_get_model (DipccColleaguesPage *self)
{
  g_return_val_if_fail (DIPCC_IS_COLLEAGUES_PAGE (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

static void
get_property (GObject    *object,
              guint       prop_id,
              GValue     *value,
              GParamSpec *pspec)
{
  DipccColleaguesPage *self = DIPCC_COLLEAGUES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_property (GObject      *object,
              guint         prop_id,
              const GValue *value,
              GParamSpec   *pspec)
{
  DipccColleaguesPage *self = DIPCC_COLLEAGUES_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      dipcc_colleagues_page_set_session (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dispose (GObject *object)
{
  DipccColleaguesPage *self = DIPCC_COLLEAGUES_PAGE (object);

  if (self->phones)
    g_signal_handlers_disconnect_by_data (self->phones, self);
  if (self->filtered)
    g_signal_handlers_disconnect_by_data (self->filtered, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_COLLEAGUES_PAGE);
  g_clear_object (&self->filtered);
  g_clear_object (&self->sorted);
  g_clear_object (&self->phones);
  g_clear_object (&self->search_filter);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dipcc_colleagues_page_parent_class)->dispose (object);
}

static void
finalize (GObject *object)
{
  g_free (DIPCC_COLLEAGUES_PAGE (object)->search_key);
  G_OBJECT_CLASS (dipcc_colleagues_page_parent_class)->finalize (object);
}

static void
dipcc_colleagues_page_class_init (DipccColleaguesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = get_property;
  object_class->set_property = set_property;
  object_class->dispose = dispose;
  object_class->finalize = finalize;

  /**
   * DipccColleaguesPage:session:
   *
   * The session whose phones the page shows; may be set after construction.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DIPCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (DIPCC_TYPE_COLLEAGUE_ROW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/"
                                               "dipcc-colleagues-page.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccColleaguesPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, DipccColleaguesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, DipccColleaguesPage, list_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
}

static void
dipcc_colleagues_page_init (DipccColleaguesPage *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkSelectionModel) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->phones = gtk_filter_list_model_new (NULL,
                                            GTK_FILTER (gtk_custom_filter_new (phone_filter_func,
                                                                               NULL, NULL)));
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->phones)),
                                          GTK_SORTER (gtk_custom_sorter_new (extension_sort_func,
                                                                             NULL, NULL)));
  self->search_filter = gtk_custom_filter_new (search_filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->sorted)),
                                              g_object_ref (GTK_FILTER (self->search_filter)));

  g_signal_connect_swapped (self->phones, "items-changed", G_CALLBACK (update_stack), self);
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (update_stack), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  selection =
    GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered))));
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, selection);

  update_stack (self);
}
