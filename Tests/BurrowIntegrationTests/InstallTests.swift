// `make install` and `make uninstall` into a temporary prefix: burrow and toyos-cc work from any
// directory (a new program is compiled and run there), and uninstall leaves nothing behind. The
// copying step (`install-files`) runs with BURROW= this build, so the test needs no release build.
import Foundation
import Testing

@Suite
struct InstallTests {
    /// Every file and link under `dir` (directories left out), relative to it.
    static func entries(_ dir: String) -> [String] {
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        var out: [String] = []
        for case let p as String in e {
            var isDir: ObjCBool = false
            let full = dir + "/" + p
            let isLink = (try? FileManager.default.destinationOfSymbolicLink(atPath: full)) != nil
            if isLink || (FileManager.default.fileExists(atPath: full, isDirectory: &isDir) && !isDir.boolValue) { out.append(p) }
        }
        return out.sorted()
    }

    @Test func installedToolsWorkFromAnyDirectoryAndUninstallRemovesThem() throws {
        let prefix = try temporaryDirectory("prefix")
        let work = try temporaryDirectory("elsewhere")
        defer { cleanup(prefix); cleanup(work) }
        let make = "/usr/bin/make"
        let root = Repo.root.path
        // Not SUDO_USER: install-files never builds anyway, and the test's environment is its own.
        var env = ProcessInfo.processInfo.environment
        env["SUDO_USER"] = nil
        let i = try run(make, ["-C", root, "--no-print-directory", "install-files", "PREFIX=\(prefix)", "BURROW=\(Repo.burrow)"],
                        environment: env, timeout: 60)
        #expect(i.status == 0, "\(i)")
        let installed = Self.entries(prefix)
        for p in ["bin/burrow", "bin/burrow-binfmt", "bin/toyos-cc", "lib/toyos-sdk/bin/toyos-cc", "lib/toyos-sdk/include/stdio.h",
                  "lib/toyos-sdk/ld/toyos.ld", "lib/toyos-sdk/lib/toyos/libc.a", "lib/toyos-sdk/lib/toyos/crt0.o",
                  "lib/toyos-sdk/lib/linux/libc.a", "lib/toyos-sdk/lib/bin/toyos-brand"] {
            #expect(installed.contains(p), "\(p) not installed: \(installed)")
        }

        // A new program, compiled and run from a directory that is neither the repository nor the prefix.
        try """
        #include <stdio.h>
        int main(int argc, char **argv) { printf("new program, argc %d, %s\\n", argc, argv[argc - 1]); return 7; }
        """.write(toFile: work + "/newprog.c", atomically: false, encoding: .utf8)
        var path = env
        path["PATH"] = "\(prefix)/bin:" + (env["PATH"] ?? "/usr/bin:/bin")
        path["TOYOS_LIBDIR"] = nil
        let cc = try run("/bin/sh", ["-c", "toyos-cc -O2 newprog.c -o newprog && toyos-cc --twin -O2 newprog.c -o newprog.lx"],
                         cwd: work, environment: path, timeout: 60)
        #expect(cc.status == 0, "\(cc)")
        let o = try run("/bin/sh", ["-c", "burrow run ./newprog x"], cwd: work, environment: path)
        #expect(o.status == 7 && o.stdout == "new program, argc 2, x\n", "\(o)")
        let twin = try run(work + "/newprog.lx", ["x"])
        #expect(twin.status == 7 && twin.stdout == o.stdout, "\(twin)")
        let b = try run(prefix + "/bin/burrow-binfmt", [work + "/newprog", "zero", "y"])
        #expect(b.status == 7 && b.stdout == "new program, argc 2, y\n", "\(b)")

        let u = try run(make, ["-C", root, "--no-print-directory", "uninstall", "PREFIX=\(prefix)"], environment: env, timeout: 60)
        #expect(u.status == 0, "\(u)")
        #expect(Self.entries(prefix).isEmpty, "left behind: \(Self.entries(prefix))")
    }
}
