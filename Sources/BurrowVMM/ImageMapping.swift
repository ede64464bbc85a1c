// Putting a loaded image into the host process: the mapping plan, the stack and the start block,
// and the registers the ABI promises at entry (docs/abi.md, "Process start").
import BurrowABI
import BurrowLoader
import CBurrowRuntime
import Glibc

/// An operational error while setting up the guest (not the guest's fault, not a Burrow bug).
public struct SetupError: Error, CustomStringConvertible {
    public let message: String
    public let exitStatus: Int32
    public var description: String { "\(Diagnostics.tool): \(message)" }
    public init(message: String, exitStatus: Int32) {
        self.message = message
        self.exitStatus = exitStatus
    }
}

extension GuestProcess {
    /// Maps `image` and prepares the vCPU to start it with the given arguments and environment
    /// (the ToyOS start: docs/abi.md, "Process start"; other personalities use `mapImage` and
    /// build their own stack). `arguments` and `environment` are the strings' bytes, exactly as the
    /// guest gets them.
    public func start(image: GuestImage, arguments: [[UInt8]], environment: [[UInt8]], executablePath: String) throws -> UInt64 {
        let random = try Self.randomBytes(24)
        let randomWord = random.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: 16, as: UInt64.self) }
        let bias = image.elfType == .executable ? 0 : image.chooseBias(random: randomWord)
        try mapImage(image, bias: bias)

        let top = ToyOSAddressSpace.stackTop
        let size = ToyOSAddressSpace.stackSize
        let page = GuestMemory.pageSize
        do {
            try memory.mapAnonymous(at: top - size - page, length: page, protection: [], name: GuestMemory.stackGuardName)
            try memory.mapAnonymous(at: top - size, length: size, protection: [.read, .write], name: "[stack]")
        } catch {
            throw SetupError(message: "cannot map the guest stack: \(error)", exitStatus: BurrowExitStatus.burrowFailed)
        }
        let block = try StartBlock.build(arguments: arguments, environment: environment, executablePath: Array(executablePath.utf8),
                                         image: image, bias: bias, random: Array(random[0..<16]), stackTop: top)
        try memory.copyOut(block.bytes, to: block.stackPointer)

        for r in Register.allCases { vcpu[r] = 0 }
        vcpu[.rsp] = block.stackPointer
        vcpu[.rdi] = block.stackPointer
        vcpu[.rip] = image.entryAddress(bias: bias)
        vcpu[.rflags] = VCPU.initialFlags
        return bias
    }

    /// `count` random bytes from the host (never zeros because the call failed).
    static func randomBytes(_ count: Int) throws -> [UInt8] {
        var random = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < random.count {
            let r = random.withUnsafeMutableBytes { burrow_getrandom($0.baseAddress! + got, $0.count - got, 0) }
            if r < 0 {
                let e = errno
                if e == EINTR { continue }
                throw SetupError(message: "cannot get random bytes for the guest (getrandom: \(String(cString: strerror(e))))",
                                 exitStatus: BurrowExitStatus.burrowFailed)
            }
            got += r
        }
        return random
    }

    /// Maps the image's segments at `bias` (copies of the file bytes in anonymous memory, then
    /// each region's final protection) and sets up crash-report symbols.
    public func mapImage(_ image: GuestImage, bias: UInt64) throws {
        let plan = image.mappingPlan(bias: bias)
        for region in plan.regions {
            do {
                try memory.mapAnonymous(at: region.start, length: region.length, protection: [.read, .write], name: image.path)
            } catch {
                throw SetupError(message: "\(image.path): cannot map segment at 0x\(String(region.start, radix: 16)): " +
                                 (error == .exists ? "the range is in use (it would land on memory Burrow uses)" : "\(error)"),
                                 exitStatus: BurrowExitStatus.cannotExecute)
            }
            // Through GuestMemory's copy: the destination is checked against the region just mapped
            // RW, and an xv6 image linked at address 0 (which no Swift pointer can hold) works too.
            let failed: Bool = image.bytes.withUnsafeBytes { src in
                for c in region.copies {
                    let from = UnsafeRawBufferPointer(rebasing: src[c.sourceOffset..<(c.sourceOffset + c.length)])
                    if (try? memory.copyOut(from, to: c.destination)) == nil { return true }
                }
                return false
            }
            if failed { preconditionFailure("an image copy falls outside the region the plan mapped for it") }
            // The plan already makes execute imply read (Burrow reads guest code to decode traps).
            do { try memory.protect(region.start, region.length, region.protection) } catch {
                throw SetupError(message: "\(image.path): cannot protect segment: \(error)", exitStatus: BurrowExitStatus.burrowFailed)
            }
        }

        symbolize = { addr in
            // Past a sized symbol's end (the padding before the next function) is in no symbol.
            guard let (symbol, offset) = image.nearestSymbol(to: addr, bias: bias),
                  symbol.size == 0 || offset < symbol.size else { return nil }
            return offset == 0 ? symbol.name : "\(symbol.name)+0x\(String(offset, radix: 16))"
        }
    }
}
