#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _cos(_ x: Double) -> Double { cos(x) }

/// `true` when `a` and `b` differ by at most `absolute + relative · max(|a|, |b|)`.
public func isClose(_ a: Double, _ b: Double, absolute: Double = 0, relative: Double = 0) -> Bool {
    abs(a - b) <= absolute + relative * max(abs(a), abs(b))
}

/// The binary entropy function in nats, `h(p) = −p log p − (1−p) log(1−p)`.
public func binaryEntropy(_ p: Double) -> Double {
    if p <= 0 || p >= 1 { return 0 }
    return -p * log(p) - (1 - p) * log(1 - p)
}

/// The entropy `−Σ p log p` of a distribution, in nats (zero entries contribute nothing).
public func entropy(_ distribution: [Double]) -> Double {
    distribution.reduce(0) { $1 > 0 ? $0 - $1 * _log($1) : $0 }
}
