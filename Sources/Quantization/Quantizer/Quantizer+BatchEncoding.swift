import ParallelLoops

/// The result of encoding many samples with one rule.
public struct BatchEncoding: Sendable, Equatable {
    /// One codeword index per sample. An important sample that no codeword meets within the
    /// tolerance gets its nearest codeword and is listed in ``violations``.
    public var indices: [Int]
    /// The samples (in order) that are important and have no codeword within the tolerance.
    public var violations: [Int]
}

extension Quantizer {
    /// Encodes many samples at once with ``QuantizerEncoder`` (the rule of
    /// ``encode(_:isImportant:)``, the same index for every sample), on all cores.
    /// - Parameters:
    ///   - values: N × k sample coordinates, row-major.
    ///   - isImportant: one flag per sample, or nil (none important).
    /// - Returns: an index per sample and the samples whose tolerance no codeword meets.
    /// - Complexity: O(m log m + N (log m + visited)) for scalars, O(N·m·k) for vectors.
    public func encode(contentsOf values: [Double], isImportant: [Bool]? = nil) -> BatchEncoding {
        precondition(values.count % dimension == 0, "values are not whole samples")
        let n = values.count / dimension
        precondition(
            isImportant == nil || isImportant?.count == n, "one importance flag per sample")
        let encoder = QuantizerEncoder(quantizer: self)
        var indices = [Int](repeating: 0, count: n)
        var failed = [Bool](repeating: false, count: n)
        let chunks = n < 4096 ? 1 : min(n / 1024, 64)
        let k = dimension
        values.withUnsafeBufferPointer { input in
            indices.withUnsafeMutableBufferPointer { indices in
                failed.withUnsafeMutableBufferPointer { failed in
                    // Each chunk writes only its own samples' entries.
                    ParallelLoop.forEachChunk(chunks, count: n) { _, samples in
                        for i in samples {
                            let sample = UnsafeBufferPointer(
                                rebasing: input[(i * k)..<((i + 1) * k)])
                            if let j = encoder.encode(sample, isImportant: isImportant?[i] ?? false)
                            {
                                indices[i] = j
                            } else {
                                failed[i] = true
                                indices[i] = self.nearest(sample)
                            }
                        }
                    }
                }
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
            if d < bestDistortion {
                bestDistortion = d
                best = j
            }
        }
        return best
    }
}
