import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parallel loops over index ranges: the package's one place where work is shared among cores.
///
/// The loop bodies are ordinary (non-`Sendable`) closures, so they may capture unsafe buffer
/// pointers into arrays the caller owns. The contract that makes this sound is the caller's:
/// **iterations touch disjoint memory** (each writes only its own rows, its own slice of an
/// accumulator, its own result slot), and every buffer outlives the call, which returns only
/// when all iterations have finished. The one unchecked `Sendable` conversion that
/// `DispatchQueue.concurrentPerform` needs for such closures lives here and nowhere else.
public enum ParallelLoop {
    /// The number of cores this process may run on (at least 1): on Linux those of its CPU
    /// affinity (`taskset`, a container's cpuset), else the online ones. With the online count
    /// a process pinned to one core of two split two calibration chunks into two tasks, which
    /// then ran one after the other, where coding them as a pair overlaps their closed loops.
    public static let activeCores: Int = affinityCores ?? onlineCores

    /// The online cores.
    static var onlineCores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    /// The cores of the process's CPU affinity (Linux), or nil where it cannot be read.
    /// `sched_getaffinity` is looked up at run time: the C library declares it only for GNU
    /// sources, which Swift's import of it does not define.
    static var affinityCores: Int? {
        #if os(Linux)
        typealias GetAffinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity")
        else { return nil }
        let getAffinity = unsafeBitCast(symbol, to: GetAffinity.self)
        // Room for 8,192 CPUs.
        var mask = [UInt8](repeating: 0, count: 1024)
        let status = mask.withUnsafeMutableBytes { bytes -> Int32 in
            guard let base = bytes.baseAddress else { return -1 }
            return getAffinity(0, bytes.count, base)
        }
        let count = mask.reduce(0) { $0 + $1.nonzeroBitCount }
        return status == 0 && count > 0 ? count : nil
        #else
        return nil
        #endif
    }

    /// Runs `body(index)` for every index in `0..<count`, on all cores when `count > 1`
    /// (on the calling thread otherwise).
    /// - Complexity: `count` calls of `body`, spread over the cores.
    public static func forEach(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: count) { shared.value($0) }
        }
    }

    /// Splits `0..<count` into `chunks` contiguous ranges (sizes differing by at most one, in
    /// order) and runs `body(chunk, range)` for each, in parallel when `chunks > 1`.
    /// - Precondition: `chunks ≥ 1`.
    public static func forEachChunk(
        _ chunks: Int, count: Int, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void
    ) {
        precondition(chunks >= 1, "at least one chunk")
        forEach(chunks) { c in body(c, (count * c / chunks)..<(count * (c + 1) / chunks)) }
    }

    /// `body(index)` for every index in `0..<count`, computed on all cores, in index order.
    public static func map<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            // Each iteration initialises only its own slot.
            forEach(count) { index in (base + index).initialize(to: body(index)) }
            initialized = count
        }
    }
}

/// Carries a value that is not `Sendable` into the iterations of ``ParallelLoop``, which use it
/// under the disjoint-memory contract above.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
