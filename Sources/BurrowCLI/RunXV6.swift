// `burrow run` for an xv6 program (docs/xv6.md): the tree's shared state (new, or carried across
// exec by --xv6-state), the console, the personality, then the run loop.
import BurrowABI
import BurrowLoader
import BurrowSyscalls
import BurrowTrace
import BurrowVMM
import CBurrowRuntime
import Glibc

extension Run {
    func runXV6(image: GuestImage, process: GuestProcess, paths: PathResolver, arguments: [[UInt8]]) throws -> Never {
        let failed = { (m: String) in CLIExit(status: BurrowExitStatus.burrowFailed, message: "burrow: \(m)") }
        let tree: XV6Tree
        let console: (input: Int32, output: Int32)
        var consoleFDs: [Int] = []
        if let xv6State {
            // After exec: TREEFD:CONSOLEIN:CONSOLEOUT:CONSOLEFDS.
            let parts = xv6State.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 4, let t = Int32(parts[0]), let i = Int32(parts[1]), let o = Int32(parts[2]),
                  let adopted = XV6Tree.adopt(fd: t) else { throw failed("--xv6-state: bad value") }
            tree = adopted
            for d in [i, o] { _ = burrow_fcntl_int(d, F_SETFD, FD_CLOEXEC) }
            console = (i, o)
            consoleFDs = parts[3].split(separator: ",").compactMap { Int($0) }
        } else {
            guard let created = XV6Tree.create() else { throw failed("cannot create the xv6 tree state: \(String(cString: strerror(errno)))") }
            tree = created
            // The console is the standard input and output Burrow was started with (private
            // duplicates, so the guest closing 0 or 1 does not close it).
            func privateCopy(_ fd: Int32, _ fallback: Int32) -> Int32 {
                let d = burrow_fcntl_int(fd, F_DUPFD_CLOEXEC, 800)
                if d >= 0 { return d }
                let n = Glibc.open("/dev/null", fallback | O_CLOEXEC)
                return n >= 0 ? burrow_fcntl_int(n, F_DUPFD_CLOEXEC, 800) : -1
            }
            console = (privateCopy(0, O_RDONLY), privateCopy(1, O_WRONLY))
        }
        let files = try execFDs.map(Run.descriptorTable) ?? FileTable.inheritingStandardDescriptors()
        let personality = XV6Personality(name: program, memory: process.memory, files: files, paths: paths,
                                         tree: tree, console: console)
        for g in consoleFDs { personality.markConsole(g) }
        do {
            try personality.start(process: process, image: image, arguments: arguments)
        } catch let e as SetupError {
            throw CLIExit(status: e.exitStatus, message: e.description)
        } catch let e as LoadError {
            throw CLIExit(status: e.exitStatus, message: e.description)
        } catch {
            throw failed("\(program): \(error)")
        }
        ProcSelf(executable: Run.absolute(program), arguments: arguments).nameProcess(after: program)
        personality.setUpHostSignals()
        personality.execHooks = execHooks()
        // Fault injection, descriptor paths and stacks are the ToyOS personality's (its dispatcher,
        // its /proc view, its stubs); xv6 says so rather than ignoring them.
        if !tracing.inject.isEmpty || tracing.traceFDPaths || tracing.traceStack {
            throw Run.usage("--inject, --trace-fd-paths and --trace-stack work for ToyOS programs only")
        }
        personality.observer = try tracing.makeObserver(memory: process.memory, programName: program, table: TraceTable(XV6.abi))
        // The same guard as ToyOS's (`--syscall-guard`, default scan): no SUD tax on Burrow's host
        // calls unless guest code that could be a Linux system call runs.
        startSyscallGuard(process)
        process.run(personality)
    }
}
