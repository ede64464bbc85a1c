// The guest's own /proc/self, as qemu-user arranges it. The guest runs inside Burrow's process, so
// the host's /proc/self describes Burrow: its executable, its command line, its memory, its
// descriptors (the ELF file is closed, but 900+ is Burrow's private stderr). For the guest,
// /proc/self and /proc/<its pid> show the guest instead:
//
//   exe        readlink: the guest program's path; open/stat: the program file
//   cmdline    the guest's argv, NUL-terminated strings (a read-only snapshot, like reading it once)
//   maps       the guest's regions (GuestMemory), in the kernel's format
//   fd/        the guest's descriptors (guest numbers); fd/N is the host descriptor behind guest N,
//              so readlink gives its target and open reopens it; Burrow's own never appear
//   cwd, root  under --root: the guest's working directory and "/"
//   comm       the program's name (set with PR_SET_NAME at start, as execve sets it)
//
// Everything else under /proc passes through to the host's /proc (under --root too: PathResolver
// binds /proc like the /dev files). A new view is a case of `Node`, a line in `node(_:)`, and its
// answers in the handlers below. Views are matched on the path as written (lexically normalised),
// as qemu-user matches them: a guest's own symlink to /proc/self/exe reaches the host's link.
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

/// What the guest's /proc/self views need to know about the guest.
public final class ProcSelf {
    /// The program as an absolute host path (what /proc/self/exe names).
    public let executable: String
    /// The guest's argv, as bytes (what /proc/self/cmdline holds).
    public let arguments: [[UInt8]]
    let pid: [UInt8]
    /// st_dev of the host's procfs, to recognise an open /proc/self/fd directory in readdir.
    let procDevice: UInt64?

    public convenience init(executable: String, arguments: [String]) {
        self.init(executable: executable, arguments: arguments.map { Array($0.utf8) })
    }

    public init(executable: String, arguments: [[UInt8]]) {
        self.executable = executable
        self.arguments = arguments
        pid = Array(String(getpid()).utf8)
        var st = Glibc.stat()
        procDevice = fstatat(AT_FDCWD, "/proc/self", &st, 0) == 0 ? UInt64(st.st_dev) : nil
    }

    /// Names the process after the program as it was started (the last component of the path,
    /// 15 bytes at most: prctl PR_SET_NAME), as execve would: /proc/self/comm, the Name: of
    /// status, ps and top show the guest, not "burrow".
    public func nameProcess(after program: String) {
        let base = program.split(separator: "/").last.map(String.init) ?? program
        let comm = Array(base.utf8.prefix(15)) + [0]
        _ = comm.withUnsafeBufferPointer { burrow_syscall6(linuxPrctl, linuxPRSetName, Int(bitPattern: $0.baseAddress), 0, 0, 0, 0) }
    }

    enum Node: Equatable {
        case exe, cmdline, maps, fdDirectory
        /// fd/N, and what follows when N is a directory ("fd/3/name").
        case fd(Int64, rest: [UInt8])
        case cwd, root
    }

    /// The view a path relative to /proc names ("self/exe", "1234/fd/3"), nil for anything else.
    static func node(_ relative: [UInt8], pid: [UInt8]) -> Node? {
        let parts = relative.split(separator: UInt8(ascii: "/"))
        guard parts.count >= 2, parts[0].elementsEqual("self".utf8) || parts[0].elementsEqual(pid) else { return nil }
        let name = String(decoding: parts[1], as: UTF8.self)
        if parts.count == 2 {
            switch name {
            case "exe": return .exe
            case "cmdline": return .cmdline
            case "maps": return .maps
            case "fd": return .fdDirectory
            case "cwd": return .cwd
            case "root": return .root
            default: return nil
            }
        }
        guard name == "fd", let n = descriptorNumber(parts[2]) else { return nil }
        var rest: [UInt8] = []
        for p in parts.dropFirst(3) { rest += [UInt8(ascii: "/")] + p }
        return .fd(n, rest: rest)
    }

    /// "0", "17": decimal without a sign or leading zeros, as procfs accepts them (else ENOENT).
    static func descriptorNumber(_ s: ArraySlice<UInt8>) -> Int64? {
        guard !s.isEmpty, s.count <= 9, s.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        if s.count > 1 && s.first == UInt8(ascii: "0") { return nil }
        return s.reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
    }

    /// /proc/self/cmdline: every argument followed by a NUL.
    func cmdline() -> [UInt8] {
        var out: [UInt8] = []
        for a in arguments { out += a + [0] }
        return out
    }

    /// /proc/self/maps in the kernel's format: "start-end perms offset dev inode   name".
    func maps(_ memory: GuestMemory) -> [UInt8] {
        var text = ""
        for r in memory.regions {
            var line = "\(Self.hex8(r.start))-\(Self.hex8(r.end)) \(r.protection)p 00000000 00:00 0"
            let name = Self.regionName(r.name, executable: executable)
            if !name.isEmpty {
                line += String(repeating: " ", count: max(1, 73 - line.count)) + name
            }
            text += line + "\n"
        }
        return Array(text.utf8)
    }

    /// The image is named by the program's absolute path (as natively); the stack keeps "[stack]";
    /// anonymous and file mappings made by the guest, and the stack guard, are unnamed.
    static func regionName(_ name: String, executable: String) -> String {
        if name == "[stack]" { return name }
        if name.hasPrefix("[") { return "" }
        return executable
    }

    static func hex8(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return s.count >= 8 ? s : String(repeating: "0", count: 8 - s.count) + s
    }
}

/// SYS_memfd_create and SYS_prctl on x86-64 (Swift's Glibc module has neither these wrappers nor
/// the numbers; prctl is variadic).
private let linuxMemfdCreate = 319
private let linuxMFDCloexec = 1
private let linuxPrctl = 157
private let linuxPRSetName = 15
/// DT_LNK and DT_DIR in a host linux_dirent64.
private let hostDTLink: UInt8 = 10, hostDTDir: UInt8 = 4

extension ToyOSPersonality {
    /// The /proc/self view a guest path names, nil for every other path.
    func procNode(_ path: [UInt8]) -> ProcSelf.Node? {
        guard let relative = paths.procRelative(path) else { return nil }
        return ProcSelf.node(relative, pid: proc.pid)
    }

    /// "/proc/self/fd/<host descriptor>" + rest: the host's own view of the descriptor behind guest
    /// descriptor `n` (ENOENT when the guest has no such descriptor, as natively).
    private func hostFDPath(_ n: Int64, _ rest: [UInt8]) throws(GuestErrno) -> [UInt8] {
        guard let h = try? files.host(n) else { throw .ENOENT }
        return Array("/proc/self/fd/\(h)".utf8) + rest
    }

    /// The host path behind a guest /proc/self/fd/N[/...] path (PathResolver.hostPathOverride),
    /// so that every path call, not only the ones below, reaches the guest's descriptor N.
    func descriptorPath(_ path: [UInt8]) throws(GuestErrno) -> [UInt8]? {
        guard case .fd(let n, let rest)? = procNode(path) else { return nil }
        return try hostFDPath(n, rest)
    }

    /// A guest path that a view forwards to another guest path (cwd, root), nil otherwise.
    private func alias(_ node: ProcSelf.Node) throws(GuestErrno) -> [UInt8]? {
        switch node {
        case .cwd where paths.isRooted: return try paths.getcwd()
        case .root where paths.isRooted: return [UInt8(ascii: "/")]
        default: return nil
        }
    }

    /// open on a view: a host descriptor, or nil to open the host's file as usual.
    func openProc(_ node: ProcSelf.Node, flags: Int32, mode: UInt32) throws(GuestErrno) -> Int32? {
        let writes = flags & O_ACCMODE != O_RDONLY || flags & O_TRUNC != 0
        switch node {
        case .exe:
            if writes {
                // The permission check first, then the running program is busy, as natively.
                if Glibc.access(proc.executable, W_OK) != 0 { throw GuestErrno(host: errno) }
                throw .ETXTBSY
            }
            return try openHost(Array(proc.executable.utf8), flags: flags, mode: mode)
        case .cmdline, .maps:
            if flags & O_DIRECTORY != 0 { throw .ENOTDIR }
            if flags & O_CREAT != 0 && flags & O_EXCL != 0 { throw .EEXIST }
            if writes { throw .EACCES }
            return try snapshot(node == .cmdline ? proc.cmdline() : proc.maps(memory), flags: flags)
        case .fd:
            return nil   // PathResolver opens the host's /proc/self/fd/<host descriptor>
        case .fdDirectory:
            return nil   // the host's directory; readdir lists the guest's descriptors instead
        case .cwd, .root:
            guard let target = try alias(node) else { return nil }
            return try paths.open(target, flags: flags, mode: mode)
        }
    }

    private func openHost(_ path: [UInt8], flags: Int32, mode: UInt32) throws(GuestErrno) -> Int32 {
        let fd = withCPath(path) { burrow_open_mode($0, flags, mode) }
        if fd < 0 { throw GuestErrno(host: errno) }
        return fd
    }

    /// A read-only descriptor on a memfd holding `bytes` (seekable, like the /proc file).
    private func snapshot(_ bytes: [UInt8], flags: Int32) throws(GuestErrno) -> Int32 {
        let rw = Int32(truncatingIfNeeded: "burrow-proc".withCString {
            burrow_syscall6(linuxMemfdCreate, Int(bitPattern: $0), linuxMFDCloexec, 0, 0, 0, 0)
        })
        if rw < 0 { throw GuestErrno(host: errno) }
        defer { close(rw) }
        burrow_own_files_begin()
        defer { burrow_own_files_end() }
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(rw, $0.baseAddress! + off, bytes.count - off) }
            if n < 0 { if errno == EINTR { continue }; throw GuestErrno(host: errno) }
            off += n
        }
        // Reopened read-only, so F_GETFL and writes behave as on the real file.
        let keep = flags & (O_NONBLOCK | O_CLOEXEC)
        return try openHost(Array("/proc/self/fd/\(rw)".utf8), flags: O_RDONLY | keep, mode: 0)
    }

    /// stat/lstat on a view: true when answered here, false to ask PathResolver (which sends
    /// fd/N to the host's descriptor).
    func statProc(_ node: ProcSelf.Node, follow: Bool, into st: inout Glibc.stat) throws(GuestErrno) -> Bool {
        var r: Int32
        switch node {
        case .exe where follow:
            r = fstatat(AT_FDCWD, proc.executable, &st, 0)
        case .cwd where follow, .root where follow:
            guard let target = try alias(node) else { return false }
            _ = try paths.withResolved(target, modifies: false) { fstatat(AT_FDCWD, $0, &st, 0) }
            return true
        default:
            return false
        }
        if r != 0 { throw GuestErrno(host: errno) }
        return true
    }

    /// What the guest's /proc/self/fd/N shows for its descriptor N (strace -y in the trace);
    /// nil when N is not open.
    public func descriptorTarget(_ guest: Int64) -> [UInt8]? {
        guard (try? files.host(guest)) != nil else { return nil }
        return (try? readlinkProc(.fd(guest, rest: []))) ?? nil
    }

    /// readlink on a view: the link's target as the guest sees it, nil to ask the host.
    func readlinkProc(_ node: ProcSelf.Node) throws(GuestErrno) -> [UInt8]? {
        switch node {
        case .exe:
            let host = Array(proc.executable.utf8)
            return paths.guestPath(forHost: host) ?? host
        case .fd(let n, let rest):
            var buf = [CChar](repeating: 0, count: 4097)
            let len = withCPath(try hostFDPath(n, rest)) { Glibc.readlink($0, &buf, buf.count - 1) }
            if len < 0 { throw GuestErrno(host: errno) }
            let target = buf[0..<len].map { UInt8(bitPattern: $0) }
            // Files inside --root are shown by their guest paths; pipes ("pipe:[…]") and files
            // outside the root as the host names them.
            guard rest.isEmpty, target.first == UInt8(ascii: "/") else { return target }
            return paths.guestPath(forHost: target) ?? target
        case .cwd, .root:
            return try alias(node)
        default:
            return nil
        }
    }

    /// access on a view: true when answered here, false to ask the host about the path.
    func accessProc(_ node: ProcSelf.Node, mode: Int32) throws(GuestErrno) -> Bool {
        let r: Int32
        switch node {
        case .exe: r = Glibc.access(proc.executable, mode)
        case .cwd, .root:
            guard let target = try alias(node) else { return false }
            _ = try paths.withResolved(target, modifies: false) { Glibc.access($0, mode) }
            return true
        default: return false
        }
        if r != 0 { throw GuestErrno(host: errno) }
        return true
    }

    /// True when host descriptor `fd` is an open /proc/self/fd (or /proc/<pid>/fd) directory.
    func isProcFDDirectory(_ fd: Int32) -> Bool {
        guard let dev = proc.procDevice else { return false }
        var st = Glibc.stat()
        guard Glibc.fstat(fd, &st) == 0, UInt64(st.st_dev) == dev, st.st_mode & S_IFMT == S_IFDIR else { return false }
        var buf = [CChar](repeating: 0, count: 64)
        let n = Glibc.readlink("/proc/self/fd/\(fd)", &buf, buf.count - 1)
        guard n > 0 else { return false }
        return buf[0..<n].map { UInt8(bitPattern: $0) } == Array("/proc/".utf8) + proc.pid + Array("/fd".utf8)
    }

    /// getdents64 on an open /proc/self/fd directory, listing the guest's descriptors instead of
    /// Burrow's: ".", "..", then each guest descriptor as a symlink. The host directory's offset
    /// is the index of the next entry, so rewinddir (lseek 0) and descriptors shared by dup work.
    func procFDDirectoryEntries(_ fd: Int32, into buf: inout [UInt8], count: Int) throws(GuestErrno) -> Int {
        let position = Int(try host { Glibc.lseek(fd, 0, SEEK_CUR) })
        var names: [(String, UInt8)] = [(".", hostDTDir), ("..", hostDTDir)]
        for n in files.openDescriptors() { names.append((String(n), hostDTLink)) }
        var out = 0, index = position
        while index < names.count {
            let name = Array(names[index].0.utf8)
            let reclen = (19 + name.count + 1 + 7) & ~7
            if out + reclen > count {
                if out == 0 { throw .EINVAL }   // not even one record fits, as getdents says
                break
            }
            func put<T: FixedWidthInteger>(_ v: T, _ at: Int) {
                withUnsafeBytes(of: v.littleEndian) { for (i, b) in $0.enumerated() { buf[out + at + i] = b } }
            }
            put(UInt64(index + 1), 0)          // d_ino: any nonzero number
            put(Int64(index + 1), 8)           // d_off: the next entry's index
            put(UInt16(reclen), 16)
            buf[out + 18] = names[index].1
            for (i, b) in name.enumerated() { buf[out + 19 + i] = b }
            for i in (19 + name.count)..<reclen { buf[out + i] = 0 }
            out += reclen
            index += 1
        }
        _ = try host { Glibc.lseek(fd, off_t(index), SEEK_SET) }
        return out
    }
}
