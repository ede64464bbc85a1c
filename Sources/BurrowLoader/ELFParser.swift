// ELF validation: bytes in, a `GuestImage` or one clear refusal out. The e_ident bytes are checked by
// hand first (so a 32-bit or big-endian file gets a precise message rather than libelf's generic
// one); everything after that goes through libelf/gelf. Order matters: each check relies only on
// what earlier checks established, and the most helpful message wins (a Linux program is reported
// as such before its PT_INTERP is).
//
// Only what a loader uses can cause a refusal. Section headers, e_flags, p_paddr, e_ehsize and the
// like are never validated; the optional symbol table is read best-effort.

import BurrowABI
import CLibElf

enum ELFParser {
    /// More program headers than this is not a real executable (the SDK emits about 6).
    static let maximumProgramHeaders = 128
    /// Total PT_LOAD memory, and the span of the image, may not exceed this.
    static let maximumImageSize: UInt64 = 1 << 30
    static let elf64HeaderSize = 64
    static let elf64PhdrSize: UInt64 = 56
    /// ELF32 (xv6's i386 flavour only; libelf's gelf reads both classes into the same structs).
    static let elf32HeaderSize = 52
    static let elf32PhdrSize: UInt64 = 32

    static func parse(bytes: [UInt8], path: String, personality: String? = nil) throws(LoadError) -> GuestImage {
        func fail(_ kind: LoadError.Kind, _ message: String) -> LoadError {
            LoadError(path: path, kind: kind, message: message)
        }
        try checkIdent(bytes, fail)

        // libelf's elf_memory takes a `char *`. It only reads an image it did not allocate, but the
        // prototype does not promise that, so hand it a private copy: executables are small, and
        // `bytes` (kept in the model) can then never be changed behind Swift's back. (Made in
        // populated memory: its own storage, so the mutable access below copies nothing more.)
        var work = FileReader.populatedCopy(of: bytes)
        return try work.withUnsafeMutableBufferPointer { (buffer) throws(LoadError) -> GuestImage in
            // SAFETY: `buffer` is valid and exclusively ours for the closure; every libelf handle
            // made from it is ended (elf_end) before the closure returns, so no pointer into it
            // escapes, and the model copies what it keeps into Swift values. Viewing UInt8 memory
            // as CChar (Int8) is allowed: signed and unsigned variants of a type may alias.
            let base = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            return try parseWithLibelf(base, count: buffer.count, bytes: bytes, path: path, personality: personality, fail)
        }
    }

    /// e_ident: magic, class, data encoding, version, and that a whole ELF64 header is present.
    private static func checkIdent(_ bytes: [UInt8], _ fail: (LoadError.Kind, String) -> LoadError) throws(LoadError) {
        guard bytes.count >= 4, bytes[0] == 0x7F, bytes[1] == 0x45, bytes[2] == 0x4C, bytes[3] == 0x46 else {
            if bytes.starts(with: [0x23, 0x21]) {
                // `#!`: a script is not an executable Burrow loads itself; a ToyOS program's exec
                // runs it with its interpreter (docs/abi.md 9.1).
                var interpreter = ""
                if case .script(let i, _) = Shebang.parse(bytes) { interpreter = " for " + String(decoding: i, as: UTF8.self) }
                throw fail(.notELF, "not an ELF file but a #! script\(interpreter): "
                           + "run its interpreter, built for ToyOS, with the script as an argument (burrow run INTERPRETER SCRIPT)")
            }
            throw fail(.notELF, "not an ELF file")
        }
        guard bytes.count > Int(EI_VERSION) else {
            throw fail(.truncated, "truncated ELF header (\(bytes.count) bytes): offsets past the end of the file")
        }
        switch Int32(bytes[Int(EI_CLASS)]) {
        case ELFCLASS64, ELFCLASS32: break   // 32-bit: only xv6 i386 (checked once the brand is known)
        case let other: throw fail(.wrongClass, "invalid ELF class \(other); ToyOS executables are ELF64")
        }
        switch Int32(bytes[Int(EI_DATA)]) {
        case ELFDATA2LSB: break
        case ELFDATA2MSB: throw fail(.wrongDataEncoding, "wrong data encoding: big-endian (ELFDATA2MSB); ToyOS executables are little-endian")
        case let other: throw fail(.wrongDataEncoding, "invalid ELF data encoding \(other); ToyOS executables are little-endian")
        }
        // libelf does not recognise a file whose EI_VERSION is not EV_CURRENT as ELF at all.
        guard Int32(bytes[Int(EI_VERSION)]) == EV_CURRENT else {
            throw fail(.wrongVersion, "unsupported ELF version \(bytes[Int(EI_VERSION)]) (expected 1)")
        }
        let headerSize = Int32(bytes[Int(EI_CLASS)]) == ELFCLASS32 ? elf32HeaderSize : elf64HeaderSize
        guard bytes.count >= headerSize else {
            throw fail(.truncated, "truncated ELF header (\(bytes.count) of \(headerSize) bytes): offsets past the end of the file")
        }
    }

    /// Opens `base` with elf_memory and reads the ELF header. When libelf rejects the file because
    /// of its section header table (it insists e_shoff/e_shnum fit in the file, which a loader
    /// never needs), retries on a copy whose section fields are zeroed; symbols are then skipped.
    private static func parseWithLibelf(
        _ base: UnsafeMutablePointer<CChar>, count: Int, bytes: [UInt8], path: String, personality: String?,
        _ fail: (LoadError.Kind, String) -> LoadError
    ) throws(LoadError) -> GuestImage {
        _ = elf_version(UInt32(EV_CURRENT))  // must precede any other libelf call; idempotent
        if let elf = elf_memory(base, count), elf_kind(elf) == ELF_K_ELF {
            defer { elf_end(elf) }
            var ehdr = GElf_Ehdr()
            if gelf_getehdr(elf, &ehdr) != nil {
                return try validate(elf: elf, ehdr: ehdr, bytes: bytes, path: path, readSections: true, personality: personality, fail)
            }
        }
        // Fallback without sections: ELF64 e_shoff (8 bytes at 0x28), e_shnum (0x3C), e_shstrndx
        // (0x3E); ELF32 e_shoff (4 bytes at 0x20), e_shnum (0x30), e_shstrndx (0x32).
        var stripped = Array(bytes)
        if Int32(bytes[Int(EI_CLASS)]) == ELFCLASS32 {
            for i in 0x20..<0x24 { stripped[i] = 0 }
            for i in 0x30..<0x34 { stripped[i] = 0 }
        } else {
            for i in 0x28..<0x30 { stripped[i] = 0 }
            for i in 0x3C..<0x40 { stripped[i] = 0 }
        }
        return try stripped.withUnsafeMutableBufferPointer { (buffer) throws(LoadError) -> GuestImage in
            // SAFETY: as in `parse`: the buffer outlives the Elf handle, which is ended here.
            let strippedBase = UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            guard let elf = elf_memory(strippedBase, buffer.count), elf_kind(elf) == ELF_K_ELF else {
                throw fail(.malformed, "malformed ELF file: \(libelfError())")
            }
            defer { elf_end(elf) }
            var ehdr = GElf_Ehdr()
            guard gelf_getehdr(elf, &ehdr) != nil else {
                throw fail(.malformed, "malformed ELF header: \(libelfError())")
            }
            return try validate(elf: elf, ehdr: ehdr, bytes: bytes, path: path, readSections: false, personality: personality, fail)
        }
    }

    static func libelfError() -> String {
        guard let text = elf_errmsg(-1) else { return "unknown libelf error" }
        return String(cString: text).lowercased()
    }

    // MARK: - Validation proper

    private static func validate(
        elf: OpaquePointer, ehdr: GElf_Ehdr, bytes: [UInt8], path: String, readSections: Bool, personality: String?,
        _ fail: (LoadError.Kind, String) -> LoadError
    ) throws(LoadError) -> GuestImage {
        let fileSize = UInt64(bytes.count)
        let is32Bit = Int32(ehdr.e_ident.4) == ELFCLASS32
        let phdrSize = is32Bit ? elf32PhdrSize : elf64PhdrSize

        if is32Bit {
            // Only xv6's i386 flavour is 32-bit; its brand test runs below, once the headers are read.
            guard Int32(ehdr.e_machine) == EM_386 else {
                throw fail(.wrongClass, "wrong ELF class: 32-bit (ELFCLASS32); ToyOS executables are ELF64")
            }
        } else if Int32(ehdr.e_machine) != EM_X86_64 {
            throw fail(.wrongMachine, "wrong machine: \(machineName(ehdr.e_machine)); ToyOS executables are x86-64")
        }

        // EI_VERSION was checked with e_ident; e_version is the header's own copy (docs/abi.md §2.4.2).
        guard ehdr.e_version == UInt32(EV_CURRENT) else {
            throw fail(.wrongVersion, "unsupported ELF version \(ehdr.e_version) in e_version (expected 1)")
        }

        let elfType: GuestImage.ELFType
        switch Int32(ehdr.e_type) {
        case ET_EXEC: elfType = .executable
        case ET_DYN: elfType = .sharedObject
        case ET_REL: throw fail(.relocatableObject, "relocatable object file (ET_REL), not an executable: link it first")
        case ET_CORE: throw fail(.coreDump, "core dump (ET_CORE), not an executable")
        default: throw fail(.unknownType, "unknown ELF file type \(hex(UInt64(ehdr.e_type)))")
        }

        // Program header table: our own bounds checks, because elf_getphdrnum silently clamps the
        // count to what fits in the file instead of reporting a truncated table.
        let phnum = Int(ehdr.e_phnum)
        if phnum == Int(PN_XNUM) || phnum > maximumProgramHeaders {
            throw fail(.tooManyProgramHeaders, "too many program headers (\(phnum); the limit is \(maximumProgramHeaders))")
        }
        if phnum == 0 { throw fail(.noLoadableSegments, "no program headers, so nothing to load") }
        guard UInt64(ehdr.e_phentsize) == phdrSize else {
            throw fail(.badProgramHeaderSize, "program header size \(ehdr.e_phentsize) (\(is32Bit ? "ELF32 needs 32" : "ELF64 needs 56"))")
        }
        let phoff = ehdr.e_phoff
        // The ELF spec (and libelf, which then reports zero headers) reads e_phoff 0 as "no table".
        guard phoff != 0 else {
            throw fail(.noLoadableSegments, "no program header table (e_phoff is 0), so nothing to load")
        }
        let tableSize = UInt64(phnum) * phdrSize
        guard phoff <= fileSize, tableSize <= fileSize - phoff else {
            throw fail(.truncated, "truncated program header table: offsets past the end of the file")
        }
        var libelfCount = 0
        guard elf_getphdrnum(elf, &libelfCount) == 0, libelfCount == phnum else {
            throw fail(.malformed, "cannot read the program headers: \(libelfError())")
        }
        var phdrs: [GElf_Phdr] = []
        phdrs.reserveCapacity(phnum)
        for index in 0..<phnum {
            var phdr = GElf_Phdr()
            guard gelf_getphdr(elf, Int32(index), &phdr) != nil else {
                throw fail(.malformed, "cannot read program header \(index): \(libelfError())")
            }
            phdrs.append(phdr)
        }

        // Notes come before branding (the brand lives in one). A PT_NOTE whose bytes are not in
        // the file is truncation, not "no note".
        var notes: [GuestImage.Note] = []
        for phdr in phdrs where phdr.p_type == UInt32(PT_NOTE) {
            try checkFileRange(phdr, fileSize: fileSize, what: "note segment", fail)
            notes += readNotes(elf: elf, offset: phdr.p_offset, size: phdr.p_filesz, align: phdr.p_align)
        }
        let brand: GuestImage.Brand
        do throws(LoadError) {
            // xv6 first: forced, or recognised by positive evidence (Recognition.swift); every
            // other file goes through ToyOS's brand test, which refuses Linux executables.
            if let xv6 = try Recognition.xv6Brand(forced: personality, ident: ehdr.e_ident, notes: notes, phdrs: phdrs,
                                                  bytes: bytes, fail) {
                brand = xv6
            } else {
                if is32Bit { throw fail(.wrongClass, "wrong ELF class: 32-bit (ELFCLASS32); ToyOS executables are ELF64") }
                brand = try checkBrand(ident: ehdr.e_ident, notes: notes, fail)
            }
        } catch where error.kind == .missingToyOSNote {
            // A note that is there but laid out for the other alignment says so (docs/abi.md §2.3).
            if let why = misalignedToyOSNote(elf: elf, phdrs: phdrs) {
                throw fail(.misalignedToyOSNote, "ToyOS ABI note misaligned: \(why)")
            }
            throw error
        }
        // e_ident[9..15] is padding and must be 0 (docs/abi.md §2.1).
        let ident = withUnsafeBytes(of: ehdr.e_ident) { Array($0) }
        if case .toyOS = brand, let at = (9..<16).first(where: { ident[$0] != 0 }) {
            throw fail(.nonZeroIdentPadding, "e_ident padding byte \(at) is \(hex(UInt64(ident[at]))) (bytes 9-15 must be 0)")
        }

        // (Said for the personality the file is taken for: --personality xv6 on /bin/true.)
        var staticOnly = "\(brand.abi.label) executables are static"
        if case .toyOS = brand { staticOnly = "ToyOS v1 executables are static" }
        if phdrs.contains(where: { $0.p_type == UInt32(PT_INTERP) }) {
            throw fail(.dynamicallyLinked, "dynamically linked (has PT_INTERP); \(staticOnly)")
        }
        for phdr in phdrs where phdr.p_type == UInt32(PT_DYNAMIC) {
            if elfType == .executable {
                throw fail(.dynamicallyLinked, "PT_DYNAMIC in an ET_EXEC executable; only a static PIE (ET_DYN) may have one")
            }
            if needsSharedLibraries(phdr, bytes: bytes) {
                throw fail(.dynamicallyLinked, "dynamically linked (DT_NEEDED); \(staticOnly)")
            }
        }

        if case .xv6 = brand, elfType != .executable {
            throw fail(.unknownType, "xv6 executables are ET_EXEC (fixed-address); this one is position-independent")
        }
        let segments = try loadSegments(phdrs, elfType: elfType, fileSize: fileSize, abi: brand.abi, fail)
        let image = GuestImage(
            path: path, elfType: elfType, brand: brand, osABI: ehdr.e_ident.7, entry: ehdr.e_entry,
            segments: segments,
            programHeaders: .init(fileOffset: phoff, entrySize: phdrSize, count: phnum,
                                  address: phdrAddress(phoff: phoff, size: tableSize, segments: segments)),
            notes: notes,
            symbols: readSections ? readSymbols(elf: elf) : [],
            bytes: bytes, is32Bit: is32Bit)

        if elfType == .sharedObject && image.biasSlots == nil {
            throw fail(.noRoomForImage, "no room for this position-independent image in the ToyOS map range "
                + "(span \(hex(image.pageSpan.high - image.pageSpan.low)), alignment \(hex(image.biasAlignment)))")
        }
        guard segments.contains(where: { $0.flags.contains(.execute) && $0.vaddr <= image.entry && image.entry < $0.end }) else {
            throw fail(.entryNotExecutable, "entry point \(hex(image.entry)) is not inside an executable segment")
        }
        return image
    }

    /// Requires a header's file range [p_offset, p_offset + p_filesz) to lie inside the file.
    private static func checkFileRange(
        _ phdr: GElf_Phdr, fileSize: UInt64, what: String, _ fail: (LoadError.Kind, String) -> LoadError
    ) throws(LoadError) {
        guard phdr.p_offset <= fileSize, phdr.p_filesz <= fileSize - phdr.p_offset else {
            throw fail(.truncated, "truncated \(what) at \(hex(phdr.p_vaddr)) (file range \(hex(phdr.p_offset))+\(hex(phdr.p_filesz))): offsets past the end of the file")
        }
    }

    /// Both brands: OSABI 'T' and the "ToyOS" ABI-version note with major 1.
    private static func checkBrand(
        ident: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8),
        notes: [GuestImage.Note], _ fail: (LoadError.Kind, String) -> LoadError
    ) throws(LoadError) -> GuestImage.Brand {
        let osABI = ident.7
        let abiVersionByte = ident.8
        // The first well-formed version note counts; a malformed desc is treated as absent.
        let version: (UInt32, UInt32)? = notes.lazy
            .filter { $0.owner == ToyOS.noteOwner && $0.type == ToyOS.noteTypeABIVersion && $0.desc.count >= 8 }
            .map { (readU32($0.desc, 0), readU32($0.desc, 4)) }
            .first

        if osABI != ToyOS.elfOSABI {
            if osABI == UInt8(ELFOSABI_SYSV) || osABI == UInt8(ELFOSABI_GNU) {
                if version == nil { throw fail(.linuxExecutable, "Linux executable") }
                throw fail(.inconsistentBrand, "has the ToyOS note but OSABI \(osABI) (\(osABIName(osABI))), not \(ToyOS.elfOSABI) ('T')")
            }
            throw fail(.unknownOSABI, "unknown OSABI \(osABI) (\(osABIName(osABI))); ToyOS executables use \(ToyOS.elfOSABI) ('T')")
        }
        if let bad = notes.first(where: { $0.owner == ToyOS.noteOwner && $0.type == ToyOS.noteTypeABIVersion && $0.desc.count != 8 }) {
            throw fail(.missingToyOSNote, "ToyOS ABI note has descsz \(bad.desc.count) (it must be 8: u32 major, u32 minor)")
        }
        guard let (major, minor) = version else {
            throw fail(.missingToyOSNote, "ToyOS ABI note missing (a PT_NOTE with owner \"ToyOS\", type 1)")
        }
        guard major == ToyOS.abiMajor else {
            throw fail(.unsupportedABIVersion, "unsupported ToyOS ABI version \(major).\(minor) (Burrow runs \(ToyOS.abiMajor).x)")
        }
        guard UInt32(abiVersionByte) == major else {
            throw fail(.inconsistentBrand, "inconsistent ToyOS ABI version: EI_ABIVERSION is \(abiVersionByte) but the note says \(major).\(minor)")
        }
        return .toyOS(abiMajor: major, abiMinor: minor)
    }

    /// Validates the PT_LOAD headers and returns them sorted by address.
    private static func loadSegments(
        _ phdrs: [GElf_Phdr], elfType: GuestImage.ELFType, fileSize: UInt64, abi: PersonalityABI,
        _ fail: (LoadError.Kind, String) -> LoadError
    ) throws(LoadError) -> [GuestImage.Segment] {
        var segments: [GuestImage.Segment] = []
        var totalMemory: UInt64 = 0
        let pageMask = UInt64(ToyOS.pageSize - 1)
        for phdr in phdrs where phdr.p_type == UInt32(PT_LOAD) {
            let at = hex(phdr.p_vaddr)
            guard phdr.p_align == 0 || phdr.p_align & (phdr.p_align - 1) == 0 else {
                throw fail(.badAlignment, "segment at \(at) has alignment \(hex(phdr.p_align)), not a power of two")
            }
            guard phdr.p_filesz <= phdr.p_memsz else {
                throw fail(.fileSizeExceedsMemorySize, "segment at \(at) has a file size (\(hex(phdr.p_filesz))) larger than its memory size (\(hex(phdr.p_memsz)))")
            }
            // The page-rounded end must not wrap either: the mapping plan rounds it up.
            let (end, wraps) = phdr.p_vaddr.addingReportingOverflow(phdr.p_memsz)
            guard !wraps, end <= UInt64.max - pageMask else {
                throw fail(.addressOverflow, "segment at \(at) wraps around the address space (memory size \(hex(phdr.p_memsz)))")
            }
            try checkFileRange(phdr, fileSize: fileSize, what: "segment", fail)
            // An empty PT_LOAD maps nothing (GNU ld may leave one at address 0), so it is ignored.
            // The VMM copies file bytes into anonymous memory, so an incongruent segment could be
            // loaded; ToyOS refuses it (docs/abi.md §2.4), xv6's tiny alignment needs it.
            guard abi.layout.copiesIncongruentSegments || phdr.p_memsz == 0 || phdr.p_offset & pageMask == phdr.p_vaddr & pageMask else {
                throw fail(.incongruentSegment, "segment at \(at) has file offset \(hex(phdr.p_offset)), not congruent to its address modulo the page size (\(hex(UInt64(ToyOS.pageSize))))")
            }
            guard phdr.p_memsz <= maximumImageSize, totalMemory + phdr.p_memsz <= maximumImageSize else {
                throw fail(.imageTooLarge, "image too large (segments need more than 1 GiB of memory)")
            }
            totalMemory += phdr.p_memsz
            if elfType == .executable && phdr.p_memsz > 0 {
                let low = phdr.p_vaddr & ~pageMask
                let high = (end + pageMask) & ~pageMask
                if low < abi.layout.imageLow || high > abi.layout.imageHigh {
                    var message = "segment at \(at) lies outside the \(abi.label) image range [\(hex(abi.layout.imageLow)), \(hex(abi.layout.imageHigh)))"
                    if abi.name != ToyOS.personalityName {
                        message += " (user memory ends there)"
                    } else if high > ToyOSAddressSpace.guestLimit {
                        message += " (would land on memory Burrow uses)"
                    } else if high > ToyOSAddressSpace.imageHigh {
                        message += " (overlaps memory reserved for Burrow or the map range)"
                    }
                    throw fail(.segmentOutsideImageRange, message)
                }
            }
            var flags: Protection = []
            if phdr.p_flags & UInt32(PF_R) != 0 { flags.insert(.read) }
            if phdr.p_flags & UInt32(PF_W) != 0 { flags.insert(.write) }
            if phdr.p_flags & UInt32(PF_X) != 0 { flags.insert(.execute) }
            segments.append(GuestImage.Segment(vaddr: phdr.p_vaddr, memsz: phdr.p_memsz, filesz: phdr.p_filesz,
                                               offset: phdr.p_offset, flags: flags, align: phdr.p_align))
        }
        guard !segments.isEmpty else { throw fail(.noLoadableSegments, "no loadable segments (no PT_LOAD)") }
        segments.sort { $0.vaddr < $1.vaddr }
        // Byte-level overlap is refused; sharing a page is fine (the plan merges permissions).
        var previous: GuestImage.Segment?
        for segment in segments where segment.memsz > 0 {
            if let prev = previous, segment.vaddr < prev.end {
                throw fail(.overlappingSegments, "overlapping segments: [\(hex(prev.vaddr)), \(hex(prev.end))) and [\(hex(segment.vaddr)), \(hex(segment.end)))")
            }
            previous = segment
        }
        let live = segments.filter { $0.memsz > 0 }
        if let low = live.map(\.vaddr).min(), let high = live.map(\.end).max(), high - low > 2 * maximumImageSize {
            throw fail(.imageTooLarge, "image too large (its segments span \(hex(high - low)) bytes)")
        }
        if live.isEmpty { throw fail(.noLoadableSegments, "no loadable segments (every PT_LOAD is empty)") }
        return live
    }

    /// The in-memory (unbiased) address of the program header table, if some PT_LOAD's file bytes
    /// contain it — as the kernel computes AT_PHDR.
    private static func phdrAddress(phoff: UInt64, size: UInt64, segments: [GuestImage.Segment]) -> UInt64? {
        for segment in segments where segment.offset <= phoff && size <= segment.filesz
            && phoff - segment.offset <= segment.filesz - size {
            return segment.vaddr + (phoff - segment.offset)
        }
        return nil
    }

    /// Scans a PT_DYNAMIC segment's file bytes for DT_NEEDED (stopping at DT_NULL).
    private static func needsSharedLibraries(_ phdr: GElf_Phdr, bytes: [UInt8]) -> Bool {
        guard phdr.p_offset <= UInt64(bytes.count), phdr.p_filesz <= UInt64(bytes.count) - phdr.p_offset else { return false }
        let start = Int(phdr.p_offset)
        let end = start + Int(phdr.p_filesz)
        var at = start
        while at + 16 <= end {
            let tag = readU64(bytes, at)
            if tag == UInt64(DT_NULL) { break }
            if tag == UInt64(DT_NEEDED) { return true }
            at += 16
        }
        return false
    }
}

// MARK: - Little-endian readers (bounds already checked by callers)

func readU32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
    (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) }
}

func readU64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
    (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) }
}
