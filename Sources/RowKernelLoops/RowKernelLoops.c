// The row kernel's inner loops (RowKernelLoops+Body.h), compiled for several CPU levels on
// x86-64 (RowKernelLoops+V4.c, +V3.c, +Baseline.c); the best level this CPU runs is chosen
// once, when the program starts, and every call goes through its table. Swift cannot compile
// one function for several CPUs, hence this small C target.

#include "RowKernelLoops.h"

#include <stdatomic.h>
#include <string.h>

#include "RowKernelLoops+Levels.h"

/// The best level this CPU runs.
static const RKLoops *bestLoops(void) {
#if RK_HAS_LEVELS
    __builtin_cpu_init();
    if (__builtin_cpu_supports("x86-64-v4")) return &rk_loops_v4;
    if (__builtin_cpu_supports("x86-64-v3")) return &rk_loops_v3;
#endif
    return &rk_loops_baseline;
}

/// The level in use: chosen when the program is loaded, before any thread can call the loops
/// (`__builtin_cpu_init` fills a global), and again on a first call should that not have run.
static _Atomic(const RKLoops *) selected;

__attribute__((constructor)) static void chooseLoops(void) {
    atomic_store_explicit(&selected, bestLoops(), memory_order_relaxed);
}

static const RKLoops *loops(void) {
    const RKLoops *table = atomic_load_explicit(&selected, memory_order_relaxed);
    if (table) return table;
    table = bestLoops();
    atomic_store_explicit(&selected, table, memory_order_relaxed);
    return table;
}

const RKLoops *rk_loops(const char *target) {
    if (!target) return loops();
#if RK_HAS_LEVELS
    __builtin_cpu_init();
    if (strcmp(target, "x86-64-v4") == 0)
        return __builtin_cpu_supports("x86-64-v4") ? &rk_loops_v4 : 0;
    if (strcmp(target, "x86-64-v3") == 0)
        return __builtin_cpu_supports("x86-64-v3") ? &rk_loops_v3 : 0;
#endif
    return strcmp(target, "baseline") == 0 ? &rk_loops_baseline : 0;
}

const char *rk_selected_target(void) {
#if RK_HAS_LEVELS
    const RKLoops *table = loops();
    if (table == &rk_loops_v4) return "x86-64-v4";
    if (table == &rk_loops_v3) return "x86-64-v3";
#endif
    return "baseline";
}

RKRowStatistics rk_gibbs_row(
    double *d, double *a, const double *logWeights, intptr_t columns, double slope,
    double minimum) {
    return loops()->gibbsRow(d, a, logWeights, columns, slope, minimum);
}

RKRowStatistics rk_gibbs_row_scalar_squared(
    double x, const double *y, double *a, const double *logWeights, intptr_t columns,
    double slope, double minimum) {
    return loops()->gibbsRowScalarSquared(x, y, a, logWeights, columns, slope, minimum);
}

RKRowStatistics rk_weighted_row(
    double *d, double *g, const double *weights, intptr_t columns, double slope, double minimum) {
    return loops()->weightedRow(d, g, weights, columns, slope, minimum);
}

RKRowStatistics rk_weighted_row_scalar_squared(
    double x, const double *y, double *g, const double *weights, intptr_t columns, double slope,
    double minimum) {
    return loops()->weightedRowScalarSquared(x, y, g, weights, columns, slope, minimum);
}

void rk_exponentiate(double *a, const double *x, double shift, intptr_t count, double *sums) {
    loops()->exponentiate(a, x, shift, count, sums);
}

void rk_accumulate_bound(
    const double *d, double minimum, double slope, double logZ, double scale, double *column,
    intptr_t columns) {
    loops()->accumulateBound(d, minimum, slope, logZ, scale, column, columns);
}

void rk_accumulate_bound_scalar_squared(
    double x, const double *y, double minimum, double slope, double logZ, double scale,
    double *column, intptr_t columns) {
    loops()->accumulateBoundScalarSquared(x, y, minimum, slope, logZ, scale, column, columns);
}

void rk_exp(const double *x, double *y, intptr_t count) { loops()->exp(x, y, count); }

void rk_subtract_rank_two(
    double *row, const double *u, const double *v, double a, double b, intptr_t count) {
    loops()->subtractRankTwo(row, u, v, a, b, count);
}

void rk_subtract_gram(
    double *rows, intptr_t stride, const intptr_t *support, intptr_t supportCount,
    const double *u, const double *v, double a, double b, intptr_t start, intptr_t count) {
    loops()->subtractGram(rows, stride, support, supportCount, u, v, a, b, start, count);
}

void rk_row_moments(
    const double *excess, const double *logQ, intptr_t count, double slope, double *sums) {
    loops()->rowMoments(excess, logQ, count, slope, sums);
}
