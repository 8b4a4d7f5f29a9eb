import Quantization
import Testing

@Suite struct TrainingSamplesTests {
    @Test("stores rows and importance") func storesRowsAndImportance() throws {
        let samples = try TrainingSamples(
            values: [1, 2, 3, 4, 5, 6], dimension: 2, importance: [false, true, false])
        #expect(samples.count == 3)
        #expect(samples.dimension == 2)
        #expect(Array(samples[1]) == [3, 4])
        #expect(samples.isImportant(1))
        #expect(!samples.isImportant(0))
        #expect(samples.importantCount == 1)
    }

    @Test("samples without flags are unimportant") func samplesWithoutFlagsAreUnimportant() throws {
        let samples = try TrainingSamples(scalars: [0.5, -1])
        #expect(samples.importance == nil)
        #expect(samples.importantCount == 0)
        #expect(!samples.isImportant(1))
    }

    static let invalidInputs: [([Double], Int, [Bool]?, QuantizationError)] = [
        ([], 1, nil, .emptyData),
        ([1, 2], 0, nil, .invalidDimension(0)),
        ([1, 2, 3], 2, nil, .raggedValues(valueCount: 3, dimension: 2)),
        (
            [1, 2, .infinity, 4], 2, nil,
            .nonFiniteValue(sample: 1, coordinate: 0, value: .infinity)
        ),
        ([1, 2], 1, [true], .importanceCountMismatch(expected: 2, actual: 1)),
        ([0, -1e200], 1, nil, .valueOutOfRange(sample: 1, coordinate: 0, value: -1e200)),
    ]

    @Test("rejects invalid input", arguments: invalidInputs)
    func rejectsInvalidInput(
        values: [Double], dimension: Int, importance: [Bool]?, expected: QuantizationError
    ) {
        #expect(throws: expected) {
            try TrainingSamples(values: values, dimension: dimension, importance: importance)
        }
    }

    @Test("rejects NaN naming the sample") func rejectsNaNNamingTheSample() {
        #expect {
            try TrainingSamples(scalars: [0, 1, .nan])
        } throws: { error in
            guard case .nonFiniteValue(let sample, let coordinate, _) = error as? QuantizationError
            else { return false }
            return sample == 2 && coordinate == 0
        }
    }

    @Test("errors describe the value at fault") func errorsDescribeTheValueAtFault() {
        let text = QuantizationError.nonFiniteValue(sample: 7, coordinate: 1, value: .nan)
            .description
        #expect(text.contains("sample 7"))
        #expect(text.contains("coordinate 1"))
    }

    @Test("variance per dimension averages the coordinates")
    func variancePerDimensionAveragesTheCoordinates() throws {
        // Coordinate 0 has variance 1, coordinate 1 variance 4 (population variances).
        let samples = try TrainingSamples(values: [-1, -2, 1, 2], dimension: 2)
        #expect(abs(samples.variancePerDimension - 2.5) <= 1e-12)
    }
}
