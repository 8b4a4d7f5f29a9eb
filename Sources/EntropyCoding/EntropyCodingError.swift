/// Everything that can go wrong in the `EntropyCoding` module: building a frequency table,
/// encoding symbols, reading a compressed file, or touching the file system.
///
/// Every case carries what is needed to name the fault in one line (see
/// `description`); the CLI maps a reading error to exit status 2 (bad input).
/// No input, however corrupt, makes this module trap: it throws one of these instead.
public enum EntropyCodingError: Error, Equatable, Hashable, Sendable {
    // MARK: Building a frequency table

    /// The alphabet has no symbols.
    case emptyAlphabet
    /// The alphabet has more symbols than ``FrequencyTable/maximumAlphabetSize``.
    case alphabetTooLarge(size: Int, maximum: Int)
    /// A probability or weight is negative, NaN or infinite.
    case invalidWeight(symbol: Int, value: Double)
    /// Every weight is zero, so there is no distribution to code with.
    case noPositiveWeight
    /// The requested precision lies outside ``FrequencyTable/precisionRange``.
    case invalidPrecision(bits: Int, allowed: ClosedRange<Int>)
    /// More symbols have a non-zero probability than `2^bits` slots can hold.
    case precisionTooLow(bits: Int, usedSymbols: Int)
    /// One frequency exceeds the table total `2^precisionBits`.
    case frequencyTooLarge(symbol: Int, frequency: UInt64, total: UInt64)
    /// The frequencies do not add up to `2^precisionBits`.
    case frequencySumMismatch(sum: UInt64, expected: UInt64)

    // MARK: Encoding

    /// A symbol index is not below the alphabet size (`position` counts samples from 0).
    case symbolOutOfRange(symbol: UInt32, alphabetSize: Int, position: UInt64)
    /// A symbol has frequency 0 in the table, so it cannot be coded.
    case symbolHasZeroFrequency(symbol: UInt32, position: UInt64)
    /// More or fewer samples were written than the header announced.
    case sampleCountMismatch(declared: UInt64, written: UInt64)
    /// A chunk size outside ``CompressedFileFormat/chunkSizeRange``.
    case invalidChunkSize(Int, allowed: ClosedRange<Int>)
    /// The metadata blob is larger than ``CompressedFileFormat/maximumMetadataByteCount``.
    case metadataTooLarge(byteCount: Int, maximum: Int)

    // MARK: Reading a compressed file

    /// The file does not start with the `.rdq` magic bytes.
    case notACompressedFile
    /// The file's format version is not one this reader understands (a version-1 file, from
    /// before the compact header, is named as such in the message).
    case unsupportedVersion(found: UInt16, supported: UInt16)
    /// The input ends inside `field`: `needed` bytes were required, `available` remained.
    case truncated(field: ContainerField, needed: Int, available: Int)
    /// A field holds a value outside its valid range; `expected` states the range.
    case invalidField(ContainerField, value: UInt64, expected: String)
    /// The CRC-32C stored after the header does not match the header bytes.
    case headerChecksumMismatch(stored: UInt32, computed: UInt32)
    /// The CRC-32C stored after chunk `chunk` (counted from 0) does not match its bytes.
    case chunkChecksumMismatch(chunk: UInt64, stored: UInt32, computed: UInt32)
    /// The rANS payload of chunk `chunk` is inconsistent although its checksum matched.
    case corruptPayload(chunk: UInt64, defect: PayloadDefect)
    /// Bytes follow the last chunk.
    case trailingData(byteCount: Int)

    // MARK: File system

    /// A system call failed; `code` is the `errno` value.
    case fileSystem(operation: FileOperation, path: String, code: Int32)
}

/// A field of the `.rdq` container, named in reading errors.
///
/// The order of cases is the order of the fields in a file; see ``CompressedFileFormat``.
public enum ContainerField: String, Sendable, Hashable, CaseIterable {
    /// The eight magic bytes that open every file.
    case magic
    /// The format version (`UInt16`).
    case version
    /// The byte count of the caller's metadata blob (varint).
    case metadataLength = "metadata length"
    /// The caller's metadata blob (opaque bytes; rdopt stores the sample layout and codebook).
    case metadata
    /// The byte count of the serialised frequency table (varint).
    case tableLength = "frequency table length"
    /// The table precision `P`: frequencies add up to `2^P`.
    case precisionBits = "frequency table precision"
    /// The number of symbols in the frequency table.
    case alphabetSize = "alphabet size"
    /// The number of symbols per bin of a binned table (varint).
    case binWidth = "frequency table bin width"
    /// The run-length coded frequencies of the table.
    case frequencies = "frequency table"
    /// The total number of coded samples (varint).
    case sampleCount = "sample count"
    /// The number of samples in every chunk but the last (varint).
    case chunkSize = "chunk size"
    /// The CRC-32C of every header byte before it.
    case headerChecksum = "header checksum"
    /// The number of samples in one chunk (`UInt32`).
    case chunkSampleCount = "chunk sample count"
    /// The byte count of one chunk's rANS payload (`UInt32`).
    case payloadLength = "chunk payload length"
    /// One chunk's rANS payload: the coder states, then 32-bit words.
    case payload = "chunk payload"
    /// The number of frequency tables of a version 3 file.
    case tableCount = "frequency table count"
    /// The CRC-32C that closes a chunk.
    case chunkChecksum = "chunk checksum"
}

/// What is inconsistent in an rANS payload
/// (reported with ``EntropyCodingError/corruptPayload(chunk:defect:)``).
public enum PayloadDefect: String, Sendable, Hashable {
    /// An initial coder state lies outside the normalisation interval `[2^31, 2^63)`.
    case stateOutOfRange = "a coder state is outside its valid range"
    /// The decoder needed more 32-bit words than the payload holds.
    case wordsExhausted = "the payload ended before every symbol was decoded"
    /// Words remained after the last symbol was decoded.
    case wordsLeftOver = "words remained after the last symbol"
    /// A final coder state differs from the encoder's initial state.
    case finalStateMismatch = "a final coder state does not match the initial state"
    /// The payload length is not `8·K + 4·w` bytes for `K` states and `w` words.
    case badLength = "the payload length is not a whole number of words"
    /// A segmented payload's counts or lengths do not fit its chunk (format version 3).
    case badSegments = "the payload's segments do not fit the chunk"
}

/// The system call behind an ``EntropyCodingError/fileSystem(operation:path:code:)`` error.
public enum FileOperation: String, Sendable, Hashable {
    /// Opening a file.
    case open
    /// Reading from a file.
    case read
    /// Writing to a file.
    case write
    /// Closing a file.
    case close
    /// Flushing a file to stable storage.
    case sync
    /// Renaming the temporary file over the destination.
    case rename = "rename a temporary file over"
    /// Removing a temporary file.
    case remove
    /// Querying a file's size.
    case status
    /// Creating a temporary file beside the destination.
    case createTemporary = "create a temporary file for"
    /// Following a symbolic link at an output path (a loop of links, or a dangling link whose
    /// target's folder does not exist).
    case followLink = "follow the symbolic link"
    /// Giving a replacement the permission bits of the file it replaces.
    case setPermissions = "set the permissions of"
}
