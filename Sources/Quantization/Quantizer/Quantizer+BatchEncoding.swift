import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The result of encoding many samples with one rule.
public struct BatchEncoding: Sendable, Equatable {
    /// One codeword index per sample. An important sample that no codeword meets within the
    /// tolerance gets its nearest codeword and is listed in ``violations``.
    public var indices: [Int]
    /// The samples (in order) that are important and have no codeword within the tolerance.
    public var violations: [Int]
}

extension Quantizer {
    /// Encodes many samples at once with the rule of ``encode(_:isImportant:)``.
    ///
    /// For scalars the rule's cells are intervals for unimportant samples: the cost
    /// `−log q_j + s (x − y_j)²` is, up to `s x²`, a line in x, so the argmin is the lower
    /// envelope of m lines (built once, O(m log m)) and each sample costs a binary search.
    /// An important scalar sample scans only the codewords within `√D'` of it (a binary search
    /// in the sorted codebook). Vectors use the O(m·k) scan. Samples are split across cores
    /// with `DispatchQueue.concurrentPerform`.
    ///
    /// Agrees with ``encode(_:isImportant:)`` except possibly at exact cost ties.
    /// - Parameters:
    ///   - values: N × k sample coordinates, row-major.
    ///   - isImportant: one flag per sample, or nil (none important).
    /// - Returns: an index per sample and the samples whose tolerance no codeword meets.
    /// - Complexity: O(m log m + N log m) for scalars (plus the codewords scanned for important
    ///   samples), O(N·m·k) for vectors; N samples, m codewords.
    public func encode(contentsOf values: [Double], isImportant: [Bool]? = nil) -> BatchEncoding {
        precondition(values.count % dimension == 0, "values are not whole samples")
        let n = values.count / dimension
        precondition(isImportant == nil || isImportant?.count == n, "one importance flag per sample")
        var indices = [Int](repeating: 0, count: n)
        var failed = [Bool](repeating: false, count: n)
        let envelope = dimension == 1 && slope > 0 ? ScalarEnvelope(self) : nil
        let sorted = dimension == 1 ? ScalarCodebookOrder(self) : nil
        let chunks = n < 4096 ? 1 : min(n / 1024, 64)
        indices.withUnsafeMutableBufferPointer { out in
            failed.withUnsafeMutableBufferPointer { bad in
                let output = EncodingBuffers(indices: out, failed: bad)
                let body: @Sendable (Int) -> Void = { c in
                    let range = (n * c / chunks) ..< (n * (c + 1) / chunks)
                    for i in range {
                        let important = isImportant?[i] ?? false
                        var index: Int?
                        if let envelope, !important {
                            index = envelope.index(for: values[i])
                        } else if let sorted {
                            index = sorted.encode(values[i], isImportant: important, rule: self)
                        } else {
                            index = self.encode(values[(i * dimension) ..< ((i + 1) * dimension)], isImportant: important)
                        }
                        if let index {
                            output.indices[i] = index
                        } else {
                            output.failed[i] = true
                            output.indices[i] = self.nearest(values[(i * dimension) ..< ((i + 1) * dimension)])
                        }
                    }
                }
                if chunks == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: body) }
            }
        }
        return BatchEncoding(indices: indices, violations: failed.indices.filter { failed[$0] })
    }

    /// The nearest codeword (smallest distortion; lowest index on ties).
    /// - Complexity: O(m·k).
    public func nearest(_ sample: some Collection<Double>) -> Int {
        let x = Array(sample)
        var best = 0
        var bestDistortion = Double.infinity
        for j in 0..<count {
            let d = distortion(x, j)
            if d < bestDistortion { bestDistortion = d; best = j }
        }
        return best
    }
}

/// Output buffers written by disjoint sample ranges.
private struct EncodingBuffers: @unchecked Sendable {
    let indices: UnsafeMutableBufferPointer<Int>
    let failed: UnsafeMutableBufferPointer<Bool>
}

/// The lower envelope of the lines `c_j(x) = a_j − b_j x` with `a_j = −log q_j + s y_j²`,
/// `b_j = 2 s y_j` (the rule's cost minus `s x²`): codewords in increasing order of `y_j` and
/// the breakpoints between consecutive envelope pieces.
struct ScalarEnvelope: Sendable {
    /// Codeword index of each envelope piece, in increasing order of value.
    let pieces: [Int]
    /// `breaks[t]`: the x where piece t+1 takes over from piece t.
    let breaks: [Double]
    let intercepts: [Double]
    let gradients: [Double]

    init(_ rule: Quantizer) {
        let m = rule.count
        let s = rule.slope
        var a = [Double](repeating: 0, count: m), b = a
        for j in 0..<m {
            let y: Double = rule.codebook[j]
            let information: Double = -log(rule.probabilities[j])
            a[j] = information + s * y * y
            b[j] = 2 * s * y
        }
        // Increasing gradient b; for equal gradients keep the lowest intercept (then lowest index).
        let order = (0..<m).sorted { (j: Int, l: Int) -> Bool in
            if b[j] != b[l] { return b[j] < b[l] }
            if a[j] != a[l] { return a[j] < a[l] }
            return j < l
        }
        var hull: [Int] = []
        var cuts: [Double] = []
        func crossing(_ j: Int, _ k: Int) -> Double { (a[k] - a[j]) / (b[k] - b[j]) }
        for j in order {
            if let last = hull.last, b[last] == b[j] { continue }
            while let last = hull.last {
                let x = crossing(last, j)
                if let cut = cuts.last, x <= cut {
                    hull.removeLast()
                    cuts.removeLast()
                } else {
                    cuts.append(x)
                    break
                }
            }
            if hull.isEmpty { cuts.removeAll() }
            hull.append(j)
        }
        pieces = hull
        breaks = cuts
        intercepts = a
        gradients = b
    }

    /// The envelope piece at x, checked against its neighbours with the rule's tie order.
    func index(for x: Double) -> Int {
        var low = 0, high = breaks.count
        while low < high {
            let mid = (low + high) / 2
            if breaks[mid] < x { low = mid + 1 } else { high = mid }
        }
        var best = pieces[low]
        var bestCost = intercepts[best] - gradients[best] * x
        for t in [low - 1, low + 1] where t >= 0 && t < pieces.count {
            let j = pieces[t]
            let cost = intercepts[j] - gradients[j] * x
            if cost < bestCost || (cost == bestCost && j < best) { best = j; bestCost = cost }
        }
        return best
    }
}

/// A scalar codebook sorted by value, for scanning only the codewords near a sample.
struct ScalarCodebookOrder: Sendable {
    let order: [Int]
    let values: [Double]

    init(_ rule: Quantizer) {
        order = (0..<rule.count).sorted { rule.codebook[$0] < rule.codebook[$1] }
        values = order.map { rule.codebook[$0] }
    }

    /// The rule's choice among codewords within the tolerance (all codewords if unimportant).
    func encode(_ x: Double, isImportant: Bool, rule: Quantizer) -> Int? {
        guard isImportant, let tolerance = rule.importantTolerance else {
            return rule.encode(CollectionOfOne(x), isImportant: false)
        }
        let radius = tolerance.squareRoot()
        var low = 0, high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid] < x - radius * (1 + 1e-12) - 1e-300 { low = mid + 1 } else { high = mid }
        }
        var best = -1
        var bestCost = Double.infinity, bestDistortion = Double.infinity
        var t = low
        while t < values.count && values[t] <= x + radius * (1 + 1e-12) + 1e-300 {
            let j = order[t]
            let e = x - values[t]
            let d = e * e
            if d <= tolerance {
                let cost = -log(rule.probabilities[j]) + rule.slope * d
                if cost < bestCost || (cost == bestCost && (d < bestDistortion || (d == bestDistortion && j < best))) {
                    best = j; bestCost = cost; bestDistortion = d
                }
            }
            t += 1
        }
        return best >= 0 ? best : nil
    }
}
