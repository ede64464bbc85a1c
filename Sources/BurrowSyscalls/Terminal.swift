// Terminal calls: tcgetattr, tcsetattr, isatty, tcgetwinsize. ToyOS exposes a termios subset
// (echo, canonical mode, signals, CR/NL mapping, VMIN/VTIME); every other host setting is kept.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

extension ToyOSPersonality {
    private static func flag(_ name: String) -> UInt32 { UInt32(ToyOS.termiosFlags[name]) }

    func tcgetattr(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        var v = burrow_termios_view()
        _ = try host { burrow_tcgetattr(fd, &v) }
        var flags: UInt32 = 0
        if v.echo != 0 { flags |= Self.flag("TC_ECHO") }
        if v.icanon != 0 { flags |= Self.flag("TC_ICANON") }
        if v.isig != 0 { flags |= Self.flag("TC_ISIG") }
        if v.icrnl != 0 { flags |= Self.flag("TC_ICRNL") }
        if v.opost != 0 { flags |= Self.flag("TC_OPOST") }
        var b = [UInt8](repeating: 0, count: ToyOS.termiosLayout.size)
        withUnsafeBytes(of: flags.littleEndian) { for i in 0..<4 { b[ToyOS.termiosLayout.offset(of: "flags") + i] = $0[i] } }
        b[ToyOS.termiosLayout.offset(of: "vmin")] = v.vmin
        b[ToyOS.termiosLayout.offset(of: "vtime")] = v.vtime
        try copyOut(b, to: a[1])
        return 0
    }

    static let knownTermiosFlags = ToyOS.termiosFlags.entries.reduce(UInt64(0)) { $0 | $1.value }

    func tcsetattr(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        let when: Int32
        switch ToyTcsetattrWhen(rawValue: a[1]) {
        case .now: when = TCSANOW
        case .drain: when = TCSADRAIN
        case .flush: when = TCSAFLUSH
        case nil: throw .EINVAL
        }
        let src = try copyIn(a[2], count: ToyOS.termiosLayout.size)
        let flags = UInt32(littleEndian: src.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: ToyOS.termiosLayout.offset(of: "flags"), as: UInt32.self) })
        // docs/abi.md 9.7: an unknown flag or a reserved byte that is not 0 is EINVAL.
        let reserved = ToyOS.termiosLayout.offset(of: "reserved")
        guard UInt64(flags) & ~Self.knownTermiosFlags == 0, src[reserved] == 0, src[reserved + 1] == 0 else { throw .EINVAL }
        var v = burrow_termios_view()
        v.echo = flags & Self.flag("TC_ECHO") != 0 ? 1 : 0
        v.icanon = flags & Self.flag("TC_ICANON") != 0 ? 1 : 0
        v.isig = flags & Self.flag("TC_ISIG") != 0 ? 1 : 0
        v.icrnl = flags & Self.flag("TC_ICRNL") != 0 ? 1 : 0
        v.opost = flags & Self.flag("TC_OPOST") != 0 ? 1 : 0
        v.vmin = src[ToyOS.termiosLayout.offset(of: "vmin")]
        v.vtime = src[ToyOS.termiosLayout.offset(of: "vtime")]
        _ = try host { burrow_tcsetattr(fd, when, &v) }
        return 0
    }

    func isatty(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        if Glibc.isatty(fd) == 1 { return 1 }
        throw GuestErrno(host: errno)
    }

    func tcgetwinsize(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let fd = try files.host(a.int(0))
        var ws: (UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0)
        _ = try host { withUnsafeMutablePointer(to: &ws) { $0.withMemoryRebound(to: UInt16.self, capacity: 4) { burrow_tcgetwinsize(fd, $0) } } }
        let l = ToyOS.winsizeLayout
        var b = [UInt8](repeating: 0, count: l.size)
        for (name, v) in [("rows", ws.0), ("cols", ws.1), ("xpixel", ws.2), ("ypixel", ws.3)] {
            b[l.offset(of: name)] = UInt8(v & 0xff)
            b[l.offset(of: name) + 1] = UInt8(v >> 8)
        }
        try copyOut(b, to: a[1])
        return 0
    }
}
