// The inner loop of the closed loop of interpolation, in C.
//
// SampleCompression's closed loop (ClosedLoopEncoder+Chunk.swift) predicts each sample of a
// 1-D chunk from reconstructions of coarser levels, quantises the residual and reconstructs it
// as the decoder will. Written in Swift, one sample took about 110 instructions (the optional
// buffers, the checked conversions and the loop invariants spilled to the stack), and the loop
// ran at the processor's instruction throughput, about 55 cycles a sample. This function is the
// same arithmetic, operation for operation (compiled without contracting into fused
// multiply-adds), for the samples whose four neighbours lie inside the chunk; the Swift loop
// keeps the others, and settles a sample whose cell's codeword misses a bound.

#ifndef CLOSED_LOOP_KERNELS_H
#define CLOSED_LOOP_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/// The residual quantiser as the closed loop reads it (SampleCompression's CellGrid.Table and
/// codewords).
typedef struct {
    /// The cell grid: the cell of a residual r starts the search at first_cell[g], where g is
    /// (r - grid_start) * grid_scale clamped to [0, first_cell_count - 1].
    double grid_start;
    double grid_scale;
    const int32_t *first_cell;
    ptrdiff_t first_cell_count;
    /// The thresholds between cells, sorted, followed by two +infinity.
    const double *padded_thresholds;
    /// The thresholds without the padding (one fewer than the codewords).
    ptrdiff_t threshold_count;
    const double *codewords;
    /// The bound on every sample's absolute error (+infinity without one).
    double maximum_error;
    /// The bound on an important sample's squared error (+infinity without one).
    double important_tolerance;
    /// Whether reconstructions are rounded to float32.
    int rounds_to_float32;
} closed_loop_quantizer;

/// One chunk's buffers and its running error figures.
typedef struct {
    const double *values;
    /// Reconstructions by position (the neighbours are read from here).
    double *reconstructed;
    /// Symbols and activities by visit, residuals by position; activities and residuals may
    /// be NULL.
    uint32_t *symbols;
    uint64_t *counts;
    float *activities;
    double *residuals;
    /// One flag per position, or NULL when no sample is important.
    const _Bool *importance;
    double squared_error_sum;
    double maximum_absolute_error;
    /// The important samples coded and their largest squared error.
    ptrdiff_t important_count;
    double important_maximum_squared_error;
} closed_loop_chunk;

/// Visits coded per batch (``closed_loop_batch``).
enum { closed_loop_batch_capacity = 256 };

/// One batch's first two passes (predictions, residuals, activities, cells) for visits
/// start ..< end of a run, kept by the caller between calls: after the loop stops at a visit
/// (its cell's codeword misses a bound) and the caller settles it, the next call resumes within
/// the batch instead of computing its passes again. No visit of a run is another's neighbour,
/// so the settled visit changes none of them. The caller sets start = end = 0 before a run
/// other than the one the batch came from.
typedef struct {
    ptrdiff_t start;
    ptrdiff_t end;
    double predictions[closed_loop_batch_capacity];
    double residuals[closed_loop_batch_capacity];
    float activities[closed_loop_batch_capacity];
    ptrdiff_t cells[closed_loop_batch_capacity];
} closed_loop_batch;

/// Codes visits first ..< last of one level of interpolation whose neighbours are `stride`
/// apart (visit t at position positions[t]; every position p with p - 3 stride >= 0 and
/// p + 3 stride inside the chunk), their residuals over `scale`, predicting by the cubic or,
/// with `linear`, the midpoint. Stops at the first visit whose cell's codeword misses the
/// maximum error (or, for an important sample, the important tolerance), leaving it uncoded for
/// the caller.
/// Returns the visit it stopped at (`last` when every visit was coded). `batch` holds the
/// passes of the batch being coded (resumed when `first` lies within it).
ptrdiff_t closed_loop_interpolate_interior(
    const closed_loop_quantizer *quantizer, closed_loop_chunk *chunk, const int32_t *positions,
    ptrdiff_t first, ptrdiff_t last, ptrdiff_t stride, double scale, int linear,
    closed_loop_batch *batch);

#endif
