// Hints to the processor's caches that Swift has no spelling for.
//
// The closed loop of interpolation reads the data in an order the hardware prefetchers do not
// follow (every 2^k-th value of a level, levels interleaved as a wavefront; SampleCompression's
// LevelWavefront.swift): asking for the lines ahead of the loop took the stall on each value's
// first load out of the loop.

#ifndef CACHE_HINTS_H
#define CACHE_HINTS_H

/// Asks for the cache line holding `address` to be brought near the core for reading. A hint
/// only: it never faults, even for an address outside any mapping.
static inline void cache_hint_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

#endif
