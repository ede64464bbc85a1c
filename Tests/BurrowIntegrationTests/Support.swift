// Runs the built `burrow` executable as a child process: trap handlers, the raw-syscall guard and
// fixed guest mappings belong to a whole process, so guests never run inside the test runner.
import Foundation
import Testing

enum Repo {
    /// The repository root, from this file's location (Tests/BurrowIntegrationTests/Support.swift).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The burrow executable next to this test bundle (same build directory), or BURROW_BIN.
    static let burrow: String = {
        if let env = ProcessInfo.processInfo.environment["BURROW_BIN"] { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("burrow").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/burrow").path
    }()

    static func toy(_ name: String) -> String { root.appendingPathComponent("foreign-binaries/build/toyos/\(name)").path }
    static func twin(_ name: String) -> String { root.appendingPathComponent("foreign-binaries/build/linux/\(name)").path }

}

/// The integration suites never skip: without the foreign binaries and `burrow` they fail, and this
/// test says why first (`make test` builds both; alone: `swift build` and `make -C foreign-binaries`).
@Suite struct Prerequisites {
    @Test func burrowAndTheForeignBinariesAreBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Repo.burrow), "no burrow at \(Repo.burrow): run `swift build`")
        #expect(FileManager.default.isExecutableFile(atPath: Repo.toy("hello")), "no foreign binaries: run `make -C foreign-binaries`")
    }
}

/// Writing a child's stdin after it exited would raise SIGPIPE in the test runner.
let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

struct Outcome: Equatable, CustomStringConvertible {
    var status: Int32         // exit status, or -1 when killed
    var signal: Int32         // 0 unless killed by a signal
    var stdout: String
    var stderr: String
    /// The command was still running at the timeout and was killed (SIGKILL) by `run`.
    var timedOut = false

    var description: String { "status=\(status) signal=\(signal)\(timedOut ? " (timed out)" : "")\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Runs a command with the given stdin bytes, environment additions and working directory.
@discardableResult
func run(_ executable: String, _ arguments: [String], stdin: String = "", cwd: String? = nil,
         environment: [String: String]? = nil, timeout: TimeInterval = 20, keepStdinOpen: Bool = false,
         afterStart: ((Process) -> Void)? = nil) throws -> Outcome {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    var env = environment ?? ProcessInfo.processInfo.environment
    env["SWIFT_BACKTRACE"] = "enable=no"
    env["LC_ALL"] = "C"
    env["TZ"] = "UTC"
    p.environment = env
    let inPipe = Pipe(), outPipe = Pipe(), errPipe = Pipe()
    p.standardInput = inPipe
    p.standardOutput = outPipe
    p.standardError = errPipe
    ignoreSIGPIPE
    try p.run()
    afterStart?(p)
    // A child that exits without reading its input must not take the test runner down with it.
    try? inPipe.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
    if !keepStdinOpen { try? inPipe.fileHandleForWriting.close() }
    // Read both pipes concurrently so a chatty child cannot block on a full pipe.
    var outData = Data(), errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async { outData = outPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    group.enter()
    DispatchQueue.global().async { errData = errPipe.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(2000) }
    let timedOut = p.isRunning
    if timedOut { kill(p.processIdentifier, SIGKILL) }
    p.waitUntilExit()
    group.wait()
    try? inPipe.fileHandleForWriting.close()
    let killed = p.terminationReason == .uncaughtSignal
    return Outcome(status: killed ? -1 : p.terminationStatus, signal: killed ? p.terminationStatus : 0,
                   stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                   timedOut: timedOut)
}

func burrow(_ arguments: [String], stdin: String = "", cwd: String? = nil, environment: [String: String]? = nil,
            timeout: TimeInterval = 20, keepStdinOpen: Bool = false, afterStart: ((Process) -> Void)? = nil) throws -> Outcome {
    try run(Repo.burrow, arguments, stdin: stdin, cwd: cwd, environment: environment, timeout: timeout,
            keepStdinOpen: keepStdinOpen, afterStart: afterStart)
}

/// A fresh temporary directory, removed by the caller with `cleanup`.
func temporaryDirectory(_ tag: String) throws -> String {
    let path = NSTemporaryDirectory() + "burrow-it-\(tag)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func cleanup(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
