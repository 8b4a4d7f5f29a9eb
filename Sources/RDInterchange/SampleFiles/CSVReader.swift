/// Reads comma-separated numbers (docs/cli.md).
///
/// Rules: lines end with `\n`, `\r\n` or a lone `\r` (old Mac files); blank lines are skipped;
/// fields are separated by commas and may be surrounded by spaces or double quotes. The first
/// non-blank row is a header when none of its fields is a number. Every row must have as many
/// fields as the first. The importance column (named in the header) holds `0`/`1` (or
/// `true`/`false`) and is not data.
///
/// Nothing is read partly: a control character (a NUL byte, say, which would end the text
/// `strtod` sees) anywhere in a row, a field that is not a number, or a header with no data
/// row after it is an error naming the file, the row and the field.
enum CSVReader {
    /// Parses a whole CSV file.
    ///
    /// - Complexity: O(b) for b bytes.
    static func read(_ bytes: [UInt8], file: String, importantColumn: String?)
        throws(DataInputError) -> SampleSet
    {
        var rows = RowIterator(bytes: bytes, file: file)
        guard let first = try rows.next() else { throw .emptyData(file: file) }
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
        var pending: Row? = hasHeader ? try rows.next() : first
        if pending == nil {
            throw .headerOnly(file: file, line: first.line, header: firstFields)
        }
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
            pending = try rows.next()
        }
        guard !values.isEmpty else { throw .emptyData(file: file) }
        var samples = SampleSet(
            dimension: dimension, values: values, isImportant: flagColumn == nil ? nil : flags)
        samples.fileLayout = SampleLayout.plain(count: samples.count, dimension: dimension)
        if hasHeader {
            samples.fileLayout?.columnNames = firstFields.enumerated()
                .filter { $0.offset != flagColumn }.map(\.element)
        }
        return samples
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
    struct Row: Equatable {
        /// The line number, counting from 1.
        var line: Int
        var fields: [Field]
    }

    /// One field, trimmed of spaces and surrounding quotes.
    struct Field: Equatable {
        var text: String
    }

    /// Splits the bytes into rows of fields, skipping blank lines.
    struct RowIterator {
        let bytes: [UInt8]
        /// The file's name, for messages.
        let file: String
        var position = 0
        var line = 0

        /// Starts at the first byte, or after a UTF-8 byte order mark.
        init(bytes: [UInt8], file: String) {
            self.bytes = bytes
            self.file = file
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        /// The next non-blank row; a line ends at `\n`, `\r\n` or a lone `\r`.
        /// - Returns: The row, or `nil` at the end of the file.
        /// - Throws: ``DataInputError/controlCharacter(file:at:byte:)`` for a control byte
        ///   other than a tab in the row.
        /// - Complexity: O(b) for a line of b bytes.
        mutating func next() throws(DataInputError) -> Row? {
            while position < bytes.count {
                line += 1
                var end = position
                while end < bytes.count, bytes[end] != UInt8(ascii: "\n"),
                    bytes[end] != UInt8(ascii: "\r")
                {
                    end += 1
                }
                let start = position
                position = end + 1
                if end < bytes.count, bytes[end] == UInt8(ascii: "\r"), position < bytes.count,
                    bytes[position] == UInt8(ascii: "\n")
                {
                    position += 1
                }
                let text = bytes[start..<end]
                if let offset = text.firstIndex(where: { ($0 < 0x20 && $0 != 9) || $0 == 0x7F }) {
                    let column = 1 + text[start..<offset].count { $0 == UInt8(ascii: ",") }
                    throw .controlCharacter(
                        file: file, at: .field(line: line, column: column), byte: text[offset])
                }
                if text.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
                return Row(line: line, fields: Self.split(text))
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
