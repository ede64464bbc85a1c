// The validated model of a guest executable. Everything here has been checked by the loader
// (ELFParser.swift): a `GuestImage` that exists can be mapped, so the VMM never re-validates.

import BurrowABI

/// A validated ToyOS (or, later, other personality) executable, ready to be mapped.
public struct GuestImage: Sendable {
    /// The ELF file type. ToyOS v1 accepts fixed-address executables and static-PIEs only.
    public enum ELFType: Equatable, Sendable {
        /// ET_EXEC: mapped at its link addresses (bias 0).
        case executable
        /// ET_DYN without PT_INTERP: a static-PIE, placed at a random bias in the map range.
        case sharedObject
    }

    /// Which guest ABI the image is branded for (Recognition.swift decides).
    public enum Brand: Equatable, Sendable {
        /// ToyOS, with the ABI version read from the "ToyOS" note (major is always 1 once loaded).
        case toyOS(abiMajor: UInt32, abiMinor: UInt32)
        /// xv6 x86-64: no brand in the file; `stubs` is how many system-call stubs of the shape
        /// `B8 imm32 CD 40 C3` were found (0 when --personality xv6 forced it).
        case xv6(stubs: Int)

        /// The personality's short name ("toyos", "xv6"), as the CLI and traces spell it.
        public var personalityName: String {
            switch self {
            case .toyOS: ToyOS.personalityName
            case .xv6: XV6.personalityName
            }
        }

        /// The personality's ABI data.
        public var abi: PersonalityABI {
            switch self {
            case .toyOS: ToyOS.abi
            case .xv6: XV6.abi
            }
        }
    }

    /// One PT_LOAD program header (addresses before the load bias is added).
    public struct Segment: Equatable, Sendable {
        public let vaddr: UInt64
        public let memsz: UInt64
        public let filesz: UInt64
        /// Offset of the segment's first byte in the file.
        public let offset: UInt64
        public let flags: Protection
        /// p_align (0 or a power of two).
        public let align: UInt64

        public init(vaddr: UInt64, memsz: UInt64, filesz: UInt64, offset: UInt64, flags: Protection, align: UInt64) {
            self.vaddr = vaddr
            self.memsz = memsz
            self.filesz = filesz
            self.offset = offset
            self.flags = flags
            self.align = align
        }

        /// One past the last byte of the segment in memory (never overflows: the loader checked).
        public var end: UInt64 { vaddr + memsz }
    }

    /// Where the program headers are, which the start block reports through AT_PHDR/PHENT/PHNUM.
    public struct ProgramHeaderInfo: Equatable, Sendable {
        public let fileOffset: UInt64
        public let entrySize: UInt64
        public let count: Int
        /// The unbiased address the headers occupy once loaded, when a PT_LOAD's file contents
        /// include them; nil otherwise (AT_PHDR is then 0).
        public let address: UInt64?
    }

    /// One ELF note found in a PT_NOTE segment.
    public struct Note: Equatable, Sendable {
        public let owner: String
        public let type: UInt32
        public let desc: [UInt8]
    }

    /// One entry of .symtab, kept only for crash reports and `inspect`.
    public struct Symbol: Equatable, Sendable {
        public let name: String
        public let value: UInt64
        public let size: UInt64
    }

    /// The path as given to `load(path:)`.
    public let path: String
    public let elfType: ELFType
    public let brand: Brand
    /// e_ident[EI_OSABI] as found in the file.
    public let osABI: UInt8
    /// The unbiased entry point (e_entry).
    public let entry: UInt64
    /// PT_LOAD segments in ascending address order, validated not to overlap.
    public let segments: [Segment]
    public let programHeaders: ProgramHeaderInfo
    public let notes: [Note]
    /// Function and object symbols with a nonzero address, sorted by value; empty when the file
    /// has no readable .symtab (a stripped or section-less file still loads).
    public let symbols: [Symbol]
    /// The whole file. Segment contents are copied from here (see `MappingPlan.Copy.sourceOffset`).
    public let bytes: [UInt8]
    /// An ELF32 file (xv6's i386 flavour): its code runs in 32-bit compatibility mode.
    public let is32Bit: Bool

    /// Loads and validates the executable at `path` (open/fstat/read, then libelf).
    ///
    /// Throws a one-line `LoadError` naming the problem; its `exitStatus` is 127 when the file does
    /// not exist and 126 otherwise.
    /// With `forExecution`, the file must also pass execve(2)'s permission check (an execute bit
    /// for the caller, not on a noexec mount), as `burrow run` needs and `burrow inspect` does not.
    /// `personality` forces one (`--personality`); nil recognises it (Recognition.swift).
    public static func load(path: String, forExecution: Bool = false, personality: String? = nil) throws(LoadError) -> GuestImage {
        let bytes = try FileReader.readWholeFile(path: path, forExecution: forExecution)
        return try GuestImage(bytes: bytes, path: path, personality: personality)
    }

    /// Validates an executable already in memory; `path` is used only in messages and reports.
    public init(bytes: [UInt8], path: String, personality: String? = nil) throws(LoadError) {
        self = try ELFParser.parse(bytes: bytes, path: path, personality: personality)
    }

    init(path: String, elfType: ELFType, brand: Brand, osABI: UInt8, entry: UInt64, segments: [Segment],
         programHeaders: ProgramHeaderInfo, notes: [Note], symbols: [Symbol], bytes: [UInt8], is32Bit: Bool = false) {
        self.is32Bit = is32Bit
        self.path = path
        self.elfType = elfType
        self.brand = brand
        self.osABI = osABI
        self.entry = entry
        self.segments = segments
        self.programHeaders = programHeaders
        self.notes = notes
        self.symbols = symbols
        self.bytes = bytes
    }

    /// The lowest page the image touches and one past the highest, before biasing.
    public var pageSpan: (low: UInt64, high: UInt64) {
        let pageMask = UInt64(ToyOS.pageSize - 1)
        let low = segments.map(\.vaddr).min() ?? 0
        let high = segments.map(\.end).max() ?? 0
        return (low & ~pageMask, (high + pageMask) & ~pageMask)
    }

    /// The alignment a static-PIE bias must have: the page size or the largest PT_LOAD p_align.
    public var biasAlignment: UInt64 {
        max(UInt64(ToyOS.pageSize), segments.map(\.align).max() ?? 0)
    }

    /// The biases at which this image fits inside [mapLow, mapHigh) with `biasAlignment`, as a
    /// first value and a count of `biasAlignment`-spaced slots; nil if there is none (the loader
    /// refuses such images, so a loaded ET_DYN image always has one).
    var biasSlots: (first: UInt64, count: UInt64)? {
        let (low, high) = pageSpan
        let align = biasAlignment
        guard high - low <= ToyOSAddressSpace.mapHigh - ToyOSAddressSpace.mapLow else { return nil }
        // bias + low >= mapLow and bias + high <= mapHigh, bias >= 0, bias % align == 0.
        let minBias = low >= ToyOSAddressSpace.mapLow ? 0 : ToyOSAddressSpace.mapLow - low
        guard high <= ToyOSAddressSpace.mapHigh else { return nil }
        let maxBias = ToyOSAddressSpace.mapHigh - high
        let (rounded, overflow) = minBias.addingReportingOverflow(align - 1)
        guard !overflow else { return nil }
        let first = rounded / align * align
        guard first <= maxBias else { return nil }
        return (first, (maxBias - first) / align + 1)
    }

    /// Chooses a load bias: 0 for ET_EXEC; for a static-PIE, one of the `biasAlignment`-aligned
    /// biases that place the whole image inside [mapLow, mapHigh), picked by `random` (pass
    /// random bits, e.g. from getrandom; the same value always gives the same bias).
    public func chooseBias(random: UInt64) -> UInt64 {
        guard elfType == .sharedObject else { return 0 }
        guard let slots = biasSlots else {
            preconditionFailure("a loaded static-PIE always has room in the map range")
        }
        return slots.first + (random % slots.count) * biasAlignment
    }

    /// `chooseBias(random:)` with bits drawn from `generator`.
    public func chooseBias<G: RandomNumberGenerator>(using generator: inout G) -> UInt64 {
        chooseBias(random: generator.next())
    }

    /// The entry point once the image is loaded at `bias`.
    public func entryAddress(bias: UInt64) -> UInt64 { entry &+ bias }

    /// The in-memory address of the program headers at `bias`, or nil (AT_PHDR 0).
    public func programHeaderAddress(bias: UInt64) -> UInt64? { programHeaders.address.map { $0 &+ bias } }

    /// The ToyOS ABI version the image asks for (from its note); nil for xv6, which has none.
    public var abiVersion: (major: UInt32, minor: UInt32)? {
        switch brand {
        case let .toyOS(major, minor): (major, minor)
        case .xv6: nil
        }
    }

    /// The symbol containing `address` (loaded at `bias`), or else the nearest one below it, with the
    /// offset from its start: for crash reports ("fault at main+0x1c"). Nil when there are no
    /// symbols or `address` lies below every symbol.
    public func nearestSymbol(to address: UInt64, bias: UInt64) -> (symbol: Symbol, offset: UInt64)? {
        guard address >= bias else { return nil }
        let target = address - bias
        // Binary search for the last symbol whose value is <= target.
        var low = 0
        var high = symbols.count
        while low < high {
            let mid = (low + high) / 2
            if symbols[mid].value <= target { low = mid + 1 } else { high = mid }
        }
        guard low > 0 else { return nil }
        // Among symbols at the same address prefer one that has a size covering the target.
        var best = symbols[low - 1]
        var index = low - 1
        while index > 0 && symbols[index - 1].value == best.value {
            index -= 1
            if symbols[index].size > best.size { best = symbols[index] }
        }
        return (best, target - best.value)
    }
}
