#!/usr/bin/env bash
# GNU ed 1.19 from Debian's ed source package: configured with its own configure (CC=toyos-cc) and
# built with its own Makefile for ToyOS, and with the host's cc; then the package's own test suite
# (`make check`: testsuite/check.sh runs every *.ed script against its *.r result, and the *.err
# scripts, which must fail) for both. check.sh runs "$objdir/ed"; for ToyOS that is a two-line
# wrapper starting the real binary under Burrow, with the ToyOS programs (sh, cat, rm, ...) on the
# guest's PATH for ed's shell escapes. Every test that passes with the host build must pass under
# Burrow, except the scripts expected-failures.txt lists with their reasons. ed needs popen: without
# it in the SDK libc the port is skipped. No source file is changed.
. "$(dirname "$0")/../lib.sh"
out=$PB/ed

if ! fetch_source ed; then notrun ed "source: $REASON"; exit 0; fi
if ! grep -qE '^FILE \*popen\(' "$FB/sdk/include/stdio.h"; then
    skip ed "ed's shell escapes need popen/pclose in the SDK libc (not there yet)"; exit 0
fi

for target in toyos host; do
    dir=$out/$target
    if stale "$dir/src/ed.built" "$0" "$SRC/configure"; then
        rm -rf "$dir"; mkdir -p "$dir"
        cp -R "$SRC" "$dir/src"
        cc=${HOSTCC:-cc}; [ $target = toyos ] && cc=$SDKBIN/toyos-cc
        if ! (cd "$dir/src" && ./configure CC="$cc" CFLAGS=-O2 && make) > "$dir/build.log" 2>&1; then
            fail "ed build ($target)" "$(grep -m1 -E 'error' "$dir/build.log")"
            continue
        fi
        cp "$dir/src/ed" "$dir/src/ed.built"
        if [ $target = toyos ]; then
            printf '#!/bin/sh\nexec "%s" run --env PATH="%s" --argv0 ed "%s" "$@"\n' \
                "$BURROW" "$FB/build/toyos" "$dir/src/ed.built" > "$dir/src/ed"
            chmod +x "$dir/src/ed"
        fi
    fi
done
# The failing scripts of one `make check`, one per line.
for target in toyos host; do
    [ -x "$out/$target/src/ed.built" ] || continue
    (cd "$out/$target/src" && make check) > "$out/$target/check.log" 2>&1
    echo $? > "$out/$target/check.status"
    sed -n 's|^\*\*\* The script .*/testsuite/\(.*\) exited abnormally \*\*\*$|\1|p; s|^\*\*\* Output \(.*\) of script .*/testsuite/\(.*\) is incorrect \*\*\*$|\2|p' \
        "$out/$target/check.log" | sort -u > "$out/$target/failed"
done
[ -f "$out/host/failed" ] && [ -f "$out/toyos/failed" ] || exit 0
nscripts=$(ls "$SRC"/testsuite/*.ed "$SRC"/testsuite/*.err | wc -l)
if [ "$(cat "$out/host/check.status")" = 0 ] && grep -q 'tests completed successfully' "$out/host/check.log"; then
    pass "ed make check, $nscripts scripts (host cc)"
else
    fail "ed make check (host)" "see $out/host/check.log"
fi
grep -vE '^(#|[[:space:]]*$)' "$PORTS/ed/expected-failures.txt" | awk '{ print $1 }' | sort -u > "$out/expected"
comm -13 "$out/host/failed" "$out/toyos/failed" > "$out/extra"
extra=$(comm -23 "$out/extra" "$out/expected" | tr '\n' ' ')
stale=$(comm -13 "$out/extra" "$out/expected" | tr '\n' ' ')
if [ -n "$stale" ]; then
    fail "ed expected failures" "listed in ed/expected-failures.txt but passing now: $stale"
fi
if [ -z "$extra" ]; then
    pass "ed make check, $nscripts scripts (Burrow: every script that passes with the host build$( [ -s "$out/expected" ] && echo ", but the listed expected failures"))"
else
    fail "ed make check (Burrow)" "fails where the host build passes: $extra"
fi
