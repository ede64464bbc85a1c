// The `burrow` command line: run, inspect, syscalls.
import ArgumentParser
import BurrowABI
import BurrowLoader
import BurrowSyscalls
import BurrowVMM
import CBurrowRuntime
import Glibc

/// An operational failure that ends `burrow` with a documented status (docs/architecture.md).
public struct CLIExit: Error {
    public let status: Int32
    public let message: String?
}

public struct Burrow: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "burrow",
        abstract: "Run programs built for ToyOS (or xv6) on Linux.",
        // One paragraph per line: ArgumentParser wraps them at word boundaries to the terminal.
        discussion: """
        Exit status of `burrow run`: the guest's own status; when the guest dies by a signal, burrow dies by the same signal (a shell shows 128+N); 125 when burrow itself fails (bad options, the guest cannot be set up); 126 when the program cannot be executed (no execute permission, not a ToyOS executable); 127 when it does not exist. Started as burrow-binfmt (binfmt_misc's interpreter, see `burrow binfmt`), burrow runs PROGRAM ARGV0 ARGS... as `burrow run`.
        """,
        version: "burrow \(burrowVersion) (ToyOS ABI \(ToyOS.abiMajor).\(ToyOS.abiMinor))",
        subcommands: [RunCommand.self, Inspect.self, Syscalls.self, TestCommand.self, BinfmtCommand.self]
    )

    public init() {}

    /// Entry point: parses, runs, and maps every failure to one line and a documented status.
    /// Started as `burrow-binfmt` (binfmt_misc's interpreter), the command line is the kernel's.
    public static func entry() -> Never {
        Diagnostics.setUp()
        do {
            let argv = CommandLine.arguments
            if let zero = argv.first, Binfmt.isInterpreterName(zero) {
                try Binfmt.runCommand(kernelArguments: argv).run()
            } else if argv.count > 1, argv[1] == "run", let run = RunFastParser.parse(argv.dropFirst(2)) {
                // The start of every guest: without ArgumentParser (RunFastParser.swift).
                try run.run()
            } else {
                try refuseUnknownSubcommand(argv)
                // For `run`, only up to PROGRAM: the rest is the program's (RunProgramWords.swift).
                var command = try RunProgramWords.parseAsRoot(argv)
                try command.run()
            }
            Glibc.exit(0)
        } catch let e as CLIExit {
            if let m = e.message { Diagnostics.write(m.hasSuffix("\n") ? m : m + "\n") }
            Glibc.exit(e.status)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Glibc.exit(0)
            }
            // Bad input gets one line (the usage is one --help away, the subcommand's own when
            // there is one), and status 125.
            let line = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid command line"
            Diagnostics.write("\(Diagnostics.tool): \(line) (see '\(helpCommand(CommandLine.arguments))')\n")
            Glibc.exit(BurrowExitStatus.burrowFailed)
        }
    }
}

extension Burrow {
    /// `burrow bogus --help` and `burrow help bogus` would print the top-level help and exit 0
    /// (ArgumentParser serves --help before it finds the word unknown): an unknown subcommand is
    /// an error wherever it stands, as in `burrow bogus`.
    static func refuseUnknownSubcommand(_ argv: [String]) throws {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        let word = argv.count > 2 && argv[1] == "help" ? argv[2] : argv.count > 1 ? argv[1] : nil
        guard let word, !word.hasPrefix("-"), word != "help", !names.contains(word) else { return }
        throw CLIExit(status: BurrowExitStatus.burrowFailed,
                      message: "burrow: unknown subcommand '\(word)'; the subcommands are \(names.joined(separator: ", ")) (see 'burrow --help')")
    }

    /// `burrow run --help` for an error in `burrow run ...` (and so on), else `burrow --help`.
    static func helpCommand(_ argv: [String]) -> String {
        let names = configuration.subcommands.compactMap { $0.configuration.commandName }
        if argv.count > 1, names.contains(argv[1]) { return "burrow \(argv[1]) --help" }
        if let zero = argv.first, Binfmt.isInterpreterName(zero) { return "burrow run --help" }
        return "burrow --help"
    }
}

/// What `burrow run` runs from: the options parsed by the fast parser (RunFastParser.swift) or
/// by ArgumentParser (RunCommand.swift), both driven by the one option table (RunOptionTable.swift).
struct Run: Equatable {
    var env: [String] = []
    var clearEnv = false
    var cwd: String?
    var root: String?
    var binds: [String] = []
    var noFastPath = false
    var syscallGuard: SyscallGuardMode = .scan
    var allowLinuxSyscalls = false
    var argv0: String?
    var personality: String?
    var maxProcs: UInt32 = Run.defaultMaxProcs
    var tracing = TraceCLIOptions()
    // The state a guest's exec hands to the new Burrow process (Exec.swift); not for users.
    var execFDs: String?
    var execMask: String?
    var execEnv = false
    /// xv6 across exec: TREEFD:CONSOLEIN:CONSOLEOUT:CONSOLEFDS (RunXV6.swift).
    var xv6State: String?
    var execProcs: String?
    /// Burrow's own stderr of the image before the exec (Diagnostics.adopt).
    var execDiagFD: Int32?
    /// The ToyOS (or xv6) executable.
    var program: String
    /// Arguments for the program.
    var arguments: [String] = []

    init(program: String) { self.program = program }

    func validate() throws {
        if let personality, Personalities.named(personality) == nil {
            throw ValidationError("--personality \(personality): unknown (known: \(Personalities.names.joined(separator: ", ")))")
        }
        for kv in env where kv.firstIndex(of: "=").map({ $0 == kv.startIndex }) ?? true {
            throw ValidationError("--env \(kv): expected K=V with a non-empty name K")
        }
        guard maxProcs >= 1, maxProcs <= Run.maxMaxProcs else {
            throw ValidationError("--max-procs \(maxProcs): expected a number from 1 to \(Run.maxMaxProcs)")
        }
    }

    func run() throws {
        if let execDiagFD, !Diagnostics.adopt(execDiagFD) {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --exec-diag-fd \(execDiagFD): not open")
        }
        // A relative --trace-file names a file where burrow was started: made absolute before --cwd
        // and any chdir of the guest, so that every process of the tree (forked, or continuing
        // after an exec in the guest's directory) writes beside the first, as `strace -ff -o` does
        // (found by a new-user trial: `%p` files landed in each process's working directory).
        var me = self
        if let f = tracing.traceFile, !f.hasPrefix("/") {
            let dir = FS.currentDirectory()   // "." when it cannot be named: left relative
            if dir.hasPrefix("/") {
                // A % in the directory's name is the name's, not a pattern's (%p, %%).
                let escaped = dir.split(separator: "%", omittingEmptySubsequences: false).joined(separator: "%%")
                me.tracing.traceFile = (dir == "/" ? "" : escaped) + "/" + f
            }
        }
        try me.start()
    }

    private func start() throws {
        let image: GuestImage
        // An xv6 program's exec continues here (--xv6-state): xv6 has no permission bits, so its
        // exec asked for no execute bit (ExecHooks.check) and neither does this load.
        do { image = try GuestImage.load(path: program, forExecution: xv6State == nil, personality: personality) } catch {
            throw CLIExit(status: error.exitStatus, message: error.description)
        }
        let paths: PathResolver
        do {
            if let root {
                var parsed: [PathResolver.Bind] = []
                for b in binds { parsed.append(try PathResolver.parseBind(b)) }
                paths = try PathResolver(root: root, binds: parsed, cwd: cwd)
            } else {
                guard binds.isEmpty else { throw Run.usage("--bind needs --root") }
                if let cwd, Glibc.chdir(cwd) != 0 {
                    throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --cwd \(cwd): \(String(cString: strerror(errno)))")
                }
                paths = PathResolver()
            }
        } catch let e as PathResolver.SetupError {
            // A malformed --bind is bad usage; a missing root or bind path is about the system.
            if case .badBind = e { throw Run.usage("\(e)") }
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: \(e)")
        }

        // xv6's limit is the tree's process table too: 64 processes, zombies included.
        if case .xv6 = image.brand {
            try joinProcessTable(limit: UInt32(XV6.maxProcesses))
            burrow_procs_hold_until_reaped()
        } else {
            try joinProcessTable()
        }
        // xv6 i386 linked at 0: guest memory through the segment base (XV6Segments.swift).
        let process = GuestProcess(programName: program, memory: XV6Segments.memory(for: image))
        let abi = image.brand.abi
        let rc = GuestProcess.installTraps(syscallVectors: abi.syscallVectors, hypercallVectors: abi.hypercallVectors,
                                           personalityLabel: abi.label)
        if rc != 0 {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: cannot install trap handlers: \(String(cString: strerror(rc)))")
        }
        // Bytes, exactly as given (GuestStrings.swift).
        let guestArguments = guestArgumentBytes()
        // One case per personality: each starts its own process (a third personality adds one).
        if case .xv6 = image.brand {
            try runXV6(image: image, process: process, paths: paths, arguments: guestArguments)
        }
        do {
            _ = try process.start(image: image, arguments: guestArguments, environment: guestEnvironmentBytes(),
                                  executablePath: program)
        } catch let e as SetupError {
            throw CLIExit(status: e.exitStatus, message: e.description)
        } catch let e as LoadError {
            throw CLIExit(status: e.exitStatus, message: e.description)
        }
        // The guest's own /proc/self (exe, cmdline, maps, fd/): the program, not Burrow.
        let proc = ProcSelf(executable: Run.absolute(program), arguments: guestArguments)
        proc.nameProcess(after: program)
        let files = try execFDs.map(Run.descriptorTable) ?? FileTable.inheritingStandardDescriptors()
        let personality = ToyOSPersonality(programName: program, memory: process.memory,
                                           files: files, paths: paths, proc: proc)
        personality.adoptHostSignalState()
        if let execMask {
            let parts = execMask.split(separator: ":").map { UInt64($0, radix: 16) }
            guard parts.count == 2, let blocked = parts[0], let pending = parts[1] else {
                throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: --exec-mask: expected BLOCKED:PENDING in hex")
            }
            personality.setSignalState(blocked: blocked, pending: pending)
        }
        personality.execHooks = execHooks()
        personality.observer = try tracing.makeObserver(memory: process.memory, programName: program,
                                                        personality: personality, process: process)
        personality.injector = try tracing.makeInjector()
        // Before the integrity checks: its /proc/self/mem descriptor is Burrow's own.
        if !noFastPath {
            let (fastPath, r) = FastPath.make()
            if let fastPath {
                process.fastPath = fastPath
            } else {
                Diagnostics.error("warning: the system-call fast path is off (\(String(cString: strerror(r)))); every call traps")
            }
        }
        switch IntegrityChecks.fromEnvironment(files: personality.files, memory: process.memory) {
        case .success(let checks): personality.integrity = checks
        case .failure(let e): throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: \(e.message)")
        case nil: break
        }
        startSyscallGuard(process)
        process.run(personality)
    }

    /// The raw-syscall guard for either personality (unless --allow-linux-syscalls), in the mode
    /// asked for; a kernel without Syscall User Dispatch gets a warning.
    func startSyscallGuard(_ process: GuestProcess) {
        guard !allowLinuxSyscalls else { return }
        let guardian = SyscallGuard(mode: syscallGuard.mode)
        process.syscallGuard = guardian
        let r = guardian.start(memory: process.memory)
        if r != 0 {
            Diagnostics.error("warning: this kernel lacks Syscall User Dispatch (\(String(cString: strerror(r)))); raw Linux system calls in guest code will not be caught")
        }
    }
}

extension Run {
    /// A usage error of `burrow run` (bad options, not a failing program): status 125, one line
    /// that says where the usage is.
    static func usage(_ message: String) -> CLIExit {
        CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: \(message) (see 'burrow run --help')")
    }

    /// `path` made absolute (symlinks resolved, as the kernel's /proc/self/exe shows it); the path
    /// as given when it cannot be resolved.
    static func absolute(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }
}

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Describe a foreign executable: personality, ABI, segments, notes, symbols.",
        discussion: "Exit status, as for run: 0 described; 125 a bad option; 126 the file is not an executable the personality loads (not ELF, malformed, unreadable, a directory); 127 no such file.")

    @Flag(help: "List the symbols too.")
    var symbols = false

    @Option(name: .customLong("personality"), help: ArgumentHelp("Read PROGRAM as toyos or xv6 (default: recognised).", valueName: "NAME"))
    var personality: String?

    @Argument(help: "The executable.")
    var program: String

    func run() throws {
        if let personality, Personalities.named(personality) == nil {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: unknown personality '\(personality)' (known: \(Personalities.names.joined(separator: ", ")))")
        }
        do {
            let image = try GuestImage.load(path: program, personality: personality)
            print(image.inspectReport(listSymbols: symbols), terminator: "")
        } catch {
            throw CLIExit(status: error.exitStatus, message: error.description)
        }
    }
}

struct Syscalls: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "syscalls", abstract: "Print a personality's system call table with support levels.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, markdown }

    @Option(help: "The personality: toyos or xv6.")
    var personality = "toyos"

    @Option(help: "table, json or markdown.")
    var format: Format = .table

    func run() throws {
        guard let abi = Personalities.named(personality) else {
            throw CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: unknown personality '\(personality)' (known: \(Personalities.names.joined(separator: ", ")))")
        }
        switch format {
        case .table: print(SyscallDocs.table(abi), terminator: "")
        case .json: print(SyscallDocs.json(abi), terminator: "")
        case .markdown: print(SyscallDocs.markdown(abi), terminator: "")
        }
    }
}

/// `--syscall-guard` values (SyscallGuard.Mode, which BurrowVMM keeps free of ArgumentParser).
enum SyscallGuardMode: String, ExpressibleByArgument, CaseIterable {
    case always, scan
    var mode: SyscallGuard.Mode { self == .always ? .always : .scan }
}
