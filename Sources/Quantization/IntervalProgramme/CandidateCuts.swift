/// The cut positions the interval programme searches: the distinct values grouped into
/// consecutive runs ("bins") no wider than a width δ, a cut allowed only between bins.
///
/// With δ below the gaps between neighbouring values every value is its own bin and the
/// programme is exact over all interval partitions; otherwise a cut inside a bin is not
/// searched (the cut polish of ``IntervalProgramme`` moves cuts onto the exact values
/// afterwards), and the certified bound uses the relaxation of
/// ``IntervalProgramme/relaxedCellCost(bins:from:to:radius:)``, which stays a bound for
/// cuts anywhere.
struct CandidateCuts: Sendable {
    /// `start[k]` is the index of bin k's first value; `start[binCount] == values.count`.
    let start: [Int]
    /// Bin k's smallest and largest value, shifted (`x − shift`).
    let lower: [Double]
    let upper: [Double]
    /// Prefix moments at the bin edges (`binCount + 1` entries each).
    let mass: [Double]
    let first: [Double]
    let second: [Double]
    /// Bin k's smallest and largest important value, shifted (+∞ and −∞ without one).
    let lowestImportant: [Double]
    let highestImportant: [Double]
    /// The width δ the bins were made with (0 when every value is its own bin).
    let width: Double

    /// The number of bins K.
    var binCount: Int { lower.count }

    /// Whether every distinct value has a bin of its own (the programme is then exact).
    var isExact: Bool { binCount == start.last }

    /// Groups the values into runs: a run ends before the first value more than `width` above
    /// the run's first value, and before an important value more than `importantSpan` above
    /// the run's lowest important value (so that one codeword can serve every bin alone).
    /// With `isolatingImportant`, every important value is a bin of its own: every gap next to
    /// an important value is a candidate cut, and the bound keeps its tolerance exactly.
    /// - Complexity: O(n).
    init(
        _ data: DistinctValues, width: Double, importantSpan: Double,
        isolatingImportant: Bool = false
    ) {
        var start: [Int] = []
        var lower: [Double] = []
        var upper: [Double] = []
        var lowestImportant: [Double] = []
        var highestImportant: [Double] = []
        // The open bin's largest value and important extremes stay in registers until the bin
        // closes (written back per value, the arrays' checks took 30 ns a value).
        var runStart = -Double.infinity
        var top = 0.0
        var (lowImportant, highImportant) = (Double.infinity, -Double.infinity)
        func close() {
            upper.append(top)
            lowestImportant.append(lowImportant)
            highestImportant.append(highImportant)
        }
        data.values.withUnsafeBufferPointer { values in
            data.isImportant.withUnsafeBufferPointer { important in
                for i in 0..<values.count {
                    let x = values[i]
                    let e = x - data.shift
                    let tooWide = !(x - runStart <= width) || width == 0
                    let tooSpread =
                        important[i] && !start.isEmpty && !(e - lowImportant <= importantSpan)
                    let isolated =
                        isolatingImportant && (important[i] || (i > 0 && important[i - 1]))
                    if start.isEmpty || tooWide || tooSpread || isolated {
                        if !start.isEmpty { close() }
                        start.append(i)
                        lower.append(e)
                        (lowImportant, highImportant) = (.infinity, -.infinity)
                        runStart = x
                    }
                    top = e
                    if important[i] {
                        lowImportant = min(lowImportant, e)
                        highImportant = max(highImportant, e)
                    }
                }
            }
        }
        if !start.isEmpty { close() }
        start.append(data.count)
        self.start = start
        self.lower = lower
        self.upper = upper
        self.mass = start.map { data.mass[$0] }
        self.first = start.map { data.first[$0] }
        self.second = start.map { data.second[$0] }
        self.lowestImportant = lowestImportant
        self.highestImportant = highestImportant
        self.width = width
    }

    /// Whether bin k holds a single distinct value.
    func isSingleValue(_ k: Int) -> Bool { start[k + 1] - start[k] == 1 }

    /// The moments of bins `range`.
    func moments(_ range: Range<Int>) -> Moments {
        Moments(
            mass: mass[range.upperBound] - mass[range.lowerBound],
            first: first[range.upperBound] - first[range.lowerBound],
            second: second[range.upperBound] - second[range.lowerBound])
    }
}
