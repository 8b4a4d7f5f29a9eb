import Dispatch

/// A value computed on another thread while the caller goes on, waited for on first use.
/// (Unchecked `Sendable`: the result is written once, before the group's wait returns it.)
public final class BackgroundResult<Value: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    private var result: Value?

    /// Starts `work` on a global queue.
    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: group) { self.result = work() }
    }

    /// Starts `work` on a global queue once `seconds` have passed; no thread waits meanwhile.
    public init(after seconds: Double, _ work: @escaping @Sendable () -> Value) {
        group.enter()
        DispatchQueue.global().asyncAfter(deadline: .now() + max(0, seconds)) {
            self.result = work()
            self.group.leave()
        }
    }

    /// The value, once `work` has finished (the group's wait orders the write before the read).
    public var value: Value {
        group.wait()
        guard let result else { preconditionFailure("the work finished without a result") }
        return result
    }
}
