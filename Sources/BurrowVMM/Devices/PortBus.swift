// The port bus: the I/O ports a guest's `in` and `out` reach (docs/abi.md 7.3). Each device is a
// small object that sees only offsets into its own range (Firecracker's BusDevice); the bus finds
// the device, rejects overlapping ranges, and reads all ones where nothing answers, as an ISA bus
// does. Wider accesses are split into byte accesses of consecutive ports: every ToyOS device is
// an 8-bit device.

/// One device model on the port bus.
public protocol PortDevice: AnyObject {
    /// Short name (traces, `burrow inspect`).
    var name: String { get }
    func read(offset: UInt16) -> UInt8
    func write(offset: UInt16, value: UInt8)
    /// A host descriptor that makes the device raise an interrupt when it becomes readable, if
    /// that can happen now (hlt waits on it with ppoll); nil otherwise.
    var wakeDescriptor: Int32? { get }
    /// The device can raise an interrupt by itself (a running timer): hlt can wait.
    var canInterrupt: Bool { get }
    /// Called when wakeDescriptor became readable or before the guest halts: the device updates
    /// its state and raises its line if it should.
    func poll()
}

extension PortDevice {
    public var wakeDescriptor: Int32? { nil }
    public var canInterrupt: Bool { false }
    public func poll() {}
}

public enum PortBusError: Error, Equatable, CustomStringConvertible {
    case overlap(String, String)
    case empty(String)
    public var description: String {
        switch self {
        case .overlap(let a, let b): "port range of \(a) overlaps \(b)"
        case .empty(let a): "device \(a) has an empty port range"
        }
    }
}

public final class PortBus {
    public struct Entry {
        public let base: UInt16
        public let count: UInt16
        public let device: PortDevice
        var end: UInt32 { UInt32(base) + UInt32(count) }
    }
    public private(set) var entries: [Entry] = []
    /// Raises an interrupt line (the personality turns it into a signal).
    public var raise: (Int) -> Void = { _ in }

    public init() {}

    /// Adds a device at [base, base + count); a range that overlaps another device's is refused.
    public func insert(_ device: PortDevice, base: UInt16, count: UInt16) throws(PortBusError) {
        guard count > 0, UInt32(base) + UInt32(count) <= 0x10000 else { throw .empty(device.name) }
        let new = Entry(base: base, count: count, device: device)
        if let other = entries.first(where: { UInt32($0.base) < new.end && UInt32(base) < $0.end }) {
            throw .overlap(device.name, other.device.name)
        }
        entries.append(new)
        entries.sort { $0.base < $1.base }
    }

    func entry(_ port: UInt16) -> Entry? {
        // A handful of devices: a linear scan of the sorted list is the fastest lookup.
        for e in entries where port >= e.base && UInt32(port) < e.end { return e }
        return nil
    }

    public func device(named name: String) -> PortDevice? { entries.first { $0.device.name == name }?.device }

    /// `size` bytes from consecutive ports, little-endian; all ones where no device answers.
    public func read(port: UInt16, size: Int) -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<size {
            let p = port &+ UInt16(i)
            let b: UInt8 = entry(p).map { $0.device.read(offset: p - $0.base) } ?? 0xFF
            v |= UInt32(b) << (8 * UInt32(i))
        }
        return v
    }

    public func write(port: UInt16, size: Int, value: UInt32) {
        for i in 0..<size {
            let p = port &+ UInt16(i)
            if let e = entry(p) { e.device.write(offset: p - e.base, value: UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
        }
    }
}
