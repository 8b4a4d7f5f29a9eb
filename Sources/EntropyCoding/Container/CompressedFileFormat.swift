/// The constants and the byte layout of the `.rdq` compressed-file format, versions 2 to 5.
///
/// Fixed-width integers are little-endian; "varint" is unsigned LEB128 in its shortest form
/// (7 bits a byte, low groups first, the high bit set on every byte but the last). A file is a
/// header followed by independent chunks:
///
/// | bytes | field |
/// | --- | --- |
/// | 8 | magic `89 52 44 51 0D 0A 1A 0A` (`\x89RDQ\r\n\x1A\n`, after PNG's) |
/// | 2 | format version, `2` |
/// | 1–4 | metadata length `a` (varint, at most ``maximumMetadataByteCount``) |
/// | a | metadata: the caller's opaque bytes (rdopt stores the sample layout and codebook) |
/// | 1–4 | frequency table length `t` (varint, 2 … ``maximumTableByteCount``) |
/// | t | the frequency table (``FrequencyTable/serialized()``) |
/// | 1–10 | total sample count `N` (varint) |
/// | 1–4 | chunk size `C` (varint, in ``chunkSizeRange``) |
/// | 4 | CRC-32C of every header byte above |
///
/// then `⌈N / C⌉` chunks, chunk `k` (from 0) holding samples `k·C ..< min((k+1)·C, N)`:
///
/// | bytes | field |
/// | --- | --- |
/// | 4 | sample count `n` of this chunk (`C`, or what is left for the last) |
/// | 4 | payload length `b`, with `64 ≤ b ≤ 64 + 4n` and `b ≡ 0 (mod 4)` |
/// | b | rANS payload (``RANSCodec``): eight 64-bit states, then 32-bit words |
/// | 4 | CRC-32C of: the header CRC (4 bytes), `k` (8 bytes), then this chunk's fields above |
///
/// and nothing after the last chunk. Feeding the header CRC and the chunk index into each
/// chunk's CRC binds the chunk to its file and position: a chunk copied from another file,
/// or two chunks swapped, fail their checksums. A reader checks each length against the
/// bytes left before reading, and a chunk's CRC before decoding it.
///
/// **Version 3** (written only for files whose chunks are coded in segments, each with its own
/// table; `ChunkModel`): after the first table a varint `e` (1 … ``maximumTableCount`` − 1)
/// and `e` more tables (length and bytes each), all of one alphabet size; each chunk's payload
/// starts with `e` pairs of `UInt32` (sample count, byte length of every segment but the last)
/// and holds one rANS payload per segment, segment `j` coded with table `j`.
///
/// **Version 4** (written when the caller asks for it, ``CompressedFileWriter``'s `compact`):
/// version 3's layout, `e` from 0 (one table), and every stream of fewer than
/// ``singleStateLimit(sampleCount:)`` symbols coded with one state (8 bytes of state, then its
/// words; the symbols decoded in order, each followed by a refill).
///
/// **Version 5** (what ``CompressedFileWriter``'s `compact` writes): version 4, but a
/// segmented payload starts with the varint sample counts of every segment but the last, then
/// the `UInt32` byte lengths of every stream but the last, then the streams: every segment of
/// fewer than ``singleStateLimit(sampleCount:)`` symbols in one one-state stream (in segment
/// order, each symbol with its segment's table), then each longer segment's eight-state stream
/// in segment order. A payload with one table is as in version 4.
///
/// Version 1 (the first release) had a 2-byte flags field after the version and stored the
/// two lengths, the sample count and the chunk size as fixed-width integers (32 header bytes
/// besides metadata and table, against 18 to 36 now). Its files are rejected by name
/// (``EntropyCodingError/unsupportedVersion(found:supported:)``).
///
/// **Overhead.** The header takes `18 + a + t` bytes or a few more (varints); each chunk adds
/// 12 bytes of framing and 32 bytes of coder states, of which on average about 24 carry no
/// information.
public enum CompressedFileFormat {
    /// The eight bytes every `.rdq` file starts with.
    public static let magic: [UInt8] = [0x89, 0x52, 0x44, 0x51, 0x0D, 0x0A, 0x1A, 0x0A]

    /// The format version this module writes for files with one frequency table (and reads).
    public static let version: UInt16 = 2
    /// The format version of files whose chunks are coded in segments, each with its own
    /// table (written only for them, so that every other file stays readable by version 2
    /// readers).
    public static let segmentedVersion: UInt16 = 3
    /// The format version of files whose short rANS streams are coded with one state (and
    /// whose chunks may have one segment or more; rdopt writes it for predicted files, whose
    /// metadata then stores the codebook on a lattice, docs/formats.md).
    public static let compactVersion: UInt16 = 4
    /// The format version rdopt writes for predicted files: version 4, but a chunk's segments
    /// shorter than ``singleStateLimit(sampleCount:)`` share one one-state stream, and their
    /// counts are varints (`ChunkModel`); its metadata stores activity thresholds in two bytes
    /// or less (docs/formats.md).
    public static let joinedVersion: UInt16 = 5
    /// In a version 4 file of `sampleCount` samples, a stream (a chunk's segment) of fewer
    /// symbols than this is coded with one rANS state of 8 bytes instead of eight of 64:
    /// 2^16 in a file of at most 2^20 samples (there the 56 bytes matter and the time does not:
    /// a one-state stream of 65,536 symbols decodes in well under a millisecond), else 4,096
    /// (a large file's segments keep the eight states' speed).
    public static func singleStateLimit(sampleCount: UInt64) -> Int {
        sampleCount <= 1 << 20 ? 1 << 16 : 1 << 12
    }
    /// The bytes of segment entries and coder states of a version 5 chunk whose segments hold
    /// `segments` symbols (one count per table), in a file of `sampleCount` samples: what the
    /// choice of segments changes in a chunk's size besides its words.
    public static func segmentOverheadByteCount(segments: [Int], sampleCount: UInt64) -> Int {
        ChunkModel(
            codecs: [], singleStateLimit: singleStateLimit(sampleCount: sampleCount),
            joinsShortSegments: true
        ).overheadByteCount(segments: segments)
    }

    /// In a version 5 header, a first table length of 0 marks the tables' deflated form: the
    /// count of tables less one, the inflated length `u` and the stored length `z` (varints), then
    /// a zlib stream of `z` bytes that inflates to the `u` bytes of every table's length and
    /// bytes in order. rdopt writes it when it is shorter: a dozen small tables of a low-rate
    /// file repeat the same few bytes (a 400,000-value walk at var/100: the tables' field
    /// 113 → 66 bytes, the file 799 → 752).
    public static let deflatedTablesMarker: UInt8 = 0

    /// The largest ratio of a deflated stream's inflated to stored length (deflate's limit is
    /// about 1,032): a larger declared length is refused before anything is allocated.
    static let maximumInflationRatio = 1032

    /// The most frequency tables (segments per chunk) a version 3 file may have.
    public static let maximumTableCount = 32

    /// The chunk size used unless the caller chooses one: 2^20 samples, so that a chunk's
    /// symbols and payload take a few MiB and a file of 10^7 samples has ten chunks to share
    /// among the cores.
    public static let defaultChunkSize = 1 << 20

    /// The allowed chunk sizes, in samples. The upper end bounds the memory a reader
    /// allocates for one chunk (16 MiB of symbols plus the payload).
    public static let chunkSizeRange: ClosedRange<Int> = 1...(1 << 22)

    /// The largest metadata blob, 64 MiB.
    public static let maximumMetadataByteCount = 1 << 26

    /// The largest serialised frequency table: 1 byte of precision, up to 3 bytes of
    /// alphabet size, and up to 4 bytes per symbol.
    public static let maximumTableByteCount = 4 + 4 * FrequencyTable.maximumAlphabetSize

    /// The bytes of a header besides the metadata and the table, when every varint takes one
    /// byte: magic, version, both lengths, sample count, chunk size and CRC.
    public static let minimumFixedHeaderByteCount = 18

    /// The framing bytes of each chunk: sample count, payload length and CRC.
    public static let chunkFramingByteCount = 12

    /// The size of the smallest chunk: framing plus the coder states.
    public static var minimumChunkByteCount: Int {
        chunkFramingByteCount + RANSCodec.maximumPayloadByteCount(symbolCount: 0)
    }
}
