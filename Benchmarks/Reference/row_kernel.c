/*
 * rdopt's C reference for the speed of one pass of the row kernel.
 *
 * One pass over an n x m squared-error problem does, for every source point x_i:
 *   e_j  = (x_i - y_j)^2 - min_j (x_i - y_j)^2        (distortions shifted by the row minimum)
 *   a_j  = log q_j - s e_j
 *   Z_i  = sum_j exp(a_j - max_j a_j)                  (log-sum-exp, largest term exp(0))
 *   mean_i, var_i of e under the row's Gibbs law       (what the slope updates need)
 *   c_j += p_i exp(a_j - max a) / Z_i                  (the column sums that update q)
 * which is the work of one constrained Blahut-Arimoto pass of rdopt's RowKernel
 * (Sources/RateDistortion/Kernel). Solver speed is judged in passes: the solver's wall time
 * divided by the time of one pass here.
 *
 * Build and run (one core; the compiler vectorises exp with -ffast-math):
 *     cc -O3 -march=native -ffast-math row_kernel.c -o row_kernel -lm
 *     ./row_kernel N M REPEATS        -> nanoseconds per matrix entry per pass (best of REPEATS)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double seconds_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* One pass; returns a checksum so that the compiler cannot drop the work. */
static double one_pass(int n, int m, const double *x, const double *y, const double *p,
                       const double *log_q, double slope, double *work, double *columns) {
    double checksum = 0;
    for (int j = 0; j < m; j++) columns[j] = 0;
    for (int i = 0; i < n; i++) {
        double minimum = INFINITY;
        for (int j = 0; j < m; j++) {
            double d = x[i] - y[j];
            work[j] = d * d;
            minimum = work[j] < minimum ? work[j] : minimum;
        }
        double top = -INFINITY;
        for (int j = 0; j < m; j++) {
            work[j] -= minimum;
            double a = log_q[j] - slope * work[j];
            top = a > top ? a : top;
        }
        double z = 0, first = 0, second = 0;
        for (int j = 0; j < m; j++) {
            double e = work[j];
            double w = exp(log_q[j] - slope * e - top);
            z += w;
            first += w * e;
            second += w * e * e;
            work[j] = w;
        }
        double scale = p[i] / z;
        for (int j = 0; j < m; j++) columns[j] += scale * work[j];
        double mean = first / z;
        checksum += mean + (second / z - mean * mean);
    }
    return checksum + columns[m / 2];
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: row_kernel N M REPEATS\n");
        return 2;
    }
    long n = strtol(argv[1], NULL, 10), m = strtol(argv[2], NULL, 10), repeats = strtol(argv[3], NULL, 10);
    if (n < 1 || m < 1 || repeats < 1 || n > 100000000L / m) {
        fprintf(stderr, "error: N, M and REPEATS must be positive and N*M at most 1e8\n");
        return 2;
    }
    double *x = malloc(n * sizeof *x), *p = malloc(n * sizeof *p);
    double *y = malloc(m * sizeof *y), *log_q = malloc(m * sizeof *log_q);
    double *work = malloc(m * sizeof *work), *columns = malloc(m * sizeof *columns);
    if (!x || !p || !y || !log_q || !work || !columns) {
        fprintf(stderr, "error: out of memory\n");
        return 1;
    }
    /* A Gaussian-like source on a grid over [-4, 4] and the same grid as codebook. */
    double total = 0;
    for (long i = 0; i < n; i++) {
        x[i] = -4 + 8.0 * (double)i / (double)(n > 1 ? n - 1 : 1);
        p[i] = exp(-x[i] * x[i] / 2);
        total += p[i];
    }
    for (long i = 0; i < n; i++) p[i] /= total;
    for (long j = 0; j < m; j++) {
        y[j] = -4 + 8.0 * (double)j / (double)(m > 1 ? m - 1 : 1);
        log_q[j] = -log((double)m);
    }
    double best = INFINITY, checksum = 0;
    for (long r = 0; r < repeats; r++) {
        double start = seconds_now();
        checksum += one_pass((int)n, (int)m, x, y, p, log_q, 5.0, work, columns);
        double elapsed = seconds_now() - start;
        best = elapsed < best ? elapsed : best;
    }
    printf("%.4f ns/entry/pass (n=%ld m=%ld, best of %ld; checksum %.6g)\n",
           best / ((double)n * (double)m) * 1e9, n, m, repeats, checksum);
    free(x); free(p); free(y); free(log_q); free(work); free(columns);
    return 0;
}
