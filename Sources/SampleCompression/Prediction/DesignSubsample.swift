/// Where the residual quantiser is designed: evenly spread blocks of consecutive samples (so
/// that predictions have their neighbours), each coded as a chunk of its own.
struct DesignSubsample {
    /// The blocks' flat ranges in the whole array, each starting at a row's beginning and
    /// within one chunk of the file.
    let blocks: [Range<Int>]
    /// As many blocks again, each halfway between two design blocks and apart from them, on
    /// which the rounds' quantisers are scored (``PredictiveDesign/refine(_:from:probe:input:blocks:)``);
    /// nil when the design blocks hold the whole data (it is then what the file codes).
    ///
    /// A quantiser designed on a sample fits that sample's chance: at high rates, with a few
    /// samples per cell, it looks better there than it is. On 300,000 Laplace values at
    /// var/10^6 the design blocks scored the programme's 2,795 cells 0.07 bits per value below
    /// the uniform probe, and the whole data then took 10.20 bits of entropy with them against
    /// the uniform quantiser's 10.10.
    let validationBlocks: [Range<Int>]?

    /// Blocks of at least 4096 samples (and ``rowsPerBlock`` rows of a 2-D array, or
    /// ``planesPerBlock`` planes of a field whose planes fit that often in a chunk) but no more than a
    /// chunk, about `sampleCount` samples in all and at least ``minimumBlocks`` blocks; every
    /// chunk whole when the data has at most twice as many samples as the blocks, or at most
    /// ``wholeDataLimit``.
    ///
    /// - Parameters:
    ///   - n: The number of values.
    ///   - rowLength: Values per row (1 for a signal).
    ///   - planeRows: Rows per plane of a field of rank 3 or more, else nil.
    ///   - sampleCount: The samples wanted.
    ///   - chunkSize: The file's chunk size, a multiple of `rowLength` (and of the plane when
    ///     one fits).
    init(count n: Int, rowLength: Int, planeRows: Int? = nil, sampleCount: Int, chunkSize: Int) {
        let chunk = max(1, chunkSize)
        // Blocks start where the file's chunks can: at a plane when one fits in a chunk.
        var unit = rowLength
        var span = rowLength > 1 ? Self.rowsPerBlock * rowLength : 1
        if let planeRows,
            case (let plane, false) = planeRows.multipliedReportingOverflow(
                by: rowLength), plane <= chunk
        {
            unit = plane
            let planes = plane <= Self.smallPlane ? Self.rowsPerBlock : Self.planesPerBlock
            span = plane <= chunk / planes ? planes * plane : plane
        }
        let blockLength = min(chunk, max(4096, span))
        let blockCount = max(sampleCount, Self.minimumBlocks * blockLength) / blockLength
        guard blockCount >= 2, n > 2 * blockCount * blockLength, n > Self.wholeDataLimit else {
            blocks = stride(from: 0, to: n, by: chunk).map { $0..<min(n, $0 + chunk) }
            validationBlocks = nil
            return
        }
        let stride = n / blockCount
        func block(at position: Int) -> Range<Int> {
            let start = position / unit * unit
            let chunkEnd = (start / chunk + 1) * chunk
            return start..<min(n, start + blockLength, chunkEnd)
        }
        let design = (0..<blockCount).map { block(at: $0 * stride) }
        blocks = design
        let halfway = (0..<blockCount).map { block(at: $0 * stride + stride / 2) }
        let apart = halfway.allSatisfy { candidate in
            !candidate.isEmpty && design.allSatisfy { !$0.overlaps(candidate) }
        }
        validationBlocks = apart ? halfway : nil
    }

    /// Rows of a 2-D array per block: one more than a power of two, so that interpolation along
    /// the columns has a neighbour below at every level but the coarsest. With blocks of four
    /// rows (the fewest before) a quarter of the rows were copied from above, and the design
    /// rate on a smooth 1000 × 1000 field was 0.53 bits where the file took 0.16.
    static let rowsPerBlock = 33
    /// Planes of a field per block: one more than a power of two, as for rows. 3-D
    /// interpolation needs planes on both sides at every level it measures: with blocks of
    /// four planes it came second to 2-D interpolation on a smooth 100 × 100 × 100 field at
    /// var/1000 (0.596 bits/value), with nine it won (0.283) in 1.8 s instead of 1.3; 17 and 33
    /// planes gained nothing more (0.286) in 4.6 s.
    static let planesPerBlock = 9
    /// Planes of at most this many values are taken ``rowsPerBlock`` at a time, as a 2-D
    /// array's rows: such a field is mostly an image with a few values per pixel (RGB, of
    /// shape (h, w, 3): a plane is an image row), where a block's first plane lacks the
    /// plane before that a stencil or Lorenzo 2-D predicts from (on a 512 × 512 RGB
    /// photograph, blocks of nine image rows ranked a stencil behind Lorenzo 2-D, whose file
    /// then took 2.80 bits per value where the stencil's took 2.60).
    static let smallPlane = 4096
    /// Data of at most this many values is designed on whole: blocks of a signal that is quiet
    /// but for an event can miss the event. On 86,399 values of a seismogram at var/100, eight
    /// blocks of 4,096 ranked a linear predictor of order 16 at 0.045 bits and interpolation
    /// at 0.53; the whole file took 0.355 bits with the former and 0.218 with the latter (SZ3:
    /// 0.222). Such data designs in well under a second.
    static let wholeDataLimit = 1 << 18
    /// The fewest blocks the samples are spread over.
    static let minimumBlocks = 4

    /// The number of samples in all blocks.
    var sampleCount: Int { blocks.reduce(0) { $0 + $1.count } }
}
