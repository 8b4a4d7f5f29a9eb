/// An sRGB colour for plots, written as `#rrggbb`.
///
/// The named colours are the Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008),
/// which stays distinguishable under the common forms of colour blindness.
public struct PlotColor: Sendable, Hashable, CustomStringConvertible {
    /// Red, green and blue components, 0–255.
    public var red: UInt8, green: UInt8, blue: UInt8

    /// Creates a colour from its components.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The colour as `#rrggbb`.
    public var description: String {
        "#"
            + [red, green, blue].map { byte in
                let hex = String(byte, radix: 16)
                return hex.count == 1 ? "0" + hex : hex
            }.joined()
    }

    /// Okabe–Ito blue.
    public static let blue = PlotColor(red: 0x00, green: 0x72, blue: 0xB2)
    /// Okabe–Ito vermillion.
    public static let vermillion = PlotColor(red: 0xD5, green: 0x5E, blue: 0x00)
    /// Okabe–Ito bluish green.
    public static let green = PlotColor(red: 0x00, green: 0x9E, blue: 0x73)
    /// Okabe–Ito reddish purple.
    public static let purple = PlotColor(red: 0xCC, green: 0x79, blue: 0xA7)
    /// Okabe–Ito orange.
    public static let orange = PlotColor(red: 0xE6, green: 0x9F, blue: 0x00)
    /// Okabe–Ito sky blue.
    public static let skyBlue = PlotColor(red: 0x56, green: 0xB4, blue: 0xE9)
    /// Okabe–Ito yellow.
    public static let yellow = PlotColor(red: 0xF0, green: 0xE4, blue: 0x42)
    /// Near-black, for text and reference lines.
    public static let ink = PlotColor(red: 0x22, green: 0x22, blue: 0x22)
    /// Mid grey, for secondary marks.
    public static let gray = PlotColor(red: 0x88, green: 0x88, blue: 0x88)

    /// The series colours in order of use.
    public static let palette: [PlotColor] = [
        .blue, .vermillion, .green, .purple, .orange, .skyBlue, .ink,
    ]
}
