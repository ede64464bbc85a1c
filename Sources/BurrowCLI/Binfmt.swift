// `burrow binfmt install|remove|status`, and `burrow-binfmt`, the interpreter binfmt_misc starts.
// Registered, a ToyOS executable runs like a native one: `./prog a b` from a shell, or any
// execve, starts Burrow on it (as qemu-binfmt-conf.sh and Debian's wine-binfmt arrange for their
// formats).
//
// The entry (name "burrow-toyos" unless --name says otherwise; no other entry is ever touched):
//   magic  the ELF header: \x7fELF, 64-bit, little-endian, version 1, EI_OSABI 0x54 (ToyOS);
//          e_type ET_EXEC or ET_DYN; e_machine x86-64
//   flags  P (preserve argv[0]): the kernel starts INTERPRETER PATH-OF-BINARY ARGV0 ARGS...;
//          with --fix-binary also F (the interpreter is opened at registration, as
//          qemu-user-static does, so containers and chroots without Burrow can run ToyOS programs)
//
// binfmt_misc passes no arguments of its own, so the mode is chosen by name: the interpreter is
// `burrow-binfmt`, a symbolic link to burrow (make install and `make build` create it; `binfmt
// install` creates it next to burrow when missing). Started under that name, burrow runs
// PATH-OF-BINARY with the guest's argv[0] = ARGV0, exactly `burrow run --argv0 ARGV0 PATH ARGS...`.
//
// Credentials: without binfmt_misc's C flag the kernel takes them from the interpreter, so the
// program runs with the caller's user and groups; set-user-ID and set-group-ID bits on a ToyOS
// executable are ignored (never honoured: Burrow is not a security boundary).
import ArgumentParser
import BurrowABI
import BurrowVMM
import CBurrowRuntime
import Glibc

enum Binfmt {
    static let interpreterName = "burrow-binfmt"
    static let defaultEntryName = "burrow-toyos"
    static let mountPoint = "/proc/sys/fs/binfmt_misc"

    /// The first 20 bytes of an ELF header and which bits of them must match.
    static let magic: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, ToyOS.elfOSABI, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0x3E, 0]
    static let mask: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF]
    static let flags = "P"

    static func isInterpreterName(_ argv0: String) -> Bool {
        // The last path component, without split's [Substring] (start-up of every `burrow run`).
        argv0.hasSuffix(interpreterName) && (argv0.utf8.count == interpreterName.utf8.count
            || argv0.utf8.dropLast(interpreterName.utf8.count).last == UInt8(ascii: "/"))
    }

    /// The command binfmt_misc's command line stands for: [interpreter, binary, argv0, args...].
    static func runCommand(kernelArguments argv: [String]) throws -> Run {
        guard argv.count >= 3 else {
            throw CLIExit(status: BurrowExitStatus.burrowFailed,
                          message: "burrow-binfmt: expected PROGRAM ARGV0 [ARGS...] as binfmt_misc passes them (flag P); to run a program yourself use 'burrow run'")
        }
        // A path the kernel was given relative to the working directory: "./" keeps it a path.
        // argv[0] and the arguments are set, not parsed: "-sh" (a login shell's argv[0]), "" or
        // "--help" are the program's values, never Burrow's options.
        let program = argv[1].hasPrefix("-") ? "./" + argv[1] : argv[1]
        var run = Run(program: program)
        run.argv0 = argv[2]
        run.arguments = Array(argv[3...])
        return run
    }

    /// The registration line written to binfmt_misc's `register`. `fixBinary` adds F: the kernel
    /// opens the interpreter now, so it also works in other mount namespaces (containers, chroots).
    static func registration(name: String, interpreter: String, fixBinary: Bool = false) -> String {
        func escaped(_ bytes: [UInt8]) -> String {
            bytes.map { "\\x" + (($0 < 16) ? "0" : "") + String($0, radix: 16) }.joined()
        }
        return ":\(name):M:0:\(escaped(magic)):\(escaped(mask)):\(interpreter):\(flags)\(fixBinary ? "F" : "")"
    }

    static func fail(_ message: String, status: Int32 = BurrowExitStatus.burrowFailed) -> CLIExit {
        CLIExit(status: status, message: "burrow: binfmt: \(message)")
    }

    static func errorText(_ e: Int32) -> String { String(cString: strerror(e)) }

    /// The kernel has binfmt_misc (built in or as a loaded module).
    static var kernelHasBinfmtMisc: Bool {
        (readFile("/proc/filesystems") ?? "").split(separator: "\n").contains { $0.hasSuffix("\tbinfmt_misc") }
    }

    /// Makes sure binfmt_misc is mounted at its usual place, mounting it when it is not.
    static func ensureMounted(mayMount: Bool) throws {
        if access(mountPoint + "/register", F_OK) == 0 { return }
        guard kernelHasBinfmtMisc else { throw fail("this kernel has no binfmt_misc") }
        guard mayMount else { throw fail("binfmt_misc is not mounted at \(mountPoint)", status: 1) }
        if mount("binfmt_misc", mountPoint, "binfmt_misc", 0, nil) != 0 {
            throw fail("binfmt_misc is not mounted at \(mountPoint) and mounting it failed: \(errorText(errno))")
        }
    }

    static func readFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { return nil }
        defer { close(fd) }
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buf, buf.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// One write(2): binfmt_misc takes each write as one command.
    static func writeControl(_ path: String, _ text: String) -> Int32 {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        if fd < 0 { return errno }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        return write(fd, bytes, bytes.count) == bytes.count ? 0 : errno
    }

    static func validName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name != "register" && name != "status" && name != "." && name != ".."
            && name.utf8.allSatisfy { c in
                (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                    || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "-") || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")
            }
    }

    /// This burrow executable, symlinks resolved.
    static func selfExecutable() -> String? {
        guard let real = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    static func realPath(_ p: String) -> String? {
        guard let real = realpath(p, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }
}

struct BinfmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "binfmt",
        abstract: "Register ToyOS executables with the kernel's binfmt_misc, so that ./prog runs under Burrow.",
        discussion: """
        The entry matches the ELF header with EI_OSABI 0x54 and has the flag P, so argv[0] reaches the program unchanged. The interpreter is burrow-binfmt, a link to burrow. Programs run with their caller's credentials; set-id bits on ToyOS programs are ignored. binfmt_misc is global to the kernel (or to a user namespace that mounted its own): install and remove need root there, and touch only the named entry. Exit status: 0; 1 when `status` finds no entry; 125 on failure.
        """,
        subcommands: [Install.self, Remove.self, Status.self]
    )

    struct Common: ParsableArguments {
        @Option(help: ArgumentHelp("The entry's name under \(Binfmt.mountPoint).", valueName: "NAME"))
        var name = Binfmt.defaultEntryName

        func validate() throws {
            guard Binfmt.validName(name) else {
                throw ValidationError("--name \(name): expected 1-64 letters, digits, '-', '_' or '.'")
            }
        }

        var entryPath: String { Binfmt.mountPoint + "/" + name }
    }

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "install", abstract: "Register (or re-register) the entry.")

        @OptionGroup var common: Common

        @Option(help: ArgumentHelp("The interpreter: an absolute path to a link to burrow named burrow-binfmt (default: next to this burrow, created when missing).", valueName: "PATH"))
        var interpreter: String?

        @Flag(name: .customLong("fix-binary"), help: "Add binfmt_misc's F flag: the kernel opens the interpreter now, so ToyOS programs also run in containers and chroots that lack it.")
        var fixBinary = false

        func run() throws {
            let interp = try resolveInterpreter()
            try Binfmt.ensureMounted(mayMount: true)
            let entry = common.entryPath
            var replaced = false
            if access(entry, F_OK) == 0 {
                let e = Binfmt.writeControl(entry, "-1")
                if e != 0 { throw Binfmt.fail("cannot remove the old entry \(common.name): \(Binfmt.errorText(e))") }
                replaced = true
            }
            let e = Binfmt.writeControl(Binfmt.mountPoint + "/register", Binfmt.registration(name: common.name, interpreter: interp, fixBinary: fixBinary))
            if e != 0 {
                let hint = e == EPERM || e == EACCES ? " (needs root)" : ""
                throw Binfmt.fail("cannot register \(common.name): \(Binfmt.errorText(e))\(hint)")
            }
            print("\(replaced ? "re-registered" : "registered") \(common.name): ToyOS executables (ELF, EI_OSABI 0x54) now run with \(interp)")
            if Binfmt.readFile(Binfmt.mountPoint + "/status")?.hasPrefix("disabled") == true {
                print("note: binfmt_misc itself is disabled (\(Binfmt.mountPoint)/status)")
            }
        }

        /// The interpreter's absolute path; it must be burrow under the name burrow-binfmt.
        func resolveInterpreter() throws -> String {
            guard let me = Binfmt.selfExecutable() else { throw Binfmt.fail("cannot find this burrow executable (/proc/self/exe)") }
            if let given = interpreter {
                guard given.hasPrefix("/") else { throw Binfmt.fail("--interpreter \(given): expected an absolute path") }
                guard Binfmt.isInterpreterName(given) else {
                    throw Binfmt.fail("--interpreter \(given): must be named \(Binfmt.interpreterName) (burrow chooses its mode by that name)")
                }
                guard !given.contains(":") else { throw Binfmt.fail("--interpreter \(given): binfmt_misc cannot take a path with ':'") }
                guard Binfmt.realPath(given) != nil else { throw Binfmt.fail("--interpreter \(given): \(Binfmt.errorText(errno))") }
                return given
            }
            let dir = String(me[..<me.lastIndex(of: "/")!])
            let link = (dir.isEmpty ? "" : dir) + "/" + Binfmt.interpreterName
            guard !link.contains(":") else { throw Binfmt.fail("\(link): binfmt_misc cannot take a path with ':'; use --interpreter") }
            if let target = Binfmt.realPath(link) {
                guard target == me else { throw Binfmt.fail("\(link) exists and is not this burrow (\(me))") }
                return link
            }
            // Created atomically (a link under a temporary name, renamed), so two installs can race.
            let base = String(me[me.index(after: me.lastIndex(of: "/")!)...])
            let tmp = "\(link).\(getpid()).tmp"
            unlink(tmp)
            guard symlink(base, tmp) == 0, rename(tmp, link) == 0 else {
                let e = errno
                unlink(tmp)
                throw Binfmt.fail("cannot create \(link): \(Binfmt.errorText(e))")
            }
            return link
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove the entry (nothing else).")

        @OptionGroup var common: Common

        func run() throws {
            let entry = common.entryPath
            guard access(entry, F_OK) == 0 else {
                let mounted = access(Binfmt.mountPoint + "/register", F_OK) == 0
                print("\(common.name) is not registered\(mounted ? "" : " (binfmt_misc is not mounted)")")
                return
            }
            let e = Binfmt.writeControl(entry, "-1")
            if e != 0 {
                let hint = e == EPERM || e == EACCES ? " (needs root)" : ""
                throw Binfmt.fail("cannot remove \(common.name): \(Binfmt.errorText(e))\(hint)")
            }
            print("removed \(common.name)")
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show the entry: 0 when registered, 1 when not.")

        @OptionGroup var common: Common

        func run() throws {
            try Binfmt.ensureMounted(mayMount: false)
            guard let text = Binfmt.readFile(common.entryPath) else {
                print("\(common.name): not registered")
                throw CLIExit(status: 1, message: nil)
            }
            let lines = text.split(separator: "\n").map(String.init)
            let enabled = lines.first == "enabled"
            let interp = lines.first { $0.hasPrefix("interpreter ") }.map { String($0.dropFirst(12)) } ?? "?"
            let flags = lines.first { $0.hasPrefix("flags: ") }.map { String($0.dropFirst(7)) } ?? ""
            var line = "\(common.name): \(enabled ? "enabled" : "disabled"), interpreter \(interp), flags \(flags.isEmpty ? "none" : flags)"
            if Binfmt.realPath(interp) == nil { line += " (the interpreter is missing)" }
            if Binfmt.readFile(Binfmt.mountPoint + "/status")?.hasPrefix("disabled") == true { line += "; binfmt_misc is disabled" }
            print(line)
        }
    }
}
