// Page protection in the guest's terms (R/W/X), independent of any ABI's bit values: the loader's
// segments, the VMM's region table and the personalities' translations all speak it.

public struct Protection: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    // Inlinable constants, not `static let`s: another module would reach a stored global through a
    // once-checked accessor on every use (GuestMemory.check tests .write on every guest buffer).
    @inlinable public static var read: Protection { Protection(rawValue: 1 << 0) }
    @inlinable public static var write: Protection { Protection(rawValue: 1 << 1) }
    @inlinable public static var execute: Protection { Protection(rawValue: 1 << 2) }

    /// `rwx`-style text with dashes for missing rights, as `ls` and `readelf` print it.
    public var description: String {
        (contains(.read) ? "r" : "-") + (contains(.write) ? "w" : "-") + (contains(.execute) ? "x" : "-")
    }
}
