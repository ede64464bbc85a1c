// Invariants of the ToyOS system call table and its constant sets: the one source of truth that
// dispatch, the tracer, the docs and the SDK are derived from.

import Testing
import BurrowABI

@Suite struct TableInvariantTests {
    @Test func numbersAreUnique() {
        var seen: [UInt32: String] = [:]
        for row in ToyOS.table {
            #expect(seen[row.number] == nil, "number \(row.number) used by \(seen[row.number] ?? "") and \(row.name)")
            seen[row.number] = row.name
        }
        #expect(seen.count == ToyOS.table.count)
    }

    @Test func namesAreUnique() {
        let names = ToyOS.table.map(\.name)
        #expect(Set(names).count == names.count, "duplicate names in \(names)")
        for name in names {
            #expect(!name.isEmpty)
            // Names become C identifiers (TOY_SYS_<name>, toy_sys_<name>).
            #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(name) is not a C identifier")
        }
    }

    @Test func callEnumMatchesTableRowsInOrder() {
        #expect(ToyOS.table.map(\.call) == ToyCall.allCases)
        for row in ToyOS.table {
            #expect(row.number == row.call.rawValue, "\(row.name): number \(row.number) vs raw value \(row.call.rawValue)")
        }
        let numbers = ToyOS.table.map(\.number)
        #expect(numbers == numbers.sorted(), "the table is documented to be in number order")
        #expect(ToyOS.table.count == 62)
    }

    @Test func rowLookup() {
        #expect(ToyOS.row(number: 16)?.name == "open")
        #expect(ToyOS.row(number: 1)?.call == .exit)
        #expect(ToyOS.row(number: 117)?.call == .tcsetpgrp)
        #expect(ToyOS.row(number: 0) == nil)
        #expect(ToyOS.row(number: 12)?.call == .setsid)
        #expect(ToyOS.row(number: 13) == nil)
        #expect(ToyOS.row(number: 118) == nil)
        #expect(ToyOS.row(number: UInt64(UInt32.max) + 16) == nil, "high bits must not alias a small number")
        #expect(ToyOS.row(number: UInt64.max) == nil)
        for call in ToyCall.allCases {
            #expect(ToyOS.row(call).call == call)
            #expect(ToyOS.row(number: UInt64(call.rawValue))?.call == call)
        }
    }

    @Test func everyDocumentedErrorIsAToyOSErrno() {
        for row in ToyOS.table {
            #expect(Set(row.errors).count == row.errors.count, "\(row.name) lists an errno twice: \(row.errors)")
            for e in row.errors {
                #expect(ToyOS.errno.entry(named: e) != nil, "\(row.name) documents \(e), which ToyOS does not define")
            }
        }
    }

    @Test func classesAreNonEmptyAndUnique() {
        for row in ToyOS.table {
            #expect(!row.classes.isEmpty, "\(row.name) has no class")
            #expect(Set(row.classes).count == row.classes.count, "\(row.name) repeats a class")
        }
        // Every class is used by some row.
        for c in SyscallClass.allCases {
            #expect(ToyOS.table.contains { $0.classes.contains(c) }, "class \(c) is unused")
        }
    }

    private static func lengthSources(_ kind: ArgKind) -> [LengthSource] {
        switch kind {
        case .bufferIn(let l), .bufferOut(let l), .recordsOut(_, let l): [l]
        case .structIn(_, let c), .structInOut(_, let c): c.map { [$0] } ?? []
        default: []
        }
    }

    @Test func lengthSourcesReferToExistingSizeArguments() {
        for row in ToyOS.table {
            for (index, arg) in row.args.enumerated() {
                for source in Self.lengthSources(arg.kind) {
                    switch source {
                    case .argument(let n):
                        #expect(n >= 0 && n < row.args.count, "\(row.name).\(arg.name): length from argument \(n) of \(row.args.count)")
                        #expect(n != index, "\(row.name).\(arg.name) takes its length from itself")
                        if n >= 0 && n < row.args.count {
                            let k = row.args[n].kind
                            #expect(k == .size || k == .uint, "\(row.name).\(arg.name): length argument \(row.args[n].name) is \(k)")
                        }
                    case .returnValue:
                        #expect(row.returns == .size, "\(row.name).\(arg.name): length from the return value, but the call returns \(row.returns)")
                    case .fixed(let n):
                        #expect(n > 0, "\(row.name).\(arg.name): fixed length \(n)")
                    }
                }
            }
        }
    }

    @Test func bufferOutWithReturnValueOnlyOnSizeReturningCalls() {
        var users: [String] = []
        for row in ToyOS.table {
            for arg in row.args {
                var fromResult = false
                if case .bufferOut(.returnValue) = arg.kind { fromResult = true }
                if case .recordsOut(_, .returnValue) = arg.kind { fromResult = true }
                if case .pathOut(.returnValue) = arg.kind { fromResult = true }
                if fromResult {
                    users.append(row.name)
                    #expect(row.returns == .size, "\(row.name).\(arg.name)")
                    // The byte count the guest passes must exist as an argument too.
                    #expect(row.args.contains { $0.kind == .size }, "\(row.name) has no count argument")
                }
            }
        }
        #expect(users == ["read", "pread", "readdir", "readlink", "getcwd", "getrandom"])
    }

    @Test func argumentCountsFitTheCallingConvention() {
        for row in ToyOS.table {
            #expect(row.args.count <= 6, "\(row.name) has \(row.args.count) arguments")
            #expect(Set(row.args.map(\.name)).count == row.args.count, "\(row.name) repeats an argument name")
            #expect(!row.summary.isEmpty, "\(row.name) has no summary")
        }
    }

    @Test func constantSetsReferencedByArgumentsExist() {
        let ids = Set(ToyOS.constantSets.map(\.id))
        for row in ToyOS.table {
            for arg in row.args {
                switch arg.kind {
                case .flags(let id), .enumeration(let id):
                    #expect(ids.contains(id), "\(row.name).\(arg.name) uses \(id)")
                default: break
                }
            }
        }
    }

    @Test func unimplementedRowsHaveANote() {
        for row in ToyOS.table {
            switch row.support {
            case .full: #expect(row.support.note == nil)
            case .partial(let n), .unimplemented(let n): #expect(!n.isEmpty, "\(row.name)")
            }
        }
        #expect(ToyOS.row(.open).support == .full)
        #expect(ToyOS.row(.exec).support.name == "partial")
    }
}

@Suite struct ConstantSetInvariantTests {
    @Test func oneSetPerID() {
        #expect(ToyOS.constantSets.count == ConstantSetID.allCases.count)
        #expect(Set(ToyOS.constantSets.map(\.id)) == Set(ConstantSetID.allCases))
        for id in ConstantSetID.allCases {
            #expect(ToyOS.constants(id).id == id)
        }
    }

    @Test func namesAndValuesAreUniqueWithinASet() {
        for set in ToyOS.constantSets {
            let names = set.entries.map(\.name)
            #expect(Set(names).count == names.count, "\(set.id): duplicate names")
            let values = set.entries.map(\.value)
            #expect(Set(values).count == values.count, "\(set.id): duplicate values \(values)")
        }
    }

    @Test func bitSetsHoldSingleBits() {
        for set in ToyOS.constantSets where set.kind == .bits {
            for e in set.entries where e.value != 0 {
                // The open access mode is a two-bit field (O_RDWR = 3), not independent bits.
                if set.id == .openFlags && e.value & ToyOS.openAccessModeMask == e.value { continue }
                #expect(e.value & (e.value - 1) == 0, "\(set.id).\(e.name) = \(e.value) is not a single bit")
            }
        }
        for name in ["O_RDONLY", "O_WRONLY", "O_RDWR"] {
            let v = ToyOS.openFlags[name]
            #expect(v != 0 && v & ~ToyOS.openAccessModeMask == 0, "\(name) must be a non-zero value of the access-mode field")
        }
    }

    @Test func errnoValuesAreNonZeroAndDescribed() {
        for e in ToyOS.errno.entries {
            #expect(e.value != 0, "\(e.name) is 0, which means success")
            #expect(e.name.hasPrefix("E"))
            #expect(!e.text.isEmpty, "\(e.name) has no message")
        }
        for e in ToyOS.signal.entries {
            #expect(e.value != 0)
            #expect(e.name.hasPrefix("SIG"))
            #expect(!e.text.isEmpty, "\(e.name) has no description")
        }
    }

    @Test func fileTypesLieInTheirMask() {
        for e in ToyOS.fileType.entries {
            #expect(e.value & ~ToyOS.fileTypeMask == 0, "\(e.name)")
            #expect(e.value & 0o7777 == 0, "\(e.name) overlaps the permission bits")
        }
    }

    @Test func lookups() {
        #expect(ToyOS.errno.name(of: 22) == "ENOENT")
        #expect(ToyOS.errno.name(of: 0) == nil)
        #expect(ToyOS.errno.entry(named: "ENOENT")?.value == 22)
        #expect(ToyOS.errno.entry(named: "EWOULDBLOCK") == nil)
        #expect(ToyOS.signal["SIGKILL"] == 3)
        #expect(ToyOS.openFlags["O_CLOEXEC"] == 0x800)
    }

    @Test func scalarsAreUnique() {
        let names = ToyOS.scalars.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(ToyOS.scalars.first { $0.name == "PAGE_SIZE" }?.value == 4096)
        #expect(ToyOS.scalars.first { $0.name == "ELF_OSABI" }?.value == 0x54)
    }

    @Test func addressSpaceIsOrdered() {
        typealias A = ToyOSAddressSpace
        #expect(A.imageLow < A.defaultImageBase && A.defaultImageBase < A.imageHigh)
        #expect(A.imageHigh <= A.slotTableLow && A.slotTableHigh <= A.compatWindowLow)
        #expect(A.compatWindowHigh <= A.mapLow && A.mapLow < A.mapHigh)
        #expect(A.mapHigh <= A.stackTop - A.stackSize - UInt64(ToyOS.pageSize), "guard page below the stack")
        #expect(A.stackTop < A.guestLimit)
        for a in [A.imageLow, A.imageHigh, A.defaultImageBase, A.mapLow, A.mapHigh, A.stackTop, A.stackSize, A.guestLimit] {
            #expect(a % UInt64(ToyOS.pageSize) == 0)
        }
    }
}

@Suite struct GuestErrnoTests {
    @Test func namesAndMessages() {
        #expect(GuestErrno.ENOENT.value == 22)
        #expect(GuestErrno.ENOENT.name == "ENOENT")
        #expect(GuestErrno.ENOENT.message == "No such file or directory")
        #expect(GuestErrno.ENOENT.description == "ENOENT")
        #expect(GuestErrno.EAGAIN.message == "Resource temporarily unavailable")
        #expect(GuestErrno("EROFS").value == 36)
        #expect(GuestErrno(value: 999).name == "E?999")
        #expect(GuestErrno(value: 999).message == "Unknown error 999")
        #expect(GuestErrno(value: 0).name == "E?0")
    }

    @Test func everyEntryRoundTrips() {
        for e in ToyOS.errno.entries {
            let g = GuestErrno(e.name)
            #expect(UInt64(g.value) == e.value)
            #expect(g.name == e.name)
            #expect(g.message == e.text)
            #expect(GuestErrno(value: g.value) == g)
        }
    }

    @Test func staticConstantsMatchTheTable() {
        let statics: [(GuestErrno, String)] = [
            (.E2BIG, "E2BIG"), (.EACCES, "EACCES"), (.EAGAIN, "EAGAIN"), (.EBADF, "EBADF"), (.EBUSY, "EBUSY"),
            (.ECHILD, "ECHILD"), (.EEXIST, "EEXIST"), (.EFAULT, "EFAULT"), (.EFBIG, "EFBIG"), (.EINTR, "EINTR"),
            (.EINVAL, "EINVAL"), (.EIO, "EIO"), (.EISDIR, "EISDIR"), (.ELOOP, "ELOOP"), (.EMFILE, "EMFILE"),
            (.ENAMETOOLONG, "ENAMETOOLONG"), (.ENODEV, "ENODEV"), (.ENOENT, "ENOENT"), (.ENOMEM, "ENOMEM"),
            (.ENOSYS, "ENOSYS"), (.ENOTDIR, "ENOTDIR"), (.ENOTEMPTY, "ENOTEMPTY"), (.ENOTTY, "ENOTTY"),
            (.EPERM, "EPERM"), (.ERANGE, "ERANGE"), (.ESPIPE, "ESPIPE"), (.EXDEV, "EXDEV"),
            (.EOVERFLOW, "EOVERFLOW"), (.ENOTSUP, "ENOTSUP"),
        ]
        for (g, name) in statics {
            #expect(UInt64(g.value) == ToyOS.errno[name], "\(name)")
            #expect(g.name == name)
        }
    }
}

/// docs/abi.md §3.2: what the dispatcher reads of each argument register, for every argument of
/// every row (the dispatcher decodes with `ArgKind.decode`, the header's prototypes use the width).
@Suite struct ArgumentWidthTests {
    @Test func everyArgumentOfEveryRowDecodesByItsKind() {
        let register: UInt64 = 0x5A5A_5A5A_8000_0003
        for row in ToyOS.table {
            for arg in row.args {
                let v = arg.kind.decode(register)
                switch arg.kind {
                case .int, .fd, .pid, .enumeration:
                    #expect(v == 0xFFFF_FFFF_8000_0003, "\(row.name).\(arg.name): sign-extended low half")
                case .flags, .mode:
                    #expect(v == 0x8000_0003, "\(row.name).\(arg.name): zero-extended low half")
                default:
                    #expect(v == register, "\(row.name).\(arg.name): all 64 bits")
                }
            }
        }
    }

    @Test func fcntlsArgumentIsWhole() {
        let arg = ToyOS.row(.fcntl).args[2]
        #expect(arg.kind.width == .full64)
        #expect(arg.kind.decode(0x1_0000_0003) == 0x1_0000_0003)
    }

    @Test func typedEnumerationsGiveTheirConstantSets() {
        #expect(ToyOS.fcntlCommand.entries.map(\.name) == ToyFcntlCommand.allCases.map(\.abiName))
        #expect(ToyOS.fcntlCommand["F_DUPFD"] == ToyFcntlCommand.dupfd.rawValue)
        #expect(ToyOS.tcsetattrWhen["TCSAFLUSH"] == ToyTcsetattrWhen.flush.rawValue)
    }
}
