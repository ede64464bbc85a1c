// Page protection in the guest's terms (R/W/X), independent of any ABI's bit values: the loader's
// segments, the VMM's region table and the personalities' translations all speak it.

public struct Protection: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let read = Protection(rawValue: 1 << 0)
    public static let write = Protection(rawValue: 1 << 1)
    public static let execute = Protection(rawValue: 1 << 2)

    /// `rwx`-style text with dashes for missing rights, as `ls` and `readelf` print it.
    public var description: String {
        (contains(.read) ? "r" : "-") + (contains(.write) ? "w" : "-") + (contains(.execute) ? "x" : "-")
    }
}
