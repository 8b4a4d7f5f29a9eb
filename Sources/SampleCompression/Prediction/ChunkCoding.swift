import EntropyCoding
import ParallelLoops

/// The closed-loop coding of some chunks of an array (``PredictiveCoding`` codes them all, a
/// calibration a few, ``CodedChunks``), on all cores.
struct ChunkCoding {
    let values: UnsafeBufferPointer<Double>
    let importance: UnsafeBufferPointer<Bool>?
    let predictor: Predictor
    let encoder: ClosedLoopEncoder
    let chunkSize: Int

    /// The flat range of chunk `c`.
    func range(_ c: Int) -> Range<Int> {
        (c * chunkSize)..<min(values.count, (c + 1) * chunkSize)
    }

    /// Codes chunks `indices`, each writing its symbols (and activities, when given) from
    /// `offset(c)` on; returns their figures in the order of `indices`.
    ///
    /// Chunks are coded two at a time (their closed loops overlap on one core) when that still
    /// leaves every core a pair; otherwise one at a time.
    func code(
        _ indices: [Int], symbols: UnsafeMutablePointer<UInt32>,
        activities: UnsafeMutablePointer<Float>?, offset: (Int) -> Int
    ) -> [ClosedLoopEncoder.Chunk] {
        func buffers(_ c: Int) -> ClosedLoopEncoder.ChunkBuffers {
            let range = range(c)
            var chunk = ClosedLoopEncoder.ChunkBuffers(
                values: UnsafeBufferPointer(rebasing: values[range]),
                importance: importance.map { UnsafeBufferPointer(rebasing: $0[range]) },
                start: range.lowerBound, symbols: symbols + offset(c))
            chunk.activities = activities.map { $0 + offset(c) }
            return chunk
        }
        // Interpolation codes a chunk level by level, with no chain from one sample to the next
        // to overlap (``LevelWavefront``): one chunk at a time keeps its samples in cache.
        let paired =
            (indices.count + 1) / 2 >= ParallelLoop.activeCores && !predictor.kind.interpolates
        let perTask = paired ? 2 : 1
        return withoutActuallyEscaping(buffers) { buffers in
            ParallelLoop.map((indices.count + perTask - 1) / perTask) { task in
                let k = perTask * task
                guard paired, k + 1 < indices.count else {
                    return [
                        predictor.accept(
                            ChunkEncoding(encoder: encoder, chunk: buffers(indices[k])),
                            activity: activities != nil)
                    ]
                }
                return predictor.accept(
                    ChunkPairEncoding(
                        encoder: encoder, first: buffers(indices[k]),
                        second: buffers(indices[k + 1])),
                    activity: activities != nil)
            }.flatMap { $0 }
        }
    }
}

/// Chunks of an array coded ahead of the whole (a calibration's), kept so that the whole
/// coding with the same design takes them instead of coding them again
/// (``PredictiveCoding/init(values:importance:predictor:encoder:chunkSize:reusing:)``).
struct CodedChunks {
    /// What they were coded with.
    let predictor: Predictor
    let encoder: ClosedLoopEncoder
    let chunkSize: Int
    /// The chunks' indices, increasing.
    let indices: [Int]
    /// Their symbols (and activities), chunk after chunk.
    let symbols: [UInt32]
    let activities: [Float]?
    /// Each chunk's offset in ``symbols``.
    let offsets: [Int]
    /// Each chunk's figures.
    let results: [ClosedLoopEncoder.Chunk]

    /// Codes chunks `indices` (increasing) of `values` in chunks of `chunkSize`.
    init(
        _ indices: [Int], values: UnsafeBufferPointer<Double>,
        importance: UnsafeBufferPointer<Bool>?, predictor: Predictor, encoder: ClosedLoopEncoder,
        chunkSize: Int
    ) {
        let coding = ChunkCoding(
            values: values, importance: importance, predictor: predictor, encoder: encoder,
            chunkSize: chunkSize)
        var offsets: [Int] = []
        var total = 0
        for c in indices {
            offsets.append(total)
            total += coding.range(c).count
        }
        // Every chunk writes every one of its activities, as in ``PredictiveCoding``.
        var activities =
            ActivityContexts.apply(to: predictor)
            ? [Float](unsafeUninitializedCapacity: total) { activities, initialized in
                HugePages.advise(activities)
                initialized = total
            } : nil
        var results: [ClosedLoopEncoder.Chunk] = []
        let place = Dictionary(uniqueKeysWithValues: zip(indices, offsets))
        symbols = [UInt32](unsafeUninitializedCapacity: total) { output, initialized in
            HugePages.advise(output)
            let base = output.baseAddress.unsafelyUnwrapped
            PredictiveCoding.withBase(of: &activities) { activityBase in
                results = coding.code(indices, symbols: base, activities: activityBase) {
                    place[$0] ?? 0
                }
            }
            initialized = total
        }
        self.activities = activities
        self.offsets = offsets
        self.results = results
        self.indices = indices
        self.predictor = predictor
        self.encoder = encoder
        self.chunkSize = chunkSize
    }

    /// The chunks' mean squared error.
    var meanSquaredError: Double {
        let count = symbols.count
        return count > 0 ? results.reduce(0) { $0 + $1.squaredErrorSum } / Double(count) : 0
    }

    /// Whether these chunks are what a coding with `predictor`, `encoder` and `chunkSize` gives.
    func matches(predictor: Predictor, encoder: ClosedLoopEncoder, chunkSize: Int) -> Bool {
        self.predictor == predictor && self.encoder == encoder && self.chunkSize == chunkSize
    }

    /// Copies the `k`-th chunk's symbols (and activities) to `symbols` (and `activities`).
    func copy(
        _ k: Int, symbols target: UnsafeMutablePointer<UInt32>,
        activities activityTarget: UnsafeMutablePointer<Float>?
    ) {
        let start = offsets[k]
        let count = (k + 1 < offsets.count ? offsets[k + 1] : symbols.count) - start
        let range = start..<(start + count)
        _ = UnsafeMutableBufferPointer(start: target, count: count).update(
            fromContentsOf: symbols[range])
        if let activityTarget, let activities {
            _ = UnsafeMutableBufferPointer(start: activityTarget, count: count).update(
                fromContentsOf: activities[range])
        }
    }
}
