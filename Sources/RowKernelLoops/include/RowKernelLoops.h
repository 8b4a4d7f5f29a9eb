// The row kernel's inner loops, compiled for several CPUs and chosen when the program starts
// (docs/architecture.md, "Runtime CPU dispatch").
//
// Every loop runs over `columns` entries, a multiple of 8; pointers need no alignment. The
// exponential (docs/architecture.md, "Hot loops and concurrency") reduces the range by the
// 1.5·2^52 rounding trick and evaluates a degree-12 Taylor polynomial, within a few ulp of
// libm.

#ifndef ROW_KERNEL_LOOPS_H
#define ROW_KERNEL_LOOPS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// One row's Gibbs statistics: log Z, Z (relative to the row's largest term, or the plain sum
/// of a weighted row), and the mean and variance of the excess distortion under the row's law.
typedef struct {
    double logZ;
    double z;
    double mean;
    double variance;
} RKRowStatistics;

/// `a_j = w_j − t (d_j − dmin)` (w: log weights), its maximum M, `a_j ← exp(a_j − M)`; `d` is
/// left holding the excess `d_j − dmin`. logZ = M + log Σ a_j; z = Σ a_j.
RKRowStatistics rk_gibbs_row(
    double *d, double *a, const double *logWeights, intptr_t columns, double slope,
    double minimum);

/// ``rk_gibbs_row`` for a scalar point x under squared error: `d_j = (x − y_j)²` is formed in
/// the loops from the codebook `y` (nothing is left in a distortion row).
RKRowStatistics rk_gibbs_row_scalar_squared(
    double x, const double *y, double *a, const double *logWeights, intptr_t columns,
    double slope, double minimum);

/// `g_j = exp(−t (d_j − dmin))`, and z = Σ w_j g_j (w: weights, not logs) with the mean and
/// variance of the excess under `w_j g_j / z`; `d` is left holding the excess. logZ is log z.
RKRowStatistics rk_weighted_row(
    double *d, double *g, const double *weights, intptr_t columns, double slope, double minimum);

/// ``rk_weighted_row`` for a scalar point x under squared error, `d_j = (x − y_j)²` formed in
/// the loop from the codebook `y` (the same operations, so the same bits).
RKRowStatistics rk_weighted_row_scalar_squared(
    double x, const double *y, double *g, const double *weights, intptr_t columns, double slope,
    double minimum);

/// `a_l ← exp(a_l − shift)` (every `a_l − shift` ≤ 0 or −∞) and the sums Σ a_l, Σ a_l x_l,
/// Σ a_l x_l² into `sums[0..2]`.
void rk_exponentiate(double *a, const double *x, double shift, intptr_t count, double *sums);

/// `column_j += scale · exp(−t (d_j − dmin) − logZ)`: a row's terms of the certificate's column
/// sums (an overflowing term gives +∞, never a rounded-down value).
void rk_accumulate_bound(
    const double *d, double minimum, double slope, double logZ, double scale, double *column,
    intptr_t columns);

/// ``rk_accumulate_bound`` for a scalar point x under squared error, `d_j = (x − y_j)²` formed
/// in the loop from the codebook `y` (the same operations, so the same bits).
void rk_accumulate_bound_scalar_squared(
    double x, const double *y, double minimum, double slope, double logZ, double scale,
    double *column, intptr_t columns);

/// `y_j = e^{x_j}` with the loops' exponential on the whole line: exactly 0 below −708.39 (and
/// for −∞), +∞ above 709, within a few ulp of libm between.
void rk_exp(const double *x, double *y, intptr_t count);

/// `row_k −= a·u_k + b·v_k` for k < count (any count): a rank-two update of one row of the
/// Newton system, element by element, so every level gives the same bits.
void rk_subtract_rank_two(
    double *row, const double *u, const double *v, double a, double b, intptr_t count);

/// One source row's Gram terms on the rows of the Newton system it touches: for each l of
/// `support`, `rows[l·stride + k] −= (a·u_l)·u_k + (b·v_l)·v_k` for `start ≤ k < start + count`
/// — the operations of ``rk_subtract_rank_two`` with `a·u_l` and `b·v_l`, row after row, so the
/// same bits in one call instead of one per row.
void rk_subtract_gram(
    double *rows, intptr_t stride, const intptr_t *support, intptr_t supportCount,
    const double *u, const double *v, double a, double b, intptr_t start, intptr_t count);

/// One row's Gibbs sums over `count` entries (any count): with `a_l = logQ_l − t·e_l` (logQ_l
/// where e_l = 0) and M their maximum, `Σ exp(a_l − M)`, `Σ exp(a_l − M)·e_l` and
/// `Σ exp(a_l − M)·e_l²` into `sums[0..2]`.
void rk_row_moments(
    const double *excess, const double *logQ, intptr_t count, double slope, double *sums);

/// The instruction set the loops above run with on this CPU: "x86-64-v4" (AVX-512),
/// "x86-64-v3" (AVX2) or "baseline" (the build's own target, SSE2 on x86-64).
const char *rk_selected_target(void);

/// One CPU level's loops (the functions above, same arguments).
typedef struct {
    RKRowStatistics (*gibbsRow)(double *, double *, const double *, intptr_t, double, double);
    RKRowStatistics (*gibbsRowScalarSquared)(
        double, const double *, double *, const double *, intptr_t, double, double);
    RKRowStatistics (*weightedRow)(double *, double *, const double *, intptr_t, double, double);
    RKRowStatistics (*weightedRowScalarSquared)(
        double, const double *, double *, const double *, intptr_t, double, double);
    void (*exponentiate)(double *, const double *, double, intptr_t, double *);
    void (*accumulateBound)(const double *, double, double, double, double, double *, intptr_t);
    void (*accumulateBoundScalarSquared)(
        double, const double *, double, double, double, double, double *, intptr_t);
    void (*exp)(const double *, double *, intptr_t);
    void (*subtractRankTwo)(double *, const double *, const double *, double, double, intptr_t);
    void (*subtractGram)(
        double *, intptr_t, const intptr_t *, intptr_t, const double *, const double *, double,
        double, intptr_t, intptr_t);
    void (*rowMoments)(const double *, const double *, intptr_t, double, double *);
} RKLoops;

/// The loops of one level by its name as `rk_selected_target` gives it, or NULL when this CPU
/// or build lacks it; NULL for the name gives the level in use. For tests: every level must
/// give the same bits.
const RKLoops *rk_loops(const char *target);

#ifdef __cplusplus
}
#endif

#endif
