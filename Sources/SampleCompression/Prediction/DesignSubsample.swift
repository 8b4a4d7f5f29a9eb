/// Where the residual quantiser is designed: evenly spread blocks of consecutive samples (so
/// that predictions have their neighbours), each coded as a chunk of its own.
struct DesignSubsample {
    /// The blocks' flat ranges in the whole array, each starting at a row's beginning.
    let blocks: [Range<Int>]

    /// Blocks of at least 4096 samples and four rows, about `sampleCount` samples in all (every
    /// sample when there are not many more).
    init(count n: Int, rowLength: Int, sampleCount: Int) {
        let blockLength = max(4096, 4 * rowLength)
        let blockCount = sampleCount / blockLength
        guard blockCount >= 2, n > 2 * sampleCount else {
            blocks = n > 0 ? [0..<n] : []
            return
        }
        let stride = n / blockCount
        blocks = (0..<blockCount).map { b in
            let start = (b * stride) / rowLength * rowLength
            return start..<min(n, start + blockLength)
        }
    }

    /// The number of samples in all blocks.
    var sampleCount: Int { blocks.reduce(0) { $0 + $1.count } }
}
