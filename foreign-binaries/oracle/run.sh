#!/usr/bin/env bash
# run.sh - the SDK libc against an outside oracle: glibc.
#
# Usage: run.sh [RUNNER]
#   Every oracle/NAME.c is built three times (make -C foreign-binaries oracle): with the host's cc and
#   glibc (build/glibc/oracle/NAME), as the native twin (build/linux/oracle/NAME) and for ToyOS
#   (build/toyos/oracle/NAME). With no argument the twin runs; with RUNNER (e.g. "burrow run") the
#   ToyOS build runs under it. Each runs in a fresh empty directory with NAME.in (if present) as
#   stdin; stdout, stderr and the exit status must equal glibc's. Exception: a program whose name
#   starts with "libm" (and "complex") prints one result per line, compared by build/glibc/ulpcmp within the bounds
#   it states (bit-exact for the exactly-rounded functions).
#   VERBOSE=1 shows the differences in full; KEEP=1 keeps the temporary directory.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=$here/../build
runner=${1:-}
if [ -n "$runner" ]; then ours=$build/toyos/oracle; label=toyos; else ours=$build/linux/oracle; label=twin; fi
export LC_ALL=C TZ=UTC
unset POSIXLY_CORRECT TMPDIR
T=$(mktemp -d /tmp/oracle.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT

run_one() {   # run_one DIR PROGRAM INPUT -> DIR/{out,err,status}
    local dir=$1 prog=$2 input=$3
    mkdir -p "$dir/cwd"
    # shellcheck disable=SC2086
    # (the outer redirection silences the shell's own "Aborted" line for a program killed by a signal)
    (cd "$dir/cwd" && $runner "$prog" < "$input" > "$dir/out" 2> "$dir/err"; echo $? > "$dir/status") 2>/dev/null
}

pass=0 fail=0
for src in "$here"/*.c; do
    name=$(basename "$src" .c)
    for b in "$build/glibc/oracle/$name" "$ours/$name"; do
        [ -x "$b" ] || { echo "oracle: $b not built (make -C foreign-binaries oracle)" >&2; exit 2; }
    done
    input=/dev/null
    [ -f "$here/$name.in" ] && input=$here/$name.in
    runner_save=$runner; runner=
    run_one "$T/$name/glibc" "$build/glibc/oracle/$name" "$input"
    runner=$runner_save
    run_one "$T/$name/ours" "$ours/$name" "$input"
    # Burrow's one-line notices about calls it does not implement yet are not the program's output.
    if [ -n "$runner" ] && grep -q '^burrow: .* is not implemented yet (returning ENOSYS); reported once$' "$T/$name/ours/err"; then
        grep '^burrow: .* is not implemented yet' "$T/$name/ours/err" | sed "s/^/note $name: /"
        grep -v '^burrow: .* is not implemented yet (returning ENOSYS); reported once$' "$T/$name/ours/err" > "$T/$name/ours/err.f"
        mv "$T/$name/ours/err.f" "$T/$name/ours/err"
    fi
    ok=1
    for f in status err; do
        if ! cmp -s "$T/$name/glibc/$f" "$T/$name/ours/$f"; then
            ok=0
            echo "FAIL $name ($label): $f differs from glibc"
            diff "$T/$name/glibc/$f" "$T/$name/ours/$f" | head -${VERBOSE:+1000}${VERBOSE:-20}
        fi
    done
    case $name in
        libm*|complex)
            if ! "$build/glibc/ulpcmp" "$T/$name/glibc/out" "$T/$name/ours/out" > "$T/$name/ulp" 2>&1; then
                ok=0
                echo "FAIL $name ($label): results outside the bounds"
                head -${VERBOSE:+1000}${VERBOSE:-20} "$T/$name/ulp"
            elif [ -n "${VERBOSE:-}" ]; then
                cat "$T/$name/ulp"
            fi ;;
        *)
            if ! cmp -s "$T/$name/glibc/out" "$T/$name/ours/out"; then
                ok=0
                echo "FAIL $name ($label): stdout differs from glibc"
                diff "$T/$name/glibc/out" "$T/$name/ours/out" | head -${VERBOSE:+1000}${VERBOSE:-20}
            fi ;;
    esac
    if [ $ok = 1 ]; then pass=$((pass + 1)); [ -n "${VERBOSE:-}" ] && echo "ok   $name ($label)"; else fail=$((fail + 1)); fi
done
echo "oracle ($label vs glibc): $pass passed, $fail failed"
[ $fail = 0 ]
