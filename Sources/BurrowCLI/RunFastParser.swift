// The fast parser of `burrow run`: reads the option table (RunOptionTable.swift) straight into a
// `Run`, without ArgumentParser. ArgumentParser builds its model of the command by reflection and
// dynamic casts (Mirror, protocol conformance scans over the whole binary) on every start: half of
// the instructions before the guest's first one by callgrind once, a third of `burrow run hello`'s
// samples under perf after the earlier wins (docs/performance.md section 4).
//
// It takes only command lines whose meaning is plain: long options (`--name VALUE`, `--name=VALUE`),
// the table's short options one per word, `--`, then PROGRAM and the program's arguments. Anything
// else — help, an unknown or repeated option, a missing or dash-led value, a value that does not
// convert, a failed validation — returns nil and ArgumentParser parses the whole line, so help,
// error messages and exit statuses stay ArgumentParser's (RunCommand.swift).
// Tests/BurrowCLITests/RunOptionTableTests.swift checks that the two agree.
import ArgumentParser
import BurrowTrace

enum RunFastParser {
    /// `words`: what follows `run` on the command line.
    static func parse(_ words: [String]) -> Run? { parse(words[...]) }


    static func parse(_ words: ArraySlice<String>) -> Run? {
        var run = Run(program: "")
        // A bit per row (no Set: its Hashable lookups are start-up time too).
        var seen: UInt64 = 0
        var i = words.startIndex
        while i != words.endIndex {
            let word = words[i]
            words.formIndex(after: &i)
            if word == "--" {
                guard i != words.endIndex else { return nil }
                run.program = words[i]
                words.formIndex(after: &i)
                run.arguments = Array(words[i...])
                return checked(run)
            }
            guard word.hasPrefix("-") else {
                run.program = word
                run.arguments = Array(words[i...])
                return checked(run)
            }
            let option: RunOption
            var value: String?
            if word.hasPrefix("--") {
                let body = word.dropFirst(2)
                if let eq = body.firstIndex(of: "=") {
                    guard let o = RunOption.named(long: body[..<eq]) else { return nil }
                    let v = body[body.index(after: eq)...]
                    // An empty inline value reads as a missing one to ArgumentParser.
                    guard o.spec.kind != .flag, !v.isEmpty else { return nil }
                    option = o
                    value = String(v)
                } else {
                    guard let o = RunOption.named(long: body) else { return nil }
                    option = o
                }
            } else {
                // One short option per word ("-y", "-s 64"); combined ones ("-yk") and attached
                // values ("-s64") are ArgumentParser's.
                guard word.count == 2, let o = RunOption.named(short: word.last!) else { return nil }
                option = o
            }
            let spec = option.spec
            if spec.kind != .values {
                let bit: UInt64 = 1 << UInt64(option.rawValue)
                guard seen & bit == 0 else { return nil }
                seen |= bit
            }
            if spec.kind != .flag && value == nil {
                guard i != words.endIndex else { return nil }
                let next = words[i]
                if next.hasPrefix("-") && !(spec.unconditional && spec.kind == .value) { return nil }
                value = next
                words.formIndex(after: &i)
            }
            guard set(option, value, in: &run) else { return nil }
        }
        return nil   // no PROGRAM
    }

    /// ArgumentParser's validation, here: a line it refuses is its to report.
    private static func checked(_ run: Run) -> Run? {
        do {
            try run.validate()
            try run.tracing.validate()
        } catch {
            return nil
        }
        return run
    }

    /// Stores one option's value (nil for a flag); false when the value does not convert. One case
    /// per row of the table: a row without its case does not compile.
    private static func set(_ option: RunOption, _ value: String?, in run: inout Run) -> Bool {
        let v = value ?? ""
        switch option {
        case .env: run.env.append(v)
        case .clearEnv: run.clearEnv = true
        case .cwd: run.cwd = v
        case .root: run.root = v
        case .bind: run.binds.append(v)
        case .noFastPath: run.noFastPath = true
        case .syscallGuard:
            guard let m = SyscallGuardMode(argument: v) else { return false }
            run.syscallGuard = m
        case .allowLinuxSyscalls: run.allowLinuxSyscalls = true
        case .argv0: run.argv0 = v
        case .personality: run.personality = v
        case .maxProcs:
            guard let n = UInt32(argument: v) else { return false }
            run.maxProcs = n
        case .trace: run.tracing.trace = true
        case .traceFile: run.tracing.traceFile = v
        case .traceFormat:
            guard let f = TraceFormat(argument: v) else { return false }
            run.tracing.traceFormat = f
        case .traceStrlen:
            guard let n = Int(argument: v) else { return false }
            run.tracing.traceStrlen = n
        case .traceFilter: run.tracing.traceFilter = v
        case .traceFDPaths: run.tracing.traceFDPaths = true
        case .traceStack: run.tracing.traceStack = true
        case .traceFailed: run.tracing.traceFailed = true
        case .traceSuccessful: run.tracing.traceSuccessful = true
        case .traceNoSignals: run.tracing.traceNoSignals = true
        case .summary: run.tracing.summary = true
        case .inject: run.tracing.inject.append(v)
        case .traceFD:
            guard let n = Int32(argument: v) else { return false }
            run.tracing.traceFD = n
        case .traceShared: run.tracing.traceShared = true
        case .traceContinue: run.tracing.traceContinue = true
        case .traceSummaryFD:
            guard let n = Int32(argument: v) else { return false }
            run.tracing.traceSummaryFD = n
        case .traceRoot:
            guard let n = Int32(argument: v) else { return false }
            run.tracing.traceRoot = n
        case .traceTreeFD:
            guard let n = Int32(argument: v) else { return false }
            run.tracing.traceTreeFD = n
        case .execFDs: run.execFDs = v
        case .execMask: run.execMask = v
        case .execEnv: run.execEnv = true
        case .xv6State: run.xv6State = v
        case .execProcs: run.execProcs = v
        case .execDiagFD:
            guard let n = Int32(argument: v) else { return false }
            run.execDiagFD = n
        }
        return true
    }
}
