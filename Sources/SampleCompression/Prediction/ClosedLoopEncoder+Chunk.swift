import CacheHints
import ClosedLoopKernels
import EntropyCoding

extension ClosedLoopEncoder {
    /// What one chunk's coding reads and where it writes.
    struct ChunkBuffers {
        /// The chunk's samples.
        let values: UnsafeBufferPointer<Double>
        /// One flag per sample of the chunk, or `nil`.
        let importance: UnsafeBufferPointer<Bool>?
        /// The flat index of the chunk's first sample in the whole array.
        let start: Int
        /// Receives the chunk's `values.count` symbols (in the predictor's visiting order).
        let symbols: UnsafeMutablePointer<UInt32>
        /// When given, receives each sample's closed-loop residual over its level's scale
        /// (what the residual quantiser sees; for design), in the chunk's order.
        var residuals: UnsafeMutablePointer<Double>? = nil
        /// When given, receives each sample's reconstruction (for design).
        var reconstructions: UnsafeMutablePointer<Double>? = nil
        /// When given, receives each sample's activity (``ActivityContexts``), in visiting order.
        var activities: UnsafeMutablePointer<Float>? = nil
    }

    /// Codes the samples of one chunk with `predictor`, restarted at the chunk's start.
    /// - Complexity: O(n) for n samples (the cell lookup takes about one step).
    func encode<P: NeighbourPrediction>(_ chunk: ChunkBuffers, predictor: P) -> Chunk {
        if let interpolation = predictor as? InterpolationPrediction {
            return encode(chunk, interpolation: interpolation)
        }
        return encodeInVisitingOrder(chunk, predictor: predictor)
    }

    /// Codes one chunk sample after sample in `predictor`'s visiting order.
    func encodeInVisitingOrder<P: NeighbourPrediction>(_ chunk: ChunkBuffers, predictor: P)
        -> Chunk
    {
        withQuantizerTables { tables in
            var lane = ChunkLane(chunk, predictor: predictor, encoder: self)
            while lane.t < lane.count { lane.step(self, tables) }
            return lane.finish()
        }
    }

    /// Codes one chunk with interpolation, level by level (a 1-D chunk's levels as a wavefront,
    /// ``LevelWavefront``): the same symbols and reconstructions as in visiting order (the
    /// error sums may differ in their last bits: they are added in another order).
    ///
    /// Within one pass of a level the samples do not predict each other, so runs of samples
    /// with all four neighbours inside the chunk, one stride apart, go to the C loop
    /// (``InteriorKernel``).
    private func encode(_ chunk: ChunkBuffers, interpolation: InterpolationPrediction) -> Chunk {
        withQuantizerTables { tables in
            var lane = ChunkLane(chunk, predictor: interpolation, encoder: self)
            let predictor = lane.predictor
            let order = predictor.order
            let wavefront = LevelWavefront(order)
            let kernel = InteriorKernel(self, tables)
            // The C loop's batch, resumed after a sample it stopped at (one per chunk: visits
            // of different chunks share their numbers).
            let batch = UnsafeMutablePointer<closed_loop_batch>.allocate(capacity: 1)
            batch.initialize(to: closed_loop_batch())
            defer { batch.deallocate() }
            // The values up to here have been asked for (``LevelWavefront/prefetchReach``).
            var requested = 0
            var totals = Totals()
            for (level, visits) in wavefront?.ranges ?? order.levelRanges {
                if let wavefront, let values = chunk.values.baseAddress,
                    level < wavefront.blockedLevels
                {
                    let reach =
                        Int(order.positions[visits.upperBound - 1]) + LevelWavefront.prefetchReach
                    while requested < min(reach, lane.count) {
                        cache_hint_prefetch(values + requested)
                        requested += LevelWavefront.valuesPerLine
                    }
                }
                let scale = predictor.residualScale(ofLevel: level)
                var t = visits.lowerBound
                // The end of the interior run visit t lies in, once known: after a sample the
                // C loop stopped at, the rest of its run is a run too, and finding its end
                // again (a scan to it) after every such sample was quadratic in the run (a
                // photograph tiled 4 × 4 within σ/10, 116,740 escapes: 45 % of the time).
                var runEnd = t
                while t < visits.upperBound {
                    if let run = t < runEnd
                        ? t..<runEnd : order.interiorRun(from: t, within: visits)
                    {
                        runEnd = run.upperBound
                        t = kernel.code(
                            run, lane: lane, totals: &totals, scale: scale,
                            linear: predictor.linear, batch: batch)
                        if t == run.upperBound { continue }
                    }
                    // Samples near the chunk's edges, and a sample whose cell misses a bound.
                    let i = Int(order.positions[t])
                    let (p, activity) = predictor.predict(lane.reconstructed, visit: t, at: i)
                    let (error, important) = lane.code(
                        t, i, prediction: p, activity: activity, scale: scale, self, tables)
                    totals.add(error: error, important: important)
                    t += 1
                }
            }
            lane.totals = totals
            return lane.finish()
        }
    }

    /// Codes two chunks at once, one sample of each per step: each sample waits for the
    /// reconstruction of the one before it (a chain of about 70 cycles), and the two chains
    /// are independent, so the processor overlaps them. The results are those of coding each
    /// chunk alone.
    func encode<P: NeighbourPrediction>(
        _ first: ChunkBuffers, _ second: ChunkBuffers, predictor: P
    ) -> (Chunk, Chunk) {
        withQuantizerTables { tables in
            var a = ChunkLane(first, predictor: predictor, encoder: self)
            var b = ChunkLane(second, predictor: predictor, encoder: self)
            let common = min(a.count, b.count)
            while a.t < common {
                a.step(self, tables)
                b.step(self, tables)
            }
            while a.t < a.count { a.step(self, tables) }
            while b.t < b.count { b.step(self, tables) }
            return (a.finish(), b.finish())
        }
    }

    /// The quantiser's codewords and cell grid as pointers, for the inner loop.
    struct QuantizerTables {
        let codewords: UnsafeBufferPointer<Double>
        let grid: CellGrid.Table
    }

    @inline(__always)
    private func withQuantizerTables<R>(_ body: (QuantizerTables) -> R) -> R {
        quantizer.codewords.withUnsafeBufferPointer { codewords in
            quantizer.grid.withTable { grid in
                body(QuantizerTables(codewords: codewords, grid: grid))
            }
        }
    }
}

/// One chunk in the closed loop: its predictor, its buffers and its running figures.
/// It owns two allocations that ``finish()`` frees; a lane is used once, by one of the
/// `encode` functions above. (Made `~Copyable` with a consuming `finish()`, the test build
/// crashed releasing a field in `init`: a compiler fault, so it stays a plain struct.)
private struct ChunkLane<P: NeighbourPrediction> {
    var predictor: P
    let buffers: ClosedLoopEncoder.ChunkBuffers
    /// Where the reconstructions go: the caller's buffer, or `scratch`.
    let reconstructed: UnsafeMutablePointer<Double>
    let scratch: UnsafeMutablePointer<Double>?
    /// How often each symbol occurs (the escape last).
    let counts: UnsafeMutablePointer<UInt64>
    let alphabetSize: Int
    let escapeSymbol: UInt32
    let escapeStep: Double
    var escapes: ResidualEscapes
    /// The visit of each escape, in the order they were coded (a wavefront codes the visits
    /// out of order; the decoder takes the escapes in visiting order).
    var escapeVisits: [Int] = []
    var totals = Totals()
    /// The next sample to visit.
    var t = 0
    let count: Int

    init(_ buffers: ClosedLoopEncoder.ChunkBuffers, predictor: P, encoder: ClosedLoopEncoder) {
        self.predictor = predictor
        self.buffers = buffers
        count = buffers.values.count
        self.predictor.restart(at: buffers.start, count: count)
        scratch =
            buffers.reconstructions == nil
            ? UnsafeMutablePointer<Double>.allocate(capacity: max(1, count)) : nil
        if let scratch {
            HugePages.advise(UnsafeMutableBufferPointer(start: scratch, count: count))
        }
        reconstructed = buffers.reconstructions ?? scratch.unsafelyUnwrapped
        alphabetSize = encoder.quantizer.count + 1
        counts = .allocate(capacity: alphabetSize)
        counts.initialize(repeating: 0, count: alphabetSize)
        escapeSymbol = encoder.escapeSymbol
        escapeStep = encoder.escapeStep
        escapes = ResidualEscapes(step: escapeStep)
    }

    /// Codes the next sample in visiting order.
    ///
    /// Transparent rather than `@inline(__always)`: the optimiser kept the specialised step
    /// out of line in the two-chunk loop, which then passed both lanes through memory and lost
    /// the overlap (measured: 0.62 s against 0.52 s for 10^7 samples).
    @_transparent
    mutating func step(_ encoder: ClosedLoopEncoder, _ tables: ClosedLoopEncoder.QuantizerTables) {
        let i = predictor.position(t)
        let p = predictor.next(reconstructed, i)
        let (error, important) = code(
            t, i, prediction: p, activity: predictor.activity, scale: predictor.residualScale,
            encoder, tables)
        totals.add(error: error, important: important)
        t += 1
    }

    /// Codes the `t`-th visited sample, at index `i`, predicted as `p`; returns its error and
    /// whether it is important, for the caller's ``Totals`` (kept in registers by the loop that
    /// calls it: added to a field of the lane, each sample waited for the last one's store).
    @_transparent
    mutating func code(
        _ t: Int, _ i: Int, prediction p: Double, activity: Double, scale: Double,
        _ encoder: ClosedLoopEncoder, _ tables: ClosedLoopEncoder.QuantizerTables
    ) -> (error: Double, important: Bool) {
        let x = buffers.values[i]
        buffers.activities?[t] = Float(activity)
        let important = buffers.importance?[i] ?? false
        var (j, y) = encoder.symbol(
            for: x, prediction: p, scale: scale, important: important,
            codewords: tables.codewords, grid: tables.grid)
        if j == escapeSymbol {
            y = escape(x, prediction: p, important: important, visit: t, encoder)
        }
        buffers.symbols[t] = j
        counts[Int(j)] &+= 1
        reconstructed[i] = y
        buffers.residuals?[i] = scale == 1 ? x - p : (x - p) / scale
        return (x - y, important)
    }

    /// Escapes `x` (rare: kept out of the loop's body) and returns its reconstruction.
    @inline(never)
    mutating func escape(
        _ x: Double, prediction p: Double, important: Bool, visit t: Int,
        _ encoder: ClosedLoopEncoder
    ) -> Double {
        let (k, y) = encoder.escape(x, prediction: p, important: important, step: escapeStep)
        escapes.multiples.append(k)
        if k == ResidualEscapes.exact { escapes.exactValues.append(x) }
        escapeVisits.append(t)
        return y
    }

    /// The chunk's figures; frees the lane's memory.
    func finish() -> ClosedLoopEncoder.Chunk {
        var chunk = ClosedLoopEncoder.Chunk(
            counts: Array(UnsafeBufferPointer(start: counts, count: alphabetSize)),
            escapes: escapesInVisitingOrder)
        counts.deallocate()
        scratch?.deallocate()
        totals.store(in: &chunk)
        return chunk
    }
}

extension ChunkLane {
    /// The escapes in visiting order: as coded, unless a wavefront coded them out of order.
    var escapesInVisitingOrder: ResidualEscapes {
        guard zip(escapeVisits, escapeVisits.dropFirst()).contains(where: { $0 > $1 }) else {
            return escapes
        }
        var sorted = ResidualEscapes(step: escapes.step)
        // Each escape's exact value, if it has one, by its place among the escapes.
        var exactValues = escapes.exactValues.makeIterator()
        let exact = escapes.multiples.map { k in
            k == ResidualEscapes.exact ? exactValues.next() : nil
        }
        for e in escapeVisits.indices.sorted(by: { escapeVisits[$0] < escapeVisits[$1] }) {
            sorted.multiples.append(escapes.multiples[e])
            if let value = exact[e] { sorted.exactValues.append(value) }
        }
        return sorted
    }
}

/// A chunk's error figures, kept in registers while the loop runs.
private struct Totals {
    var squaredErrorSum = 0.0
    var maximumAbsoluteError = 0.0
    var importantCount = 0
    var importantMaximumSquaredError = 0.0

    @inline(__always)
    mutating func add(error: Double, important: Bool) {
        let squared = error * error
        squaredErrorSum += squared
        maximumAbsoluteError = max(maximumAbsoluteError, abs(error))
        if important {
            importantCount += 1
            importantMaximumSquaredError = max(importantMaximumSquaredError, squared)
        }
    }

    func store(in chunk: inout ClosedLoopEncoder.Chunk) {
        chunk.squaredErrorSum = squaredErrorSum
        chunk.maximumAbsoluteError = maximumAbsoluteError
        chunk.importantCount = importantCount
        chunk.importantMaximumSquaredError = importantMaximumSquaredError
    }
}

/// The C loop of the closed loop of interpolation (`closed_loop_interpolate_interior`) with the
/// quantiser's tables, for the samples whose four neighbours lie inside the chunk.
private struct InteriorKernel {
    let quantizer: closed_loop_quantizer

    init(_ encoder: ClosedLoopEncoder, _ tables: ClosedLoopEncoder.QuantizerTables) {
        let grid = tables.grid
        quantizer = closed_loop_quantizer(
            grid_start: grid.start, grid_scale: grid.scale,
            first_cell: grid.firstCell.baseAddress, first_cell_count: grid.firstCell.count,
            padded_thresholds: grid.padded.baseAddress, threshold_count: grid.padded.count - 2,
            codewords: tables.codewords.baseAddress, maximum_error: encoder.maximumError,
            important_tolerance: encoder.importantTolerance,
            rounds_to_float32: encoder.roundsToFloat32 ? 1 : 0)
    }

    /// Codes the visits `run` (all with their four neighbours inside the chunk, one level's)
    /// until one misses a bound; returns the visit it stopped at. `batch` keeps the C loop's
    /// batch between calls, so that a run resumed after a settled sample does not compute its
    /// batch's predictions and cells again (with important samples held to a tolerance, one
    /// in twenty of speech's samples stopped the loop, and recomputing took half the time).
    func code(
        _ run: Range<Int>, lane: ChunkLane<InterpolationPrediction>, totals: inout Totals,
        scale: Double, linear: Bool, batch: UnsafeMutablePointer<closed_loop_batch>
    ) -> Int {
        let order = lane.predictor.order
        var chunk = closed_loop_chunk(
            values: lane.buffers.values.baseAddress, reconstructed: lane.reconstructed,
            symbols: lane.buffers.symbols, counts: lane.counts,
            activities: lane.buffers.activities, residuals: lane.buffers.residuals,
            importance: lane.buffers.importance?.baseAddress,
            squared_error_sum: totals.squaredErrorSum,
            maximum_absolute_error: totals.maximumAbsoluteError,
            important_count: totals.importantCount,
            important_maximum_squared_error: totals.importantMaximumSquaredError)
        let stopped = order.positions.withUnsafeBufferPointer { positions in
            withUnsafePointer(to: quantizer) { quantizer in
                closed_loop_interpolate_interior(
                    quantizer, &chunk, positions.baseAddress, run.lowerBound, run.upperBound,
                    Int(order.strides[run.lowerBound]), scale, linear ? 1 : 0, batch)
            }
        }
        totals.squaredErrorSum = chunk.squared_error_sum
        totals.maximumAbsoluteError = chunk.maximum_absolute_error
        totals.importantCount = chunk.important_count
        totals.importantMaximumSquaredError = chunk.important_maximum_squared_error
        return stopped
    }
}
