extension JSONParser {
    /// The exact powers of ten a double holds, `1e0 ... 1e22` (10^22 < 2^53 · 2^22 is the
    /// largest power of ten whose odd part, 5^22, fits the 53-bit significand).
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Reads the number at `index`, exactly by RFC 8259 §6 and without regular expressions:
    ///
    ///     number = [ "-" ] int [ frac ] [ exp ]
    ///     int    = "0" / ( digit1-9 *DIGIT )
    ///     frac   = "." 1*DIGIT
    ///     exp    = ( "e" / "E" ) [ "-" / "+" ] 1*DIGIT
    ///
    /// so a leading `+`, a leading zero (`01`), `.5`, `1.`, `1e`, hexadecimal and the words
    /// `NaN` and `Infinity` are errors. A number must end at a delimiter: `1.5.3`, `0x1F` and
    /// `12abc` are errors too, not a number followed by junk.
    ///
    /// Conversion is correctly rounded: Clinger's fast path (W. D. Clinger, "How to Read
    /// Floating Point Numbers Accurately", PLDI 1990) when the significant digits form an
    /// integer w < 2^53 and the decimal exponent e has |e| ≤ 22, since then `w · 10^e` or
    /// `w / 10^-e` is one IEEE operation on exact operands and rounds once; otherwise Swift's
    /// `Double(_:)`, which is `strtod` (correctly rounded) in the C locale.
    ///
    /// - Returns: The value; `-0` reads as `-0.0`, and a literal below the smallest subnormal
    ///   rounds to zero as `strtod` rounds it.
    /// - Throws: `.syntax` naming the literal and its byte offset for text outside the
    ///   grammar; `.nonFinite` for `NaN`, `Infinity`, `-Infinity` and a literal too large for
    ///   a double (such as `1e400`).
    /// - Complexity: O(t) for a literal of t bytes.
    mutating func number() throws(Failure) -> Double {
        let start = index
        for word: StaticString in ["NaN", "Infinity", "-Infinity"] where matches(word, at: start) {
            throw .nonFinite("\(word)")
        }
        let isNegative = peekByte() == UInt8(ascii: "-")
        if isNegative { index += 1 }
        // Significant digits, at most 19 of them (they fit a UInt64), and the count of the
        // digits past those 19 in the integer part (each multiplies by ten).
        var significand: UInt64 = 0
        var digitCount = 0
        var exponent = 0
        guard let first = peekByte(), Self.isDigit(first) else {
            throw invalidNumber(from: start)
        }
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            while let byte = peekByte(), Self.isDigit(byte) {
                // An integer digit dropped past the 19th multiplies by ten.
                if !accumulate(byte, into: &significand, digits: &digitCount) { exponent += 1 }
                index += 1
            }
        }
        if peekByte() == UInt8(ascii: ".") {
            index += 1
            guard let byte = peekByte(), Self.isDigit(byte) else {
                throw invalidNumber(from: start)
            }
            while let byte = peekByte(), Self.isDigit(byte) {
                // A kept fraction digit divides by ten; a dropped one (past 19) changes nothing.
                if accumulate(byte, into: &significand, digits: &digitCount) { exponent -= 1 }
                index += 1
            }
        }
        if let byte = peekByte(), byte | 0x20 == UInt8(ascii: "e") {
            index += 1
            var isExponentNegative = false
            if let sign = peekByte(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                isExponentNegative = sign == UInt8(ascii: "-")
                index += 1
            }
            guard let digit = peekByte(), Self.isDigit(digit) else {
                throw invalidNumber(from: start)
            }
            var written = 0
            while let byte = peekByte(), Self.isDigit(byte) {
                // Saturate: past 10^9 the value is zero or infinite whatever the digits.
                written = min(written * 10 + Int(byte &- UInt8(ascii: "0")), 1_000_000_000)
                index += 1
            }
            exponent += isExponentNegative ? -written : written
        }
        if let next = peekByte(), Self.continuesNumber(next) { throw invalidNumber(from: start) }
        let value = convert(
            significand: significand, isExact: digitCount <= 19, exponent: exponent,
            isNegative: isNegative, literal: start..<index)
        guard value.isFinite else { throw .nonFinite(literal(start..<index)) }
        return value
    }

    /// Adds a decimal digit to the significand while it holds fewer than 19 significant
    /// digits (leading zeros are not counted).
    /// - Parameters:
    ///   - byte: An ASCII digit.
    ///   - significand: The digits so far, as an integer.
    ///   - digits: The significant digits seen so far, kept or not.
    /// - Returns: Whether the digit was kept.
    private func accumulate(_ byte: UInt8, into significand: inout UInt64, digits: inout Int)
        -> Bool
    {
        if significand == 0, byte == UInt8(ascii: "0") { return true }  // leading zeros
        digits += 1
        guard digits <= 19 else { return false }
        significand = significand * 10 + UInt64(byte &- UInt8(ascii: "0"))
        return true
    }

    /// The value of a scanned literal: the fast path when it is exact, else `strtod`.
    private func convert(
        significand: UInt64, isExact: Bool, exponent: Int, isNegative: Bool,
        literal range: Range<Int>
    ) -> Double {
        if isExact, significand < (1 << 53), (-22...22).contains(exponent) {
            let w = Double(significand)
            let magnitude =
                exponent >= 0
                ? w * Self.exactPowersOfTen[exponent] : w / Self.exactPowersOfTen[-exponent]
            return isNegative ? -magnitude : magnitude
        }
        // The literal matched the grammar, so `Double(_:)` accepts it.
        return Double(literal(range)) ?? .nan
    }

    /// The bytes of `range` as text.
    private func literal(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// A syntax error quoting the token that starts at `start` (up to the next delimiter).
    private func invalidNumber(from start: Int) -> Failure {
        var end = max(index, start + 1)
        while end < bytes.count, end - start < 40, Self.continuesNumber(bytes[end]) { end += 1 }
        let token = literal(start..<min(end, bytes.count))
        guard start < bytes.count, bytes[start] == UInt8(ascii: "-") || Self.isDigit(bytes[start])
        else {
            return .syntax("unexpected character '\(token.prefix(1))' at byte \(start)")
        }
        return .syntax(
            "invalid number '\(token)' at byte \(start) (RFC 8259: no leading zeros, '+', "
                + "bare '.', hexadecimal, NaN or Infinity)")
    }

    /// Whether `word` is spelt at byte `position`.
    private func matches(_ word: StaticString, at position: Int) -> Bool {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { return false }
        return word.withUTF8Buffer { expected in
            for offset in 0..<count where bytes[position + offset] != expected[offset] {
                return false
            }
            return true
        }
    }

    /// The byte at `index`, or `nil` at the end.
    private func peekByte() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Whether `byte` is an ASCII digit.
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }

    /// Whether `byte` would continue a number token (a digit, a letter, `.`, `+` or `-`):
    /// after a complete number it means the literal is malformed.
    private static func continuesNumber(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
    }
}
