// Every option of `burrow run`, in ONE table. Two parsers read it: ArgumentParser (RunCommand.swift:
// help, errors, the unusual command lines) and the fast parser (RunFastParser.swift: the command
// lines burrow is started with every time, without ArgumentParser's reflection and protocol
// conformance scans, a third of start-up; docs/performance.md section 4).
// Tests/BurrowCLITests/RunOptionTableTests.swift checks that ArgumentParser's `run` declares exactly
// these options and that both parsers give the same result for the same command line.
import ArgumentParser

enum RunOption: Int, CaseIterable {
    case env, clearEnv, cwd, root, bind, noFastPath, syscallGuard, allowLinuxSyscalls, argv0, personality, maxProcs
    // Tracing and fault injection (TraceArguments).
    case trace, traceFile, traceFormat, traceStrlen, traceFilter, traceFDPaths, traceStack, traceFailed, traceSuccessful, traceNoSignals
    case summary, inject
    // The trace an earlier Burrow of the same tree began, continued after a guest's exec (TraceTree.swift).
    case traceFD, traceShared, traceContinue, traceSummaryFD, traceRoot, traceTreeFD
    // The state a guest's exec hands to the new Burrow process (Exec.swift, RunXV6.swift).
    case execFDs, execMask, execEnv, xv6State, execProcs, execDiagFD

    enum Kind: Equatable {
        /// A Bool that is false unless the option is given (at most once).
        case flag
        /// One value (at most once).
        case value
        /// A value each time it is given, kept in order.
        case values
    }

    struct Spec {
        let long: String
        var short: Character? = nil
        let kind: Kind
        var valueName: String? = nil
        /// nil: hidden (not for users; the state one Burrow hands the next across a guest's exec).
        let help: String?
        /// The next word is the value even when it starts with "-" (`--max-procs -1` is then an
        /// invalid number, not a missing value).
        var unconditional = false
    }

    var spec: Spec {
        switch self {
        case .env: Spec(long: "env", kind: .values, valueName: "K=V", help: "Set a variable in the guest's environment.")
        case .clearEnv: Spec(long: "clear-env", kind: .flag, help: "Start the guest with an empty environment.")
        case .cwd: Spec(long: "cwd", kind: .value, valueName: "DIR", help: "The guest's working directory (a guest path under --root).")
        case .root: Spec(long: "root", kind: .value, valueName: "DIR", help: "A host directory that is the guest's \"/\".")
        case .bind: Spec(long: "bind", kind: .values, valueName: "HOST:GUEST[:ro]", help: "Make a host path visible at GUEST inside --root (:ro read-only; :rw, the default, may be written).")
        case .noFastPath: Spec(long: "no-fast-path", kind: .flag, help: "Never rewrite system-call stubs into direct calls: every call traps (docs/architecture.md).")
        case .syscallGuard: Spec(long: "syscall-guard", kind: .value, valueName: "MODE", help: "How raw Linux system calls in guest code are caught: scan (the default: Syscall User Dispatch armed only when guest code that holds such an instruction's bytes runs; no cost on Burrow's own host calls otherwise) or always (armed from the start).")
        case .allowLinuxSyscalls: Spec(long: "allow-linux-syscalls", kind: .flag, help: "Do not arm the guard that reports raw Linux system calls in guest code.")
        case .argv0: Spec(long: "argv0", kind: .value, valueName: "NAME", help: "The guest's argv[0] (default: PROGRAM as given).")
        case .personality: Spec(long: "personality", kind: .value, valueName: "NAME", help: "Run PROGRAM as toyos or xv6 (default: recognised from the file; docs/xv6.md).")
        case .maxProcs: Spec(long: "max-procs", kind: .value, valueName: "N", help: "The most guest processes of this run alive at once, the first included; fork fails with EAGAIN beyond it.", unconditional: true)
        case .trace: Spec(long: "trace", kind: .flag, help: "Trace system calls to burrow's standard error (like strace).")
        case .traceFile: Spec(long: "trace-file", kind: .value, valueName: "FILE", help: "Trace to FILE instead (%p in FILE: the pid).")
        case .traceFormat: Spec(long: "trace-format", kind: .value, valueName: "FORMAT", help: "text, jsonl or chrome (asks for a trace, as a filter does: to stderr without --trace-file; with --summary, --trace or --trace-file adds the trace).")
        // Unconditional: `--trace-strlen -1` reaches validate() (which says why it is refused).
        case .traceStrlen: Spec(long: "trace-strlen", short: "s", kind: .value, valueName: "N", help: "Bytes of strings and buffers shown (paths are shown whole; like strace -s).", unconditional: true)
        case .traceFilter: Spec(long: "trace-filter", kind: .value, valueName: "EXPR", help: "Calls to trace: names and %classes, comma-separated; !X excludes X.")
        case .traceFDPaths: Spec(long: "trace-fd-paths", short: "y", kind: .flag, help: "Show the path behind each descriptor: read(3</tmp/a.txt>, ...) (like strace -y).")
        case .traceStack: Spec(long: "trace-stack", short: "k", kind: .flag, help: "Show the guest's call stack after each traced call, by frame pointers and the program's symbols (like strace -k).")
        case .traceFailed: Spec(long: "trace-failed", kind: .flag, help: "Show only calls that failed.")
        case .traceSuccessful: Spec(long: "trace-successful", kind: .flag, help: "Show only calls that succeeded.")
        case .traceNoSignals: Spec(long: "trace-no-signals", kind: .flag, help: "Leave signals and stops out of the trace (like strace -e signal=none). Burrow then leaves the signals whose default action ignores or stops to the kernel: a trace that shows them catches them, and one arriving cuts a blocking pipe write short, as under strace.")
        case .summary: Spec(long: "summary", kind: .flag, help: "Print per-call counts, errors and times at exit (like strace -c); with --trace-filter, of those calls only, and no trace unless --trace or --trace-file asks for one.")
        case .inject: Spec(long: "inject", kind: .values, valueName: "SPEC", help: "Make calls return an error or a value without running them, like strace -e inject=: CALLS:error=ERRNO or CALLS:retval=N, then optionally :when=N (the N-th call only), N+, N+STEP or N..M. Repeatable.")
        case .traceFD: Spec(long: "trace-fd", kind: .value, help: nil)
        case .traceShared: Spec(long: "trace-shared", kind: .flag, help: nil)
        case .traceContinue: Spec(long: "trace-continue", kind: .flag, help: nil)
        case .traceSummaryFD: Spec(long: "trace-summary-fd", kind: .value, help: nil)
        case .traceRoot: Spec(long: "trace-root", kind: .value, help: nil)
        case .traceTreeFD: Spec(long: "trace-tree-fd", kind: .value, help: nil)
        case .execFDs: Spec(long: "exec-fds", kind: .value, help: nil)
        case .execMask: Spec(long: "exec-mask", kind: .value, help: nil)
        case .execEnv: Spec(long: "exec-env", kind: .flag, help: nil)
        case .xv6State: Spec(long: "xv6-state", kind: .value, help: nil)
        case .execProcs: Spec(long: "exec-procs", kind: .value, help: nil)
        case .execDiagFD: Spec(long: "exec-diag-fd", kind: .value, help: nil)
        }
    }

    /// The row of `--NAME`, or nil.
    static func named(long: Substring) -> RunOption? {
        for o in allCases where o.spec.long == long { return o }
        return nil
    }

    static func named(short: Character) -> RunOption? {
        for o in allCases where o.spec.short == short { return o }
        return nil
    }
}

// The row, as ArgumentParser's property wrappers take it (RunCommand.swift).
extension RunOption {
    var name: NameSpecification {
        let s = spec
        if let short = s.short { return [.customShort(short), .customLong(s.long)] }
        return .customLong(s.long)
    }

    var help: ArgumentHelp {
        let s = spec
        guard let text = s.help else { return .hidden }
        return ArgumentHelp(text, valueName: s.valueName)
    }

    var parsing: SingleValueParsingStrategy { spec.unconditional ? .unconditional : .next }
}
