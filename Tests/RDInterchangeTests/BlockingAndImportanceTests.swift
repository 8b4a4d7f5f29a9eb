import Foundation
import Testing
import _TestSupport

@testable import RDInterchange

@Suite("blocking and importance rules")
struct BlockingAndImportanceTests {
    @Test("partial last block is padded with the last sample")
    func partialLastBlockIsPaddedWithTheLastSample() throws {
        let signal = SampleSet(
            dimension: 1, values: [1, 2, 3, 4, 5], isImportant: [false, false, false, false, true])
        let blocks = try signal.blocked(into: 2)
        #expect(blocks.dimension == 2)
        #expect(blocks.values == [1, 2, 3, 4, 5, 5])
        #expect(blocks.originalLength == 5)
        #expect(blocks.isImportant == [false, false, true])
        #expect(blocks.unblocked().values == [1, 2, 3, 4, 5])
    }

    @Test("exact blocks need no padding") func exactBlocksNeedNoPadding() throws {
        let blocks = try SampleSet(dimension: 1, values: [1, 2, 3, 4, 5, 6]).blocked(into: 3)
        #expect(blocks.values == [1, 2, 3, 4, 5, 6])
        #expect(blocks.count == 2)
        #expect(blocks.unblocked().count == 6)
    }

    @Test("blocking needs scalars") func blockingNeedsScalars() {
        #expect(throws: DataInputError.blockNeedsScalarData(file: "data", dimension: 2)) {
            _ = try SampleSet(dimension: 2, values: [1, 2]).blocked(into: 2)
        }
    }

    @Test("block option and rule apply after reading") func blockOptionAndRuleApplyAfterReading()
        throws
    {
        let folder = try ScratchFolder()
        let url = try folder.file("s.f64", bytes: float64Bytes([0, 0.5, -3, 0, 1]))
        let samples = try SampleSet(
            contentsOf: url,
            options: DataReadOptions(blockLength: 2, importanceRule: .absoluteGreaterThan(2.5)))
        #expect(samples.dimension == 2)
        #expect(samples.values == [0, 0.5, -3, 0, 1, 1])
        #expect(samples.isImportant == [false, true, false])
        #expect(samples.originalLength == 5)
    }

    @Test("rule and column together conflict") func ruleAndColumnTogetherConflict() throws {
        let folder = try ScratchFolder()
        let url = try folder.file("s.csv", text: "x,f\n1,0\n")
        #expect(throws: DataInputError.conflictingImportance(rule: ">1", column: "f")) {
            _ = try SampleSet(
                contentsOf: url,
                options: DataReadOptions(importantColumn: "f", importanceRule: .greaterThan(1)))
        }
    }

    @Test(
        "rules parse",
        arguments: [
            ("abs>2.5", ImportanceRule.absoluteGreaterThan(2.5)),
            (" abs > -1e-3 ", .absoluteGreaterThan(-0.001)),
            ("ABS>3", .absoluteGreaterThan(3)),
            (">0", .greaterThan(0)),
            ("<-4.5", .lessThan(-4.5)),
            ("dev>3", .deviationGreaterThan(3, centre: nil)),
            ("DEV > 0.5 @ -1.25", .deviationGreaterThan(0.5, centre: -1.25)),
            ("dev>2@0.1", .deviationGreaterThan(2, centre: 0.1)),
        ])
    func rulesParse(text: String, rule: ImportanceRule) throws {
        #expect(try ImportanceRule(parsing: text) == rule)
        #expect(try ImportanceRule(parsing: rule.description) == rule)
    }

    @Test(
        "malformed rules are rejected",
        arguments: [
            "", "abs<2", "=3", ">", "abs>", ">x", ">nan", "<inf", ">=2", "2.5", "dev>", "dev>3@",
            "dev>3@x", "dev>3@inf", "dev>@1", "dev<3",
        ])
    func malformedRulesAreRejected(text: String) {
        #expect {
            _ = try ImportanceRule(parsing: text)
        } throws: { error in
            guard case .invalidImportanceRule(let rule, _) = error as? DataInputError else {
                return false
            }
            return rule == text
        }
    }

    @Test("vector rules use the extreme coordinate") func vectorRulesUseTheExtremeCoordinate() {
        #expect(ImportanceRule.absoluteGreaterThan(2).isImportant([0.5, -2.5]))
        #expect(!ImportanceRule.absoluteGreaterThan(2).isImportant([1.5, -2]))
        #expect(ImportanceRule.greaterThan(1).isImportant([-5, 1.5]))
        #expect(!ImportanceRule.greaterThan(1).isImportant([-5, 1]))
        #expect(ImportanceRule.lessThan(0).isImportant([3, -0.1]))
        #expect(!ImportanceRule.lessThan(0).isImportant([3, 0]))
    }

    @Test("dev>T marks samples about the mean of the data, or about the centre given")
    func deviationAboutTheMean() throws {
        // Mean 10: only 4 and 17 deviate by more than 5 (abs>5 would mark every value).
        let values: [Double] = [4, 9, 10, 11, 17, 9]
        let samples = SampleSet(dimension: 1, values: values)
        let rule = try ImportanceRule(parsing: "dev>5")
        #expect(rule.needsCentre)
        #expect(rule.flags(for: samples) == [true, false, false, false, true, false])
        let resolved = rule.resolved(for: values)
        #expect(resolved == .deviationGreaterThan(5, centre: 10))
        #expect(!resolved.needsCentre && resolved.description == "dev>5@10")
        // An unresolved rule marks nothing on its own; a given centre is kept as it is.
        #expect(!rule.isImportant([1000]))
        #expect(
            try ImportanceRule(parsing: "dev>5@0").flags(for: samples)
                == values.map { abs($0) > 5 })
        // Weighted: the points 0 and 10 with probabilities 0.9 and 0.1 have mean 1.
        #expect(
            rule.resolved(for: [0, 10], weights: [0.9, 0.1])
                == .deviationGreaterThan(5, centre: 1))
        // Vectors: the largest deviation of a coordinate from the mean of all coordinates (2).
        let vectors = SampleSet(dimension: 2, values: [1, 3, 2, 2, 9, 0, -4, 3])
        #expect(
            try ImportanceRule(parsing: "dev>5").flags(for: vectors) == [false, false, true, true])
    }

    @Test("a scalar's importance is the one-coordinate rule's, for every kind of rule")
    func scalarRuleMatchesTheGeneralOne() {
        let rules: [ImportanceRule] = [
            .absoluteGreaterThan(2), .greaterThan(-1), .lessThan(0.5),
            .deviationGreaterThan(1.5, centre: 0.25), .deviationGreaterThan(1, centre: nil),
        ]
        let values: [Double] = [-3, -2, -1.25, -1, 0, 0.25, 0.5, 1.75, 2, 2.5, .infinity]
        for rule in rules {
            for x in values {
                #expect(rule.isImportant(value: x) == rule.isImportant([x]), "\(rule) at \(x)")
            }
        }
    }

    @Test("description is compact") func descriptionIsCompact() {
        #expect(ImportanceRule.absoluteGreaterThan(3).description == "abs>3")
        #expect(ImportanceRule.lessThan(-0.25).description == "<-0.25")
    }
}
