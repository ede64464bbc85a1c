// Decoders strace users rely on beyond scalars: time values as seconds and nanoseconds, directory
// entries by name and type, and how many elements an elided array left out.
import BurrowABI

/// Directory entries shown before the rest is counted (as many as other arrays).
let direntLimit = arrayLimit
/// Pointers counted past the shown part of argv/envp before the count gives up ("1000+ more").
let pointerCountLimit = 1000

enum DirentLayout {
    static let reclen = ToyOS.direntLayout.offset(of: "reclen")
    static let type = ToyOS.direntLayout.offset(of: "type")
    static let namelen = ToyOS.direntLayout.offset(of: "namelen")
    static let name = ToyOS.direntLayout.offset(of: "name")
}

extension ByteBuffer {
    /// u64 nanoseconds as `{sec=S, nsec=N}`, the shape of strace's `{tv_sec=S, tv_nsec=N}` (ToyOS
    /// passes one u64 where Linux passes a timespec).
    func appendNanoseconds(_ ns: UInt64) {
        append("{sec=")
        appendDecimal(ns / 1_000_000_000)
        append(", nsec=")
        appendDecimal(ns % 1_000_000_000)
        append(UInt8(ascii: "}"))
    }
}

extension ArgDecoder {
    /// `... /* N more */`: strace prints only `...`; the count says what was left out.
    func appendLeftOut(_ n: Int?, into b: ByteBuffer) {
        b.append("... /* ")
        if let n { b.appendDecimal(UInt64(n)) } else { b.appendDecimal(UInt64(pointerCountLimit)); b.append(UInt8(ascii: "+")) }
        b.append(" more */")
    }

    /// Non-NULL pointers from addr up to the terminating NULL (or unreadable memory); nil when
    /// more than `pointerCountLimit`.
    func countPointers(_ addr: UInt64, memory: TraceMemory) -> Int? {
        var n = 0
        while n <= pointerCountLimit {
            guard let p = memory.readable(addr &+ UInt64(n * 8), 8), load(p, 0, UInt64.self) != 0 else { return n }
            n += 1
        }
        return nil
    }

    /// Records the call filled, `length` bytes of them: decoded when the kind is known.
    func appendRecords(_ kind: GuestStructKind, at addr: UInt64, length: Int, memory: TraceMemory?, into b: ByteBuffer) {
        if addr == 0 { b.append("NULL"); return }
        guard let p = memory?.readable(addr, length) else { b.appendHex(addr); return }
        decodeStruct(kind, p, output: true, into: b)
    }

    /// readdir's buffer: `[{name=".", type=DT_DIR}, {name="a.txt", type=DT_REG}]`; past
    /// `direntLimit` entries, `... /* N more */`. A record that does not fit its own length ends
    /// the decoding with `/* malformed */` (Burrow wrote it, so that would be a bug worth seeing).
    func appendDirents(_ p: UnsafeRawBufferPointer, into b: ByteBuffer) {
        b.append(UInt8(ascii: "["))
        var offset = 0, shown = 0, more = 0
        while offset < p.count {
            guard offset + DirentLayout.name <= p.count else { b.append(" /* malformed */"); break }
            let reclen = Int(load(p, offset + DirentLayout.reclen, UInt16.self))
            let namelen = Int(p[offset + DirentLayout.namelen])
            guard reclen >= DirentLayout.name + namelen, offset + reclen <= p.count else {
                b.append(" /* malformed */")
                break
            }
            if shown < direntLimit {
                if shown > 0 { b.append(", ") }
                b.append("{name=")
                let start = offset + DirentLayout.name
                b.appendQuoted(UnsafeRawBufferPointer(rebasing: p[start ..< start + namelen]), truncated: false, json: json, table: quoteTable)
                b.append(", type=")
                b.appendEnumeration(Int64(p[offset + DirentLayout.type]), table.direntTypeSet)
                b.append(UInt8(ascii: "}"))
                shown += 1
            } else {
                more += 1
            }
            offset += reclen
        }
        if more > 0 {
            b.append(", ")
            appendLeftOut(more, into: b)
        }
        b.append(UInt8(ascii: "]"))
    }
}

extension ArgDecoder {
    /// A descriptor, with the path behind it when asked (strace -y): `3</tmp/a.txt>`,
    /// `4<pipe:[1234]>`. Bytes outside printable ASCII (and `>`) are escaped in octal so the
    /// line stays one line. For JSON (`json`), each `\` and `"` of that is escaped again.
    func appendDescriptor(_ fd: Int64, into b: ByteBuffer) {
        b.appendDecimal(signed: fd)
        guard fd >= 0, let descriptorPath, let path = descriptorPath(fd) else { return }
        b.append(UInt8(ascii: "<"))
        for c in path {
            if c >= 0x20 && c < 0x7F && c != UInt8(ascii: ">") && c != UInt8(ascii: "\\") {
                if json && c == UInt8(ascii: "\"") { b.append(0x5C) }
                b.append(c)
            } else {
                b.append(0x5C)
                if json { b.append(0x5C) }
                b.append(0x30 &+ (c >> 6)); b.append(0x30 &+ ((c >> 3) & 7)); b.append(0x30 &+ (c & 7))
            }
        }
        b.append(UInt8(ascii: ">"))
    }
}

extension Tracer {
    /// strace -y: show the path behind each descriptor argument and descriptor result, as
    /// `resolve` gives it (the guest's view: paths under --root as the guest names them).
    public func showDescriptorPaths(_ resolve: @escaping (Int64) -> [UInt8]?) {
        decoder.descriptorPath = resolve
        updateLaneRenderer()   // (the renderer shows no paths: Swift's, from now on)
    }
}
