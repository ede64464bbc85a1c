// Images that must load: the two executable types, the fields a loader ignores, real SDK output
// when present, and 1,000 random header mutations that must never trap.

#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import BurrowLoader
import BurrowABI

@Suite("Valid images")
struct LoadValidTests {
    /// docs/abi.md §2.3: the note is read through PT_NOTE from the file; no PT_LOAD needs to hold it.
    @Test func noteOutsideEveryLoadSegment() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.segments[0].filesz = 0x40   // the first segment now holds only the ELF header
        builder.segments[0].memsz = 0x40
        let image = try loadViaFile(builder.build())
        #expect(image.brand == .toyOS(abiMajor: 1, abiMinor: 0))
    }

    /// docs/abi.md §2.2: an empty PT_LOAD (GNU ld's RW segment at 0) is ignored, offset and all.
    @Test func emptyLoadSegmentAtZeroIsIgnored() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.segments.append(.init(flags: ELFBuilder.pfR | ELFBuilder.pfW, vaddr: 0, memsz: 0, offset: 0x1234, filesz: 0))
        let image = try loadViaFile(builder.build())
        #expect(image.segments.count == 3)
        #expect(!image.segments.contains { $0.vaddr == 0 })
    }

    @Test func fixedAddressExecutable() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.symbols = [("_start", 0x0100_1000, 8), ("main", 0x0100_1008, 0x18), ("counter", 0x0100_2000, 8)]
        let image = try loadViaFile(builder.build())
        #expect(image.elfType == .executable)
        #expect(image.brand == .toyOS(abiMajor: 1, abiMinor: 0))
        #expect(image.brand.personalityName == "toyos")
        #expect(image.osABI == ToyOS.elfOSABI)
        #expect(image.entry == 0x0100_1000)
        #expect(image.segments.count == 3)
        #expect(image.segments[0] == GuestImage.Segment(vaddr: 0x0100_0000, memsz: 0x1000, filesz: 0x1000, offset: 0, flags: [.read], align: 0x1000))
        #expect(image.segments[1].flags == [.read, .execute])
        #expect(image.segments[2].flags == [.read, .write])
        #expect(image.segments[2].filesz == 16 && image.segments[2].memsz == 0x3000)
        #expect(image.programHeaders == .init(fileOffset: 64, entrySize: 56, count: 4, address: 0x0100_0040))
        #expect(image.notes == [GuestImage.Note(owner: "ToyOS", type: 1, desc: [1, 0, 0, 0, 0, 0, 0, 0])])
        #expect(image.symbols.map(\.name) == ["_start", "main", "counter"])
        #expect(image.chooseBias(random: 12345) == 0)
        // Copying segment contents reads these bytes.
        let text = image.segments[1]
        #expect(Array(image.bytes[Int(text.offset)..<Int(text.offset + 3)]) == [0xB8, 0x01, 0])
    }

    @Test func nearestSymbolForCrashReports() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.symbols = [("_start", 0x0100_1000, 8), ("main", 0x0100_1008, 0x18)]
        let image = try loadViaFile(builder.build())
        let hit = try #require(image.nearestSymbol(to: 0x0100_101C, bias: 0))
        #expect(hit.symbol.name == "main" && hit.offset == 0x14)
        #expect(image.nearestSymbol(to: 0x0100_1000, bias: 0)?.symbol.name == "_start")
        #expect(image.nearestSymbol(to: 0x0100_0FFF, bias: 0) == nil)
        #expect(image.nearestSymbol(to: 0x10, bias: 0x1000) == nil)
    }

    @Test func newerMinorVersionIsAccepted() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.note = (1, 7)
        let image = try loadViaFile(builder.build())
        #expect(image.abiVersion! == (1, 7))
        #expect(image.inspectReport().contains("ABI version:      1.7 (newer than Burrow's \(ToyOS.abiMajor).\(ToyOS.abiMinor))"))
    }

    @Test func staticPIE() throws {
        let image = try loadViaFile(ELFBuilder.toyStaticPIE().build())
        #expect(image.elfType == .sharedObject)
        #expect(image.biasAlignment == 0x10000)
        #expect(image.programHeaders.address == 0x40)
        for random: UInt64 in [0, 1, 0xDEAD_BEEF, UInt64.max, 0x1234_5678_9ABC_DEF0] {
            let bias = image.chooseBias(random: random)
            #expect(bias % 0x10000 == 0)
            #expect(bias >= ToyOSAddressSpace.mapLow)
            #expect(bias + image.pageSpan.high <= ToyOSAddressSpace.mapHigh)
            #expect(image.entryAddress(bias: bias) == bias + 0x1000)
        }
        #expect(image.chooseBias(random: 0) == ToyOSAddressSpace.mapLow)
        var generator = SplitMix64(state: 1)
        #expect(image.chooseBias(using: &generator) >= ToyOSAddressSpace.mapLow)
    }

    @Test func staticPIEWithoutDTNeededLoadsButWithDTNeededIsRefused() throws {
        // A PT_DYNAMIC whose first entry is DT_NEEDED (tag 1).
        var builder = ELFBuilder.toyStaticPIE()
        var dynamic = [UInt8](repeating: 0, count: 32)
        set64(&dynamic, 0, 1)
        builder.segments.append(.init(type: 2, flags: ELFBuilder.pfR, vaddr: 0x20000, memsz: 32, data: dynamic))
        #expect(refusal(builder.build())?.kind == .dynamicallyLinked)
        set64(&dynamic, 0, 0x6FFF_FFFB)  // DT_FLAGS_1: harmless
        builder.segments[3].data = dynamic
        #expect(refusal(builder.build()) == nil)
    }

    @Test(arguments: [
        ("e_shoff garbage", 0x28, UInt64.max, 8),
        ("e_shoff past EOF", 0x28, 0x7FFF_0000, 8),
        ("e_shnum garbage", 0x3C, 0xFFFF, 2),
        ("e_shentsize garbage", 0x3A, 0x1234, 2),
        ("e_shstrndx garbage", 0x3E, 0xFFFE, 2),
        ("e_flags", 0x30, 0xFFFF_FFFF, 4),
        ("e_ehsize", 0x34, 0, 2),
        ("p_paddr of the text segment", 64 + 56 + 24, 0xDEAD_BEEF_0000, 8),
        // e_version and the e_ident padding are not here: docs/abi.md §2.4 refuses them.
    ])
    func ignoredFieldsDoNotCauseARefusal(name: String, offset: Int, value: UInt64, width: Int) throws {
        for withSymbols in [false, true] {
            var builder = ELFBuilder.toyExecutable()
            if withSymbols { builder.symbols = [("main", 0x0100_1000, 8)] }
            var bytes = builder.build()
            for i in 0..<width { bytes[offset + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) }
            let image = try loadViaFile(bytes)
            #expect(image.entry == 0x0100_1000, "\(name)")
        }
    }

    @Test func garbageSectionHeadersOnlyLoseTheSymbols() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.symbols = [("main", 0x0100_1000, 8)]
        var bytes = builder.build()
        let shoff = Int(get64(bytes, 0x28))
        // Point .symtab (section 1) at a huge offset and give it a nonsense entry size.
        set64(&bytes, shoff + 64 + 24, 0x7FFF_FFFF_FFFF)
        let image = try loadViaFile(bytes)
        #expect(image.symbols.isEmpty)
        // Random bytes over the whole section header table.
        var generator = SplitMix64(state: 99)
        for i in shoff..<bytes.count { bytes[i] = UInt8(truncatingIfNeeded: generator.next()) }
        #expect(try loadViaFile(bytes).entry == 0x0100_1000)
    }

    /// elf_memory itself fails when e_shnum is 0 and section 0 claims an absurd count (extended
    /// numbering); the loader then retries without sections and only loses the symbols.
    @Test func sectionCountThatLibelfRejectsOnlyLosesTheSymbols() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.symbols = [("main", 0x0100_1000, 8)]
        var bytes = builder.build()
        let shoff = Int(get64(bytes, 0x28))
        set16(&bytes, 0x3C, 0)  // e_shnum 0: the count is in section 0's sh_size
        set64(&bytes, shoff + 32, UInt64.max)
        let image = try loadViaFile(bytes)
        #expect(image.symbols.isEmpty)
        #expect(image.entry == 0x0100_1000)
    }

    @Test func inspectReportIsDeterministicAndComplete() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.symbols = [("_start", 0x0100_1000, 8)]
        let bytes = builder.build()
        let image = try GuestImage(bytes: bytes, path: "hello")
        let report = image.inspectReport()
        #expect(report == (try GuestImage(bytes: bytes, path: "hello")).inspectReport())
        let expected = """
            File:             hello
            Personality:      toyos (OSABI 0x54 'T', "ToyOS" note)
            ABI version:      1.0
            Type:             EXEC (fixed-address executable)
            Entry:            0x1001000
            Program headers:  4 at file offset 0x40, 56 bytes each, in memory at 0x1000040
            File size:        \(bytes.count) bytes

            Segments (3):
              perm  memory range                         file range              memsz       align
              r--   0x0000000001000000-0x0000000001001000 0x0-0x1000              0x1000      0x1000
              r-x   0x0000000001001000-0x0000000001001020 0x1000-0x1020           0x20        0x1000
              rw-   0x0000000001002000-0x0000000001005000 0x2000-0x2010           0x3000      0x1000
              total memory 0x4020, of which zero-filled 0x2ff0

            Notes (1):
              owner "ToyOS" type 1 desc 8 bytes: 01 00 00 00 00 00 00 00 (ToyOS ABI 1.0)

            Machine (ToyOS ABI \(ToyOS.abiMajor).\(ToyOS.abiMinor)): hypercalls int 0x82: 0 query, 1 features, 2 console_write, 3 get_if, 4 batch
              0x40-0x43     pit       irq 0  8254 interval timer: channel 0 periodic (modes 2 and 3), 1193182 Hz input, period at least 1 ms
              0x70-0x71     rtc              MC146818 CMOS clock (UTC): index 0x70, data 0x71; BCD or binary, 12/24 hours by register B
              0xe9          debugcon         debug console: out writes a byte to standard error; in reads 0xE9
              0x3f8-0x3ff   com1      irq 4  16550 UART: transmit to standard output, receive from standard input

            Symbols: 1 (.symtab)

            """
        #expect(report == expected)
        #expect(image.inspectReport(listSymbols: true).hasSuffix("  0x0000000001001000  8       _start\n"))
        let pie = try GuestImage(bytes: ELFBuilder.toyStaticPIE().build(), path: "pie")
        #expect(pie.inspectReport().contains("DYN (static-PIE"))
        #expect(pie.inspectReport().contains("random 0x10000-aligned base"))
    }

    /// Real SDK output, when another engineer's build has produced some. Never required.
    @Test func sdkBuiltBinariesLoadWhenPresent() throws {
        // The repository root is three levels above this file; fall back to the working directory.
        let repoRoot = String(#filePath).split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
        var directory = repoRoot + "/foreign-binaries/build/toyos"
        if access(directory, F_OK) != 0 { directory = "foreign-binaries/build/toyos" }
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard !name.hasPrefix("."), !name.hasSuffix(".o"), !name.hasSuffix(".a") else { continue }
            let path = directory + "/" + name
            var st = stat()
            guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }   // tests/, guests/, bench/
            do {
                let image = try GuestImage.load(path: path)
                let plan = image.mappingPlan(bias: image.chooseBias(random: 42))
                #expect(!plan.regions.isEmpty)
            } catch {
                // Object files and non-ELF helpers may sit beside the programs; only a ToyOS-branded
                // executable must load.
                let bytes = try FileReader.readWholeFile(path: path)
                if bytes.count > 16, bytes[7] == ToyOS.elfOSABI, bytes[16] == 2 || bytes[16] == 3 {
                    Issue.record("SDK binary refused: \(error)")
                }
            }
        }
    }
}

@Suite("Robustness")
struct MutationTests {
    /// 1,000 random mutations of the ELF header and program headers (fixed seed): each must either
    /// load or be refused with a LoadError; a trap fails the whole test run.
    @Test func randomHeaderMutationsNeverTrap() {
        var builder = ELFBuilder.toyExecutable()
        builder.symbols = [("_start", 0x0100_1000, 8), ("main", 0x0100_1008, 8)]
        let original = builder.build()
        let headerBytes = 64 + 56 * 4
        var generator = SplitMix64(state: 0xB0_220E)
        var loaded = 0
        var refused = 0
        for round in 0..<1000 {
            var bytes = original
            let edits = 1 + Int(generator.next() % 4)
            for _ in 0..<edits {
                let at = Int(generator.next() % UInt64(headerBytes))
                switch generator.next() % 4 {
                case 0: bytes[at] = UInt8(truncatingIfNeeded: generator.next())
                case 1: bytes[at] ^= UInt8(1) << (generator.next() % 8)
                case 2: bytes[at] = [0x00, 0xFF, 0x7F, 0x80][Int(generator.next() % 4)]
                default:  // a whole 8-byte field to an extreme
                    let field = at & ~7
                    if field + 8 <= headerBytes {
                        set64(&bytes, field, [0, UInt64.max, 1 << 63, 0x1000][Int(generator.next() % 4)])
                    }
                }
            }
            // Every tenth case goes through a real file; the rest stay in memory for speed.
            do {
                let image = round % 10 == 0 ? try loadViaFile(bytes) : try GuestImage(bytes: bytes, path: "fuzz")
                // A loaded image must also give a sane plan and report.
                let plan = image.mappingPlan(bias: image.chooseBias(random: generator.next()))
                #expect(!plan.regions.isEmpty)
                _ = image.inspectReport(listSymbols: true)
                loaded += 1
            } catch {
                #expect(!error.description.contains("\n"))
                refused += 1
            }
        }
        #expect(loaded + refused == 1000)
        #expect(loaded > 0 && refused > 0)
    }
}
