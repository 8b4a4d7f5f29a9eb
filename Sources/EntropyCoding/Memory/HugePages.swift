#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large fresh buffer with 2 MiB pages where it can.
///
/// A fresh 40 MB result array takes 10,000 page faults of 4 KiB, each zeroing its page, before
/// the first writes land: that halved the rate of ``RANSCodec/decode(_:count:)`` against
/// decoding into a reused buffer, and on 10^7 values compression touched about 230 MB that way
/// (the data read, the symbols and activities of the closed loop, the visiting orders), a
/// sixth of its time in the kernel. With transparent huge pages in their default `madvise`
/// mode, the whole 2 MiB-aligned part of the buffer faults in 2 MiB at a time. Best effort:
/// where the call or huge pages are missing, nothing changes. Call it before the buffer's
/// pages are first touched (on a fresh allocation); on pages already present it only marks
/// them for the kernel's background merging.
public enum HugePages {
    /// Buffers smaller than this are left alone (from twice a huge page on, a buffer holds at
    /// least one whole huge page wherever it starts).
    public static let minimumByteCount = 4 << 20

    public static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= minimumByteCount, let base = buffer.baseAddress else { return }
        let huge = 2 << 20
        let start = (Int(bitPattern: base) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(huge - 1)
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// ``advise(_:)`` for the bytes of a typed buffer.
    public static func advise<Element>(_ buffer: UnsafeMutableBufferPointer<Element>) {
        advise(UnsafeMutableRawBufferPointer(buffer))
    }
}
