// Which CPU levels the row kernel's loops are compiled for (docs/architecture.md, "Runtime CPU
// dispatch"): on x86-64 with clang, x86-64-v4 (AVX-512), x86-64-v3 (AVX2) and the baseline;
// elsewhere the build's own target only.

#ifndef ROW_KERNEL_LOOPS_LEVELS_H
#define ROW_KERNEL_LOOPS_LEVELS_H

#include "RowKernelLoops.h"

#if defined(__x86_64__) && defined(__clang__)
#define RK_HAS_LEVELS 1
#else
#define RK_HAS_LEVELS 0
#endif

#if RK_HAS_LEVELS
extern const RKLoops rk_loops_v4;
extern const RKLoops rk_loops_v3;
#endif
extern const RKLoops rk_loops_baseline;

#endif
