extension EmpiricalSource {
    /// Builds the empirical source of `samples`.
    ///
    /// Important and unimportant samples are handled as two separate groups, so no atom ever
    /// mixes them. A group with at most `options.maximumExactAtoms` distinct values (rows) is
    /// kept exact: one atom per distinct value with its count. A larger group is binned with
    /// at most `options.histogramAtoms` atoms: scalars into bins along the value axis, vectors
    /// into the occupied cells of a per-coordinate grid whose resolution is raised as far as
    /// the number of occupied cells allows. Each binned atom sits at its members' mean and
    /// records their bounding box. Equal values always fall into the same atom.
    ///
    /// - Parameters:
    ///   - samples: validated samples, `N` rows of dimension `k`.
    ///   - options: the exact/histogram bound and the binning.
    /// - Throws: `QuantizationError.invalidParameter` when `maximumExactAtoms < 0` or
    ///   `histogramAtoms < 1` (or `importantHistogramAtoms < 1`).
    /// - Complexity: O(k·N log N) for sorting; vectors that need binning add a few sorts of
    ///   `N` grid keys to choose the grid.
    public init(_ samples: TrainingSamples, options: Options = Options()) throws(QuantizationError)
    {
        guard options.maximumExactAtoms >= 0 else {
            throw .invalidParameter(
                name: "maximumExactAtoms", value: Double(options.maximumExactAtoms))
        }
        guard options.histogramAtoms >= 1 else {
            throw .invalidParameter(name: "histogramAtoms", value: Double(options.histogramAtoms))
        }
        if let cells = options.importantHistogramAtoms, cells < 1 {
            throw .invalidParameter(name: "importantHistogramAtoms", value: Double(cells))
        }
        let k = samples.dimension
        var ordinary: [Int] = []
        var important: [Int] = []
        ordinary.reserveCapacity(samples.count)
        for i in 0..<samples.count {
            if samples.isImportant(i) { important.append(i) } else { ordinary.append(i) }
        }
        let builder = AtomGroupBuilder(
            values: samples.values, weights: samples.weights, dimension: k, options: options)
        let ordinaryGroup =
            ordinary.isEmpty ? nil : builder.atoms(of: ordinary, cells: options.histogramAtoms)
        let importantGroup =
            important.isEmpty
            ? nil
            : builder.atoms(
                of: important, cells: options.importantHistogramAtoms ?? options.histogramAtoms)
        let atoms = MergedAtoms(
            ordinary: ordinaryGroup, important: importantGroup, dimension: k,
            sampleCount: samples.count)
        self.init(
            dimension: k, sampleCount: samples.count, points: atoms.points, counts: atoms.counts,
            masses: atoms.masses, isImportant: atoms.flags, lowerBounds: atoms.lower,
            upperBounds: atoms.upper, atomOfSample: atoms.atomOfSample,
            construction: ordinaryGroup?.construction,
            importantConstruction: importantGroup?.construction)
    }
}

/// The atoms of both groups in one list sorted by (point, importance), and each sample's atom.
private struct MergedAtoms {
    var points: [Double] = []
    var lower: [Double] = []
    var upper: [Double] = []
    var counts: [Int] = []
    var masses: [Double] = []
    var flags: [Bool] = []
    var atomOfSample: [Int]

    typealias Draft = (group: AtomGroup, isImportant: Bool, local: Int)

    init(ordinary: AtomGroup?, important: AtomGroup?, dimension k: Int, sampleCount: Int) {
        var newIndex: [[Int]] = [
            [Int](repeating: 0, count: ordinary?.counts.count ?? 0),
            [Int](repeating: 0, count: important?.counts.count ?? 0),
        ]
        for (position, draft) in Self.sortedDrafts(ordinary, important, dimension: k).enumerated() {
            let range = (draft.local * k)..<((draft.local + 1) * k)
            points.append(contentsOf: draft.group.points[range])
            lower.append(contentsOf: draft.group.lowerBounds[range])
            upper.append(contentsOf: draft.group.upperBounds[range])
            counts.append(draft.group.counts[draft.local])
            masses.append(draft.group.masses[draft.local])
            flags.append(draft.isImportant)
            newIndex[draft.isImportant ? 1 : 0][draft.local] = position
        }
        atomOfSample = [Int](repeating: 0, count: sampleCount)
        for (g, group) in [ordinary, important].enumerated() {
            guard let group else { continue }
            for (sample, local) in zip(group.members, group.atomOfMember) {
                atomOfSample[sample] = newIndex[g][local]
            }
        }
    }

    /// Every atom of both groups, sorted by point and then unimportant before important.
    private static func sortedDrafts(
        _ ordinary: AtomGroup?, _ important: AtomGroup?, dimension k: Int
    ) -> [Draft] {
        var drafts: [Draft] = []
        for (group, flag) in [(ordinary, false), (important, true)] {
            guard let group else { continue }
            for a in 0..<group.counts.count { drafts.append((group, flag, a)) }
        }
        drafts.sort { lhs, rhs in
            for c in 0..<k {
                let x = lhs.group.points[lhs.local * k + c]
                let y = rhs.group.points[rhs.local * k + c]
                if x != y { return x < y }
            }
            return !lhs.isImportant && rhs.isImportant
        }
        return drafts
    }
}

/// The atoms of one group of samples, before merging.
struct AtomGroup {
    var points: [Double] = []
    var lowerBounds: [Double] = []
    var upperBounds: [Double] = []
    var counts: [Int] = []
    /// The members' total weight per atom.
    var masses: [Double] = []
    /// The group's sample indices, and for each the local index of its atom.
    var members: [Int] = []
    var atomOfMember: [Int] = []
    var construction: EmpiricalSource.Construction = .exact(uniqueCount: 0)
}

/// Turns one group of samples into exact or binned atoms.
struct AtomGroupBuilder {
    let values: [Double]
    /// Per-sample weights, or nil (all 1).
    let weights: [Double]?
    let dimension: Int
    let options: EmpiricalSource.Options

    /// The atoms of the samples `indices` (non-empty, increasing), binned into at most `cells`
    /// atoms when there are more distinct values than `options.maximumExactAtoms`.
    func atoms(of indices: [Int], cells: Int) -> AtomGroup {
        let k = dimension
        let order = sortedRows(indices)
        var unique = 1
        for t in 1..<order.count where !rowsEqual(order[t - 1], order[t]) { unique += 1 }
        if unique <= options.maximumExactAtoms {
            var group = runs(of: order) { rowsEqual($0, $1) }
            group.construction = .exact(uniqueCount: unique)
            return group
        }
        let grid = HistogramGrid(
            values: values, dimension: k, members: indices, sortedMembers: order,
            binning: options.binning, maximumCells: cells)
        let byKey = Self.sortedByKey(
            indices, keys: grid.keys(of: indices), radix: k == 1 ? cells : nil)
        var runIndex: [Int] = []
        runIndex.reserveCapacity(byKey.count)
        var t = 0
        for offset in byKey.indices {
            if offset > 0 && byKey[offset].key != byKey[offset - 1].key { t += 1 }
            runIndex.append(t)
        }
        var group = AtomGroup(
            order: byKey.map(\.sample), runIndex: runIndex, values: values, weights: weights,
            dimension: k)
        group.construction = .histogram(atomCount: group.counts.count, binning: options.binning)
        return group
    }

    /// `indices` (increasing) sorted lexicographically by their rows, equal rows in index
    /// order. Scalars sort (value, index) pairs, which compare contiguous keys.
    func sortedRows(_ indices: [Int]) -> [Int] {
        let k = dimension
        guard k > 1 else {
            return DistinctValues.sortedOrder(values, of: indices)
        }
        return indices.sorted { a, b in
            for c in 0..<k where values[a * k + c] != values[b * k + c] {
                return values[a * k + c] < values[b * k + c]
            }
            return a < b
        }
    }

    /// The samples `indices` (increasing) with their cell keys, ordered by key, equal keys in
    /// index order. Keys below a known `radix` (a scalar histogram's bins) are placed by a
    /// counting sort, in one pass; others (a vector grid's mixed-radix keys) are sorted.
    static func sortedByKey(_ indices: [Int], keys: [Int], radix: Int?) -> [(key: Int, sample: Int)]
    {
        guard let radix, keys.allSatisfy({ $0 >= 0 && $0 < radix }) else {
            return zip(keys, indices).map { (key: $0, sample: $1) }.sorted {
                ($0.key, $0.sample) < ($1.key, $1.sample)
            }
        }
        var start = [Int](repeating: 0, count: radix + 1)
        for key in keys { start[key + 1] += 1 }
        for key in 0..<radix { start[key + 1] += start[key] }
        var result = [(key: Int, sample: Int)](repeating: (0, 0), count: keys.count)
        for (key, sample) in zip(keys, indices) {
            result[start[key]] = (key, sample)
            start[key] += 1
        }
        return result
    }

    func rowsEqual(_ a: Int, _ b: Int) -> Bool {
        for c in 0..<dimension where values[a * dimension + c] != values[b * dimension + c] {
            return false
        }
        return true
    }

    /// Consecutive members of `order` for which `same` holds form one atom.
    func runs(of order: [Int], same: (Int, Int) -> Bool) -> AtomGroup {
        var runIndex: [Int] = []
        runIndex.reserveCapacity(order.count)
        var t = 0
        for (offset, sample) in order.enumerated() {
            if offset > 0 && !same(order[offset - 1], sample) { t += 1 }
            runIndex.append(t)
        }
        return AtomGroup(
            order: order, runIndex: runIndex, values: values, weights: weights,
            dimension: dimension)
    }
}

extension AtomGroup {
    /// The atoms whose members are `order[t]` for equal `runIndex[t]` (non-decreasing from 0),
    /// each at its members' (weighted) mean.
    init(order: [Int], runIndex: [Int], values: [Double], weights: [Double]?, dimension k: Int) {
        let atomCount = (runIndex.last ?? -1) + 1
        var group = AtomGroup()
        group.points = [Double](repeating: 0, count: atomCount * k)
        group.lowerBounds = [Double](repeating: .infinity, count: atomCount * k)
        group.upperBounds = [Double](repeating: -.infinity, count: atomCount * k)
        group.counts = [Int](repeating: 0, count: atomCount)
        group.masses = [Double](repeating: 0, count: atomCount)
        group.members = order
        group.atomOfMember = runIndex
        for (sample, atom) in zip(order, runIndex) {
            let w = weights?[sample] ?? 1
            group.counts[atom] += 1
            group.masses[atom] += w
            for c in 0..<k {
                let x = values[sample * k + c]
                group.points[atom * k + c] += w * x
                group.lowerBounds[atom * k + c] = min(group.lowerBounds[atom * k + c], x)
                group.upperBounds[atom * k + c] = max(group.upperBounds[atom * k + c], x)
            }
        }
        for atom in 0..<atomCount {
            for c in 0..<k {
                let j = atom * k + c
                // The mean of the members, clamped into their range against rounding; exact
                // atoms get their value back exactly.
                let mean = group.points[j] / group.masses[atom]
                group.points[j] =
                    group.lowerBounds[j] == group.upperBounds[j]
                    ? group.lowerBounds[j]
                    : min(max(mean, group.lowerBounds[j]), group.upperBounds[j])
            }
        }
        self = group
    }
}
