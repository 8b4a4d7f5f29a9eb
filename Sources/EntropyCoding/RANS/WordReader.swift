/// The decoder's view of a payload's 32-bit words, read front to back.
struct WordReader {
    /// The words (little-endian), or `nil` for none.
    let base: UnsafeRawPointer?
    /// The number of words.
    let count: Int
    /// The index of the next unread word.
    var position = 0

    /// The words of `payload`, whose length is a multiple of 4.
    init(payload: UnsafeRawBufferPointer) {
        base = payload.baseAddress
        count = payload.count / 4
    }

    /// The number of unread words.
    var remainingCount: Int { count &- position }

    /// Whether every word has been read.
    var isAtEnd: Bool { position == count }

    /// A cursor at the next unread word, for a loop that has checked how many words it may
    /// read; ``advance(to:)`` hands the position back.
    var cursor: WordCursor? { base.map { WordCursor(next: $0 + position &<< 2) } }

    /// Continues after the words `cursor` has read.
    mutating func advance(to cursor: WordCursor) {
        guard let base else { return }
        position = (cursor.next - base) &>> 2
    }

    /// Renormalises `x` if it fell below `L`; `false` if no word is left for it.
    @inline(__always)
    mutating func refill(_ x: inout UInt64) -> Bool {
        guard x < RANSCodec.lowerBound else { return true }
        guard position < count, var cursor else { return false }
        cursor.refill(&x)
        advance(to: cursor)
        return true
    }
}

/// The next unread word of a payload, as a bare pointer: the bulk decoding loop's word
/// source, one register instead of a base, a position and a count.
struct WordCursor {
    var next: UnsafeRawPointer

    /// If `x < L`, shifts the next word in; the caller guarantees that a word remains.
    ///
    /// Written as arithmetic rather than a conditional: whether a state refills is close to
    /// random, and a branch the compiler might emit for a conditional mispredicts often.
    @inline(__always)
    mutating func refill(_ x: inout UInt64) {
        let word = UInt64(UInt32(littleEndian: next.loadUnaligned(as: UInt32.self)))
        // `x < L` with `L = 2^31`, as a shift: no 64-bit constant to keep in a register.
        let needs: UInt64 = x &>> 31 == 0 ? 1 : 0
        x = (x &<< (needs &<< 5)) | (word & (0 &- needs))
        next += Int(truncatingIfNeeded: needs &<< 2)
    }
}
