/// The decoding loop of the two ``RANSSchedule``s, specialised for each ``SlotDecoder`` and
/// each schedule's ``DecodingLaneStep``.
///
/// It runs a bulk loop over whole rounds while the payload holds enough words for any round
/// (no per-word bounds check), then rounds with checks, then the last symbols one by one.
/// The bulk loop spells out the eight lanes one by one on purpose, so that each state is a
/// variable of its own that the compiler can keep in a register; the schedules differ only in
/// the step each lane takes.
extension RANSCodec {
    /// Decodes `output.count` symbols with the schedule whose lane step is `Step`.
    @inline(__always)
    func decodeRounds<Lookup: SlotDecoder, Step: DecodingLaneStep>(
        _ states: inout RANSStates, _ words: inout WordReader,
        _ output: UnsafeMutableBufferPointer<UInt32>, _ lookup: Lookup, _: Step.Type
    ) -> PayloadDefect? {
        guard let out = output.baseAddress else { return nil }
        let n = output.count
        let round = Self.stateCount * Step.symbolsPerLane
        var s = states
        var i = 0
        // A round reads at most one word per state, so while `w` words remain, `w / 8` rounds
        // need no bounds check; the inner loop keeps only the states, the tables, the output
        // and word pointers and a count in registers.
        while true {
            let rounds = min((n &- i) / round, words.remainingCount &>> 3)
            guard rounds > 0, var cursor = words.cursor else { break }
            var at = out + i
            for _ in 0..<rounds {
                Step.decode(&s.x0, at, &cursor, lookup)
                Step.decode(&s.x1, at + 1, &cursor, lookup)
                Step.decode(&s.x2, at + 2, &cursor, lookup)
                Step.decode(&s.x3, at + 3, &cursor, lookup)
                Step.decode(&s.x4, at + 4, &cursor, lookup)
                Step.decode(&s.x5, at + 5, &cursor, lookup)
                Step.decode(&s.x6, at + 6, &cursor, lookup)
                Step.decode(&s.x7, at + 7, &cursor, lookup)
                at += round
            }
            words.advance(to: cursor)
            i &+= rounds &* round
        }
        while i + round <= n {
            for lane in 0..<Self.stateCount {
                var x = s[lane]
                for k in 0..<Step.symbolsPerLane {
                    out[i + Self.stateCount * k + lane] = lookup.step(&x)
                }
                guard words.refill(&x) else { return .wordsExhausted }
                s[lane] = x
            }
            i += round
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
}

/// What one state does in a round of a schedule's bulk decoding loop: decode its symbols of
/// the round, then refill once (the caller guarantees a word remains).
protocol DecodingLaneStep {
    /// The state's symbols in a round: at `at[0]`, `at[8]`, ….
    static var symbolsPerLane: Int { get }
    static func decode<Lookup: SlotDecoder>(
        _ x: inout UInt64, _ at: UnsafeMutablePointer<UInt32>, _ words: inout WordCursor,
        _ lookup: Lookup)
}

/// The pair schedule's step: the symbols at `at[0]` and `at[8]`, then a refill.
enum PairDecodingStep: DecodingLaneStep {
    static var symbolsPerLane: Int { 2 }

    @inline(__always)
    static func decode<Lookup: SlotDecoder>(
        _ x: inout UInt64, _ at: UnsafeMutablePointer<UInt32>, _ words: inout WordCursor,
        _ lookup: Lookup
    ) {
        at[0] = lookup.step(&x)
        at[8] = lookup.step(&x)
        words.refill(&x)
    }
}

/// The single schedule's step: the symbol at `at[0]`, then a refill.
enum SingleDecodingStep: DecodingLaneStep {
    static var symbolsPerLane: Int { 1 }

    @inline(__always)
    static func decode<Lookup: SlotDecoder>(
        _ x: inout UInt64, _ at: UnsafeMutablePointer<UInt32>, _ words: inout WordCursor,
        _ lookup: Lookup
    ) {
        at[0] = lookup.step(&x)
        words.refill(&x)
    }
}
