// A small ELF64 writer for crafting test executables in memory, plus temp-file helpers. It writes
// exactly what the loader reads (header, program headers, a ToyOS note, segment bytes and optionally
// a symbol table) so each test can break one thing at a time.

#if canImport(Glibc)
import Glibc
#endif
@testable import BurrowLoader

struct ELFBuilder {
    struct Segment {
        var type: UInt32 = 1  // PT_LOAD
        var flags: UInt32  // PF_X 1, PF_W 2, PF_R 4
        var vaddr: UInt64
        var memsz: UInt64
        var data: [UInt8] = []
        var align: UInt64 = 0x1000
        /// Overrides for where the segment's bytes are in the file (default: placed by the builder).
        var offset: UInt64? = nil
        var filesz: UInt64? = nil
    }

    static let pfX: UInt32 = 1, pfW: UInt32 = 2, pfR: UInt32 = 4

    var elfClass: UInt8 = 2
    var dataEncoding: UInt8 = 1
    var identVersion: UInt8 = 1
    var osABI: UInt8 = 0x54
    var abiVersion: UInt8 = 1
    var type: UInt16 = 2  // ET_EXEC
    var machine: UInt16 = 62  // EM_X86_64
    var entry: UInt64 = 0x0100_1000
    /// The ToyOS note's (major, minor); nil leaves the note out.
    var note: (UInt32, UInt32)? = (1, 0)
    var noteOwner = "ToyOS"
    var interpreter: String? = nil
    var segments: [Segment]
    var symbols: [(name: String, value: UInt64, size: UInt64)] = []
    /// Raw overrides applied to the header after layout.
    var phentsizeOverride: UInt16? = nil
    var phnumOverride: UInt16? = nil
    var phoffOverride: UInt64? = nil
    var elfVersion: UInt32 = 1
    /// e_ident bytes 9-15 (padding, 0 in a valid file).
    var identPadding: [UInt8] = [0, 0, 0, 0, 0, 0, 0]
    var noteAlign: UInt64 = 4
    /// Extra bytes after the note's descriptor (descsz grows by as many).
    var noteDescExtra: [UInt8] = []

    /// The usual shape of an SDK executable at 0x01000000: a read-only page holding the headers and
    /// the note, a text page with the entry point, and a data page followed by bss.
    static func toyExecutable() -> ELFBuilder {
        ELFBuilder(segments: [
            Segment(flags: pfR, vaddr: 0x0100_0000, memsz: 0x1000, offset: 0, filesz: 0x1000),
            Segment(flags: pfR | pfX, vaddr: 0x0100_1000, memsz: 0x20,
                    data: [0xB8, 0x01, 0, 0, 0, 0xCD, 0x81, 0xC3] + [UInt8](repeating: 0x90, count: 24)),
            Segment(flags: pfR | pfW, vaddr: 0x0100_2000, memsz: 0x3000, data: Array(1...16)),
        ])
    }

    /// A static-PIE (ET_DYN) linked at 0 with a 64 KiB-aligned data segment.
    static func toyStaticPIE() -> ELFBuilder {
        var builder = ELFBuilder(segments: [
            Segment(flags: pfR, vaddr: 0, memsz: 0x1000, offset: 0, filesz: 0x1000),
            Segment(flags: pfR | pfX, vaddr: 0x1000, memsz: 0x10, data: [0xC3] + [UInt8](repeating: 0x90, count: 15)),
            Segment(flags: pfR | pfW, vaddr: 0x10000, memsz: 0x100, data: [7, 7, 7, 7], align: 0x10000),
        ])
        builder.type = 3
        builder.entry = 0x1000
        return builder
    }

    func build() -> [UInt8] {
        var phdrs: [(type: UInt32, flags: UInt32, offset: UInt64, vaddr: UInt64, filesz: UInt64, memsz: UInt64, align: UInt64)] = []
        var file = [UInt8](repeating: 0, count: 64)
        let phdrCount = segments.count + (note == nil ? 0 : 1) + (interpreter == nil ? 0 : 1)
        file += [UInt8](repeating: 0, count: 56 * phdrCount)

        // Note and interpreter live in the first page, after the program headers.
        var noteRange: (UInt64, UInt64)?
        if let (major, minor) = note {
            align(&file, 4)
            let start = UInt64(file.count)
            let owner = Array(noteOwner.utf8) + [0]
            put32(&file, UInt32(owner.count)); put32(&file, UInt32(8 + noteDescExtra.count)); put32(&file, 1)
            file += owner
            align(&file, 4)
            put32(&file, major); put32(&file, minor)
            file += noteDescExtra
            noteRange = (start, UInt64(file.count) - start)
        }
        var interpRange: (UInt64, UInt64)?
        if let interpreter {
            let start = UInt64(file.count)
            file += Array(interpreter.utf8) + [0]
            interpRange = (start, UInt64(file.count) - start)
        }
        precondition(file.count <= 0x1000, "headers must fit in the first page")

        for segment in segments {
            var offset = segment.offset
            var filesz = segment.filesz ?? UInt64(segment.data.count)
            if offset == nil {
                // Next page, at the same offset within the page as the address (as linkers do).
                align(&file, 0x1000)
                file += [UInt8](repeating: 0, count: Int(segment.vaddr & 0xFFF))
                offset = UInt64(file.count)
                file += segment.data
                if segment.filesz == nil { filesz = UInt64(segment.data.count) }
            }
            phdrs.append((segment.type, segment.flags, offset!, segment.vaddr, filesz, segment.memsz, segment.align))
        }
        if file.count < 0x1000 { file += [UInt8](repeating: 0, count: 0x1000 - file.count) }
        if let (start, size) = noteRange {
            phdrs.append((4, Self.pfR, start, 0, size, size, noteAlign))  // PT_NOTE
        }
        if let (start, size) = interpRange {
            phdrs.append((3, Self.pfR, start, 0, size, size, 1))  // PT_INTERP
        }

        var shoff: UInt64 = 0
        var shnum: UInt16 = 0
        var shstrndx: UInt16 = 0
        if !symbols.isEmpty { (shoff, shnum, shstrndx) = appendSymbolTable(&file) }

        // ELF header.
        file.replaceSubrange(0..<16, with: [0x7F, 0x45, 0x4C, 0x46, elfClass, dataEncoding, identVersion, osABI,
                                            abiVersion] + identPadding)
        set16(&file, 16, type)
        set16(&file, 18, machine)
        set32(&file, 20, elfVersion)
        set64(&file, 24, entry)
        set64(&file, 32, phoffOverride ?? 64)
        set64(&file, 40, shoff)
        set32(&file, 48, 0)
        set16(&file, 52, 64)
        set16(&file, 54, phentsizeOverride ?? 56)
        set16(&file, 56, phnumOverride ?? UInt16(phdrs.count))
        set16(&file, 58, shnum == 0 ? 0 : 64)
        set16(&file, 60, shnum)
        set16(&file, 62, shstrndx)
        for (index, ph) in phdrs.enumerated() {
            let at = 64 + 56 * index
            set32(&file, at, ph.type); set32(&file, at + 4, ph.flags)
            set64(&file, at + 8, ph.offset); set64(&file, at + 16, ph.vaddr); set64(&file, at + 24, ph.vaddr)
            set64(&file, at + 32, ph.filesz); set64(&file, at + 40, ph.memsz); set64(&file, at + 48, ph.align)
        }
        return file
    }

    /// Appends .symtab, .strtab, .shstrtab and the section header table; returns e_shoff, e_shnum,
    /// e_shstrndx.
    private func appendSymbolTable(_ file: inout [UInt8]) -> (UInt64, UInt16, UInt16) {
        var strtab: [UInt8] = [0]
        var symtab = [UInt8](repeating: 0, count: 24)  // the null symbol
        for symbol in symbols {
            let nameOffset = UInt32(strtab.count)
            strtab += Array(symbol.name.utf8) + [0]
            var entry = [UInt8](repeating: 0, count: 24)
            set32(&entry, 0, nameOffset)
            entry[4] = 0x12  // STB_GLOBAL, STT_FUNC
            set16(&entry, 6, 2)  // some defined section index
            set64(&entry, 8, symbol.value)
            set64(&entry, 16, symbol.size)
            symtab += entry
        }
        let shstrtab = Array("\0.symtab\0.strtab\0.shstrtab\0".utf8)
        align(&file, 8)
        let symOff = UInt64(file.count); file += symtab
        let strOff = UInt64(file.count); file += strtab
        let shstrOff = UInt64(file.count); file += shstrtab
        align(&file, 8)
        let shoff = UInt64(file.count)
        func header(name: UInt32, type: UInt32, offset: UInt64, size: UInt64, link: UInt32, info: UInt32, entsize: UInt64) {
            var sh = [UInt8](repeating: 0, count: 64)
            set32(&sh, 0, name); set32(&sh, 4, type)
            set64(&sh, 24, offset); set64(&sh, 32, size)
            set32(&sh, 40, link); set32(&sh, 44, info)
            set64(&sh, 48, 8); set64(&sh, 56, entsize)
            file += sh
        }
        header(name: 0, type: 0, offset: 0, size: 0, link: 0, info: 0, entsize: 0)
        header(name: 1, type: 2, offset: symOff, size: UInt64(symtab.count), link: 2, info: 1, entsize: 24)
        header(name: 9, type: 3, offset: strOff, size: UInt64(strtab.count), link: 0, info: 0, entsize: 0)
        header(name: 17, type: 3, offset: shstrOff, size: UInt64(shstrtab.count), link: 0, info: 0, entsize: 0)
        return (shoff, 4, 3)
    }
}

// MARK: - Byte helpers

func align(_ bytes: inout [UInt8], _ alignment: Int) {
    while bytes.count % alignment != 0 { bytes.append(0) }
}
func put32(_ bytes: inout [UInt8], _ value: UInt32) {
    for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
}
func set16(_ bytes: inout [UInt8], _ at: Int, _ value: UInt16) {
    for i in 0..<2 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt16(i))) }
}
func set32(_ bytes: inout [UInt8], _ at: Int, _ value: UInt32) {
    for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
}
func set64(_ bytes: inout [UInt8], _ at: Int, _ value: UInt64) {
    for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
}
func get64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
    (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
}

// MARK: - Temporary files

/// A fresh directory under /tmp, removed by `cleanUp()`.
struct TempDir {
    let path: String

    init() {
        var template = Array("/tmp/burrow-loader-test-XXXXXX".utf8CString)
        // SAFETY: mkdtemp rewrites the X's in place inside the array it is given, which we own.
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: template)
    }

    /// Writes `bytes` to a file in the directory with the given permission bits; returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8], mode: mode_t = 0o755) -> String {
        let file = path + "/" + name
        let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, mode)
        precondition(fd >= 0, "cannot create \(file)")
        // SAFETY: the buffer is valid for bytes.count bytes during the call.
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        precondition(written == bytes.count, "short write")
        close(fd)
        _ = chmod(file, mode)
        return file
    }

    func cleanUp() {
        // Test files are flat: remove the entries we made, then the directory.
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name != "." && name != ".." {
                    let full = path + "/" + name
                    _ = chmod(full, 0o700)
                    if unlink(full) != 0 { _ = rmdir(full) }
                }
            }
            closedir(dir)
        }
        rmdir(path)
    }
}

/// Loads `bytes` through a real file, the way `burrow` does.
func loadViaFile(_ bytes: [UInt8], name: String = "prog") throws(LoadError) -> GuestImage {
    let dir = TempDir()
    defer { dir.cleanUp() }
    let path = dir.write(name, bytes)
    return try GuestImage.load(path: path)
}

/// The error `load` throws for `bytes`, or nil when it loads.
func refusal(_ bytes: [UInt8]) -> LoadError? {
    do {
        _ = try loadViaFile(bytes)
        return nil
    } catch {
        return error
    }
}

/// A deterministic generator (SplitMix64) so the mutation test is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
