// `burrow run` as ArgumentParser sees it: its help, its errors, and every command line the fast
// parser (RunFastParser.swift) leaves to it. Names, help and parsing strategies come from the one
// option table (RunOptionTable.swift); defaults from the plain `Run` and `TraceCLIOptions` the
// result is copied into. Declaring an option here without its row (or the reverse) fails
// Tests/BurrowCLITests/RunOptionTableTests.swift.
import ArgumentParser
import BurrowTrace

struct RunCommand: ParsableCommand {
    // Explicit command names: deriving them from type names costs milliseconds of start-up.
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a ToyOS or xv6 program. Options come before PROGRAM; everything after it is the program's.",
        discussion: """
        PROGRAM is a host path (as with qemu-user), also when --root is given. The guest sees the host's environment except PATH, which defaults to ToyOS program directories: /bin under --root, otherwise the directory holding PROGRAM (absolute). PROGRAM needs its execute bit, as for execve. The guest sees itself in /proc/self (exe, cmdline, fd/, maps); other /proc files are the host's, also under --root. --root is path translation for compatibility, not a security boundary (see docs/architecture.md).

        Tracing works like strace (docs/tracing.md): --trace is strace -f to stderr, --trace-filter is -e trace=, --summary is -c, --trace-strlen is -s, --trace-fd-paths is -y, --trace-stack is -k, --inject is -e inject=.
        """
    )

    static let defaults = Run(program: "")

    @Option(name: RunOption.env.name, help: RunOption.env.help)
    var env: [String] = defaults.env

    @Flag(name: RunOption.clearEnv.name, help: RunOption.clearEnv.help)
    var clearEnv = defaults.clearEnv

    @Option(name: RunOption.cwd.name, parsing: RunOption.cwd.parsing, help: RunOption.cwd.help)
    var cwd: String?

    @Option(name: RunOption.root.name, parsing: RunOption.root.parsing, help: RunOption.root.help)
    var root: String?

    @Option(name: RunOption.bind.name, help: RunOption.bind.help)
    var binds: [String] = defaults.binds

    @Flag(name: RunOption.noFastPath.name, help: RunOption.noFastPath.help)
    var noFastPath = defaults.noFastPath

    @Option(name: RunOption.syscallGuard.name, parsing: RunOption.syscallGuard.parsing, help: RunOption.syscallGuard.help)
    var syscallGuard: SyscallGuardMode = defaults.syscallGuard

    @Flag(name: RunOption.allowLinuxSyscalls.name, help: RunOption.allowLinuxSyscalls.help)
    var allowLinuxSyscalls = defaults.allowLinuxSyscalls

    @Option(name: RunOption.argv0.name, parsing: RunOption.argv0.parsing, help: RunOption.argv0.help)
    var argv0: String?

    @Option(name: RunOption.personality.name, parsing: RunOption.personality.parsing, help: RunOption.personality.help)
    var personality: String?

    @Option(name: RunOption.maxProcs.name, parsing: RunOption.maxProcs.parsing, help: RunOption.maxProcs.help)
    var maxProcs: UInt32 = defaults.maxProcs

    // ArgumentParser upper-cases group titles: a path there would read DOCS/TRACING.MD.
    @OptionGroup(title: "Tracing and fault injection")
    var tracing: TraceArguments

    @Option(name: RunOption.execFDs.name, parsing: RunOption.execFDs.parsing, help: RunOption.execFDs.help)
    var execFDs: String?

    @Option(name: RunOption.execMask.name, parsing: RunOption.execMask.parsing, help: RunOption.execMask.help)
    var execMask: String?

    @Flag(name: RunOption.execEnv.name, help: RunOption.execEnv.help)
    var execEnv = defaults.execEnv

    @Option(name: RunOption.xv6State.name, parsing: RunOption.xv6State.parsing, help: RunOption.xv6State.help)
    var xv6State: String?

    @Option(name: RunOption.execProcs.name, parsing: RunOption.execProcs.parsing, help: RunOption.execProcs.help)
    var execProcs: String?

    @Option(name: RunOption.execDiagFD.name, parsing: RunOption.execDiagFD.parsing, help: RunOption.execDiagFD.help)
    var execDiagFD: Int32?

    @Argument(help: "The ToyOS (or xv6) executable.")
    var program: String

    @Argument(parsing: .captureForPassthrough, help: "Arguments for the program.")
    var arguments: [String] = []

    /// What was parsed, as the plain value `burrow run` runs from.
    var options: Run {
        var r = Run(program: program)
        r.env = env
        r.clearEnv = clearEnv
        r.cwd = cwd
        r.root = root
        r.binds = binds
        r.noFastPath = noFastPath
        r.syscallGuard = syscallGuard
        r.allowLinuxSyscalls = allowLinuxSyscalls
        r.argv0 = argv0
        r.personality = personality
        r.maxProcs = maxProcs
        r.tracing = tracing.options
        r.execFDs = execFDs
        r.execMask = execMask
        r.execEnv = execEnv
        r.xv6State = xv6State
        r.execProcs = execProcs
        r.execDiagFD = execDiagFD
        r.arguments = arguments
        return r
    }

    func validate() throws { try options.validate() }

    func run() throws { try options.run() }
}

extension TraceFormat: ExpressibleByArgument {}

struct TraceArguments: ParsableArguments {
    static let defaults = TraceCLIOptions()

    @Flag(name: RunOption.trace.name, help: RunOption.trace.help)
    var trace = defaults.trace

    @Option(name: RunOption.traceFile.name, parsing: RunOption.traceFile.parsing, help: RunOption.traceFile.help)
    var traceFile: String?

    @Option(name: RunOption.traceFormat.name, parsing: RunOption.traceFormat.parsing, help: RunOption.traceFormat.help)
    var traceFormat: TraceFormat?

    @Option(name: RunOption.traceStrlen.name, parsing: RunOption.traceStrlen.parsing, help: RunOption.traceStrlen.help)
    var traceStrlen = defaults.traceStrlen

    @Option(name: RunOption.traceFilter.name, parsing: RunOption.traceFilter.parsing, help: RunOption.traceFilter.help)
    var traceFilter: String?

    @Flag(name: RunOption.traceFDPaths.name, help: RunOption.traceFDPaths.help)
    var traceFDPaths = defaults.traceFDPaths

    @Flag(name: RunOption.traceStack.name, help: RunOption.traceStack.help)
    var traceStack = defaults.traceStack

    @Flag(name: RunOption.traceFailed.name, help: RunOption.traceFailed.help)
    var traceFailed = defaults.traceFailed

    @Flag(name: RunOption.traceSuccessful.name, help: RunOption.traceSuccessful.help)
    var traceSuccessful = defaults.traceSuccessful

    @Flag(name: RunOption.traceNoSignals.name, help: RunOption.traceNoSignals.help)
    var traceNoSignals = defaults.traceNoSignals

    @Flag(name: RunOption.summary.name, help: RunOption.summary.help)
    var summary = defaults.summary

    @Option(name: RunOption.inject.name, help: RunOption.inject.help)
    var inject: [String] = defaults.inject

    @Option(name: RunOption.traceFD.name, parsing: RunOption.traceFD.parsing, help: RunOption.traceFD.help)
    var traceFD: Int32?

    @Flag(name: RunOption.traceShared.name, help: RunOption.traceShared.help)
    var traceShared = defaults.traceShared

    @Flag(name: RunOption.traceContinue.name, help: RunOption.traceContinue.help)
    var traceContinue = defaults.traceContinue

    @Option(name: RunOption.traceSummaryFD.name, parsing: RunOption.traceSummaryFD.parsing, help: RunOption.traceSummaryFD.help)
    var traceSummaryFD: Int32?

    @Option(name: RunOption.traceRoot.name, parsing: RunOption.traceRoot.parsing, help: RunOption.traceRoot.help)
    var traceRoot: Int32?

    @Option(name: RunOption.traceTreeFD.name, parsing: RunOption.traceTreeFD.parsing, help: RunOption.traceTreeFD.help)
    var traceTreeFD: Int32?

    var options: TraceCLIOptions {
        var t = TraceCLIOptions()
        t.trace = trace
        t.traceFile = traceFile
        t.traceFormat = traceFormat
        t.traceStrlen = traceStrlen
        t.traceFilter = traceFilter
        t.traceFDPaths = traceFDPaths
        t.traceStack = traceStack
        t.traceFailed = traceFailed
        t.traceSuccessful = traceSuccessful
        t.traceNoSignals = traceNoSignals
        t.summary = summary
        t.inject = inject
        t.traceFD = traceFD
        t.traceShared = traceShared
        t.traceContinue = traceContinue
        t.traceSummaryFD = traceSummaryFD
        t.traceRoot = traceRoot
        t.traceTreeFD = traceTreeFD
        return t
    }

    func validate() throws { try options.validate() }
}
