extension EntropyCodingError: CustomStringConvertible {
    /// A one-line explanation naming the field, symbol or file at fault, without the
    /// `error:` prefix (the CLI adds it).
    public var description: String {
        switch self {
        case .emptyAlphabet:
            return "the alphabet is empty"
        case .alphabetTooLarge(let size, let maximum):
            return "the alphabet has \(size) symbols; at most \(maximum) are supported"
        case .invalidWeight(let symbol, let value):
            return
                "the probability of symbol \(symbol) is \(value); it must be finite and non-negative"
        case .noPositiveWeight:
            return "every symbol has probability zero"
        case .invalidPrecision(let bits, let allowed):
            return
                "a frequency table precision of \(bits) bits is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case .precisionTooLow(let bits, let usedSymbols):
            return
                "\(usedSymbols) symbols with non-zero probability do not fit in 2^\(bits) frequency slots"
        case .frequencyTooLarge(let symbol, let frequency, let total):
            return "symbol \(symbol) has frequency \(frequency), more than the table total \(total)"
        case .frequencySumMismatch(let sum, let expected):
            return "the frequencies add up to \(sum) instead of \(expected)"
        case .symbolOutOfRange(let symbol, let alphabetSize, let position):
            return
                "sample \(position) has symbol \(symbol), outside the alphabet of \(alphabetSize) symbols"
        case .symbolHasZeroFrequency(let symbol, let position):
            return "sample \(position) has symbol \(symbol), whose frequency in the table is zero"
        case .sampleCountMismatch(let declared, let written):
            return "the header announces \(declared) samples but \(written) were written"
        case .invalidChunkSize(let size, let allowed):
            return
                "a chunk size of \(size) samples is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case .metadataTooLarge(let byteCount, let maximum):
            return "the metadata has \(byteCount) bytes; at most \(maximum) are supported"
        case .notACompressedFile:
            return "not an rdopt compressed file (bad magic bytes)"
        case .unsupportedVersion(1, let supported):
            return
                "this is a version 1 .rdq file (the first container, which held the quantiser as JSON); this rdopt reads version \(supported) only: decompress it with an rdopt from before the compact container and compress the data again"
        case .unsupportedVersion(let found, let supported):
            return
                "compressed file format version \(found) is not supported (this reader handles versions \(supported) to \(CompressedFileFormat.joinedVersion))"
        case .truncated(let field, let needed, let available):
            return
                "the compressed file is truncated in the \(field.rawValue): \(needed) bytes needed, \(available) left"
        case .invalidField(let field, let value, let expected):
            return "the \(field.rawValue) is \(value); expected \(expected)"
        case .headerChecksumMismatch(let stored, let computed):
            return
                "the header checksum does not match (stored \(hex(stored)), computed \(hex(computed))): the file is corrupt"
        case .chunkChecksumMismatch(let chunk, let stored, let computed):
            return
                "the checksum of chunk \(chunk) does not match (stored \(hex(stored)), computed \(hex(computed))): the file is corrupt"
        case .corruptPayload(let chunk, let defect):
            return "chunk \(chunk) is corrupt: \(defect.rawValue)"
        case .trailingData(let byteCount):
            return "\(byteCount) unexpected bytes follow the last chunk"
        case .fileSystem(let operation, let path, let code):
            return "cannot \(operation.rawValue) '\(path)': \(systemErrorMessage(code))"
        }
    }
}

/// `0x` followed by eight hexadecimal digits.
private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
