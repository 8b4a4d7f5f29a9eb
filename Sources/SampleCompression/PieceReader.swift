import ParallelLoops
import RDInterchange

/// Reads the pieces of a ``SampleStream`` one ahead: while the caller codes a piece on all
/// cores, the next is read (a `read` call and the finiteness check, on one core) in the
/// background, so that reading no longer waits for coding nor coding for reading.
///
/// Errors come in the stream's order: a piece's error is thrown by the ``next()`` that would
/// have returned it, after every earlier piece was returned. At most two pieces are in memory.
struct PieceReader {
    private let stream: StreamBox
    private let maximumValueCount: Int
    /// The piece being read, once a read was started.
    private var upcoming: BackgroundResult<Result<SampleSet?, CompressionError>>?

    init(_ stream: SampleStream, maximumValueCount: Int) {
        self.stream = StreamBox(stream: stream)
        self.maximumValueCount = maximumValueCount
    }

    /// The next piece, or `nil` at the end (an input without any value is zero samples);
    /// starts reading the one after.
    mutating func next() throws(CompressionError) -> SampleSet? {
        let current = try (upcoming?.value ?? Self.read(stream, maximumValueCount)).get()
        upcoming = nil
        if current != nil {
            let stream = self.stream
            let count = maximumValueCount
            upcoming = BackgroundResult { Self.read(stream, count) }
        }
        return current
    }

    private static func read(_ box: StreamBox, _ maximumValueCount: Int) -> Result<
        SampleSet?, CompressionError
    > {
        do {
            return .success(try box.stream.next(maximumValueCount: maximumValueCount))
        } catch {
            if case .emptyData = error, box.stream.sampleCount == 0 { return .success(nil) }
            return .failure(.data(error))
        }
    }
}

/// The stream, handed to one background read at a time: ``PieceReader`` starts a read only
/// after the previous one has been waited for, so the stream is never used by two threads
/// at once.
private final class StreamBox: @unchecked Sendable {
    let stream: SampleStream
    init(stream: SampleStream) { self.stream = stream }
}
