/// The decoding loops of the two ``RANSSchedule``s, specialised for each ``SlotDecoder``.
///
/// Each runs a bulk loop over whole rounds while the payload holds enough words for any
/// round (no per-word bounds check), then finishes round by round with checks.
/// The bulk loops spell out the eight lanes one by one on purpose, so that each state is a
/// variable of its own that the compiler can keep in a register; the two schedules differ only
/// in the step each lane takes (`decodePair`, `decodeSingle`).
extension RANSCodec {
    /// Decodes `output.count` symbols with the pair schedule.
    @inline(__always)
    func decodePairs<Lookup: SlotDecoder>(
        _ states: inout RANSStates, _ words: inout WordReader,
        _ output: UnsafeMutableBufferPointer<UInt32>, _ lookup: Lookup
    ) -> PayloadDefect? {
        guard let out = output.baseAddress else { return nil }
        let n = output.count
        var s = states
        var i = 0
        // A round reads at most one word per state.
        while i &+ 16 <= n, words.has(8) {
            let at = out + i
            decodePair(&s.x0, at, &words, lookup)
            decodePair(&s.x1, at + 1, &words, lookup)
            decodePair(&s.x2, at + 2, &words, lookup)
            decodePair(&s.x3, at + 3, &words, lookup)
            decodePair(&s.x4, at + 4, &words, lookup)
            decodePair(&s.x5, at + 5, &words, lookup)
            decodePair(&s.x6, at + 6, &words, lookup)
            decodePair(&s.x7, at + 7, &words, lookup)
            i &+= 16
        }
        while i + 16 <= n {
            for lane in 0..<Self.stateCount {
                var x = s[lane]
                out[i + lane] = lookup.step(&x)
                out[i + 8 + lane] = lookup.step(&x)
                guard words.refill(&x) else { return .wordsExhausted }
                s[lane] = x
            }
            i += 16
        }
        states = s
        return decodeTail(&states, &words, output, from: i, lookup)
    }

    /// Decodes `output.count` symbols with the single schedule.
    @inline(__always)
    func decodeSingles<Lookup: SlotDecoder>(
        _ states: inout RANSStates, _ words: inout WordReader,
        _ output: UnsafeMutableBufferPointer<UInt32>, _ lookup: Lookup
    ) -> PayloadDefect? {
        guard let out = output.baseAddress else { return nil }
        let n = output.count
        var s = states
        var i = 0
        while i &+ 8 <= n, words.has(8) {
            let at = out + i
            decodeSingle(&s.x0, at, &words, lookup)
            decodeSingle(&s.x1, at + 1, &words, lookup)
            decodeSingle(&s.x2, at + 2, &words, lookup)
            decodeSingle(&s.x3, at + 3, &words, lookup)
            decodeSingle(&s.x4, at + 4, &words, lookup)
            decodeSingle(&s.x5, at + 5, &words, lookup)
            decodeSingle(&s.x6, at + 6, &words, lookup)
            decodeSingle(&s.x7, at + 7, &words, lookup)
            i &+= 8
        }
        states = s
        return decodeTail(&states, &words, output, from: i, lookup)
    }

    /// Decodes symbols `first ..< output.count` singly, symbol `i` by state `i mod 8`, each
    /// word read checked.
    private func decodeTail<Lookup: SlotDecoder>(
        _ states: inout RANSStates, _ words: inout WordReader,
        _ output: UnsafeMutableBufferPointer<UInt32>, from first: Int, _ lookup: Lookup
    ) -> PayloadDefect? {
        for i in first..<output.count {
            var x = states[i]
            output[i] = lookup.step(&x)
            guard words.refill(&x) else { return .wordsExhausted }
            states[i] = x
        }
        return nil
    }

    /// One state of a pair round: symbols at `at[0]` and `at[8]`, then a refill; the caller
    /// guarantees a word remains.
    @inline(__always)
    private func decodePair<Lookup: SlotDecoder>(
        _ x: inout UInt64, _ at: UnsafeMutablePointer<UInt32>, _ words: inout WordReader,
        _ lookup: Lookup
    ) {
        at[0] = lookup.step(&x)
        at[8] = lookup.step(&x)
        words.refillUnchecked(&x)
    }

    /// One state of a single round: the symbol at `at[0]`, then a refill; the caller
    /// guarantees a word remains.
    @inline(__always)
    private func decodeSingle<Lookup: SlotDecoder>(
        _ x: inout UInt64, _ at: UnsafeMutablePointer<UInt32>, _ words: inout WordReader,
        _ lookup: Lookup
    ) {
        at[0] = lookup.step(&x)
        words.refillUnchecked(&x)
    }
}
