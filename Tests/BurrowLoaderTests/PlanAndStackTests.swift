// The mapping plan's page arithmetic and the start block's layout, checked as data.

import Testing
@testable import BurrowLoader
import BurrowABI

private func image(_ segments: [ELFBuilder.Segment], entry: UInt64, type: UInt16 = 2) throws -> GuestImage {
    var builder = ELFBuilder(segments: segments)
    builder.entry = entry
    builder.type = type
    return try GuestImage(bytes: builder.build(), path: "plan-test")
}

@Suite("Mapping plan")
struct MappingPlanTests {
    typealias Seg = ELFBuilder.Segment
    let r = ELFBuilder.pfR, w = ELFBuilder.pfW, x = ELFBuilder.pfX

    @Test func separateSegmentsGiveSeparateRegions() throws {
        let img = try loadViaFile(ELFBuilder.toyExecutable().build())
        let plan = img.mappingPlan(bias: 0)
        #expect(plan.entry == 0x0100_1000)
        #expect(plan.regions.map(\.start) == [0x0100_0000, 0x0100_1000, 0x0100_2000])
        #expect(plan.regions.map(\.length) == [0x1000, 0x1000, 0x3000])
        #expect(plan.regions.map(\.protection) == [[.read], [.read, .execute], [.read, .write]])
        // bss: only the 16 file bytes are copied; the rest of the 0x3000 stays zero.
        #expect(plan.regions[2].copies == [.init(destination: 0x0100_2000, sourceOffset: 0x2000, length: 16)])
        #expect(plan.regions[0].copies == [.init(destination: 0x0100_0000, sourceOffset: 0, length: 0x1000)])
    }

    @Test func sharedPageGetsTheUnionOfPermissionsAndCopiesStopAtFileSize() throws {
        // Text ends mid-page; data starts in the same page and runs over two more pages.
        let text = Seg(flags: r | x, vaddr: 0x40_0000, memsz: 0x180, data: [UInt8](repeating: 0xCC, count: 0x100))
        let data = Seg(flags: r | w, vaddr: 0x40_0800, memsz: 0x2000, data: [UInt8](repeating: 0xAA, count: 0x1000))
        let img = try image([text, data], entry: 0x40_0000)
        let plan = img.mappingPlan(bias: 0)
        #expect(plan.regions.count == 2)
        #expect(plan.regions[0].start == 0x40_0000 && plan.regions[0].length == 0x1000)
        #expect(plan.regions[0].protection == [.read, .write, .execute])
        #expect(plan.regions[1].start == 0x40_1000 && plan.regions[1].length == 0x2000)
        #expect(plan.regions[1].protection == [.read, .write])
        // The text copy is its 0x100 file bytes: nothing of the file lands in its 0x80 bytes of bss
        // or in the gap before the data segment.
        let textCopy = MappingPlan.Copy(destination: 0x40_0000, sourceOffset: Int(img.segments[0].offset), length: 0x100)
        let dataOffset = Int(img.segments[1].offset)
        #expect(plan.regions[0].copies == [
            textCopy, .init(destination: 0x40_0800, sourceOffset: dataOffset, length: 0x800),
        ])
        // The data copy is split at the region boundary so each region can be finished alone.
        #expect(plan.regions[1].copies == [.init(destination: 0x40_1000, sourceOffset: dataOffset + 0x800, length: 0x800)])
        let copied = plan.regions.flatMap(\.copies).reduce(0) { $0 + $1.length }
        #expect(copied == 0x1100)
    }

    @Test func executeImpliesRead() throws {
        let img = try image([Seg(flags: x, vaddr: 0x50_0000, memsz: 0x10, data: [0xC3])], entry: 0x50_0000)
        #expect(img.mappingPlan(bias: 0).regions.map(\.protection) == [[.read, .execute]])
    }

    @Test func adjacentSegmentsWithEqualProtectionCoalesce() throws {
        let a = Seg(flags: r, vaddr: 0x60_0000, memsz: 0x1000, data: [1])
        let b = Seg(flags: r, vaddr: 0x60_1000, memsz: 0x1000, data: [2])
        let c = Seg(flags: r | x, vaddr: 0x60_5000, memsz: 0x10, data: [0xC3])
        let plan = try image([a, b, c], entry: 0x60_5000).mappingPlan(bias: 0)
        #expect(plan.regions.map(\.start) == [0x60_0000, 0x60_5000])
        #expect(plan.regions[0].length == 0x2000)
        #expect(plan.regions[0].copies.map(\.destination) == [0x60_0000, 0x60_1000])
    }

    @Test func bssOnlySegmentHasNoCopies() throws {
        let text = Seg(flags: r | x, vaddr: 0x70_0000, memsz: 0x10, data: [0xC3])
        let bss = Seg(flags: r | w, vaddr: 0x70_4000, memsz: 0x4000)
        let plan = try image([text, bss], entry: 0x70_0000).mappingPlan(bias: 0)
        #expect(plan.regions[1] == .init(start: 0x70_4000, length: 0x4000, protection: [.read, .write], copies: []))
    }

    @Test func staticPIEPlanIsBiased() throws {
        let img = try GuestImage(bytes: ELFBuilder.toyStaticPIE().build(), path: "pie")
        let bias = img.chooseBias(random: 3)
        let plan = img.mappingPlan(bias: bias)
        #expect(plan.bias == bias && plan.entry == bias + 0x1000)
        #expect(plan.regions.map(\.start) == [bias, bias + 0x1000, bias + 0x10000])
        #expect(plan.regions[2].copies == [.init(destination: bias + 0x10000, sourceOffset: Int(img.segments[2].offset), length: 4)])
    }
}

@Suite("Start block")
struct StartBlockTests {
    /// Reads the block back the way crt0 would: words from rsp, strings through their addresses.
    struct Parsed {
        var argc: UInt64 = 0
        var argv: [String] = []
        var envp: [String] = []
        var auxv: [UInt64: UInt64] = [:]
        var auxOrder: [UInt64] = []
    }

    func parse(_ block: StartBlock) -> Parsed {
        let base = block.stackPointer
        func word(_ address: UInt64) -> UInt64 { get64(block.bytes, Int(address - base)) }
        func string(_ address: UInt64) -> String {
            let start = Int(address - base)
            let end = block.bytes[start...].firstIndex(of: 0)!
            return String(decoding: block.bytes[start..<end], as: UTF8.self)
        }
        var parsed = Parsed()
        var at = base
        parsed.argc = word(at); at += 8
        for _ in 0..<parsed.argc { parsed.argv.append(string(word(at))); at += 8 }
        #expect(word(at) == 0); at += 8
        while word(at) != 0 { parsed.envp.append(string(word(at))); at += 8 }
        at += 8
        while true {
            let key = word(at), value = word(at + 8)
            at += 16
            parsed.auxOrder.append(key)
            if key == ToyOS.auxKey["AT_NULL"] { break }
            parsed.auxv[key] = value
        }
        return parsed
    }

    @Test func layoutParsesBack() throws {
        let img = try GuestImage(bytes: ELFBuilder.toyExecutable().build(), path: "hello")
        let random = (0..<16).map { UInt8($0 * 3) }
        let top = ToyOSAddressSpace.stackTop
        let block = try StartBlock.build(arguments: ["hello", "wörld", ""], environment: ["HOME=/home/toy", "TERM=xterm"],
                                         executablePath: "./hello", image: img, bias: 0, random: random, stackTop: top)
        #expect(block.stackPointer % 16 == 0)
        #expect(block.stackPointer + UInt64(block.bytes.count) == top)
        let parsed = parse(block)
        #expect(parsed.argc == 3)
        #expect(parsed.argv == ["hello", "wörld", ""])
        #expect(parsed.envp == ["HOME=/home/toy", "TERM=xterm"])
        let key = { (name: String) in ToyOS.auxKey[name] }
        #expect(parsed.auxv[key("AT_PAGESZ")] == UInt64(ToyOS.pageSize))
        #expect(parsed.auxv[key("AT_ABI_VERSION")] == UInt64(ToyOS.abiMajor) << 16 | UInt64(ToyOS.abiMinor))
        #expect(parsed.auxv[key("AT_ENTRY")] == 0x0100_1000)
        #expect(parsed.auxv[key("AT_PHDR")] == 0x0100_0040)
        #expect(parsed.auxv[key("AT_PHENT")] == 56)
        #expect(parsed.auxv[key("AT_PHNUM")] == 4)
        #expect(parsed.auxv[key("AT_BASE")] == 0)
        #expect(parsed.auxOrder.last == key("AT_NULL"))
        #expect(block.auxv.count == parsed.auxOrder.count)
        // AT_RANDOM: 16-byte aligned, holding our bytes; AT_EXECPATH: the path, at the top.
        let randomAddress = try #require(parsed.auxv[key("AT_RANDOM")])
        #expect(randomAddress % 16 == 0)
        let r = Int(randomAddress - block.stackPointer)
        #expect(Array(block.bytes[r..<r + 16]) == random)
        let pathAddress = try #require(parsed.auxv[key("AT_EXECPATH")])
        #expect(pathAddress + UInt64("./hello".utf8.count + 1) == top)
        #expect(block.bytes.suffix(8) == Array("./hello".utf8) + [0])
    }

    @Test func staticPIEReportsItsBias() throws {
        let img = try GuestImage(bytes: ELFBuilder.toyStaticPIE().build(), path: "pie")
        let bias = img.chooseBias(random: 9)
        let block = try StartBlock.build(arguments: ["pie"], environment: [], executablePath: "pie", image: img,
                                         bias: bias, random: [UInt8](repeating: 1, count: 16), stackTop: 0x7000_0000)
        let parsed = parse(block)
        #expect(parsed.envp.isEmpty)
        #expect(parsed.auxv[ToyOS.auxKey["AT_BASE"]] == bias)
        #expect(parsed.auxv[ToyOS.auxKey["AT_ENTRY"]] == bias + 0x1000)
        #expect(parsed.auxv[ToyOS.auxKey["AT_PHDR"]] == bias + 0x40)
    }

    @Test func phdrOutsideAnyLoadGivesZero() throws {
        var builder = ELFBuilder.toyExecutable()
        builder.segments[0].type = 0x6474_E551  // PT_GNU_STACK: the header page is no longer loaded
        let img = try GuestImage(bytes: builder.build(), path: "nophdr")
        #expect(img.programHeaders.address == nil)
        let block = try StartBlock.build(arguments: [], environment: [], executablePath: "x", image: img, bias: 0,
                                         random: [UInt8](repeating: 0, count: 16), stackTop: 0x10_0000)
        #expect(parse(block).argc == 0)
        #expect(parse(block).auxv[ToyOS.auxKey["AT_PHDR"]] == 0)
    }

    @Test func hugeArgumentListIsRefused() throws {
        let img = try GuestImage(bytes: ELFBuilder.toyExecutable().build(), path: "big")
        let huge = String(repeating: "a", count: StartBlock.maximumSize)
        #expect(throws: LoadError.self) {
            try StartBlock.build(arguments: [huge], environment: [], executablePath: "big", image: img, bias: 0,
                                 random: [UInt8](repeating: 0, count: 16), stackTop: ToyOSAddressSpace.stackTop)
        }
    }
}
