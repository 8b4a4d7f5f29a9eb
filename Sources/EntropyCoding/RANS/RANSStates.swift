/// The eight rANS states of a coder, as eight stored properties so that the coding loops
/// keep them in registers.
struct RANSStates {
    var x0 = RANSCodec.lowerBound
    var x1 = RANSCodec.lowerBound
    var x2 = RANSCodec.lowerBound
    var x3 = RANSCodec.lowerBound
    var x4 = RANSCodec.lowerBound
    var x5 = RANSCodec.lowerBound
    var x6 = RANSCodec.lowerBound
    var x7 = RANSCodec.lowerBound

    /// Every state at `L`: an encoder's start, and a decoder's required end.
    init() {}

    /// The states stored at the start of a payload (little-endian `UInt64`, state 0 first);
    /// the payload holds at least 64 bytes.
    init(loadingFrom payload: UnsafeRawBufferPointer) {
        for lane in 0..<RANSCodec.stateCount {
            self[lane] = UInt64(
                littleEndian: payload.loadUnaligned(fromByteOffset: 8 * lane, as: UInt64.self))
        }
    }

    /// State `lane` (`0 ..< 8`), for the loops that pick a state by index.
    subscript(lane: Int) -> UInt64 {
        get {
            switch lane & 7 {
            case 0: x0
            case 1: x1
            case 2: x2
            case 3: x3
            case 4: x4
            case 5: x5
            case 6: x6
            default: x7
            }
        }
        set {
            switch lane & 7 {
            case 0: x0 = newValue
            case 1: x1 = newValue
            case 2: x2 = newValue
            case 3: x3 = newValue
            case 4: x4 = newValue
            case 5: x5 = newValue
            case 6: x6 = newValue
            default: x7 = newValue
            }
        }
    }

    /// Whether every state lies in the decoder's interval `[L, 2^32 · L)`.
    var allInRange: Bool {
        (0..<RANSCodec.stateCount).allSatisfy {
            let x = self[$0]
            return x >= RANSCodec.lowerBound && x < RANSCodec.lowerBound << 32
        }
    }

    /// Whether every state equals `L`.
    var allAtLowerBound: Bool {
        (0..<RANSCodec.stateCount).allSatisfy { self[$0] == RANSCodec.lowerBound }
    }

    /// Writes the states, state 0 first, little-endian, at `destination`.
    func store(to destination: UnsafeMutableRawPointer) {
        for lane in 0..<RANSCodec.stateCount {
            destination.storeBytes(
                of: self[lane].littleEndian, toByteOffset: 8 * lane, as: UInt64.self)
        }
    }
}
