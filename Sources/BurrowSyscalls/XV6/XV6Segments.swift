// xv6's i386 flavour (docs/xv6.md, "i386"): 32-bit programs in compatibility mode. One code path
// for both layouts; they differ only in the GuestMemory (its host base and limit) and in the
// selectors the vCPU enters with:
//
// - linked below 0x400000 (xv6's usual 0, where an unprivileged process cannot map page 0): an LDT
//   code and data segment pair with base 0x80000000 and a 2 GiB limit. Guest address A lives at
//   host address 0x80000000 + A; a load at or above the limit is a #GP that kills the process, as
//   xv6's kernel half does. GuestMemory translates every guest address (no raw guest pointer).
// - linked at 0x400000 or above: Linux's flat 32-bit selectors, the image at its link address,
//   [0x80000000, 4 GiB) reserved inaccessible as for x86-64.
import BurrowABI
import BurrowLoader
import BurrowVMM
import CBurrowRuntime
import Glibc

public enum XV6Segments {
    /// An i386 image confined by LDT segments with a base (linked below 0x400000).
    public static func isConfined(_ image: GuestImage) -> Bool {
        image.is32Bit && image.pageSpan.low < XV6AddressSpace.flatLow
    }

    /// The guest memory an image runs in: translated through the segment base, or flat.
    public static func memory(for image: GuestImage) -> GuestMemory {
        guard isConfined(image) else { return GuestMemory() }
        return GuestMemory(hostBase: XV6AddressSpace.segmentBase, limit: XV6AddressSpace.userTop)
    }

    /// Installs the LDT segments (confined) and puts the vCPU in compatibility mode. The LDT is
    /// the process's: fork copies it, exec starts a new Burrow that installs it again.
    public static func enter32(_ vcpu: VCPU, memory: GuestMemory) throws(SetupError) {
        if memory.hostBase != 0 {
            let pages = UInt32(memory.limit / GuestMemory.pageSize)
            let base = UInt32(memory.hostBase)
            for (index, code) in [(XV6AddressSpace.codeSegmentIndex, Int32(1)), (XV6AddressSpace.dataSegmentIndex, Int32(0))] {
                let r = burrow_ldt_set(index, base, pages, code)
                if r != 0 {
                    throw SetupError(message: "cannot install the i386 segments (modify_ldt): \(String(cString: strerror(r)))",
                                     exitStatus: BurrowExitStatus.burrowFailed)
                }
            }
            vcpu.setCompatibilityMode(code: burrow_ldt_selector(XV6AddressSpace.codeSegmentIndex),
                                      data: burrow_ldt_selector(XV6AddressSpace.dataSegmentIndex))
        } else {
            vcpu.setCompatibilityMode(code: burrow_flat32_cs(), data: burrow_flat32_ds())
        }
    }
}
