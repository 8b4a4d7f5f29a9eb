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
        withQuantizerTables { tables in
            var lane = ChunkLane(chunk, predictor: predictor, encoder: self)
            while lane.t < lane.count { lane.step(self, tables) }
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
        let x = buffers.values[i]
        let p = predictor.next(reconstructed, i)
        buffers.activities?[t] = Float(predictor.activity)
        let important = buffers.importance?[i] ?? false
        let scale = predictor.residualScale
        var (j, y) = encoder.symbol(
            for: x, prediction: p, scale: scale, important: important,
            codewords: tables.codewords, grid: tables.grid)
        if j == escapeSymbol { y = escape(x, prediction: p, important: important, encoder) }
        buffers.symbols[t] = j
        counts[Int(j)] &+= 1
        reconstructed[i] = y
        buffers.residuals?[i] = scale == 1 ? x - p : (x - p) / scale
        totals.add(error: x - y, important: important)
        t += 1
    }

    /// Escapes `x` (rare: kept out of the loop's body) and returns its reconstruction.
    @inline(never)
    mutating func escape(
        _ x: Double, prediction p: Double, important: Bool, _ encoder: ClosedLoopEncoder
    ) -> Double {
        let (k, y) = encoder.escape(x, prediction: p, important: important, step: escapeStep)
        escapes.multiples.append(k)
        if k == ResidualEscapes.exact { escapes.exactValues.append(x) }
        return y
    }

    /// The chunk's figures; frees the lane's memory.
    func finish() -> ClosedLoopEncoder.Chunk {
        var chunk = ClosedLoopEncoder.Chunk(
            counts: Array(UnsafeBufferPointer(start: counts, count: alphabetSize)),
            escapes: escapes)
        counts.deallocate()
        scratch?.deallocate()
        totals.store(in: &chunk)
        return chunk
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
