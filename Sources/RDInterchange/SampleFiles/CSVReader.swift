/// Reads comma-separated numbers (docs/cli.md).
///
/// Rules: lines end with `\n` or `\r\n`; blank lines are skipped; fields are separated by
/// commas and may be surrounded by spaces or double quotes. The first non-blank row is a header
/// when none of its fields is a number. Every row must have as many fields as the first.
/// The importance column (named in the header) holds `0`/`1` (or `true`/`false`) and is not data.
enum CSVReader {
    /// Parses a whole CSV file.
    ///
    /// - Complexity: O(b) for b bytes.
    static func read(_ bytes: [UInt8], file: String, importantColumn: String?)
        throws(DataInputError) -> SampleSet
    {
        var rows = RowIterator(bytes: bytes)
        guard let first = rows.next() else { throw .emptyData(file: file) }
        let firstFields = first.fields.map(\.text)
        let hasHeader = firstFields.allSatisfy { Self.number($0) == nil }
        let width = firstFields.count

        var flagColumn: Int? = nil
        if let name = importantColumn {
            guard hasHeader else { throw .columnNeedsHeader(file: file, name: name) }
            guard let index = firstFields.firstIndex(of: name) else {
                throw .missingColumn(file: file, name: name, available: firstFields)
            }
            flagColumn = index
        }
        let dimension = width - (flagColumn == nil ? 0 : 1)
        guard dimension >= 1 else { throw .noDataColumns(file: file) }

        var values: [Double] = []
        values.reserveCapacity(bytes.count / 4)
        var flags: [Bool] = []
        var pending: Row? = hasHeader ? rows.next() : first
        while let row = pending {
            guard row.fields.count == width else {
                throw .raggedRow(
                    file: file, line: row.line, expected: width, found: row.fields.count)
            }
            for (column, field) in row.fields.enumerated() {
                let text = field.text
                let at = DataLocation.field(line: row.line, column: column + 1)
                if column == flagColumn {
                    guard let flag = Self.flag(text) else {
                        throw .invalidFlag(file: file, at: at, field: text)
                    }
                    flags.append(flag)
                    continue
                }
                guard let value = Self.number(text) else {
                    throw .nonNumericField(file: file, at: at, field: text)
                }
                guard value.isFinite else { throw .nonFiniteValue(file: file, at: at, field: text) }
                values.append(value)
            }
            pending = rows.next()
        }
        guard !values.isEmpty else { throw .emptyData(file: file) }
        return SampleSet(
            dimension: dimension, values: values, isImportant: flagColumn == nil ? nil : flags)
    }

    /// A field as a number, or `nil`. `nan` and `inf` parse (and are rejected later as not finite).
    static func number(_ text: String) -> Double? {
        guard !text.isEmpty else { return nil }
        return Double(text)
    }

    /// A field as an importance flag, or `nil`.
    static func flag(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "1.0", "true": true
        case "0", "0.0", "false": false
        default: nil
        }
    }

    /// One non-blank line of the file.
    struct Row {
        /// The line number, counting from 1.
        var line: Int
        var fields: [Field]
    }

    /// One field, trimmed of spaces and surrounding quotes.
    struct Field {
        var text: String
    }

    /// Splits the bytes into rows of fields, skipping blank lines.
    struct RowIterator {
        let bytes: [UInt8]
        var position = 0
        var line = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
            // Skip a UTF-8 byte order mark.
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        mutating func next() -> Row? {
            while position < bytes.count {
                line += 1
                var end = position
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
                let start = position
                position = end + 1
                var lineEnd = end
                if lineEnd > start, bytes[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                if bytes[start..<lineEnd].allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                return Row(line: line, fields: Self.split(bytes[start..<lineEnd]))
            }
            return nil
        }

        static func split(_ line: ArraySlice<UInt8>) -> [Field] {
            var fields: [Field] = []
            var start = line.startIndex
            var index = line.startIndex
            while true {
                if index == line.endIndex || line[index] == UInt8(ascii: ",") {
                    fields.append(Field(text: trimmed(line[start..<index])))
                    if index == line.endIndex { break }
                    start = index + 1
                }
                index += 1
            }
            return fields
        }

        static func trimmed(_ field: ArraySlice<UInt8>) -> String {
            var lower = field.startIndex
            var upper = field.endIndex
            while lower < upper, field[lower] == 32 || field[lower] == 9 { lower += 1 }
            while upper > lower, field[upper - 1] == 32 || field[upper - 1] == 9 { upper -= 1 }
            if upper - lower >= 2, field[lower] == UInt8(ascii: "\""),
                field[upper - 1] == UInt8(ascii: "\"")
            {
                lower += 1
                upper -= 1
            }
            return String(decoding: field[lower..<upper], as: UTF8.self)
        }
    }
}
