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

    /// Whether at least `needed` words remain.
    @inline(__always)
    func has(_ needed: Int) -> Bool { count &- position >= needed }

    /// Whether every word has been read.
    var isAtEnd: Bool { position == count }

    /// Renormalises `x` without a bounds check: if `x < L`, shifts the next word in.
    /// The caller guarantees that a word remains.
    ///
    /// Written as arithmetic rather than a conditional: whether a state refills is close to
    /// random, and a branch the compiler might emit for a conditional mispredicts often.
    @inline(__always)
    mutating func refillUnchecked(_ x: inout UInt64) {
        let word = UInt64(
            UInt32(
                littleEndian: base.unsafelyUnwrapped.loadUnaligned(
                    fromByteOffset: position &<< 2, as: UInt32.self)))
        let needs = UInt64(truncatingIfNeeded: (x < RANSCodec.lowerBound) ? 1 : 0)
        x = (x &<< (needs &<< 5)) | (word & (0 &- needs))
        position &+= Int(truncatingIfNeeded: needs)
    }

    /// Renormalises `x` if it fell below `L`; `false` if no word is left for it.
    @inline(__always)
    mutating func refill(_ x: inout UInt64) -> Bool {
        guard x < RANSCodec.lowerBound else { return true }
        guard position < count else { return false }
        refillUnchecked(&x)
        return true
    }
}
