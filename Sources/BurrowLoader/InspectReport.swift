// `burrow inspect PROGRAM`: a readelf-like summary of a foreign executable as Burrow sees it.
// Deterministic (no load bias is chosen: static-PIE addresses are shown relative to the base), so
// the output can be compared against golden text.

import BurrowABI

extension GuestImage {
    /// The text of `burrow inspect`: personality, ABI version, type, entry, program headers,
    /// segments with permissions and ranges, notes and symbol count; `listSymbols` appends the
    /// symbol table. Ends with a newline.
    public func inspectReport(listSymbols: Bool = false) -> String {
        var lines: [String] = []
        func field(_ name: String, _ value: String) {
            lines.append(pad(name + ":", to: 18) + value)
        }
        let relative = elfType == .sharedObject

        field("File", LoadError.oneLine(path))
        switch brand {
        case .toyOS(let major, let minor):
            field("Personality", "\(brand.personalityName) (OSABI \(hex(UInt64(osABI))) '\(Character(Unicode.Scalar(osABI)))', \"\(ToyOS.noteOwner)\" note)")
            field("ABI version", "\(major).\(minor)" + (minor > ToyOS.abiMinor ? " (newer than Burrow's \(ToyOS.abiMajor).\(ToyOS.abiMinor))" : ""))
        case .xv6(let stubs):
            let evidence = stubs == 0 ? "no system-call stubs found" : "\(stubs) system-call stub\(stubs == 1 ? "" : "s") `mov eax, N; int $64; ret`"
            field("Personality", "\(brand.personalityName) \(is32Bit ? "i386" : "x86-64") (OSABI \(hex(UInt64(osABI))), no brand; \(evidence))")
            if is32Bit {
                // The layout XV6Segments chooses: confined by LDT segments below 0x400000, flat above.
                let confined = pageSpan.low < XV6AddressSpace.flatLow
                field("Calls", "int $64 (CD 40) in 32-bit compatibility mode, number in eax, arguments at esp+4, esp+8, ...; \(XV6.table.count) calls")
                field("Segments", confined
                      ? "LDT code and data segments, base \(hex(XV6AddressSpace.segmentBase)), limit \(hex(XV6AddressSpace.userTop - 1)) (linked below \(hex(XV6AddressSpace.flatLow)))"
                      : "flat 32-bit (Linux's 0x23/0x2b), at the link address")
            } else {
                field("Calls", "int $64 (CD 40), number in eax, arguments rdi rsi rdx rcx r8 r9; \(XV6.table.count) calls")
            }
        }
        switch elfType {
        case .executable: field("Type", "EXEC (fixed-address executable)")
        case .sharedObject: field("Type", "DYN (static-PIE; addresses below are relative to a random base)")
        }
        field("Entry", hex(entry))
        let phdrPlace = programHeaders.address.map { "in memory at \(hex($0))" } ?? "not loaded"
        field("Program headers", "\(programHeaders.count) at file offset \(hex(programHeaders.fileOffset)), "
            + "\(programHeaders.entrySize) bytes each, \(phdrPlace)")
        field("File size", "\(bytes.count) bytes")

        lines.append("")
        lines.append("Segments (\(segments.count)):")
        lines.append("  " + pad("perm", to: 6) + pad("memory range", to: 37) + pad("file range", to: 24)
            + pad("memsz", to: 12) + "align")
        for segment in segments {
            let memory = "\(hex16(segment.vaddr))-\(hex16(segment.end))"
            let file = "\(hex(segment.offset))-\(hex(segment.offset + segment.filesz))"
            lines.append("  " + pad(segment.flags.description, to: 6) + pad(memory, to: 37) + pad(file, to: 24)
                + pad(hex(segment.memsz), to: 12) + hex(segment.align))
        }
        let bss = segments.reduce(UInt64(0)) { $0 + ($1.memsz - $1.filesz) }
        lines.append("  total memory \(hex(segments.reduce(0) { $0 + $1.memsz })), of which zero-filled \(hex(bss))"
            + (relative ? "; placed at a random \(hex(biasAlignment))-aligned base" : ""))

        lines.append("")
        lines.append("Notes (\(notes.count)):")
        for note in notes {
            var text = "  owner \"\(LoadError.oneLine(note.owner))\" type \(note.type) desc \(note.desc.count) bytes"
            if !note.desc.isEmpty { text += ": " + note.desc.prefix(32).map(hexByte).joined(separator: " ") }
            if note.desc.count > 32 { text += " ..." }
            if note.owner == ToyOS.noteOwner && note.type == ToyOS.noteTypeABIVersion && note.desc.count >= 8 {
                text += " (ToyOS ABI \(readU32(note.desc, 0)).\(readU32(note.desc, 4)))"
            }
            lines.append(text)
        }

        if case .toyOS = brand {
            // What the program can reach besides system calls (docs/abi.md 7), from the machine's tables.
            lines.append("")
            lines.append("Machine (ToyOS ABI \(ToyOS.abiMajor).\(ToyOS.abiMinor)): hypercalls int 0x\(String(ToyOS.hypercallVector, radix: 16)): "
                + ToyOS.hypercalls.map { "\($0.number) \($0.name)" }.joined(separator: ", "))
            for d in ToyOS.portDevices {
                let ports = "0x" + String(d.base, radix: 16) + (d.count > 1 ? "-0x" + String(Int(d.base) + Int(d.count) - 1, radix: 16) : "")
                lines.append("  " + pad(ports, to: 14) + pad(d.name, to: 10) + (d.irq.map { "irq \($0)  " } ?? "       ") + d.summary)
            }
        }

        lines.append("")
        lines.append("Symbols: \(symbols.count)" + (symbols.isEmpty ? " (no .symtab)" : " (.symtab)"))
        if listSymbols {
            for symbol in symbols {
                lines.append("  " + hex16(symbol.value) + "  " + pad(String(symbol.size), to: 8) + LoadError.oneLine(symbol.name))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

private func pad(_ text: String, to width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}

/// An address as 0x plus 16 hex digits, so columns line up.
private func hex16(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 16 - digits.count)) + digits
}

private func hexByte(_ byte: UInt8) -> String {
    (byte < 16 ? "0" : "") + String(byte, radix: 16)
}
