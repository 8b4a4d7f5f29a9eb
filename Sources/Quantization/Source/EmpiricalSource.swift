/// The empirical distribution of training samples as weighted atoms: the points `x_i`
/// with probabilities `p_i` of docs/mathematics.md, “Notation”.
///
/// An atom is either one exact distinct value (a unique row for vectors) with its count,
/// or a histogram bin represented by the mean of its member samples with their total mass
/// (see ``EmpiricalSource/Options`` and ``init(_:options:)`` for the choice). Important and
/// unimportant samples never share an atom, and every atom records the bounding box of its
/// members, so a caller can bound the distortion of every member sample from the atom alone
/// (``maximumMemberDistortion(atom:codeword:)``); for exact atoms the box is a single point
/// and the bound is exact. The mapping from samples to atoms is kept (``atomOfSample``), so
/// that rates and distortions can always be measured on the real samples.
///
/// Atoms are sorted lexicographically by their point, and an important atom follows an
/// unimportant one at the same point.
public struct EmpiricalSource: Sendable, Equatable {
    /// How the atoms of one group of samples (important or not) were made.
    public enum Construction: Sendable, Equatable, CustomStringConvertible {
        /// One atom per distinct value (distinct row for vectors).
        case exact(uniqueCount: Int)
        /// A histogram: each atom is the mean of the samples in one non-empty bin.
        case histogram(atomCount: Int, binning: HistogramBinning)

        /// `"exact: 1234 unique values"` or `"histogram: 2048 atoms (equal-width bins)"`.
        public var description: String {
            switch self {
            case .exact(let n):
                return "exact: \(n) unique value\(n == 1 ? "" : "s")"
            case .histogram(let n, let binning):
                return "histogram: \(n) atom\(n == 1 ? "" : "s") (\(binning.rawValue) bins)"
            }
        }
    }

    /// How a histogram places its bin edges along each coordinate.
    public enum HistogramBinning: String, Sendable, Equatable, CaseIterable {
        /// Bins of equal width between the group's minimum and maximum.
        case equalWidth = "equal-width"
        /// Bins holding about equal numbers of samples (edges at quantiles); equal values
        /// always share a bin, so some bins hold more.
        case equalMass = "equal-mass"
    }

    /// When to keep exact values and how to bin otherwise.
    public struct Options: Sendable, Equatable {
        /// The exact/histogram threshold (default 4096).
        ///
        /// A group (important or unimportant samples) with at most this many distinct values
        /// is kept exact; otherwise it is binned.
        public var maximumExactAtoms: Int
        /// The largest number of atoms a binned group may have (default 2048).
        public var histogramAtoms: Int
        /// The largest number of atoms of the important group when it is binned (nil, the
        /// default: ``histogramAtoms``). Important samples are held to their own tolerances,
        /// whose rows can have far larger slopes than the average bound's, so a caller that
        /// needs each of them represented closely (``RealLineBound``) bins them finer.
        public var importantHistogramAtoms: Int?
        /// The bin placement (default ``HistogramBinning/equalWidth``).
        ///
        /// For vectors the grid is per coordinate, refined as far as the occupied cells stay
        /// within ``histogramAtoms``.
        public var binning: HistogramBinning

        /// Creates options; the defaults suit data sets of any size.
        public init(
            maximumExactAtoms: Int = 4096, histogramAtoms: Int = 2048,
            importantHistogramAtoms: Int? = nil, binning: HistogramBinning = .equalWidth
        ) {
            self.maximumExactAtoms = maximumExactAtoms
            self.histogramAtoms = histogramAtoms
            self.importantHistogramAtoms = importantHistogramAtoms
            self.binning = binning
        }
    }

    /// The number of coordinates of a point, `k`.
    public let dimension: Int
    /// The number of samples the source was built from, `N`.
    public let sampleCount: Int
    /// The atoms, row-major: `atomCount × dimension`.
    public let points: [Double]
    /// How many samples each atom stands for (all positive, summing to `sampleCount`).
    public let counts: [Int]
    /// The atoms' masses: their members' total weight (equal to ``counts`` for unweighted
    /// samples; summing to about `sampleCount`).
    public let masses: [Double]
    /// Whether each atom is made of important samples.
    public let isImportant: [Bool]
    /// Per atom and coordinate, the smallest member value (row-major like ``points``).
    public let lowerBounds: [Double]
    /// Per atom and coordinate, the largest member value (row-major like ``points``).
    public let upperBounds: [Double]
    /// For every sample, the index of its atom.
    public let atomOfSample: [Int]
    /// How the unimportant samples were represented (`nil` when every sample is important).
    public let construction: Construction?
    /// How the important samples were represented (`nil` when none is important).
    public let importantConstruction: Construction?

    /// The number of atoms, `n`.
    public var atomCount: Int { counts.count }

    /// The atoms' probabilities `p_i = mass_i / Σ mass` (`count_i / N` for unweighted samples).
    ///
    /// - Complexity: O(n).
    public var probabilities: [Double] {
        let total = masses.reduce(0, +)
        return masses.map { $0 / total }
    }

    /// The coordinates of atom `atom`.
    ///
    /// - Complexity: O(1).
    public func point(_ atom: Int) -> ArraySlice<Double> {
        points[(atom * dimension)..<((atom + 1) * dimension)]
    }

    /// Whether every member of `atom` equals the atom's point (always true for exact atoms).
    ///
    /// - Complexity: O(k).
    public func isExact(atom: Int) -> Bool {
        let base = atom * dimension
        for c in 0..<dimension where lowerBounds[base + c] != upperBounds[base + c] {
            return false
        }
        return true
    }

    /// An upper bound on the squared error per dimension between `codeword` and any sample in
    /// `atom`.
    ///
    /// The bound is `(1/k) Σ_c max((lo_c − y_c)², (hi_c − y_c)²)` over the members' bounding
    /// box. It is attained for scalars, and is exact for exact atoms.
    ///
    /// - Parameters:
    ///   - atom: an atom index.
    ///   - codeword: `k` coordinates.
    /// - Returns: the bound; a per-sample fidelity bound `D_x` holds for every member when
    ///   this is at most `D_x`.
    /// - Complexity: O(k).
    public func maximumMemberDistortion(atom: Int, codeword: some Collection<Double>) -> Double {
        precondition(codeword.count == dimension, "codeword has the wrong dimension")
        let base = atom * dimension
        var sum = 0.0
        for (c, y) in codeword.enumerated() {
            let low = lowerBounds[base + c] - y
            let high = upperBounds[base + c] - y
            sum += max(low * low, high * high)
        }
        return sum / Double(dimension)
    }

    /// A one-line account of the choice made, for printing.
    ///
    /// For example `"exact: 1234 unique values"` or
    /// `"histogram: 2048 atoms (equal-width bins); important: exact: 17 unique values"`.
    public var summary: String {
        switch (construction, importantConstruction) {
        case (let main?, let important?):
            return "\(main); important: \(important)"
        case (let main?, nil):
            return main.description
        case (nil, let important?):
            return "important: \(important)"
        case (nil, nil):
            return "empty"
        }
    }

    init(
        dimension: Int, sampleCount: Int, points: [Double], counts: [Int], masses: [Double],
        isImportant: [Bool],
        lowerBounds: [Double], upperBounds: [Double], atomOfSample: [Int],
        construction: Construction?, importantConstruction: Construction?
    ) {
        self.dimension = dimension
        self.sampleCount = sampleCount
        self.points = points
        self.counts = counts
        self.masses = masses
        self.isImportant = isImportant
        self.lowerBounds = lowerBounds
        self.upperBounds = upperBounds
        self.atomOfSample = atomOfSample
        self.construction = construction
        self.importantConstruction = importantConstruction
    }
}
