import Foundation

/// The visiting orders built so far, shared by every chunk of the same shape.
///
/// Every chunk's closed loop, every design round and every probe of an interpolation
/// predictor needs the order of its chunk, and chunks mostly share one size. Built once per
/// chunk it took a tenth of compressing a 3,163 × 3,163 field (about 25 ms per chunk of 2^20
/// values); kept here, a shape's order is built once per process. The few most recent shapes
/// are kept (an order costs 9 bytes per value), so memory stays bounded.
final class InterpolationOrderCache: @unchecked Sendable {
    /// The one cache of the process.
    static let shared = InterpolationOrderCache()

    /// How many shapes are kept (the chunk size, the last chunk's, a design block's, a probe's).
    static let capacity = 4

    private struct Shape: Equatable {
        var count: Int
        var rowLength: Int
        var planeRows: Int?
        /// A sequential order (``InterpolationOrder/init(sequentialCount:row:)``), `rowLength`
        /// its row.
        var sequential = false
    }

    // Every access to `orders` holds `lock`; the orders themselves are immutable values.
    private let lock = NSLock()
    private var orders: [(shape: Shape, order: InterpolationOrder)] = []

    /// The order of a chunk of `count` values in rows of `rowLength` (and planes of
    /// `planeRows` rows), built if it is not kept already.
    ///
    /// Built under the lock: threads that need the same missing shape at once (the chunks a
    /// calibration codes in parallel) wait for one build instead of each making its own — on
    /// 10^7 values of speech a second 2^20-value order was 25 MB of fresh pages and 25 ms.
    /// Orders are built a few times a process, so the waiting is rare and short.
    func order(count: Int, rowLength: Int, planeRows: Int? = nil) -> InterpolationOrder {
        kept(Shape(count: count, rowLength: rowLength, planeRows: planeRows)) {
            InterpolationOrder(count: count, rowLength: rowLength, planeRows: planeRows)
        }
    }

    /// The sequential order of a chunk of `count` values with activity rows of `row` values
    /// (``InterpolationOrder/init(sequentialCount:row:)``), built if it is not kept already.
    func sequentialOrder(count: Int, row: Int) -> InterpolationOrder {
        kept(Shape(count: count, rowLength: row, sequential: true)) {
            InterpolationOrder(sequentialCount: count, row: row)
        }
    }

    private func kept(_ shape: Shape, _ build: () -> InterpolationOrder) -> InterpolationOrder {
        lock.withLock {
            if let kept = orders.first(where: { $0.shape == shape })?.order { return kept }
            let built = build()
            orders.append((shape, built))
            if orders.count > Self.capacity { orders.removeFirst() }
            return built
        }
    }
}
