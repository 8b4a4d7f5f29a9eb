import RDInterchange

/// What the first pass of compression gathers, piece by piece: the symbols' counts (the
/// frequency table is built from them), the distortion figures, the escaped samples' exact
/// values and, when escapes are refused, the unserved samples (numbered over the whole input).
///
/// Merging pieces in order gives the figures of the whole batch: counts and sums add up, maxima
/// take the larger, escaped values and unserved samples follow in sample order.
struct CodingTally {
    /// How often each symbol occurs: the codewords, then the escape symbol.
    var counts: [UInt64]
    /// The samples tallied so far.
    var sampleCount = 0
    /// The sum of the samples' distortions.
    var totalDistortion = 0.0
    /// The largest distortion among important samples.
    var importantMaxDistortion = 0.0
    /// The number of important samples.
    var importantCount = 0
    /// The escaped samples' coordinates, in sample order.
    var escapedValues: [Double] = []
    /// The number of escaped samples.
    var escapedCount = 0
    /// With escapes refused: the first unserved samples and how many there are in all.
    var unservedSamples: [Int] = []
    var unservedCount = 0

    /// An empty tally for `codewordCount` codewords and the escape symbol.
    init(codewordCount: Int) {
        counts = [UInt64](repeating: 0, count: codewordCount + 1)
    }

    /// Adds the next piece, `batch` being its coded form.
    mutating func add(_ batch: CodedSamples, of piece: SampleSet) {
        for (symbol, count) in batch.counts.enumerated() { counts[symbol] += count }
        totalDistortion += batch.totalDistortion
        importantMaxDistortion = max(importantMaxDistortion, batch.importantMaxDistortion)
        importantCount += piece.importantCount
        escapedValues += batch.escapedValues
        escapedCount += batch.escapedCount
        sampleCount += piece.count
    }

    /// Adds a piece of `count` samples that holds unserved samples (escapes refused):
    /// `samples` lists its first, numbered within the piece, `total` counts them.
    mutating func addUnserved(_ samples: [Int], total: Int, pieceSampleCount count: Int) {
        let room = CodedSamples.listedSampleCount - unservedSamples.count
        unservedSamples += samples.prefix(max(0, room)).map { $0 + sampleCount }
        unservedCount += total
        sampleCount += count
    }

    /// The counts the frequency table is built from: one per codeword, and one more for the
    /// escape symbol when a sample escaped.
    var tableCounts: [UInt64] { escapedCount > 0 ? counts : Array(counts.dropLast()) }
}
