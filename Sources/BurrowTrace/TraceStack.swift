// --trace-stack (strace -k): the guest's call stack after each traced call. The frames come from
// the front end (frame pointers and the program's symbol table, GuestProcess.backtrace); here they
// are only rendered, in each format.
import BurrowABI

extension Tracer {
    /// Whether the call in flight will be shown (so its stack is worth walking).
    public var callIsTraced: Bool { active && writer != nil }

    /// The frames of the call in flight, innermost first: address and "symbol+0xoff" when known.
    public func setStack(_ frames: [(UInt64, String?)]) {
        stackFrames = frames
    }

    /// strace -k's shape: one ` > symbol+0xoff [0xaddress]` line per frame under the call.
    func appendStackText(_ b: ByteBuffer) {
        for (addr, sym) in stackFrames {
            b.append(" > ")
            if let sym { b.append(string: sym); b.append(UInt8(ascii: " ")) }
            b.append(UInt8(ascii: "["))
            b.appendHex(addr)
            b.append("]\n")
        }
    }

    /// `,"stack":["main+0x1c [0x1002037]", ...]`
    func appendStackJSON(_ b: ByteBuffer) {
        b.append(",\"stack\":[")
        for (i, f) in stackFrames.enumerated() {
            if i > 0 { b.append(UInt8(ascii: ",")) }
            b.append(UInt8(ascii: "\""))
            appendFrame(b, f)
            b.append(UInt8(ascii: "\""))
        }
        b.append(UInt8(ascii: "]"))
    }

    /// Chrome args are strings: `,"stack":"write+0x8 [0x...] < main+0x1c [0x...]"`.
    func appendStackChrome(_ b: ByteBuffer) {
        b.append(",\"stack\":\"")
        for (i, f) in stackFrames.enumerated() {
            if i > 0 { b.append(" < ") }
            appendFrame(b, f)
        }
        b.append(UInt8(ascii: "\""))
    }

    private func appendFrame(_ b: ByteBuffer, _ f: (UInt64, String?)) {
        if let sym = f.1 {
            jsonString(b, sym)
            b.append(UInt8(ascii: " "))
        }
        b.append(UInt8(ascii: "["))
        b.appendHex(f.0)
        b.append(UInt8(ascii: "]"))
    }
}
