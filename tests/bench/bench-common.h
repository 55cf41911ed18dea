/* bench-common.h: what every benchmark program shares
 *
 * A benchmark program measures a few figures and prints each as one JSON
 * line on stdout (bench_figure_emit()); everything else goes to stderr.
 * build-aux/bench collects the lines of every program in the `bench` suite
 * and prints them as one table. A figure carries its baseline, measured in
 * the same run, so it can be read as a ratio whatever the machine's load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* ---- sizes ---------------------------------------------------------------- */

/* Whether DIPCC_BENCH_QUICK is set (build-aux/bench --quick): smaller counts,
 * one round. */
gboolean  bench_quick          (void);
/* @full, or @quick when bench_quick(); DIPCC_BENCH_SCALE (a factor) scales
 * both. */
guint     bench_count          (guint        full,
                                guint        quick);
/* How many times to repeat a measurement: the best round counts. */
guint     bench_rounds         (void);

/* ---- time and memory --------------------------------------------------------- */

typedef struct {
  gint64 wall_us;   /* monotonic */
  gint64 cpu_us;    /* user + system of the whole process */
} BenchClock;

/* Reads both clocks now. */
void      bench_clock_now      (BenchClock  *clock);
/* Seconds of wall and CPU time since @start. */
void      bench_clock_since    (const BenchClock *start,
                                double      *wall_s,
                                double      *cpu_s);
/* CPU seconds (user + system) process @pid has used so far, from
 * /proc/PID/schedstat (nanoseconds) or /proc/PID/stat (ticks); < 0 when
 * unknown. */
double    bench_process_cpu_s  (GPid         pid);
/* VmRSS and VmHWM of this process, in KiB (0 when unknown). */
gsize     bench_rss_kib        (void);
gsize     bench_hwm_kib        (void);

/* ---- figures ----------------------------------------------------------------- */

typedef enum {
  BENCH_HIGHER_IS_BETTER,
  BENCH_LOWER_IS_BETTER,
} BenchSense;

typedef struct _BenchFigure BenchFigure;

/* @id: stable, dotted (`ami.models.rate`); @label: what the table shows. */
BenchFigure *bench_figure_new          (const char   *id,
                                        const char   *label,
                                        double        value,
                                        const char   *unit,
                                        BenchSense    sense);
/* The figure it is compared with, measured in the same run. */
void         bench_figure_set_baseline (BenchFigure  *figure,
                                        const char   *label,
                                        double        value);
/* value >= @target (higher is better) or <= @target (lower is better). */
void         bench_figure_set_target   (BenchFigure  *figure,
                                        double        target);
/* value / baseline >= @ratio (higher is better) or <= @ratio. */
void         bench_figure_set_ratio_target (BenchFigure *figure,
                                        double        ratio);
/* Extra numbers for the JSON (not the table). */
void         bench_figure_add_info     (BenchFigure  *figure,
                                        const char   *key,
                                        double        value);
void         bench_figure_add_note     (BenchFigure  *figure,
                                        const char   *note);
/* Prints the JSON line on stdout (flushed) and frees @figure. */
void         bench_figure_emit         (BenchFigure  *figure);

/* ---- the simulator ------------------------------------------------------------ */

typedef struct {
  GSubprocess *process;
  GPid         pid;
  guint16      rest_port;
  guint16      ws_port;
  guint16      ami_port;
} BenchSim;

/* Starts $DIPCC_PBX_SIM on ephemeral loopback ports with the extra
 * arguments (NULL-terminated) and waits for its ready line; aborts the
 * benchmark when it cannot. */
BenchSim    *bench_sim_start           (const char   *first_arg,
                                        ...) G_GNUC_NULL_TERMINATED;
void         bench_sim_stop            (BenchSim     *sim);

/* ---- data ----------------------------------------------------------------------- */

/* @n contacts as a vCard 3.0 file: Korean and English names, a mobile and
 * an office number each, the same for the same @n. */
GString     *bench_contacts_vcard      (guint         n);
/* Iterates the default main context until *@done or @timeout_s seconds;
 * returns *@done. */
gboolean     bench_wait                (gboolean     *done,
                                        guint         timeout_s);

/* A path from the environment (set by tests/bench/meson.build); aborts when
 * missing. */
const char  *bench_env_path            (const char   *name);

G_END_DECLS
