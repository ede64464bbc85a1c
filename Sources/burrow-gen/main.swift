// burrow-gen: writes the files derived from the ToyOS table (run from the repository root).
//   swift run burrow-gen          write them
//   swift run burrow-gen --check  exit 1 if a committed copy is stale
import BurrowABI
#if canImport(Glibc)
import Glibc
#endif

let outputs: [(String, String)] = [
    (SDKFiles.headerPath, SDKFiles.header()),
    (SDKFiles.stubsPath, SDKFiles.stubs()),
] + Personalities.all.map { ($0.docsPath, SyscallDocs.markdown($0)) }

func readFile(_ path: String) -> String? {
    guard let f = fopen(path, "rb") else { return nil }
    defer { fclose(f) }
    var bytes: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = fread(&buf, 1, buf.count, f)
        if n == 0 { break }
        bytes += buf[0..<n]
    }
    return String(decoding: bytes, as: UTF8.self)
}

func mkdirs(_ path: String) {
    var prefix = ""
    for part in path.split(separator: "/").dropLast() {
        prefix += prefix.isEmpty ? String(part) : "/" + part
        mkdir(prefix, 0o755)
    }
}

let check = CommandLine.arguments.contains("--check")
var stale = false
for (path, text) in outputs {
    if check {
        if readFile(path) != text {
            fputs("burrow-gen: \(path) is stale: run `swift run burrow-gen`\n", stderr)
            stale = true
        }
        continue
    }
    mkdirs(path)
    guard let f = fopen(path, "wb") else {
        fputs("burrow-gen: cannot write \(path)\n", stderr)
        exit(1)
    }
    fputs(text, f)
    fclose(f)
    print("wrote \(path)")
}
exit(stale ? 1 : 0)
