#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large fresh buffer with 2 MiB pages where it can.
///
/// A fresh 40 MB result array takes 10,000 page faults of 4 KiB, each zeroing its page, before
/// the decoder's writes land: that halved the rate of ``RANSCodec/decode(_:count:)`` against
/// decoding into a reused buffer. With transparent huge pages in their default `madvise` mode,
/// the whole 2 MiB-aligned part of the buffer faults in 2 MiB at a time. Best effort: where the
/// call or huge pages are missing, nothing changes.
enum HugePages {
    /// Buffers smaller than this are left alone.
    static let minimumByteCount = 8 << 20

    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= minimumByteCount, let base = buffer.baseAddress else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }
}
