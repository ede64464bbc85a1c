// One test per refusal: each crafts an otherwise valid image, breaks one thing, and checks the
// kind, the exit status and that the one-line message names the problem.

#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import BurrowLoader
import BurrowABI

/// Asserts that `bytes` is refused with `kind` and a message containing `text`.
private func expectRefusal(_ bytes: [UInt8], _ kind: LoadError.Kind, _ text: String,
                           sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error = refusal(bytes) else {
        Issue.record("expected \(kind), but the image loaded", sourceLocation: sourceLocation)
        return
    }
    #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
    #expect(error.exitStatus == 126, sourceLocation: sourceLocation)
    #expect(error.description.contains(text), "\(error)", sourceLocation: sourceLocation)
    #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
    #expect(error.description.hasPrefix("burrow: /tmp/"), sourceLocation: sourceLocation)
}

private func mutated(_ edit: (inout ELFBuilder) -> Void) -> [UInt8] {
    var builder = ELFBuilder.toyExecutable()
    edit(&builder)
    return builder.build()
}

@Suite("Refusals of the file itself")
struct FileRefusalTests {
    @Test func missingFileExits127() {
        do {
            _ = try GuestImage.load(path: "/nonexistent/burrow-test/prog")
            Issue.record("loaded a missing file")
        } catch {
            #expect(error.kind == .notFound)
            #expect(error.exitStatus == 127)
            #expect(error.description == "burrow: /nonexistent/burrow-test/prog: no such file or directory")
        }
    }

    /// As bash has it ("Not a directory", 126) and as execve names it for a guest's exec (ENOTDIR).
    @Test func pathThroughAFileIsNotADirectoryAndExits126() {
        let dir = TempDir()
        defer { dir.cleanUp() }
        let file = dir.write("plain", ELFBuilder.toyExecutable().build())
        do {
            _ = try GuestImage.load(path: file + "/child")
            Issue.record("loaded a path below a regular file")
        } catch {
            #expect(error.kind == .notADirectory)
            #expect(error.exitStatus == 126)
            #expect(error.description.hasSuffix("/child: not a directory"), "\(error)")
        }
    }

    @Test func directory() {
        let dir = TempDir()
        defer { dir.cleanUp() }
        do {
            _ = try GuestImage.load(path: dir.path)
            Issue.record("loaded a directory")
        } catch {
            #expect(error.kind == .isDirectory)
            #expect(error.exitStatus == 126)
            #expect(error.description == "burrow: \(dir.path): is a directory")
        }
    }

    @Test func unreadableFile() throws {
        let dir = TempDir()
        defer { dir.cleanUp() }
        let path = dir.write("secret", ELFBuilder.toyExecutable().build(), mode: 0)
        // root (CAP_DAC_OVERRIDE) reads mode-000 files; the mapping itself is covered below.
        let probe = open(path, O_RDONLY)
        if probe >= 0 {
            close(probe)
            return
        }
        do {
            _ = try GuestImage.load(path: path)
            Issue.record("loaded an unreadable file")
        } catch {
            #expect(error.kind == .permissionDenied)
            #expect(error.description == "burrow: \(path): permission denied")
        }
    }

    @Test func emptyFile() {
        let dir = TempDir()
        defer { dir.cleanUp() }
        let path = dir.write("empty", [])
        #expect(throws: LoadError(path: path, kind: .emptyFile, message: "empty file")) {
            try GuestImage.load(path: path)
        }
    }

    @Test func notAnELF() {
        expectRefusal(Array("#!/bin/sh\necho hi\n".utf8), .notELF, ": not an ELF file")
        expectRefusal([0x7F, 0x45], .notELF, "not an ELF file")
        // A script names its interpreter, as the kernel reads the line (spaces before it, an
        // argument after it); a line with none does not.
        expectRefusal(Array("#!/bin/sh\necho hi\n".utf8), .notELF, "a #! script for /bin/sh: run its interpreter")
        expectRefusal(Array("#! \t/opt/toy/sh -e\n".utf8), .notELF, "a #! script for /opt/toy/sh: ")
        expectRefusal(Array("#!\n".utf8), .notELF, "a #! script: run its interpreter")
    }

    @Test func errorDescriptionIsOneLineEvenForHostileNames() {
        let error = LoadError(path: "evil\nburrow: fake", kind: .notELF, message: "not an ELF file")
        #expect(error.description == "burrow: evil\\x0aburrow: fake: not an ELF file")
    }
}

@Suite("Refusals of the ELF container")
struct ContainerRefusalTests {
    @Test func truncatedHeader() {
        expectRefusal(Array(ELFBuilder.toyExecutable().build().prefix(40)), .truncated, "offsets past the end of the file")
        expectRefusal(Array(ELFBuilder.toyExecutable().build().prefix(5)), .truncated, "truncated ELF header")
    }

    @Test func truncatedProgramHeaders() {
        let bytes = mutated { $0.phoffOverride = 0x1000 - 60 }
        expectRefusal(Array(bytes.prefix(0x1000)), .truncated, "offsets past the end of the file")
        // Also when the table starts beyond the end of the file.
        expectRefusal(mutated { $0.phoffOverride = 0x10_0000 }, .truncated, "program header table")
    }

    @Test func segmentFileRangePastEOF() {
        expectRefusal(mutated { $0.segments[2].filesz = 0x10_0000; $0.segments[2].memsz = 0x10_0000 },
                      .truncated, "offsets past the end of the file")
        // An offset so large that offset + filesz wraps.
        expectRefusal(mutated { $0.segments[0].offset = UInt64.max - 8 }, .truncated, "offsets past the end of the file")
    }

    @Test func elf32() {
        expectRefusal(mutated { $0.elfClass = 1 }, .wrongClass, "32-bit")
        expectRefusal(mutated { $0.elfClass = 7 }, .wrongClass, "invalid ELF class")
    }

    @Test func bigEndian() {
        expectRefusal(mutated { $0.dataEncoding = 2 }, .wrongDataEncoding, "big-endian")
    }

    @Test func wrongMachine() {
        expectRefusal(mutated { $0.machine = 183 }, .wrongMachine, "AArch64")
        expectRefusal(mutated { $0.machine = 3 }, .wrongMachine, "80386")
    }

    @Test func wrongIdentVersion() {
        expectRefusal(mutated { $0.identVersion = 0 }, .wrongVersion, "unsupported ELF version 0")
    }

    @Test func headerVersionZero() {
        expectRefusal(mutated { $0.elfVersion = 0 }, .wrongVersion, "unsupported ELF version 0 in e_version")
        expectRefusal(mutated { $0.elfVersion = 2 }, .wrongVersion, "e_version (expected 1)")
    }

    @Test func identPaddingNotZero() {
        expectRefusal(mutated { $0.identPadding[6] = 1 }, .nonZeroIdentPadding, "e_ident padding byte 15 is 0x1")
        expectRefusal(mutated { $0.identPadding[0] = 0x80 }, .nonZeroIdentPadding, "byte 9")
    }

    @Test func relocatableAndCoreFiles() {
        expectRefusal(mutated { $0.type = 1 }, .relocatableObject, "relocatable object")
        expectRefusal(mutated { $0.type = 4 }, .coreDump, "core dump")
        expectRefusal(mutated { $0.type = 0xFE00 }, .unknownType, "unknown ELF file type")
    }
}

@Suite("Refusals of the brand")
struct BrandRefusalTests {
    @Test func linuxExecutableSYSV() {
        let bytes = mutated { $0.osABI = 0; $0.note = nil }
        guard let error = refusal(bytes) else { Issue.record("loaded a Linux executable"); return }
        #expect(error.kind == .linuxExecutable)
        #expect(error.exitStatus == 126)
        #expect(error.description.hasSuffix("/prog looks like a Linux executable: run it directly"))
        #expect(error.description.hasPrefix("burrow: /tmp/"))
    }

    @Test func linuxExecutableGNU() {
        expectRefusal(mutated { $0.osABI = 3; $0.note = nil }, .linuxExecutable, "looks like a Linux executable: run it directly")
    }

    @Test func linuxExecutableIsReportedBeforeItsInterpreter() {
        let bytes = mutated { $0.osABI = 0; $0.note = nil; $0.interpreter = "/lib64/ld-linux-x86-64.so.2" }
        expectRefusal(bytes, .linuxExecutable, "run it directly")
    }

    @Test func toyNoteWithLinuxOSABI() {
        expectRefusal(mutated { $0.osABI = 0 }, .inconsistentBrand, "has the ToyOS note but OSABI 0")
    }

    @Test func unknownOSABI() {
        expectRefusal(mutated { $0.osABI = 9 }, .unknownOSABI, "unknown OSABI 9 (FreeBSD)")
    }

    @Test func toyNoteMissing() {
        expectRefusal(mutated { $0.note = nil }, .missingToyOSNote, "ToyOS ABI note missing")
        expectRefusal(mutated { $0.noteOwner = "GNU" }, .missingToyOSNote, "ToyOS ABI note missing")
    }

    @Test func noteForTheOtherAlignmentSaysSo() {
        // The 4-byte layout in a PT_NOTE with p_align 8: the reader looks for desc at offset 24.
        expectRefusal(mutated { $0.noteAlign = 8 }, .misalignedToyOSNote, "laid out for 4-byte alignment but its PT_NOTE has p_align 8")
    }

    @Test func noteDescSizeNotEight() {
        expectRefusal(mutated { $0.noteDescExtra = [0, 0, 0, 0] }, .missingToyOSNote, "descsz 12 (it must be 8")
    }

    @Test func unsupportedMajor() {
        expectRefusal(mutated { $0.note = (2, 0); $0.abiVersion = 2 }, .unsupportedABIVersion, "unsupported ToyOS ABI version 2.0")
        expectRefusal(mutated { $0.note = (0, 9) }, .unsupportedABIVersion, "unsupported ToyOS ABI version 0.9")
    }

    @Test func identAndNoteDisagree() {
        expectRefusal(mutated { $0.abiVersion = 0 }, .inconsistentBrand, "EI_ABIVERSION is 0")
    }
}

@Suite("Refusals of program headers and segments")
struct SegmentRefusalTests {
    @Test func interpreter() {
        expectRefusal(mutated { $0.interpreter = "/lib/ld-toyos.so" }, .dynamicallyLinked,
                      "dynamically linked (has PT_INTERP); ToyOS v1 executables are static")
    }

    @Test func dynamicSegmentInAnExecutable() {
        // No DT_NEEDED at all: an ET_EXEC still may not have PT_DYNAMIC (docs/abi.md §2.2).
        let bytes = mutated { $0.segments.append(.init(type: 2, flags: ELFBuilder.pfR, vaddr: 0x0100_6000, memsz: 16, data: [UInt8](repeating: 0, count: 16), align: 8)) }
        expectRefusal(bytes, .dynamicallyLinked, "PT_DYNAMIC in an ET_EXEC")
    }

    @Test func offsetNotCongruentToAddress() {
        let bytes = mutated { $0.segments[2].offset = 0x1000 + 8; $0.segments[2].filesz = 16 }
        expectRefusal(bytes, .incongruentSegment, "not congruent to its address modulo the page size")
    }

    @Test func noLoadableSegment() {
        expectRefusal(mutated { builder in
            for index in builder.segments.indices { builder.segments[index].type = 6 }  // PT_PHDR, say
        }, .noLoadableSegments, "no loadable segments")
        expectRefusal(mutated { $0.phnumOverride = 0 }, .noLoadableSegments, "no program headers")
        expectRefusal(mutated { $0.phoffOverride = 0 }, .noLoadableSegments, "no program header table (e_phoff is 0)")
    }

    @Test func overlappingSegments() {
        expectRefusal(mutated { $0.segments[2].vaddr = 0x0100_1010 }, .overlappingSegments, "overlapping segments")
    }

    @Test func wrappingSegment() {
        expectRefusal(mutated { $0.segments[2].memsz = UInt64.max - 0x0100_0000 }, .addressOverflow, "wraps around")
        expectRefusal(mutated { $0.segments[2].vaddr = UInt64.max - 0x100; $0.segments[2].memsz = 0x80 },
                      .addressOverflow, "wraps around")
    }

    @Test func fileSizeLargerThanMemorySize() {
        expectRefusal(mutated { $0.segments[2].memsz = 4 }, .fileSizeExceedsMemorySize, "larger than its memory size")
    }

    @Test func entryNotInAnExecutableSegment() {
        expectRefusal(mutated { $0.entry = 0x0100_2000 }, .entryNotExecutable, "entry point 0x1002000 is not inside an executable segment")
        expectRefusal(mutated { $0.entry = 0x0500_0000 }, .entryNotExecutable, "not inside an executable segment")
    }

    @Test func segmentBelowTheImageRange() {
        expectRefusal(mutated { $0.segments[0].vaddr = 0x1000 }, .segmentOutsideImageRange,
                      "segment at 0x1000 lies outside the ToyOS image range [0x10000, 0x7f000000)")
    }

    @Test func segmentOnBurrowsReservedWindows() {
        expectRefusal(mutated { $0.segments[2].vaddr = ToyOSAddressSpace.slotTableLow }, .segmentOutsideImageRange,
                      "reserved for Burrow")
    }

    @Test func segmentOnHostMemory() {
        let hostAddress = ToyOSAddressSpace.guestLimit + 0x5555_0000
        expectRefusal(mutated { $0.segments[2].vaddr = hostAddress }, .segmentOutsideImageRange,
                      "segment at \(hex(hostAddress)) lies outside the ToyOS image range [0x10000, 0x7f000000) (would land on memory Burrow uses)")
    }

    @Test func absurdMemorySize() {
        expectRefusal(mutated { $0.segments[2].memsz = 1 << 31 }, .imageTooLarge, "more than 1 GiB")
        // Two segments of 600 MiB each: fine alone, too much together.
        expectRefusal(mutated { builder in
            builder.segments[2].memsz = 600 << 20
            builder.segments.append(.init(flags: ELFBuilder.pfR, vaddr: 0x4000_0000, memsz: 600 << 20))
        }, .imageTooLarge, "more than 1 GiB")
    }

    @Test func tooManyProgramHeaders() {
        expectRefusal(mutated { $0.phnumOverride = 129 }, .tooManyProgramHeaders, "too many program headers (129")
        expectRefusal(mutated { $0.phnumOverride = 0xFFFF }, .tooManyProgramHeaders, "too many program headers")
    }

    @Test func alignmentNotAPowerOfTwo() {
        expectRefusal(mutated { $0.segments[1].align = 0x3000 }, .badAlignment, "not a power of two")
    }

    @Test func wrongProgramHeaderEntrySize() {
        expectRefusal(mutated { $0.phentsizeOverride = 32 }, .badProgramHeaderSize, "program header size 32")
    }

    @Test func staticPIEThatCannotFit() {
        var builder = ELFBuilder.toyStaticPIE()
        builder.segments[2].align = 1 << 62
        expectRefusal(builder.build(), .noRoomForImage, "no room")
    }
}

@Suite("Host errno mapping")
struct ErrnoMappingTests {
    @Test func openErrnosBecomeTheRightExitStatus() {
        #expect(LoadError(path: "p", kind: .notFound, message: "").exitStatus == 127)
        for kind in LoadError.Kind.allCases where kind != .notFound {
            #expect(LoadError(path: "p", kind: kind, message: "").exitStatus == 126)
        }
    }
}
