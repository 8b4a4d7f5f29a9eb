import Quantization
import RDInterchange

/// Samples mapped to symbols by the quantiser's one rule (``QuantizerEncoder``), with an escape
/// symbol for the samples no codeword serves.
///
/// A sample is *unserved* when it is important and no codeword lies within the tolerance, or
/// when every codeword's cost is infinite. With escapes allowed it is coded as symbol `K` (one
/// past the codebook) and its exact value is stored beside the codebook, so it decodes without
/// loss and meets any tolerance; otherwise compression fails naming the unserved samples.
struct CodedSamples: Sendable {
    /// One symbol per sample: a codeword index, or `codebookSize` for an escaped sample.
    var symbols: [UInt32]
    /// How often each symbol occurs: `codebookSize` entries, one more when a sample escaped.
    var counts: [UInt64]
    /// The sum of the samples' distortions (0 for an escaped sample, stored exactly).
    var totalDistortion: Double
    /// The largest distortion among important samples.
    var importantMaxDistortion: Double
    /// The escaped samples' coordinates, in sample order (`d` per sample).
    var escapedValues: [Double]
    /// The number of escaped samples.
    var escapedCount: Int

    /// The most unserved samples an error lists by number.
    static let listedSampleCount = 10

    /// Codes `samples` with `quantizer`.
    ///
    /// - Parameters:
    ///   - encoder: The quantiser's encoder, when the caller keeps one for many batches.
    ///   - allowEscapes: Whether unserved samples are escaped (else an error names them).
    ///   - file: The data file's name, for messages.
    /// - Throws: ``CompressionError/unservedSamples(file:samples:count:tolerance:)`` when a
    ///   sample is unserved and escapes are not allowed.
    /// - Complexity: O(n (log m + visited)) for n scalar samples, O(n m k) for k-vectors, over
    ///   the cores; a batch with unserved samples is coded a second time, one sample at a time.
    init(
        _ samples: SampleSet, quantizer: Quantizer, encoder: QuantizerEncoder? = nil,
        allowEscapes: Bool, file: String
    ) throws(CompressionError) {
        let batch = (encoder ?? QuantizerEncoder(quantizer: quantizer)).encodeAll(
            samples.values, isImportant: samples.isImportant)
        guard batch.firstFailure != nil else {
            self.init(
                symbols: batch.symbols, counts: batch.counts,
                totalDistortion: batch.totalDistortion,
                importantMaxDistortion: batch.importantMaxDistortion, escapedValues: [],
                escapedCount: 0)
            return
        }
        let coded = quantizer.encode(contentsOf: samples.values, isImportant: samples.isImportant)
        guard allowEscapes else {
            throw .unservedSamples(
                file: file, samples: Array(coded.violations.prefix(Self.listedSampleCount)),
                count: coded.violations.count, tolerance: quantizer.importantTolerance)
        }
        self.init(escaping: coded, samples: samples, quantizer: quantizer)
    }

    private init(
        symbols: [UInt32], counts: [UInt64], totalDistortion: Double,
        importantMaxDistortion: Double, escapedValues: [Double], escapedCount: Int
    ) {
        self.symbols = symbols
        self.counts = counts
        self.totalDistortion = totalDistortion
        self.importantMaxDistortion = importantMaxDistortion
        self.escapedValues = escapedValues
        self.escapedCount = escapedCount
    }

    /// The symbols of a batch coded one sample at a time, its violations escaped.
    private init(escaping coded: BatchEncoding, samples: SampleSet, quantizer: Quantizer) {
        let m = quantizer.count
        var isEscaped = [Bool](repeating: false, count: samples.count)
        for i in coded.violations { isEscaped[i] = true }
        var symbols = [UInt32](repeating: 0, count: samples.count)
        var counts = [UInt64](repeating: 0, count: m + 1)
        var total = 0.0
        var importantMax = 0.0
        var escaped: [Double] = []
        for (i, j) in coded.indices.enumerated() {
            if isEscaped[i] {
                symbols[i] = UInt32(m)
                counts[m] += 1
                escaped += samples[sample: i]
                continue
            }
            let d = quantizer.distortion(Array(samples[sample: i]), j)
            symbols[i] = UInt32(j)
            counts[j] += 1
            total += d
            if samples.isImportant?[i] == true { importantMax = max(importantMax, d) }
        }
        self.init(
            symbols: symbols, counts: counts, totalDistortion: total,
            importantMaxDistortion: importantMax, escapedValues: escaped,
            escapedCount: coded.violations.count)
    }
}
