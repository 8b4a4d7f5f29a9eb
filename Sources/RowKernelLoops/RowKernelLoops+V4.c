// The row kernel's loops for CPUs of level x86-64-v4 (RowKernelLoops+Body.h).

#include "RowKernelLoops+Levels.h"

#if RK_HAS_LEVELS
#pragma clang attribute push(__attribute__((target("arch=x86-64-v4"))), apply_to = function)
#define RK_NAME(name) name##_v4
#include "RowKernelLoops+Body.h"
#pragma clang attribute pop
#endif
