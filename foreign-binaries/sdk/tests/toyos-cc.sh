#!/usr/bin/env bash
# toyos-cc.sh - the SDK driver behaves like cc: library resolution (-lm is the SDK's, never the
# host's; -lpthread refused), --help/--version, "no input files", -shared refused, -print-* queries,
# -x LANG before -lNAME, -MD/-MF, -fstack-protector and -fno-omit-frame-pointer on both targets, and a multi-file project
# with a static library made by toyos-ar. Needs the SDK built (make -C foreign-binaries sdk).
# Usage: toyos-cc.sh [RUNNER]   (RUNNER, e.g. "burrow run", also runs the ToyOS builds)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
cc=$here/bin/toyos-cc
ar=$here/bin/toyos-ar
runner=${1:-}
T=$(mktemp -d /tmp/toyos-cc-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 2
pass=0 fail=0
check() {   # check NAME COMMAND... : the command must succeed
    local name=$1; shift
    if "$@" > out 2> err; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name"; sed 's/^/  /' err | head -5; fi
}
refuse() {  # refuse NAME PATTERN COMMAND... : the command must fail with PATTERN on stderr
    local name=$1 pat=$2; shift 2
    if "$@" > out 2> err; then fail=$((fail + 1)); echo "FAIL $name: succeeded"; return; fi
    if grep -q -- "$pat" err; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $name: stderr lacks '$pat'"; sed 's/^/  /' err | head -3; fi
}
has() {     # has NAME PATTERN FILE
    if grep -q -- "$2" "$3"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: no '$2' in $3"; head -3 "$3" | sed 's/^/  /'; fi
}

cat > m.c <<'C'
#include <math.h>
#include <stdio.h>
int main(void) { printf("%.6f %.6f\n", sqrt(2.0), cos(0.5)); return 0; }
C
check "-lm links" "$cc" m.c -lm -o m
check "-lm links (twin)" "$cc" --twin m.c -lm -o m.lx
check "twin runs" ./m.lx
has "twin output" "1.414214 0.877583" out
if [ -n "$runner" ]; then check "ToyOS runs" $runner ./m; has "ToyOS output" "1.414214 0.877583" out; fi
check "-l m (separate)" "$cc" m.c -l m -o m2
# -x LANG applies to the files after it, never to the archives the driver puts on the link line
# (crt0.o, libc.a, a resolved -lNAME): configure probes such as toybox's `cc -xc - -lm` do this.
check "-xc - -lm (stdin source)" "$cc" -xc - -lm -o m4 < m.c
check "-x c file -lm -x none" "$cc" -x c m.c -lm -o m5
check "-xc - -lm (twin)" "$cc" --twin -xc - -lm -o m4.lx < m.c
check "-xc twin runs" ./m4.lx
has "-xc twin output" "1.414214 0.877583" out
# No host library directory: the link line holds the SDK's libm by path, never -lm.
check "-v shows the link" "$cc" -v --twin m.c -lm -o m3
has "libm is the SDK's" "build/sdk/libm.a" err
if grep -q -- " -lm\b\|/usr/lib/x86_64-linux-gnu/libm" err; then fail=$((fail + 1)); echo "FAIL host libm on the link line"; else pass=$((pass + 1)); fi
refuse "-lpthread" "no threads" "$cc" m.c -lpthread -o x
refuse "-pthread" "no threads" "$cc" -pthread m.c -o x
refuse "-ldl" "dynamic loading" "$cc" m.c -ldl -o x
refuse "-lz (not in -L)" "cannot find -lz" "$cc" m.c -lz -o x
refuse "no input files" "no input files" "$cc" -O2
refuse "-shared" "no shared libraries" "$cc" -shared m.c -o x.so
check "--help" "$cc" --help
has "--help text" "Usage: toyos-cc" out
check "--version" "$cc" --version
has "--version text" "toyos-cc (Burrow ToyOS SDK" out
# The ABI it names is the headers' (it said 1.0 through ABI 1.3).
abi=$(sed -n 's/^#define TOY_ABI_MAJOR \([0-9]*\).*/\1/p' "$here/include/toyos/abi.h").$(sed -n 's/^#define TOY_ABI_MINOR \([0-9]*\).*/\1/p' "$here/include/toyos/abi.h")
has "--version names ABI $abi" "ABI $abi," out
check "-dumpmachine" "$cc" -dumpmachine
has "-dumpmachine" "x86_64-unknown-toyos" out
check "-print-file-name=libm.a" "$cc" -print-file-name=libm.a
has "libm.a path" "/build/sdk/libm.a" out
check "-print-prog-name=ar" "$cc" -print-prog-name=ar
has "ar is toyos-ar" "toyos-ar" out
check "-print-search-dirs" "$cc" -print-search-dirs
has "search dirs are the SDK's" "libraries: =" out
check "-print-libgcc-file-name" "$cc" -print-libgcc-file-name

# -MD -MF while compiling.
check "-MD -MF" "$cc" -c -MD -MF m.d m.c -o m.o
has "dependency file" "math.h" m.d

# A project: two objects in a static library, linked with -L/-l, for both targets.
cat > a.c <<'C'
int twice(int x) { return 2 * x; }
C
cat > b.c <<'C'
int twice(int x);
int quad(int x) { return twice(twice(x)); }
C
cat > main.c <<'C'
#include <stdio.h>
int quad(int x);
int main(void) { printf("quad %d\n", quad(5)); return 0; }
C
check "compile a" "$cc" -O2 -c a.c -o a.o
check "compile b" "$cc" -O2 -c b.c -o b.o
check "toyos-ar" "$ar" rcs libq.a a.o b.o
check "link -L. -lq" "$cc" main.c -L. -lq -o q
check "link -L . -l q (twin)" "$cc" --twin main.c -L . -l q -o q.lx
check "project twin runs" ./q.lx
has "project output" "quad 20" out
if [ -n "$runner" ]; then check "project ToyOS runs" $runner ./q; has "project ToyOS output" "quad 20" out; fi

# Code generation: frame pointers; the canary read at %gs:0x28, never %fs.
cat > sp.c <<'C'
#include <string.h>
int f(const char *s) { char b[16]; strcpy(b, s); return b[0]; }
int main(int argc, char **argv) { return f(argc > 1 ? argv[1] : "x") == 'x' ? 0 : 1; }
C
for t in --toyos --twin; do
    check "stack protector ($t)" "$cc" $t -O2 -fstack-protector-strong sp.c -o sp$t
    llvm-objdump -d sp$t > dis 2>/dev/null
    has "canary at %gs:0x28 ($t)" '%gs:\(0x28\|40\),' dis
    if grep -q '%fs' dis; then fail=$((fail + 1)); echo "FAIL %fs used ($t)"; else pass=$((pass + 1)); fi
    check "frame pointer ($t)" "$cc" $t -O2 -c sp.c -o fp$t.o
    llvm-objdump -d fp$t.o > dis2
    has "push %rbp ($t)" 'push.*%rbp' dis2
done
check "protected twin runs" ./sp--twin

# configure scripts link to -o /dev/null. A device output is not branded, and never removed: the
# symlink stands in for /dev/null itself, so a regression deletes only the link, not the host's node.
ln -s /dev/null devnull
check "-o a link to /dev/null" "$cc" m.c -lm -o devnull
if [ -L devnull ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL -o a link to /dev/null: removed"; fi
check "-oFILE (joined) is branded" "$cc" m.c -lm -ojoined
if [ -n "$runner" ]; then check "-oFILE ToyOS runs" $runner ./joined; fi

# A program that defines program_invocation_name itself (gnulib's argp-pin.c does, when configure
# did not find it) links without a duplicate symbol, and start-up still sets the one copy.
cat > pin.c <<'C'
#include <stdio.h>
char *program_invocation_name = "unset";
char *program_invocation_short_name = "unset";
int main(void) { printf("pin %s\n", program_invocation_short_name); return 0; }
C
for t in --toyos --twin; do check "own program_invocation_name links ($t)" "$cc" $t pin.c -o pin$t; done
check "own program_invocation_name twin runs" ./pin--twin
has "own program_invocation_name set (twin)" "pin pin--twin" out
if [ -n "$runner" ]; then
    check "own program_invocation_name ToyOS runs" $runner ./pin--toyos
    has "own program_invocation_name set (ToyOS)" "pin pin--toyos" out
fi

echo "toyos-cc: $pass passed, $fail failed"
[ $fail = 0 ]
