import Testing

@testable import RateDistortion

extension Solver {
    /// The coarse-to-fine start of `problem` (``coarseStart(_:order:layout:deadline:)``), which
    /// must exist.
    func requiredCoarseStart(of problem: Problem) throws -> CoarseStart {
        let kernel = RowKernel(field: problem.distortionField())
        let layout = try ProgramLayout(problem: problem, rowMinima: kernel.rowMinima)
        let order = try #require(kernel.field.scalarCodebookOrder)
        return try #require(coarseStart(problem, order: order, layout: layout, deadline: nil))
    }
}
