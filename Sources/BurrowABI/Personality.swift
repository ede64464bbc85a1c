// A personality as data: what every room outside the handlers needs to know about one guest ABI
// (FreeBSD's `sysentvec` in Swift form). The loader's brand test, the handlers and the start-up
// code live in their own rooms and are found by `name`; everything that describes the ABI is here,
// so `burrow syscalls`, the docs, the tracer and the trap handler's vector table all read one value.

/// How a personality's system calls hand back their result.
public enum ResultConvention: Sendable {
    /// ToyOS: rax = value or errno, rdx = 1 on error, CF mirrors rdx (docs/abi.md §3.3).
    case valueAndErrorFlag
    /// xv6: a C int sign-extended into rax; -1 is every error (there is no errno). Every other
    /// register is preserved.
    case signExtendedInt
}

/// One table row without its call enum: what the docs, `burrow syscalls` and the tracer read.
public struct CallRowInfo: Sendable {
    public let number: UInt32
    public let name: String
    public let args: [SyscallArg]
    public let returns: ReturnKind
    public let classes: [SyscallClass]
    public let support: SupportLevel
    /// One line for docs and `burrow syscalls`.
    public let summary: String
    /// The guest errno names this call documents (docs/abi.md, the conformance suite).
    public let errors: [String]
}

extension CallRowInfo {
    // In an extension, so that CallRowInfo keeps the implicit memberwise initializer SyscallRow uses.
    public init<Call>(_ row: SyscallRow<Call>) { self = row.info }
}

/// The address-space facts of a personality that the loader, the VMM and docs share.
public struct AddressSpaceLayout: Sendable {
    /// ET_EXEC segments must lie in [imageLow, imageHigh).
    public let imageLow: UInt64
    public let imageHigh: UInt64
    /// Whether a PT_LOAD whose file offset is not congruent to its address modulo the page size
    /// is loaded (copied into anonymous memory) rather than refused.
    public let copiesIncongruentSegments: Bool
}

public struct PersonalityABI: Sendable {
    /// The short name the command line and traces use ("toyos", "xv6").
    public let name: String
    /// The name in prose ("ToyOS", "xv6").
    public let label: String
    /// The version or flavour ("1.1" for ToyOS's ABI, "x86-64" for xv6), and how the docs name
    /// the whole ("ToyOS ABI 1.1", "xv6 (x86-64)").
    public let version: String
    public let title: String
    /// `int N` vectors that are this personality's system calls, and its hypercalls (the trap
    /// handler's table).
    public let syscallVectors: [UInt8]
    public let hypercallVectors: [UInt8]
    /// The registers that carry arguments, in order (documentation and the tracer).
    public let argumentRegisters: [String]
    public let results: ResultConvention
    /// The one table, type-erased (the personality's own file keeps the typed rows).
    public let rows: [CallRowInfo]
    /// The constant sets the table's flag and enumeration arguments name (the tracer's).
    public let constantSets: [ConstantSet]
    public let layout: AddressSpaceLayout
    /// The structures the table names, for the generated docs.
    public let structLayouts: [StructLayout]
    /// Where the generated table lives (`burrow-gen` writes it).
    public let docsPath: String
    /// One paragraph for the generated docs: the trap, the registers, the result.
    public let convention: String

    public init(name: String, label: String, version: String, title: String, syscallVectors: [UInt8], hypercallVectors: [UInt8] = [], argumentRegisters: [String],
                results: ResultConvention, rows: [CallRowInfo], constantSets: [ConstantSet],
                layout: AddressSpaceLayout, structLayouts: [StructLayout], docsPath: String, convention: String) {
        self.name = name
        self.label = label
        self.version = version
        self.title = title
        self.syscallVectors = syscallVectors
        self.hypercallVectors = hypercallVectors
        self.argumentRegisters = argumentRegisters
        self.results = results
        self.rows = rows
        self.constantSets = constantSets
        self.layout = layout
        self.structLayouts = structLayouts
        self.docsPath = docsPath
        self.convention = convention
    }
}

/// Every personality Burrow knows, in the order automatic recognition tries them. Adding one is
/// one line here (and one in the loader's and the front end's registries): docs/architecture.md,
/// "Adding a personality".
public enum Personalities {
    public static let all: [PersonalityABI] = [ToyOS.abi, XV6.abi]

    public static func named(_ name: String) -> PersonalityABI? { all.first { $0.name == name } }

    public static var names: [String] { all.map(\.name) }
}

extension ToyOS {
    public static let abi = PersonalityABI(
        name: personalityName, label: "ToyOS", version: "\(abiMajor).\(abiMinor)", title: "ToyOS ABI \(abiMajor).\(abiMinor)",
        syscallVectors: [syscallVector], hypercallVectors: [hypercallVector],
        argumentRegisters: ["rdi", "rsi", "rdx", "rcx", "r8", "r9"], results: .valueAndErrorFlag,
        rows: table.map(CallRowInfo.init), constantSets: constantSets,
        layout: AddressSpaceLayout(imageLow: ToyOSAddressSpace.imageLow, imageHigh: ToyOSAddressSpace.imageHigh,
                                   copiesIncongruentSegments: false),
        structLayouts: structLayouts, docsPath: "docs/syscalls.md",
        convention: "Trap: `int 0x81`, number in `eax`; see [abi.md](abi.md) for the calling convention, structures and every errno case.")
}
