/// Which of the eight rANS states codes which symbol, and when a state renormalises.
///
/// Symbols are taken in rounds. In a round of the **pair** schedule (precision `P ≤ 15`),
/// sixteen symbols `16r … 16r + 15`: state `l` decodes symbol `16r + l`, then symbol
/// `16r + 8 + l`, then renormalises (reads at most one word), for `l = 0 … 7` in turn. In a
/// round of the **single** schedule (`P ≥ 16`), eight symbols: state `l` decodes symbol
/// `8r + l`, then renormalises. Symbols after the last full round (fewer than a round) are
/// coded singly, symbol `i` by state `i mod 8`, each followed by a renormalisation.
///
/// Renormalising after two symbols is exact when `M² = 2^(2P)` divides `L = 2^31`: the pair
/// then behaves as one symbol of frequency `f₁·f₂` out of `M²`, whose states
/// `[L·f₁·f₂/M², 2^32·L·f₁·f₂/M²)` are an exact multiple of the word size, so encoder and
/// decoder agree on every renormalisation (Duda's "b-uniqueness"). It halves the
/// renormalisation work of both.
enum RANSSchedule: Sendable {
    /// Two symbols per state between renormalisations (`P ≤ 15`).
    case pairs
    /// One symbol per state between renormalisations (`P ≥ 16`).
    case singles

    /// The schedule for tables of precision `precisionBits`.
    init(precisionBits: Int) {
        self = 2 * precisionBits <= 31 ? .pairs : .singles
    }

    /// The number of symbols in one full round.
    var roundLength: Int {
        switch self {
        case .pairs: 16
        case .singles: 8
        }
    }
}
