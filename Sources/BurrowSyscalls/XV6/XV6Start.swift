// Starting an xv6 program (docs/xv6.md, "Memory" and "Start"): the image at its link address, one
// guard page above it, then a single 4 KiB stack page; the heap grows from just above the stack;
// [0x80000000, 4 GiB) is reserved inaccessible, so loads there fault as in xv6's kernel half.
//
// The stack page, from rsp up: [rsp] = 0xffffffff (a fake return address: main must not return),
// [rsp+8] = argc, [rsp+16] = argv, then the argv array (NULL-terminated) and the strings above it.
// rdi = argc, rsi = argv. rsp + 8 is 16-byte aligned, as after a call. i386 (XV6Segments.swift):
// the same block in 4-byte words at esp, esp+4, esp+8, and the registers are not set.
import BurrowABI
import BurrowLoader
import BurrowVMM
import Glibc

/// The bytes of the stack page for `arguments`; nil when they do not fit one page (exec's -1).
/// `wordSize` is 8 for x86-64 and 4 for i386 (every word of the block, the argv array included).
public struct XV6StartBlock {
    public let bytes: [UInt8]       // [stackPointer, stackTop)
    public let stackPointer: UInt64
    public let argv: UInt64

    public init?(arguments: [[UInt8]], stackTop: UInt64, wordSize: Int = 8) {
        guard arguments.count <= XV6.maxArguments else { return nil }
        let page = Int(XV6AddressSpace.stackSize)
        var top = page   // offsets within the page
        var stringAt: [Int] = []
        var image = [UInt8](repeating: 0, count: page)
        for s in arguments {
            let bytes = s.prefix { $0 != 0 }
            top = (top - (bytes.count + 1)) & ~(wordSize - 1)
            guard top >= 0 else { return nil }
            image.replaceSubrange(top..<(top + bytes.count), with: bytes)
            stringAt.append(top)
        }
        let words = 3 + arguments.count + 1
        var sp = top - words * wordSize - wordSize
        guard sp >= 0 else { return nil }
        // As after a call: sp + wordSize is 16-byte aligned.
        sp = ((sp + wordSize) & ~15) - wordSize
        guard sp >= 0 else { return nil }
        let base = stackTop - UInt64(page)
        let argvAddress = base + UInt64(sp + 3 * wordSize)
        var values: [UInt64] = [XV6AddressSpace.fakeReturn, UInt64(arguments.count), argvAddress]
        values += stringAt.map { base + UInt64($0) }
        values.append(0)
        for (i, v) in values.enumerated() {
            withUnsafeBytes(of: v.littleEndian) {
                image.replaceSubrange((sp + wordSize * i)..<(sp + wordSize * (i + 1)), with: $0.prefix(wordSize))
            }
        }
        bytes = Array(image[sp...])
        stackPointer = base + UInt64(sp)
        argv = argvAddress
    }
}

extension XV6Personality {
    /// Maps `image` and its stack, reserves the kernel half, and sets the registers for main.
    public func start(process: GuestProcess, image: GuestImage, arguments: [[UInt8]]) throws {
        is32Bit = image.is32Bit
        try process.mapImage(image, bias: 0)
        let page = GuestMemory.pageSize
        let end = image.segments.map(\.end).max() ?? 0
        let imageTop = (end + page - 1) & ~(page - 1)
        let stackTop = imageTop + page + XV6AddressSpace.stackSize
        guard stackTop <= XV6AddressSpace.userTop else {
            throw SetupError(message: "\(image.path): no room for the stack below 0x80000000", exitStatus: BurrowExitStatus.cannotExecute)
        }
        do {
            try memory.mapAnonymous(at: imageTop, length: page, protection: [], name: "[guard]")
            try memory.mapAnonymous(at: imageTop + page, length: XV6AddressSpace.stackSize, protection: [.read, .write], name: "[stack]")
        } catch {
            throw SetupError(message: "cannot map the guest stack: \(error)", exitStatus: BurrowExitStatus.burrowFailed)
        }
        // Confined by segments, the limit already ends guest memory at userTop.
        if memory.hostBase == 0 { do {
            try memory.mapAnonymous(at: XV6AddressSpace.userTop, length: XV6AddressSpace.reservedTop - XV6AddressSpace.userTop,
                                    protection: [], name: "[kernel]")
        } catch {
            throw SetupError(message: "cannot reserve [0x80000000, 4 GiB) for the xv6 kernel half: \(error)",
                             exitStatus: BurrowExitStatus.burrowFailed)
        } }
        guard let block = XV6StartBlock(arguments: arguments, stackTop: stackTop, wordSize: wordSize) else {
            throw SetupError(message: "\(image.path): argument list too long (xv6: at most \(XV6.maxArguments) arguments in one 4 KiB stack page)",
                             exitStatus: BurrowExitStatus.cannotExecute)
        }
        try memory.copyOut(block.bytes, to: block.stackPointer)
        heapStart = stackTop
        brk = stackTop
        let v = process.vcpu
        for r in Register.allCases { v[r] = 0 }
        v[.rsp] = block.stackPointer
        v[.rdi] = UInt64(arguments.count)
        v[.rsi] = block.argv
        v[.rip] = image.entry
        v[.rflags] = VCPU.initialFlags
        if is32Bit { try XV6Segments.enter32(v, memory: memory) }
    }
}
