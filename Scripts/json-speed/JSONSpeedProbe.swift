import Foundation

/// Times `JSONParser.parse` on the file named by the first argument: the best of five runs,
/// printed as `seconds numbers` (the numbers counted in the parsed document).
@main
enum JSONSpeedProbe {
    /// Parses the file five times and prints the fastest time.
    static func main() throws {
        let path = CommandLine.arguments[1]
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let clock = ContinuousClock()
        var best = Duration.seconds(1_000_000)
        var count = 0
        for _ in 0..<5 {
            let start = clock.now
            let value = try JSONParser.parse(data)
            best = min(best, clock.now - start)
            count = numbers(in: value)
        }
        let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
        print(String(format: "%.3f %d", seconds, count))
    }

    /// The numbers in a parsed document.
    static func numbers(in value: JSONValue) -> Int {
        switch value {
        case .number, .integer: 1
        case .array(let items): items.reduce(0) { $0 + numbers(in: $1) }
        case .object(let members): members.reduce(0) { $0 + numbers(in: $1.1) }
        default: 0
        }
    }
}
