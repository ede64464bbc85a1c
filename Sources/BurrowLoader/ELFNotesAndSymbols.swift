// Notes (from PT_NOTE segments, through gelf_getnote) and the optional symbol table (from
// sections). Both are read defensively: a malformed note is skipped, and any inconsistency in the
// sections makes the symbol table empty rather than refusing the program, because sections are
// not something a loader needs.

import BurrowABI
import CLibElf

extension ELFParser {
    /// Caps keep a hostile file from making us build enormous arrays.
    static let maximumNotes = 256
    static let maximumNoteDescSize = 4096
    static let maximumSymbols = 1 << 20

    /// Reads the notes in the file range [offset, offset + size) (already checked to be in the file).
    static func readNotes(elf: OpaquePointer, offset: UInt64, size: UInt64, align: UInt64) -> [GuestImage.Note] {
        guard size > 0, offset <= UInt64(Int64.max) else { return [] }
        // PT_NOTE with p_align 8 uses 8-byte padding (ELF_T_NHDR8); everything else 4 bytes.
        let type = align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR
        guard let data = elf_getdata_rawchunk(elf, Int64(offset), Int(size), type),
              let raw = data.pointee.d_buf else { return [] }
        let dataSize = data.pointee.d_size
        var notes: [GuestImage.Note] = []
        var at = 0
        while notes.count < maximumNotes {
            var header = GElf_Nhdr()
            var nameOffset = 0
            var descOffset = 0
            let next = gelf_getnote(data, at, &header, &nameOffset, &descOffset)
            if next == 0 || next <= at { break }  // end, or libelf found the note malformed
            // gelf_getnote checked that name and desc lie inside the chunk.
            let nameSize = Int(header.n_namesz)
            let descSize = Int(header.n_descsz)
            guard nameOffset + nameSize <= dataSize, descOffset + descSize <= dataSize else { break }
            // SAFETY: `raw` points at `dataSize` bytes owned by libelf until elf_end, and both ranges
            // were just checked to lie inside them; the bytes are copied into Swift arrays at once.
            let chunk = UnsafeRawBufferPointer(start: raw, count: dataSize)
            var nameBytes = Array(chunk[nameOffset..<(nameOffset + nameSize)])
            while nameBytes.last == 0 { nameBytes.removeLast() }  // the owner is NUL-terminated
            let desc = Array(chunk[descOffset..<(descOffset + min(descSize, maximumNoteDescSize))])
            notes.append(GuestImage.Note(owner: String(decoding: nameBytes, as: UTF8.self), type: header.n_type, desc: desc))
            at = next
        }
        return notes
    }

    /// Why the ToyOS ABI note cannot be read, when a PT_NOTE holds one that only the other note
    /// alignment finds (a 4-byte note in a segment with p_align 8, or the reverse), or when a
    /// PT_NOTE starts at an offset that is not a multiple of 4. nil when there is no such note.
    static func misalignedToyOSNote(elf: OpaquePointer, phdrs: [GElf_Phdr]) -> String? {
        for phdr in phdrs where phdr.p_type == UInt32(PT_NOTE) {
            if phdr.p_offset % 4 != 0 {
                return "the PT_NOTE at file offset \(hex(phdr.p_offset)) is not 4-byte aligned"
            }
            let other: UInt64 = phdr.p_align == 8 ? 4 : 8
            let found = readNotes(elf: elf, offset: phdr.p_offset, size: phdr.p_filesz, align: other).contains {
                $0.owner == ToyOS.noteOwner && $0.type == ToyOS.noteTypeABIVersion && $0.desc.count >= 8
            }
            if found {
                return "it is laid out for \(other)-byte alignment but its PT_NOTE has p_align \(phdr.p_align); "
                    + "give the PT_NOTE p_align 4 (docs/abi.md §2.3)"
            }
        }
        return nil
    }

    /// Function, object and untyped symbols with a name and an address from the first SHT_SYMTAB,
    /// sorted by address. Empty on any trouble.
    static func readSymbols(elf: OpaquePointer) -> [GuestImage.Symbol] {
        var symbols: [GuestImage.Symbol] = []
        var scn: OpaquePointer? = nil
        var sectionsSeen = 0
        while let section = elf_nextscn(elf, scn), sectionsSeen < 0x10000 {
            scn = section
            sectionsSeen += 1
            var shdr = GElf_Shdr()
            guard gelf_getshdr(section, &shdr) != nil, shdr.sh_type == UInt32(SHT_SYMTAB) else { continue }
            guard shdr.sh_entsize == UInt64(MemoryLayout<Elf64_Sym>.size),
                  let data = elf_getdata(section, nil) else { return [] }
            let count = min(data.pointee.d_size / MemoryLayout<Elf64_Sym>.size, maximumSymbols)
            let stringSection = Int(shdr.sh_link)
            for index in 0..<count {
                var sym = GElf_Sym()
                guard gelf_getsym(data, Int32(index), &sym) != nil else { break }
                let kind = Int32(sym.st_info & 0xF)
                guard kind == STT_FUNC || kind == STT_OBJECT || kind == STT_NOTYPE,
                      sym.st_shndx != UInt16(SHN_UNDEF), sym.st_value != 0, sym.st_name != 0,
                      let name = elf_strptr(elf, stringSection, Int(sym.st_name)) else { continue }
                symbols.append(GuestImage.Symbol(name: String(cString: name), value: sym.st_value, size: sym.st_size))
            }
            break  // one static symbol table per file
        }
        // Not a tuple comparison: its generic `<` makes the runtime look up conformances across the
        // whole (statically linked) binary, on the start-up path of every guest.
        symbols.sort { $0.value != $1.value ? $0.value < $1.value : $0.name < $1.name }
        return symbols
    }

    static func machineName(_ machine: UInt16) -> String {
        switch Int32(machine) {
        case EM_386: "Intel 80386 (EM_386)"
        case EM_ARM: "ARM (EM_ARM)"
        case EM_AARCH64: "AArch64 (EM_AARCH64)"
        case EM_RISCV: "RISC-V (EM_RISCV)"
        case EM_PPC64: "PowerPC64 (EM_PPC64)"
        case EM_S390: "S/390 (EM_S390)"
        case EM_MIPS: "MIPS (EM_MIPS)"
        case 0: "none (EM_NONE)"
        default: "machine \(machine)"
        }
    }

    static func osABIName(_ osABI: UInt8) -> String {
        switch Int32(osABI) {
        case ELFOSABI_SYSV: "System V"
        case ELFOSABI_HPUX: "HP-UX"
        case ELFOSABI_NETBSD: "NetBSD"
        case ELFOSABI_GNU: "GNU/Linux"
        case ELFOSABI_SOLARIS: "Solaris"
        case ELFOSABI_FREEBSD: "FreeBSD"
        case ELFOSABI_OPENBSD: "OpenBSD"
        case ELFOSABI_ARM: "ARM"
        case ELFOSABI_STANDALONE: "standalone"
        case Int32(ToyOS.elfOSABI): "ToyOS"
        default: "unknown"
        }
    }
}
