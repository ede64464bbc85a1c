// Time, randomness and system information: clock_gettime, nanosleep, getrandom, sysinfo.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

public let burrowVersion = "0.1.0"

extension ToyOSPersonality {
    func clockGettime(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        guard let clock = Translate.clock[a[0]] else { throw .EINVAL }
        var ts = timespec()
        _ = try host { clock_gettime(clock, &ts) }
        try store(UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec), a[1])
        return 0
    }

    /// nanosleep(ns, remaining): sleeps on CLOCK_MONOTONIC until an absolute deadline, so a signal
    /// the guest ignores resumes the sleep for exactly what is left; interrupted (EINTR, with the
    /// time left in `remaining`) only by a signal the run loop must act on.
    func nanosleep(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let ns = a[0]
        guard ns < 1 << 63 else { throw .EINVAL }
        if a[1] != 0, !memory.check(a[1], 8, .write) { throw .EFAULT }
        let deadline = resumedDeadline(.nanosleep) ?? burrow_clock_ns(CLOCK_MONOTONIC) &+ ns
        signals.lastDeadline = deadline
        do {
            _ = try blocking { burrow_blocking_sleep_until(CLOCK_MONOTONIC, deadline) }
        } catch .EINTR {
            if a[1] != 0 {
                let now = burrow_clock_ns(CLOCK_MONOTONIC)
                try store(now >= deadline ? 0 : deadline - now, a[1])
            }
            throw .EINTR
        }
        return 0
    }

    func getrandom(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        let nonblock = Guest.GRND_NONBLOCK
        guard a[2] & ~nonblock == 0 else { throw .EINVAL }
        let n = min(a.size(1), 33_554_431)
        let out = try kernelWritable(a[0], n)
        let flags: UInt32 = a[2] & nonblock != 0 ? UInt32(BURROW_GRND_NONBLOCK) : 0
        return UInt64(try host { burrow_getrandom(out.baseAddress, n, flags) })
    }

    /// sysinfo(struct toy_utsname *): ToyOS's names; the node name is the host's.
    func sysinfo(_ a: SyscallArgs) throws(GuestErrno) -> UInt64 {
        var u = utsname()
        Glibc.uname(&u)
        let node = withUnsafeBytes(of: &u.nodename) { Array($0.prefix { $0 != 0 }) }
        var b = [UInt8](repeating: 0, count: ToyOS.utsnameLayout.size)
        func put(_ field: String, _ value: [UInt8]) {
            let f = ToyOS.utsnameLayout.fields.first { $0.name == field }!
            for (i, x) in value.prefix(f.count - 1).enumerated() { b[f.offset + i] = x }
        }
        put("sysname", Array("ToyOS".utf8))
        put("nodename", node)
        put("release", Array("\(ToyOS.abiMajor).\(ToyOS.abiMinor)".utf8))
        put("version", Array("Burrow \(burrowVersion)".utf8))
        put("machine", Array("x86_64".utf8))
        try copyOut(b, to: a[0])
        return 0
    }
}
