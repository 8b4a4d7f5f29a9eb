import Foundation
import Testing
import _TestSupport

@testable import RDInterchange

@Suite("CSV input")
struct CSVReaderTests {
    let folder: ScratchFolder
    init() throws { folder = try ScratchFolder() }

    /// Reads `text` as a CSV file named `data.csv`.
    func read(_ text: String, options: DataReadOptions = DataReadOptions()) throws -> SampleSet {
        try SampleSet(contentsOf: folder.file("data.csv", text: text), options: options)
    }

    /// The error thrown when reading `text`, or `nil`.
    func failure(_ text: String, options: DataReadOptions = DataReadOptions()) throws
        -> DataInputError?
    {
        let url = try folder.file("data.csv", text: text)
        do {
            _ = try SampleSet(contentsOf: url, options: options)
            return nil
        } catch {
            return error
        }
    }

    var path: String { folder.url.appendingPathComponent("data.csv").path }

    @Test("scalar column without header is one dimensional")
    func scalarColumnWithoutHeaderIsOneDimensional() throws {
        let samples = try read("1.5\n-2\n3e-1\n")
        #expect(samples.dimension == 1)
        #expect(samples.values == [1.5, -2, 0.3])
        #expect(samples.isImportant == nil)
    }

    @Test("header row is detected when no field is numeric")
    func headerRowIsDetectedWhenNoFieldIsNumeric() throws {
        let samples = try read("x, y\n1, 2\n3, 4\r\n\n5,6")
        #expect(samples.dimension == 2)
        #expect(samples.count == 3)
        #expect(samples.values == [1, 2, 3, 4, 5, 6])
    }

    @Test("important column is read as flag and excluded")
    func importantColumnIsReadAsFlagAndExcluded() throws {
        let samples = try read(
            "\"x\",important,y\n1,0,2\n3,1,4\n5,true,6\n",
            options: DataReadOptions(importantColumn: "important"))
        #expect(samples.dimension == 2)
        #expect(samples.values == [1, 2, 3, 4, 5, 6])
        #expect(samples.isImportant == [false, true, true])
        #expect(samples.importantCount == 2)
    }

    @Test("important column needs header") func importantColumnNeedsHeader() throws {
        let error = try failure("1,0\n2,1\n", options: DataReadOptions(importantColumn: "flag"))
        #expect(error == .columnNeedsHeader(file: path, name: "flag"))
    }

    @Test("missing important column lists the columns") func missingImportantColumnListsTheColumns()
        throws
    {
        let error = try failure("a,b\n1,0\n", options: DataReadOptions(importantColumn: "flag"))
        #expect(error == .missingColumn(file: path, name: "flag", available: ["a", "b"]))
        #expect(error?.description.contains("columns: a, b") == true)
    }

    @Test("only the important column leaves no data") func onlyTheImportantColumnLeavesNoData()
        throws
    {
        let error = try failure("flag\n1\n0\n", options: DataReadOptions(importantColumn: "flag"))
        #expect(error == .noDataColumns(file: path))
    }

    @Test("invalid flag names row and column") func invalidFlagNamesRowAndColumn() throws {
        let error = try failure(
            "x,flag\n1,0\n2,yes\n", options: DataReadOptions(importantColumn: "flag"))
        #expect(error == .invalidFlag(file: path, at: .field(line: 3, column: 2), field: "yes"))
    }

    @Test("ragged row is rejected with its line") func raggedRowIsRejectedWithItsLine() throws {
        let error = try failure("1,2\n3,4\n5\n")
        #expect(error == .raggedRow(file: path, line: 3, expected: 2, found: 1))
        #expect(error?.description == "\(path): row 3 has 1 field, expected 2")
    }

    @Test("non numeric field names row and column") func nonNumericFieldNamesRowAndColumn() throws {
        let error = try failure("x,y\n1,2\n3,abc\n")
        #expect(error == .nonNumericField(file: path, at: .field(line: 3, column: 2), field: "abc"))
        #expect(error?.description == "\(path): row 3, column 2: 'abc' is not a number")
    }

    @Test("mixed first row is data not header") func mixedFirstRowIsDataNotHeader() throws {
        let error = try failure("1,abc\n2,3\n")
        #expect(error == .nonNumericField(file: path, at: .field(line: 1, column: 2), field: "abc"))
    }

    @Test("empty field is non numeric") func emptyFieldIsNonNumeric() throws {
        let error = try failure("1,2\n3,\n")
        #expect(error == .nonNumericField(file: path, at: .field(line: 2, column: 2), field: ""))
    }

    @Test(
        "non finite values are rejected",
        arguments: ["nan", "NaN", "inf", "-inf", "infinity", "1e999"])
    func nonFiniteValuesAreRejected(field: String) throws {
        let error = try failure("x\n1\n\(field)\n")
        #expect(error == .nonFiniteValue(file: path, at: .field(line: 3, column: 1), field: field))
    }

    @Test("empty data is rejected", arguments: ["", "\n\n"])
    func emptyDataIsRejected(text: String) throws {
        #expect(try failure(text) == .emptyData(file: path))
    }

    @Test("a header without data rows is rejected as such", arguments: ["x,y\n", "x\n\n  \n"])
    func headerOnlyIsRejected(text: String) throws {
        let header = text.split(separator: "\n")[0].split(separator: ",").map(String.init)
        #expect(try failure(text) == .headerOnly(file: path, line: 1, header: header))
    }

    @Test("byte order mark is ignored") func byteOrderMarkIsIgnored() throws {
        let url = try folder.file("bom.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("v\n7\n".utf8))
        #expect(try SampleSet(contentsOf: url).values == [7])
    }

    @Test("requested dimension must match columns") func requestedDimensionMustMatchColumns() throws
    {
        let error = try failure("1,2\n", options: DataReadOptions(dimension: 3))
        #expect(error == .dimensionMismatch(file: path, requested: 3, found: 2))
    }

    @Test("missing file is unreadable") func missingFileIsUnreadable() throws {
        let url = folder.url.appendingPathComponent("absent.csv")
        #expect {
            _ = try SampleSet(contentsOf: url)
        } throws: { error in
            guard case .unreadableFile(let file, _) = error as? DataInputError else { return false }
            return file == url.path
        }
    }

    @Test("unknown extension is rejected") func unknownExtensionIsRejected() throws {
        let url = try folder.file("data.txt", text: "1\n")
        #expect(throws: DataInputError.unsupportedExtension(file: url.path, extension: "txt")) {
            _ = try SampleSet(contentsOf: url)
        }
    }
}
