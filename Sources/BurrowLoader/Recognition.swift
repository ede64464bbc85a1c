// Which personality an executable is for. ToyOS executables are branded (EI_OSABI 'T' and the
// "ToyOS" note: ELFParser.checkBrand). xv6 executables carry no brand at all (EI_OSABI 0, no notes,
// one RWX PT_LOAD, entry = main), so they are recognised by positive evidence only: system-call
// stubs of the exact shape
//
//     B8 imm32   mov eax, imm32      (a small call number)
//     CD 40      int $64
//     C3         ret
//
// in an executable segment's file bytes. The absence of Linux evidence proves nothing (our own
// native twins are static, have no build-id, no PT_INTERP and OSABI 0, and `0F 05` can occur by
// chance), and Linux code never executes `int $64`, so a file without such a stub is still refused
// as a Linux executable. `--personality xv6` skips the test (docs/xv6.md, "Recognition").
import BurrowABI
import CLibElf
import Glibc

enum Recognition {
    /// The largest call number a stub may load: xv6's table ends at 21; the margin admits a
    /// port with a few extra calls without admitting arbitrary immediates.
    static let largestStubNumber: UInt32 = 255

    /// The xv6 brand when `forced` names xv6, or when nothing is forced and the file is unbranded
    /// and has xv6 stubs; nil means "not xv6: ToyOS's brand test decides".
    static func xv6Brand(
        forced: String?, ident: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8),
        notes: [GuestImage.Note], phdrs: [GElf_Phdr], bytes: [UInt8], _ fail: (LoadError.Kind, String) -> LoadError
    ) throws(LoadError) -> GuestImage.Brand? {
        let stubs = countStubs(phdrs: phdrs, bytes: bytes)
        if forced == XV6.personalityName {
            // Both halves of ToyOS's brand: a ToyOS executable, which as xv6 could only crash at
            // its first call (`int 0x81` is not xv6's trap).
            if ident.7 == ToyOS.elfOSABI && notes.contains(where: { $0.owner == ToyOS.noteOwner }) {
                let osABI = Character(Unicode.Scalar(ToyOS.elfOSABI))
                throw fail(.otherPersonality, "a ToyOS executable (EI_OSABI '\(osABI)' and the \(ToyOS.noteOwner) note), not xv6: without --personality xv6 it runs as ToyOS")
            }
            return .xv6(stubs: stubs)
        }
        // A ToyOS brand (either half) always goes to ToyOS's test, which explains what is wrong.
        if ident.7 == ToyOS.elfOSABI || notes.contains(where: { $0.owner == ToyOS.noteOwner }) { return nil }
        guard ident.7 == UInt8(ELFOSABI_SYSV), stubs > 0 else { return nil }
        // Dynamically linked is Linux (xv6 has no dynamic linker): the Linux refusal says so.
        if phdrs.contains(where: { $0.p_type == UInt32(PT_INTERP) }) { return nil }
        if forced != nil {
            // --personality toyos on what is recognisably xv6: not "a Linux executable".
            throw fail(.otherPersonality, "an xv6 executable (\(stubs) system-call stub\(stubs == 1 ? "" : "s") `int $64`, no ToyOS brand), not ToyOS: without --personality \(forced!) it runs as xv6")
        }
        return .xv6(stubs: stubs)
    }

    /// The stubs of the exact shape above in the file bytes of executable PT_LOAD segments. Every
    /// Linux executable is scanned whole before it is refused, so the scan jumps from one `CD`
    /// byte to the next with memchr (a large binary costs milliseconds, not a byte loop).
    static func countStubs(phdrs: [GElf_Phdr], bytes: [UInt8]) -> Int {
        var count = 0
        bytes.withUnsafeBufferPointer { b in
            guard let base = b.baseAddress else { return }
            for p in phdrs where p.p_type == UInt32(PT_LOAD) && p.p_flags & UInt32(PF_X) != 0 {
                guard p.p_offset <= UInt64(b.count), p.p_filesz <= UInt64(b.count) - p.p_offset, p.p_filesz >= 8 else { continue }
                let start = Int(p.p_offset), end = start + Int(p.p_filesz)
                // `int` at i: the mov starts at i - 5, the ret is at i + 2.
                var i = start + 5
                while i + 3 <= end {
                    guard let hit = memchr(base + i, 0xCD, end - 2 - i) else { break }
                    i = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if b[i + 1] == XV6.syscallVector, b[i + 2] == 0xC3, b[i - 5] == 0xB8 {
                        let n = UInt32(b[i - 4]) | UInt32(b[i - 3]) << 8 | UInt32(b[i - 2]) << 16 | UInt32(b[i - 1]) << 24
                        if n <= largestStubNumber { count += 1 }
                    }
                    i += 1
                }
            }
        }
        return count
    }
}
