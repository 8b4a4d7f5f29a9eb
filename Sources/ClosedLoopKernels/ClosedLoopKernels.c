#include "ClosedLoopKernels.h"

#include <math.h>

// Every expression below is the Swift loop's, in the same order of operations, so that the
// symbols, reconstructions and error sums are the same to the bit (the target is compiled with
// -ffp-contract=off: no fused multiply-adds).

static inline ptrdiff_t cell_of(const closed_loop_quantizer *q, double residual) {
    double position = (residual - q->grid_start) * q->grid_scale;
    ptrdiff_t last = q->first_cell_count - 1;
    ptrdiff_t g = position >= 0 ? (position < (double)last ? (ptrdiff_t)position : last) : 0;
    ptrdiff_t first = q->first_cell[g];
    const double *t = q->padded_thresholds;
    ptrdiff_t j = first + (t[first] <= residual) + (t[first + 1] <= residual);
    while (j < q->threshold_count && t[j] <= residual) j += 1;
    return j < q->threshold_count ? j : q->threshold_count;
}

// Visits coded per batch (closed_loop_batch_capacity): the batch's predictions, residuals and
// cells stay in the first-level cache.

ptrdiff_t closed_loop_interpolate_interior(
    const closed_loop_quantizer *quantizer, closed_loop_chunk *chunk, const int32_t *positions,
    ptrdiff_t first, ptrdiff_t last, ptrdiff_t stride, double scale, int linear,
    closed_loop_batch *batch) {
    const closed_loop_quantizer q = *quantizer;
    const double *values = chunk->values;
    double *r = chunk->reconstructed;
    uint32_t *symbols = chunk->symbols;
    uint64_t *counts = chunk->counts;
    float *activities = chunk->activities;
    double *residuals = chunk->residuals;
    const _Bool *importance = chunk->importance;
    double squared_sum = chunk->squared_error_sum;
    double largest = chunk->maximum_absolute_error;
    ptrdiff_t important_count = chunk->important_count;
    double important_largest = chunk->important_maximum_squared_error;
    const ptrdiff_t s = stride;
    const int unit = scale == 1;
    double *predictions = batch->predictions, *residual_of = batch->residuals;
    float *activity_of = batch->activities;
    ptrdiff_t *cells = batch->cells;
    ptrdiff_t t = first;
    while (t < last) {
        // Resumed within the batch the loop stopped in, or a new batch.
        if (!(batch->start <= t && t < batch->end && batch->end <= last)) {
            ptrdiff_t n = last - t < closed_loop_batch_capacity ? last - t
                                                                : closed_loop_batch_capacity;
            // Three passes, each over samples that do not depend on each other: one sample's
            // prediction, cell lookup and reconstruction are a chain of about 100 cycles of
            // loads and arithmetic, and in one loop the processor's window held two or three
            // samples' chains at once; short passes let it overlap many.
            for (ptrdiff_t k = 0; k < n; k++) {
                ptrdiff_t i = positions[t + k];
                double a3 = r[i - 3 * s], a = r[i - s], b = r[i + s], b3 = r[i + 3 * s];
                double p = linear ? (a + b) / 2 : (-a3 + 9 * a + 9 * b - b3) / 16;
                double x = values[i];
                predictions[k] = p;
                residual_of[k] = unit ? x - p : (x - p) / scale;
                activity_of[k] = (float)(fabs(b - a) + (fabs(a - a3) + fabs(b3 - b)) / 2);
            }
            for (ptrdiff_t k = 0; k < n; k++) cells[k] = cell_of(&q, residual_of[k]);
            batch->start = t;
            batch->end = t + n;
        }
        ptrdiff_t n = batch->end - batch->start;
        for (ptrdiff_t k = t - batch->start; k < n; k++, t++) {
            ptrdiff_t i = positions[t];
            ptrdiff_t j = cells[k];
            double codeword = unit ? q.codewords[j] : q.codewords[j] * scale;
            double y = predictions[k] + codeword;
            if (q.rounds_to_float32) y = (double)(float)y;
            double error = values[i] - y;
            _Bool important = importance && importance[i];
            if (!(fabs(error) <= q.maximum_error
                    && (!important || error * error <= q.important_tolerance)))
                goto stopped;
            if (activities) activities[t] = activity_of[k];
            symbols[t] = (uint32_t)j;
            counts[j] += 1;
            r[i] = y;
            if (residuals) residuals[i] = residual_of[k];
            double squared = error * error;
            squared_sum += squared;
            double magnitude = fabs(error);
            largest = largest > magnitude ? largest : magnitude;
            if (important) {
                important_count += 1;
                important_largest = important_largest > squared ? important_largest : squared;
            }
        }
    }
stopped:
    chunk->squared_error_sum = squared_sum;
    chunk->maximum_absolute_error = largest;
    chunk->important_count = important_count;
    chunk->important_maximum_squared_error = important_largest;
    return t;
}
