/* dipcc-dial-pad.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Dial pad page: a number entry, twelve keys, a backspace and a Call
 * button. What is typed or pasted loses its separators on the way in
 * (`010-1234-5678` becomes `01012345678`); a leading `+` is kept as the
 * agent wrote it (`+82 10 1234 5678` becomes `+821012345678`), since
 * dipcc_phone_number_normalize() keeps it too and the PBX's dial plan is
 * what knows how to route it. The number is shown grouped under the entry
 * (for `+82` in its national form, `010-1234-5678`). Anything else, such as
 * letters, stays visible with the reason under the entry and the Call button
 * insensitive. Calling activates app.dial; the page never dials itself.
 */
#define G_LOG_DOMAIN "dipcc-dial-pad"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "dipcc-dial-pad.h"
#include "dipcc-phone-number.h"

struct _DipccDialPad
{
  AdwBin        parent_instance;

  GtkEntry     *number_entry;
  GtkButton    *backspace_button;
  GtkLabel     *formatted_label;
  GtkLabel     *error_label;
  GtkGrid      *keypad;
  GtkButton    *call_button;

  DipccSession *session;
  char         *number;         /* normalized; NULL while empty or invalid */
};

G_DEFINE_FINAL_TYPE (DipccDialPad, dipcc_dial_pad, ADW_TYPE_BIN)

enum { PROP_0, PROP_SESSION, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const struct {
  const char *digit;
  const char *letters;
} keys[] = {
  { "1", "" }, { "2", "ABC" }, { "3", "DEF" },
  { "4", "GHI" }, { "5", "JKL" }, { "6", "MNO" },
  { "7", "PQRS" }, { "8", "TUV" }, { "9", "WXYZ" },
  { "*", "" }, { "0", "" }, { "#", "" },
};

/* Separators are dropped from whatever comes in, typed or pasted. */
static void
insert_text_cb (GtkEditable *editable,
                const char  *text,
                int          length,
                int         *position,
                gpointer     user_data)
{
  g_autofree char *raw = length < 0 ? g_strdup (text) : g_strndup (text, length);
  g_autofree char *stripped = dipcc_phone_number_strip (raw);

  if (strcmp (stripped, raw) == 0)
    return;

  g_signal_handlers_block_by_func (editable, insert_text_cb, user_data);
  gtk_editable_insert_text (editable, stripped, -1, position);
  g_signal_handlers_unblock_by_func (editable, insert_text_cb, user_data);
  g_signal_stop_emission_by_name (editable, "insert-text");
}

static void
number_changed_cb (DipccDialPad *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->number_entry));
  g_autoptr(GError) error = NULL;
  g_autofree char *formatted = NULL;

  g_clear_pointer (&self->number, g_free);
  gtk_widget_remove_css_class (GTK_WIDGET (self->number_entry), "error");

  if (*text == '\0')
    {
      gtk_label_set_text (self->formatted_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->formatted_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
    }
  else if ((self->number = dipcc_phone_number_normalize (text, &error)) != NULL)
    {
      formatted = dipcc_phone_number_format (self->number);
      gtk_label_set_text (self->formatted_label, formatted);
      gtk_widget_set_visible (GTK_WIDGET (self->formatted_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
    }
  else
    {
      /* the reason takes the place of the grouped number */
      gtk_label_set_text (self->formatted_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->formatted_label), FALSE);
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->number_entry), "error");
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->call_button), self->number != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->backspace_button), *text != '\0');
}

static void
append_text (DipccDialPad *self,
             const char   *text)
{
  GtkEditable *editable = GTK_EDITABLE (self->number_entry);
  int position = g_utf8_strlen (gtk_editable_get_text (editable), -1);

  gtk_editable_insert_text (editable, text, -1, &position);
  gtk_editable_set_position (editable, -1);
}

static void
key_clicked_cb (GtkButton    *button,
                DipccDialPad *self)
{
  append_text (self, g_object_get_data (G_OBJECT (button), "dipcc-digit"));
}

static void
backspace_cb (DipccDialPad *self)
{
  GtkEditable *editable = GTK_EDITABLE (self->number_entry);
  int n_chars = g_utf8_strlen (gtk_editable_get_text (editable), -1);

  if (n_chars > 0)
    gtk_editable_delete_text (editable, n_chars - 1, n_chars);
}

static void
call_cb (DipccDialPad *self)
{
  if (self->number == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "app.dial", "s", self->number);
}

static gboolean
entry_has_focus (DipccDialPad *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == GTK_WIDGET (self->number_entry) ||
                           gtk_widget_is_ancestor (focus, GTK_WIDGET (self->number_entry)));
}

/* Digits typed anywhere on the page go to the entry. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                DipccDialPad          *self)
{
  gunichar c;
  char text[8] = { 0 };

  if (entry_has_focus (self) ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if (keyval == GDK_KEY_BackSpace)
    {
      backspace_cb (self);
      return GDK_EVENT_STOP;
    }

  c = gdk_keyval_to_unicode (keyval);
  if (!(g_ascii_isdigit (c) || c == '*' || c == '#' || c == '+'))
    return GDK_EVENT_PROPAGATE;

  g_unichar_to_utf8 (c, text);
  append_text (self, text);
  return GDK_EVENT_STOP;
}

/**
 * dipcc_dial_pad_focus:
 * @self: a #DipccDialPad
 *
 * Puts the keyboard focus in the number entry, the cursor at the end.
 */
void
dipcc_dial_pad_focus (DipccDialPad *self)
{
  g_return_if_fail (DIPCC_IS_DIAL_PAD (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->number_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->number_entry), -1, -1);
  gtk_editable_set_position (GTK_EDITABLE (self->number_entry), -1);
}

const char *
dipcc_dial_pad_get_number (DipccDialPad *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_PAD (self), NULL);

  return self->number;
}

DipccSession *
dipcc_dial_pad_get_session (DipccDialPad *self)
{
  g_return_val_if_fail (DIPCC_IS_DIAL_PAD (self), NULL);

  return self->session;
}

static void
get_property (GObject    *object,
              guint       prop_id,
              GValue     *value,
              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, DIPCC_DIAL_PAD (object)->session);
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
  DipccDialPad *self = DIPCC_DIAL_PAD (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      if (g_set_object (&self->session, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dispose (GObject *object)
{
  DipccDialPad *self = DIPCC_DIAL_PAD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), DIPCC_TYPE_DIAL_PAD);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dipcc_dial_pad_parent_class)->dispose (object);
}

static void
finalize (GObject *object)
{
  g_free (DIPCC_DIAL_PAD (object)->number);
  G_OBJECT_CLASS (dipcc_dial_pad_parent_class)->finalize (object);
}

static void
dipcc_dial_pad_class_init (DipccDialPadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = get_property;
  object_class->set_property = set_property;
  object_class->dispose = dispose;
  object_class->finalize = finalize;

  /**
   * DipccDialPad:session:
   *
   * The session; calls go through app.dial, which uses it.
   */
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, DIPCC_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/dipcc/Companion/dipcc-dial-pad.ui");
  gtk_widget_class_bind_template_child (widget_class, DipccDialPad, number_entry);
  gtk_widget_class_bind_template_child (widget_class, DipccDialPad, backspace_button);
  gtk_widget_class_bind_template_child (widget_class, DipccDialPad, formatted_label);
  gtk_widget_class_bind_template_child (widget_class, DipccDialPad, error_label);
  gtk_widget_class_bind_template_child (widget_class, DipccDialPad, keypad);
  gtk_widget_class_bind_template_child (widget_class, DipccDialPad, call_button);
  gtk_widget_class_bind_template_callback (widget_class, number_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, backspace_cb);
  gtk_widget_class_bind_template_callback (widget_class, call_cb);
}

static void
dipcc_dial_pad_init (DipccDialPad *self)
{
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      GtkWidget *digit = gtk_label_new (keys[i].digit);
      GtkWidget *letters = gtk_label_new (keys[i].letters);

      gtk_widget_add_css_class (digit, "digit");
      gtk_widget_add_css_class (letters, "letters");
      gtk_widget_add_css_class (letters, "dim-label");
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), digit);
      gtk_box_append (GTK_BOX (box), letters);
      gtk_button_set_child (GTK_BUTTON (button), box);
      gtk_widget_add_css_class (button, "dial-key");
      gtk_widget_set_focus_on_click (button, FALSE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, keys[i].digit,
                                      -1);
      g_object_set_data (G_OBJECT (button), "dipcc-digit", (gpointer) keys[i].digit);
      g_signal_connect (button, "clicked", G_CALLBACK (key_clicked_cb), self);
      gtk_grid_attach (self->keypad, button, (int) (i % 3), (int) (i / 3), 1, 1);
    }

  g_signal_connect (gtk_editable_get_delegate (GTK_EDITABLE (self->number_entry)),
                    "insert-text", G_CALLBACK (insert_text_cb), self);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  number_changed_cb (self);
}
