// The row kernel's loops, included once per CPU level by RowKernelLoops+<level>.c, each of
// which defines RK_NAME to suffix every name with its level and compiles this file for that
// CPU (`#pragma clang attribute` gives every function here its target). Helpers pass 64-byte
// vectors by value, so they must be compiled for the same CPU as their callers: one level per
// translation unit keeps them so. RowKernelLoops.c picks a level when the program starts.

#include "RowKernelLoops.h"

#include <math.h>
#include <string.h>

#ifndef RK_NAME
#error "define RK_NAME(name) before including RowKernelLoops+Body.h"
#endif

#define RK_INLINE static inline __attribute__((always_inline))

// The helpers below pass 64-byte vectors by value; they are always inlined into their callers,
// compiled for the same CPU, so no call crosses between code compiled for different vector
// widths, which is what this warning is about.
#pragma clang diagnostic ignored "-Wpsabi"

// No fused multiply–adds anywhere: `(x − y)² − dmin` must be exactly 0 at the row's nearest
// codeword (a fused one leaves the rounding error of the square, which a hard row's slope of
// 1e12 turns into a wrong weight), and every level must give the same bits, the ones the
// Swift SIMD8 kernel gave before them. Fusing the exponential's polynomial was measured: it
// moves results by an ulp, and the 2048-point Gaussian solve then took 312 passes instead of
// 16 (the active set's path is that sensitive), so the wider levels gain their width only.
#pragma clang fp contract(off)
#if defined(__FAST_MATH__)
#error "RowKernelLoops must not be built with -ffast-math: it needs IEEE arithmetic, unfused"
#endif

typedef double Vector __attribute__((vector_size(64)));
typedef int64_t Mask __attribute__((vector_size(64)));

RK_INLINE Vector splat(double value) {
    return (Vector){value, value, value, value, value, value, value, value};
}

RK_INLINE Vector loadLanes(const double *p) {
    Vector v;
    memcpy(&v, p, sizeof v);
    return v;
}

RK_INLINE void storeLanes(double *p, Vector v) { memcpy(p, &v, sizeof v); }

/// `mask ? x : y`, lane by lane (a mask lane is all ones or all zeros).
RK_INLINE Vector blend(Mask mask, Vector x, Vector y) {
    return (Vector)(((Mask)x & mask) | ((Mask)y & ~mask));
}

/// The lanes' sum from the first lane to the last, the order the solver's convergence was
/// tuned with (a tree order moves results by an ulp, and some solves take more passes).
RK_INLINE double laneSum(Vector v) {
    double total = -0.0;
    for (int lane = 0; lane < 8; lane++) total += v[lane];
    return total;
}

RK_INLINE double laneMaximum(Vector v) {
    double m = v[0];
    for (int lane = 1; lane < 8; lane++) m = v[lane] > m ? v[lane] : m;
    return m;
}

/// e^x for x already in [−708.39, 709]: x = k·ln2 + r, k by the 1.5·2^52 shifter, e^r by
/// its degree-12 Taylor polynomial (truncation below 2e-16), 2^k built in the exponent bits.
RK_INLINE Vector exponentialOfReduced(Vector x) {
    const Vector shifter = splat(6755399441055744.0);  // 1.5 · 2^52
    Vector t = x * splat(1.4426950408889634) + shifter;
    Vector k = t - shifter;
    // ln 2 split so that k · high is exact for |k| < 2^11.
    Vector r = x - k * splat(6.93147180369123816490e-01);
    r = r - k * splat(1.90821492927058770002e-10);
    Vector p = splat(1.0 / 479001600);
    p = p * r + splat(1.0 / 39916800);
    p = p * r + splat(1.0 / 3628800);
    p = p * r + splat(1.0 / 362880);
    p = p * r + splat(1.0 / 40320);
    p = p * r + splat(1.0 / 5040);
    p = p * r + splat(1.0 / 720);
    p = p * r + splat(1.0 / 120);
    p = p * r + splat(1.0 / 24);
    p = p * r + splat(1.0 / 6);
    p = p * r + splat(0.5);
    p = p * r + splat(1.0);
    p = p * r + splat(1.0);
    Mask bits = (Mask)t;
    Mask exponent = (bits - (Mask){0x4338000000000000LL, 0x4338000000000000LL,
                                   0x4338000000000000LL, 0x4338000000000000LL,
                                   0x4338000000000000LL, 0x4338000000000000LL,
                                   0x4338000000000000LL, 0x4338000000000000LL} +
                     1023) << 52;
    return p * (Vector)exponent;
}

/// e^x on the whole line: below −708.39 exactly 0 (−∞ too), above 709 +∞ (an overflow is
/// never rounded down).
RK_INLINE Vector exponential(Vector x) {
    const Vector lowest = splat(-708.39), highest = splat(709.0);
    Mask underflow = x < lowest, overflow = x > highest;
    Vector clamped = blend(overflow, highest, blend(underflow, lowest, x));
    Vector value = exponentialOfReduced(clamped);
    return blend(overflow, splat(INFINITY), (Vector)((Mask)value & ~underflow));
}

/// e^x for lanes that are ≤ 0 or −∞: below −708.39 (results under the smallest normal
/// double) exactly 0.
RK_INLINE Vector exponentialOfNonPositive(Vector x) {
    const Vector lowest = splat(-708.39);
    Mask underflow = x < lowest;
    Vector value = exponentialOfReduced(blend(underflow, lowest, x));
    return (Vector)((Mask)value & ~underflow);
}

/// `(x − y)² − dmin`.
RK_INLINE Vector squaredExcess(Vector x, Vector y, Vector dmin) {
    Vector difference = x - y;
    return difference * difference - dmin;
}

/// Lane-wise sums Σ w, Σ w·e and Σ w·e² of a row's weights w and excess distortions e.
typedef struct {
    Vector z, first, second;
} Moments;

RK_INLINE void addMoments(Moments *m, Vector w, Vector e) {
    Vector we = w * e;
    m->z += w;
    m->first += we;
    m->second += we * e;
}

/// log Z = shift + log Σ w, Z = Σ w, and the mean and variance of e under w / Z.
RK_INLINE RKRowStatistics statistics(Moments m, double shift) {
    double zs = laneSum(m.z), mean = laneSum(m.first) / zs;
    double variance = laneSum(m.second) / zs - mean * mean;
    return (RKRowStatistics){shift + log(zs), zs, mean, variance > 0 ? variance : 0};
}

/// Where a row's excess distortions come from: stored (`stored`), or formed from a scalar
/// point and the codebook (`point`, `codebook`, `minimum`).
typedef struct {
    const double *stored;
    Vector point, minimum;
    const double *codebook;
} ExcessSource;

RK_INLINE Vector excessAt(const ExcessSource *source, intptr_t j) {
    if (source->stored) return loadLanes(source->stored + j);
    return squaredExcess(source->point, loadLanes(source->codebook + j), source->minimum);
}

/// Given a row's terms `a_j` and their lane-wise maxima: `a_j ← exp(a_j − M)` for the largest
/// term M, and the statistics of the excess under those weights.
RK_INLINE RKRowStatistics gibbsStatistics(
    double *a, intptr_t columns, Vector maxima, const ExcessSource *source) {
    double top = laneMaximum(maxima);
    const Vector shift = splat(top);
    Moments moments = {splat(0), splat(0), splat(0)};
    for (intptr_t j = 0; j < columns; j += 8) {
        Vector e = exponentialOfNonPositive(loadLanes(a + j) - shift);
        storeLanes(a + j, e);
        addMoments(&moments, e, excessAt(source, j));
    }
    return statistics(moments, top);
}

static RKRowStatistics RK_NAME(rk_gibbs_row)(
    double *d, double *a, const double *logWeights, intptr_t columns, double slope,
    double minimum) {
    const Vector t = splat(slope), dmin = splat(minimum);
    Vector maxima = splat(-INFINITY);
    for (intptr_t j = 0; j < columns; j += 8) {
        Vector excess = loadLanes(d + j) - dmin;
        storeLanes(d + j, excess);
        Vector value = loadLanes(logWeights + j) - t * excess;
        storeLanes(a + j, value);
        maxima = blend(value > maxima, value, maxima);
    }
    const ExcessSource source = {.stored = d};
    return gibbsStatistics(a, columns, maxima, &source);
}

static RKRowStatistics RK_NAME(rk_gibbs_row_scalar_squared)(
    double x, const double *y, double *a, const double *logWeights, intptr_t columns,
    double slope, double minimum) {
    const Vector t = splat(slope), dmin = splat(minimum), point = splat(x);
    Vector maxima = splat(-INFINITY);
    for (intptr_t j = 0; j < columns; j += 8) {
        Vector value = loadLanes(logWeights + j) - t * squaredExcess(point, loadLanes(y + j), dmin);
        storeLanes(a + j, value);
        maxima = blend(value > maxima, value, maxima);
    }
    const ExcessSource source = {.point = point, .minimum = dmin, .codebook = y};
    return gibbsStatistics(a, columns, maxima, &source);
}

static RKRowStatistics RK_NAME(rk_weighted_row)(
    double *d, double *g, const double *weights, intptr_t columns, double slope,
    double minimum) {
    const Vector t = splat(slope), dmin = splat(minimum);
    Moments moments = {splat(0), splat(0), splat(0)};
    for (intptr_t j = 0; j < columns; j += 8) {
        Vector excess = loadLanes(d + j) - dmin;
        storeLanes(d + j, excess);
        Vector e = exponentialOfNonPositive(-(t * excess));
        storeLanes(g + j, e);
        addMoments(&moments, loadLanes(weights + j) * e, excess);
    }
    return statistics(moments, 0);
}

static RKRowStatistics RK_NAME(rk_weighted_row_scalar_squared)(
    double x, const double *y, double *g, const double *weights, intptr_t columns, double slope,
    double minimum) {
    const Vector t = splat(slope), dmin = splat(minimum), point = splat(x);
    Moments moments = {splat(0), splat(0), splat(0)};
    for (intptr_t j = 0; j < columns; j += 8) {
        Vector excess = squaredExcess(point, loadLanes(y + j), dmin);
        Vector e = exponentialOfNonPositive(-(t * excess));
        storeLanes(g + j, e);
        addMoments(&moments, loadLanes(weights + j) * e, excess);
    }
    return statistics(moments, 0);
}

static void RK_NAME(rk_exponentiate)(double *a, const double *x, double shift, intptr_t count, double *sums) {
    const Vector s = splat(shift);
    Moments moments = {splat(0), splat(0), splat(0)};
    for (intptr_t l = 0; l < count; l += 8) {
        Vector w = exponentialOfNonPositive(loadLanes(a + l) - s);
        storeLanes(a + l, w);
        addMoments(&moments, w, loadLanes(x + l));
    }
    sums[0] = laneSum(moments.z);
    sums[1] = laneSum(moments.first);
    sums[2] = laneSum(moments.second);
}

static void RK_NAME(rk_accumulate_bound)(
    const double *d, double minimum, double slope, double logZ, double scale, double *column,
    intptr_t columns) {
    const Vector t = splat(slope), dmin = splat(minimum), shift = splat(logZ), s = splat(scale);
    for (intptr_t j = 0; j < columns; j += 8) {
        // The excess is formed first, so slopes of 1e12 lose nothing.
        Vector term = exponential(-(t * (loadLanes(d + j) - dmin)) - shift);
        storeLanes(column + j, loadLanes(column + j) + s * term);
    }
}

static void RK_NAME(rk_accumulate_bound_scalar_squared)(
    double x, const double *y, double minimum, double slope, double logZ, double scale,
    double *column, intptr_t columns) {
    const Vector t = splat(slope), dmin = splat(minimum), shift = splat(logZ), s = splat(scale);
    const Vector point = splat(x);
    for (intptr_t j = 0; j < columns; j += 8) {
        Vector term = exponential(-(t * squaredExcess(point, loadLanes(y + j), dmin)) - shift);
        storeLanes(column + j, loadLanes(column + j) + s * term);
    }
}

static void RK_NAME(rk_exp)(const double *x, double *y, intptr_t count) {
    for (intptr_t j = 0; j < count; j += 8) storeLanes(y + j, exponential(loadLanes(x + j)));
}

/// `a = logQ − t·e` (exactly logQ where e = 0, so that an infinite slope leaves the nearest
/// codewords' terms finite) for the lanes of one vector; −∞ in lanes past `count`.
RK_INLINE Vector slopedTerms(const double *excess, const double *logQ, intptr_t count, Vector t) {
    double e[8], w[8];
    for (int lane = 0; lane < 8; lane++) {
        e[lane] = lane < count ? excess[lane] : 0;
        w[lane] = lane < count ? logQ[lane] : -INFINITY;
    }
    Vector x = loadLanes(e), l = loadLanes(w);
    return blend(x == splat(0), l, l - t * x);
}

static void RK_NAME(rk_row_moments)(
    const double *excess, const double *logQ, intptr_t count, double slope, double *sums) {
    const Vector t = splat(slope);
    Vector maxima = splat(-INFINITY);
    for (intptr_t l = 0; l < count; l += 8) {
        Vector a = slopedTerms(excess + l, logQ + l, count - l, t);
        maxima = blend(a > maxima, a, maxima);
    }
    const double top = laneMaximum(maxima);
    const Vector shift = splat(top);
    Moments moments = {splat(0), splat(0), splat(0)};
    for (intptr_t l = 0; l < count; l += 8) {
        Vector a = slopedTerms(excess + l, logQ + l, count - l, t);
        double e[8];
        for (int lane = 0; lane < 8; lane++) e[lane] = lane < count - l ? excess[l + lane] : 0;
        addMoments(&moments, exponentialOfNonPositive(a - shift), loadLanes(e));
    }
    sums[0] = laneSum(moments.z);
    sums[1] = laneSum(moments.first);
    sums[2] = laneSum(moments.second);
}

static void RK_NAME(rk_subtract_rank_two)(
    double *row, const double *u, const double *v, double a, double b, intptr_t count) {
    for (intptr_t k = 0; k < count; k++) row[k] -= a * u[k] + b * v[k];
}

static void RK_NAME(rk_subtract_gram)(
    double *rows, intptr_t stride, const intptr_t *support, intptr_t supportCount,
    const double *u, const double *v, double a, double b, intptr_t start, intptr_t count) {
    const double *us = u + start;
    const double *vs = v + start;
    for (intptr_t s = 0; s < supportCount; s++) {
        const intptr_t l = support[s];
        const double w = a * u[l];
        const double f = b * v[l];
        double *row = rows + l * stride + start;
        for (intptr_t k = 0; k < count; k++) row[k] -= w * us[k] + f * vs[k];
    }
}

/// This level's loops, for the dispatcher.
const RKLoops RK_NAME(rk_loops) = {
    .gibbsRow = RK_NAME(rk_gibbs_row),
    .gibbsRowScalarSquared = RK_NAME(rk_gibbs_row_scalar_squared),
    .weightedRow = RK_NAME(rk_weighted_row),
    .weightedRowScalarSquared = RK_NAME(rk_weighted_row_scalar_squared),
    .exponentiate = RK_NAME(rk_exponentiate),
    .accumulateBound = RK_NAME(rk_accumulate_bound),
    .accumulateBoundScalarSquared = RK_NAME(rk_accumulate_bound_scalar_squared),
    .exp = RK_NAME(rk_exp),
    .subtractRankTwo = RK_NAME(rk_subtract_rank_two),
    .subtractGram = RK_NAME(rk_subtract_gram),
    .rowMoments = RK_NAME(rk_row_moments),
};
