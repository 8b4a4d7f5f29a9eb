#if canImport(Glibc)
import Glibc
#endif

/// How this process asks glibc's allocator to keep large blocks.
///
/// Streaming `compress` and `decompress` allocate arrays of megabytes for every piece of
/// values and every chunk of symbols, and free them before the next. (Measured when pieces
/// were 2^21 values; they are 2^18 now, which reuses memory sooner still.) By default glibc serves such blocks with `mmap` and
/// hands them back to the system when they are freed (its threshold grows only with the blocks
/// freed so far), so every piece faulted its pages in again, each zeroed by the kernel: 18,000
/// page faults for 10^7 float64 samples, a quarter of `compress`'s time. Serving blocks up to
/// 32 MB from the heap, and keeping up to 256 MB of freed heap instead of trimming it, reuses
/// the same pages piece after piece (`compress` of 10^7 samples 0.106 → 0.079 s, 11,900
/// faults). Peak memory is unchanged: freed blocks are reused, not added to.
///
/// The command line owns its process, so it sets this; the libraries never do (a program that
/// links them keeps its own allocator settings). Elsewhere than glibc it does nothing.
enum AllocatorTuning {
    /// Blocks up to this size come from the heap.
    static let mmapThreshold: Int32 = 32 << 20
    /// Freed heap up to this size is kept for reuse.
    static let trimThreshold: Int32 = 256 << 20

    /// `mallopt`'s parameters, from glibc's `<malloc.h>`, which the Glibc module does not
    /// import (nor `mallopt` itself: it is looked up by name).
    private static let trimThresholdParameter: Int32 = -1
    private static let mmapThresholdParameter: Int32 = -3

    static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        // A null handle searches the global symbols (RTLD_DEFAULT on glibc).
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        _ = mallopt(mmapThresholdParameter, mmapThreshold)
        _ = mallopt(trimThresholdParameter, trimThreshold)
        #endif
    }
}
