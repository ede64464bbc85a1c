// The debug console at port 0xE9 (Bochs and QEMU's `debugcon`): a byte written goes to Burrow's
// standard error as it was when Burrow started (the guest's own descriptors do not matter: this is
// hardware); reading gives 0xE9, so a program can detect it.
import Glibc

public final class DebugConsole: PortDevice {
    public let name = "debugcon"
    let fd: Int32
    public init(fd: Int32) { self.fd = fd }

    public func read(offset: UInt16) -> UInt8 { 0xE9 }

    public func write(offset: UInt16, value: UInt8) {
        write(bytes: [value])
    }

    public func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { write(buffer: $0) }
    }

    /// The console_write hypercall's path: the guest's buffer as it is, in as few writes as the
    /// host takes.
    public func write(buffer p: UnsafeRawBufferPointer) {
        var off = 0
        while off < p.count {
            let n = Glibc.write(fd, p.baseAddress! + off, p.count - off)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            off += n
        }
    }
}
