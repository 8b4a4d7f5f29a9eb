// The row kernel's loops for the build's own target (SSE2 on x86-64) (RowKernelLoops+Body.h).

#include "RowKernelLoops+Levels.h"

#define RK_NAME(name) name##_baseline
#include "RowKernelLoops+Body.h"
