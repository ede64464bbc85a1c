// Memory calls: map, unmap, protect, set_tls. Guest memory is host memory at the same address;
// every change goes through GuestMemory so the region table stays the truth for pointer checks,
// and nothing the host owns can be replaced (MAP_FIXED_NOREPLACE, ranges checked first).
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

extension ToyOSPersonality {
    /// True when [start, end) lies where ToyOS programs may map (docs/abi.md, "Address space").
    static func isGuestRange(_ start: UInt64, _ end: UInt64) -> Bool {
        typealias S = ToyOSAddressSpace
        // The stack's guard page and the page above the stack top are reserved too: a mapping
        // there would turn a stack overflow into silent corruption.
        let guardLow = S.stackTop - S.stackSize - UInt64(ToyOS.pageSize)
        guard start >= S.imageLow, end <= S.stackTop, start < end else { return false }
        if start < S.stackTop - S.stackSize && end > guardLow { return false }
        return end <= S.slotTableLow || start >= S.compatWindowHigh
    }

    func map(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let hint = a[0]
        guard a[1] > 0, let length = GuestMemory.pageUp(a[1]) else { throw a[1] == 0 ? .EINVAL : .ENOMEM }
        guard let prot = Translate.protection(guest: a[2]) else { throw .EINVAL }
        let f = a[3]
        let privateBit = ToyOS.mapFlags["MAP_PRIVATE"], sharedBit = ToyOS.mapFlags["MAP_SHARED"]
        let anon = ToyOS.mapFlags["MAP_ANON"], fixed = ToyOS.mapFlags["MAP_FIXED"], noReplace = ToyOS.mapFlags["MAP_FIXED_NOREPLACE"]
        guard f & ~(privateBit | sharedBit | anon | fixed | noReplace) == 0 else { throw .EINVAL }
        guard f & fixed == 0 || f & noReplace == 0 else { throw .EINVAL }
        guard (f & privateBit != 0) != (f & sharedBit != 0) else { throw .EINVAL }
        let offset = a[5]
        var hostFD: Int32 = -1
        if f & anon == 0 {
            hostFD = try files.host(a.int(4))
            // Negative (as an i64) is EINVAL, as docs/abi.md 9.4 says (the host's mmap says EOVERFLOW).
            guard offset % GuestMemory.pageSize == 0, Int64(bitPattern: offset) >= 0 else { throw .EINVAL }
        }
        let name = f & anon != 0 ? "[map]" : "[map fd \(a.int(4))]"

        func place(_ at: UInt64) throws(GuestMemory.MapError) {
            if hostFD >= 0 {
                try memory.mapFile(at: at, length: length, protection: prot, shared: f & sharedBit != 0, fd: hostFD,
                                   offset: Int64(bitPattern: offset), name: name)
            } else {
                // LOSSY: MAP_SHARED anonymous memory is mapped private; without fork nothing can tell.
                try memory.mapAnonymous(at: at, length: length, protection: prot, name: name)
            }
        }
        func hostError(_ e: GuestMemory.MapError) -> GuestErrno {
            switch e {
            case .exists: .EEXIST
            case .noMemory: .ENOMEM
            case .invalid: .EINVAL
            case .host(let h): GuestErrno(host: h)
            }
        }

        if f & (fixed | noReplace) != 0 {
            guard hint % GuestMemory.pageSize == 0 else { throw .EINVAL }
            guard Self.isGuestRange(hint, hint &+ length) else { throw .ENOMEM }
            do {
                if f & fixed != 0 {
                    // Validated before anything is replaced: a failing map leaves the old pages.
                    try memory.mapReplacing(at: hint, length: length, protection: prot, shared: hostFD >= 0 && f & sharedBit != 0,
                                            fd: hostFD, offset: Int64(bitPattern: offset), name: name)
                } else {
                    try place(hint)
                }
            } catch {
                // MAP_FIXED colliding with memory that is not the guest's: the host owns it.
                throw f & fixed != 0 && error == .exists ? .ENOMEM : hostError(error)
            }
            return hint
        }
        let down = GuestMemory.pageDown(hint)
        if hint != 0 {
            // A hint outside guest memory is an error, not ignored: a program that mixed up host and
            // guest pointers finds out at once (docs/abi.md, section 6).
            guard Self.isGuestRange(down, down &+ length) else { throw .ENOMEM }
            if !memory.overlapsGuest(down, down + length), (try? place(down)) != nil { return down }
        }
        var low = ToyOSAddressSpace.mapLow
        for _ in 0..<64 {
            guard let at = memory.findFree(length: length, low: low, high: ToyOSAddressSpace.mapHigh) else { throw .ENOMEM }
            do {
                try place(at)
                return at
            } catch .exists {
                low = at + length   // the host has something there: look past it
            } catch {
                throw hostError(error)
            }
        }
        throw .ENOMEM
    }

    func unmap(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let addr = a[0]
        guard addr % GuestMemory.pageSize == 0, a[1] > 0, let length = GuestMemory.pageUp(a[1]) else { throw .EINVAL }
        guard Self.isGuestRange(addr, addr &+ length) else { throw .EINVAL }
        memory.unmap(addr, length)
        return 0
    }

    func protect(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let addr = a[0]
        guard addr % GuestMemory.pageSize == 0 else { throw .EINVAL }
        guard let prot = Translate.protection(guest: a[2]) else { throw .EINVAL }
        if a[1] == 0 { return 0 }
        guard let length = GuestMemory.pageUp(a[1]) else { throw .ENOMEM }
        // Outside guest memory (the stack's guard page, say: docs/abi.md 6) is ENOMEM (9.4), even
        // where the host has a page mapped.
        guard Self.isGuestRange(addr, addr &+ length) else { throw .ENOMEM }
        do { try memory.protect(addr, length, prot) } catch {
            switch error {
            case .noMemory: throw .ENOMEM
            case .host(let h): throw GuestErrno(host: h)   // e.g. EACCES: shared mapping of a read-only file
            case .exists, .invalid: throw .EINVAL
            }
        }
        return 0
    }

    /// set_tls(base): the GS base. Must be a guest address (below the host's range).
    func setTLS(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        guard a[0] < ToyOSAddressSpace.guestLimit else { throw .EINVAL }
        let r = burrow_set_gsbase(a[0])
        if r != 0 { throw GuestErrno(host: r) }
        return 0
    }
}
