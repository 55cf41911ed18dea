/* dipcc-sim-hub.c: the one road every event and response takes
 *
 * Events (origin NULL) reach every client; a response (and the list items
 * that answer an action) carries the origin of its action: the WebSocket
 * side as a whole, as amiws shares one AMI session among its clients, or
 * one AMI TCP connection. Transports subscribe to ::message and filter.
 *
 * While one server is down, the others lag: their messages wait in one FIFO
 * for slow_ms, so their order is kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "dipcc-sim"

#include "config.h"

#include "dipcc-sim-hub.h"

typedef struct {
  gint64           due;     /* monotonic usec */
  int              server_id;
  DipccAmiMessage *message;
  gpointer         origin;
  guint            flags;
} Pending;

struct _DipccSimHub
{
  GObject         parent_instance;

  /* Borrowed */
  DipccSimWorld  *world;
  DipccSimConfig *config;

  /* Owned */
  GQueue          pending;
  guint           pending_id;
};

enum {
  SIGNAL_MESSAGE,
  SIGNAL_ARM_FAULTS,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (DipccSimHub, dipcc_sim_hub, G_TYPE_OBJECT)

static void
pending_free (gpointer data)
{
  Pending *p = data;

  dipcc_ami_message_unref (p->message);
  g_free (p);
}

static void
deliver (DipccSimHub     *self,
         int              server_id,
         DipccAmiMessage *message,
         gpointer         origin,
         guint            flags)
{
  DipccSimServer *server = dipcc_sim_world_find_server (self->world, server_id);

  /* a server that went down while this waited says nothing more */
  if (server == NULL || server->down)
    return;
  if (self->config->stamp && origin == NULL)
    {
      /* --stamp: the time it leaves for the transports, which write it in
       * this same dispatch (benchmarks on this machine compare it with
       * their own CLOCK_MONOTONIC) */
      g_autoptr(DipccAmiMessage) stamped = dipcc_ami_message_copy (message);
      char us[24];

      g_snprintf (us, sizeof us, "%" G_GINT64_FORMAT, g_get_monotonic_time ());
      dipcc_ami_message_add (stamped, "SimWrittenUs", us);
      g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, server_id, server->name, stamped, origin,
                     flags);
      return;
    }
  g_signal_emit (self, signals[SIGNAL_MESSAGE], 0, server_id, server->name, message, origin, flags);
}

static void schedule (DipccSimHub *self);

static gboolean
on_pending_due (gpointer user_data)
{
  DipccSimHub *self = user_data;
  gint64 now = g_get_monotonic_time ();
  Pending *p;

  self->pending_id = 0;
  while ((p = g_queue_peek_head (&self->pending)) != NULL && p->due <= now)
    {
      g_queue_pop_head (&self->pending);
      deliver (self, p->server_id, p->message, p->origin, p->flags);
      pending_free (p);
    }
  schedule (self);
  return G_SOURCE_REMOVE;
}

static void
schedule (DipccSimHub *self)
{
  Pending *p = g_queue_peek_head (&self->pending);
  gint64 wait;

  if (p == NULL || self->pending_id != 0)
    return;
  wait = MAX (0, (p->due - g_get_monotonic_time () + 999) / 1000);
  self->pending_id = g_timeout_add ((guint) wait, on_pending_due, self);
}

static gboolean
any_server_down (DipccSimHub *self)
{
  GPtrArray *servers = dipcc_sim_world_get_servers (self->world);

  for (guint i = 0; i < servers->len; i++)
    if (((DipccSimServer *) g_ptr_array_index (servers, i))->down)
      return TRUE;
  return FALSE;
}

static void
dipcc_sim_hub_finalize (GObject *object)
{
  DipccSimHub *self = (DipccSimHub *) object;

  g_clear_handle_id (&self->pending_id, g_source_remove);
  g_queue_clear_full (&self->pending, pending_free);

  G_OBJECT_CLASS (dipcc_sim_hub_parent_class)->finalize (object);
}

static void
dipcc_sim_hub_class_init (DipccSimHubClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dipcc_sim_hub_finalize;

  /**
   * DipccSimHub::message:
   * @server_id: the server the message comes from
   * @server_name: its name
   * @message: the message
   * @origin: (nullable): NULL for an event, else who sent the action
   * @flags: #DipccSimMessageFlags
   */
  signals[SIGNAL_MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5,
                  G_TYPE_INT,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE,
                  DIPCC_TYPE_AMI_MESSAGE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_POINTER,
                  G_TYPE_UINT);

  /**
   * DipccSimHub::arm-faults:
   * @faults: a `const DipccSimFaults *` for every connection open now
   */
  signals[SIGNAL_ARM_FAULTS] =
    g_signal_new ("arm-faults", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
dipcc_sim_hub_init (DipccSimHub *self)
{
  g_queue_init (&self->pending);
}

DipccSimHub *
dipcc_sim_hub_new (DipccSimWorld  *world,
                   DipccSimConfig *config)
{
  DipccSimHub *self = g_object_new (DIPCC_SIM_TYPE_HUB, NULL);

  self->world = world;
  self->config = config;
  return self;
}

/**
 * dipcc_sim_hub_emit:
 * @server: the server @message comes from
 * @message: (transfer none): an event or a response
 * @origin: (nullable): NULL for an event, else the sender of the action
 * @flags: #DipccSimMessageFlags
 */
void
dipcc_sim_hub_emit (DipccSimHub     *self,
                    DipccSimServer  *server,
                    DipccAmiMessage *message,
                    gpointer         origin,
                    guint            flags)
{
  g_return_if_fail (DIPCC_SIM_IS_HUB (self));
  g_return_if_fail (server != NULL);
  g_return_if_fail (message != NULL);

  if (server->down)
    return;

  if (!g_queue_is_empty (&self->pending) ||
      (self->config->slow_ms > 0 && any_server_down (self)))
    {
      Pending *p = g_new0 (Pending, 1);

      p->due = g_get_monotonic_time () +
               (any_server_down (self) ? (gint64) self->config->slow_ms * 1000 : 0);
      p->server_id = server->id;
      p->message = dipcc_ami_message_ref (message);
      p->origin = origin;
      p->flags = flags;
      /* keep the FIFO monotonic: a message never overtakes one before it */
      if (!g_queue_is_empty (&self->pending))
        p->due = MAX (p->due, ((Pending *) g_queue_peek_tail (&self->pending))->due);
      g_queue_push_tail (&self->pending, p);
      schedule (self);
      return;
    }

  deliver (self, server->id, message, origin, flags);
}

/**
 * dipcc_sim_hub_arm_faults:
 * @faults: faults for the connections open now (see dipcc_sim_faults_arm())
 *
 * Tells every transport to add @faults to its open connections. Later
 * connections do not get them.
 */
void
dipcc_sim_hub_arm_faults (DipccSimHub          *self,
                          const DipccSimFaults *faults)
{
  g_return_if_fail (DIPCC_SIM_IS_HUB (self));

  g_signal_emit (self, signals[SIGNAL_ARM_FAULTS], 0, faults);
}
