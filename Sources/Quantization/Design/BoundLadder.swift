/// The chain of figures a design is judged by, in bits per sample, each at least the one
/// before it: the certified relaxation bound on the rate, the certified bound on every
/// interval quantiser, the designed quantiser's `H(Y)`, and (when known) the bits written.
///
/// The bounds are for quantisers that code each sample (or block) alone, given the samples'
/// empirical distribution: a coder that exploits dependence between samples (prediction,
/// context modelling) is not bound by them.
public struct BoundLadder: Sendable, Equatable {
    /// One figure of the ladder.
    public struct Rung: Sendable, Equatable {
        /// What the figure is.
        public var name: String
        /// Bits per sample.
        public var bits: Double
        /// Whether the figure is a certified lower bound (not an achieved rate).
        public var isCertifiedBound: Bool

        /// Creates a rung.
        public init(name: String, bits: Double, isCertifiedBound: Bool) {
            self.name = name
            self.bits = bits
            self.isCertifiedBound = isCertifiedBound
        }
    }

    /// The rungs, lowest first.
    public var rungs: [Rung]
    /// What the rungs leave out (a bound the deployed quantiser is outside the scope of).
    public var notes: [String] = []

    /// What every bound in the ladder assumes about the data.
    public static let scope =
        "bounds for quantisers that code each sample alone (a memoryless model of the samples); "
        + "coders that use dependence between samples are not bound by them"

    /// A ladder of the given rungs.
    public init(rungs: [Rung]) { self.rungs = rungs }

    /// The ladder of a design.
    /// - Parameters:
    ///   - report: the design.
    ///   - bitsOnDisk: the compressed file's size in bits per sample, when it was written.
    public init(_ report: DesignReport, bitsOnDisk: Double? = nil) {
        var rungs: [Rung] = []
        var notes: [String] = []
        for (rung, note) in [
            Self.dataRung(report), Self.relaxationRung(report), Self.intervalRung(report),
        ] {
            if let rung { rungs.append(rung) }
            if let note { notes.append(note) }
        }
        rungs.append(
            Rung(
                name: "designed H(Y) (\(report.deployed.rawValue))",
                bits: report.training.entropyBits,
                isCertifiedBound: false))
        if let bitsOnDisk {
            rungs.append(Rung(name: "bits on disk", bits: bitsOnDisk, isCertifiedBound: false))
        }
        self.rungs = rungs
        self.notes = notes
    }

    /// The bound on R(D) of the samples over every reconstruction: the bottom rung when it is
    /// one, otherwise a note. R(D) of the data over every reconstruction is below any bound for
    /// one grid of the same data, but the relaxation runs on merged atoms, whose R(D) can lie
    /// on either side.
    private static func dataRung(_ report: DesignReport) -> (Rung?, note: String?) {
        guard let data = report.dataBound, data.lowerBoundBits > 0 else { return (nil, nil) }
        let next = report.relaxation?.lowerBoundBits ?? .infinity
        if data.lowerBoundBits <= next {
            return (
                Rung(
                    name: "R(D) of the samples with fidelity, any reconstruction",
                    bits: data.lowerBoundBits, isCertifiedBound: true), nil
            )
        }
        return (
            nil,
            "R(D) of the samples with fidelity, any reconstruction, is at least "
                + "\(data.lowerBoundBits) bits (certified); the relaxation on merged atoms "
                + "bounds another distribution and may lie below it"
        )
    }

    /// The certified bound of the τ = 1 relaxation (a rate is never negative: a bound at or
    /// below zero says nothing, and becomes a note).
    private static func relaxationRung(_ report: DesignReport) -> (Rung?, note: String?) {
        guard let relaxation = report.relaxation else { return (nil, nil) }
        guard relaxation.lowerBoundBits > 0 else {
            return (nil, "the τ = 1 relaxation certified no positive bound within its time budget")
        }
        let name =
            relaxation.isOptimal
            ? "R(D) with fidelity, τ = 1 relaxation on the atoms and initial grid"
            : "R(D) with fidelity, τ = 1 relaxation on the atoms and initial grid (gap not closed in time)"
        return (Rung(name: name, bits: relaxation.lowerBoundBits, isCertifiedBound: true), nil)
    }

    /// The interval programme's certified bound, a rung when it lies below the design.
    /// Per-sample tolerances can make cells that are not intervals pay (an important sample
    /// takes a codeword of its own while its unimportant neighbours share a coarse one): then
    /// the bound is a note.
    private static func intervalRung(_ report: DesignReport) -> (Rung?, note: String?) {
        guard let interval = report.interval else { return (nil, nil) }
        guard interval.lowerBoundBits <= report.training.entropyBits else {
            return (
                nil,
                "every interval quantiser meeting the bounds needs at least "
                    + "\(interval.lowerBoundBits) bits (certified); the deployed quantiser needs fewer because "
                    + "its cells are not intervals (important samples take codewords of their own)"
            )
        }
        // For a class-average bound the programme ran with the rule's per-sample tolerance T:
        // its bound covers interval quantisers of that form only.
        let scope =
            report.classAverage.map {
                "holding each important sample within T = \($0.ruleTolerance)"
            } ?? "meeting every bound"
        return (
            Rung(
                name: "best interval quantiser of the samples \(scope)",
                bits: interval.lowerBoundBits, isCertifiedBound: true), nil
        )
    }

    /// `rungs[i].bits − rungs[i − 1].bits` for each rung after the first (nil for the first).
    public func gap(at index: Int) -> Double? {
        index > 0 ? rungs[index].bits - rungs[index - 1].bits : nil
    }
}
