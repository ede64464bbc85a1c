#!/usr/bin/env bash
# GNU coreutils 9.1 from Debian's coreutils source package: a portable POSIX userland, configured
# by its OWN configure with CC=toyos-cc (gnulib, inside coreutils, fills in what a POSIX system
# lacks) and built by its own Makefile; no source file is changed. scenarios.sh (toybox's
# scenarios that use only coreutils, and more) runs each scenario twice in fresh directories: with
# Debian's own GNU coreutils binaries (the oracle: the same program, built for Linux by Debian) and
# with the ToyOS build under Burrow. Standard output, standard error and the exit status must be
# the same (every program is started with argv[0] its bare name on both sides, so messages match).
#
# configure: ToyOS is not a system config.sub knows, so this is a cross build (--host) for
# x86_64-pc-none, and every run-time test of configure takes gnulib's cross guess (mostly "no":
# gnulib's replacement is compiled in, which is the portable choice). One cache variable:
#   ac_cv_header_pthread_h=no  the SDK's <pthread.h> exists only to say there are no threads (it
#       declares nothing); gnulib takes an existing <pthread.h> for a partial pthreads and tries to
#       wrap pthread_create, but handles a system without one (single-threaded fallbacks).
# Options leave out what ToyOS does not have or needs no library for: --disable-threads, -acl,
# -xattr, -libcap, -libsmack, --without-selinux, -libgmp, -openssl, --disable-nls. One build flag:
#   -DSA_NOCLDSTOP=0  ToyOS's sigaction has no SA_NOCLDSTOP. sort.c, ls.c and dd.c take a missing
#       SA_NOCLDSTOP for "no sigaction machinery" and then also "#define sigset_t int", yet sort
#       still calls (gnulib's) pthread_sigmask, which stores a real 8-byte sigset_t into that int:
#       it overwrote a saved register and sort crashed when merging into one of its inputs (also
#       in the twin build, so not Burrow's doing). Defined as 0, the flag reads "not usable": they
#       use signal(), and sigprocmask and sigset_t stay the SDK's.
# Only the programs the scenarios use are built (make src/NAME), after gnulib's generated headers
# (BUILT_SOURCES); the full set takes longer and some need what ToyOS lacks (df and stat:
# file-system statistics; ports/README.md).
. "$(dirname "$0")/../lib.sh"
here=$PORTS/coreutils
out=$PB/coreutils
PROGS="basename cat chmod comm cp cksum cut date dd dirname echo env expand expr factor false fmt
fold head join ln ls md5sum mkdir mv nl numfmt od paste pr printenv printf pwd readlink realpath rm
rmdir seq sha1sum sha256sum shuf sleep sort split tac tail tee test touch tr true truncate tsort
uniq unexpand wc yes base32 base64 basenc"
CONFIGURE=(--build=x86_64-pc-linux-gnu --host=x86_64-pc-none --disable-nls --disable-threads --disable-acl
           --disable-xattr --disable-libcap --disable-libsmack --without-selinux --without-libgmp --without-openssl
           --disable-dependency-tracking --disable-silent-rules ac_cv_header_pthread_h=no)

if ! fetch_source coreutils; then notrun coreutils "source: $REASON"; exit 0; fi
orig=; [ -f "$PB/src/coreutils/.orig-only" ] && orig=" (upstream tarball of the Debian source package: this mirror lacks its debian.tar.xz)"
version=$(sed -n 's/^Version: //p' "$PB"/src/coreutils/*.dsc 2>/dev/null | head -1)

dir=$out/toyos
if stale "$dir/built" "$0" "$FB/sdk/include"/*.h; then
    rm -rf "$dir"; mkdir -p "$dir/bin"
    # cp -a keeps the timestamps: otherwise make would want automake to regenerate Makefile.in.
    cp -a "$SRC" "$dir/src"
    start=$(date +%s)
    if ! (cd "$dir/src" &&
          ./configure "${CONFIGURE[@]}" CC="$SDKBIN/toyos-cc" AR="$SDKBIN/toyos-ar" RANLIB="$SDKBIN/toyos-ranlib" CFLAGS="-O2 -DSA_NOCLDSTOP=0" &&
          bs=$(printf 'print-bs:\n\t@echo $(BUILT_SOURCES)\n' | make -s -f Makefile -f - print-bs) &&
          make -j2 $bs && make -j2 $(printf 'src/%s ' $PROGS getlimits)) > "$dir/build.log" 2>&1; then
        why=$(grep -m1 -E "configure: error|error:|undefined symbol" "$dir/build.log" | sed 's/^[^ ]*: //')
        fail "coreutils build (toyos-cc)" "${why:-see $dir/build.log}"
        exit 0
    fi
    for p in $PROGS getlimits; do cp "$dir/src/src/$p" "$dir/bin/$p"; done
    echo "$(( $(date +%s) - start ))" > "$dir/built"
fi
pass "coreutils $version build (toyos-cc, its own configure --host=x86_64-pc-none)$orig: $(echo $PROGS | wc -w) programs in $(cat "$dir/built") s"

# The oracle: Debian's coreutils package (essential, so always installed); say which version.
gnu=$(dpkg-query -W -f '${Version}' coreutils 2>/dev/null)
[ -n "$gnu" ] || { notrun "coreutils (oracle)" "Debian's coreutils package is not installed"; exit 0; }

T=$(mktemp -d /tmp/ports-coreutils.XXXXXX)
[ -n "${KEEP:-}" ] && echo "coreutils: scratch in $T" || trap 'rm -rf "$T"' EXIT
declare -a names cmds
t() { names+=("$1"); cmds+=("$2"); }
# toybox's scenarios, but those of programs outside coreutils (sed, grep; cmp is diffutils).
. "$PORTS/toybox/scenarios.sh"
for i in "${!names[@]}"; do
    case ${names[$i]} in sed|grep|cmp) unset "names[$i]" "cmds[$i]" ;; esac
done
. "$here/scenarios.sh"
data() {
    printf '%s\n' banana apple cherry kiwi banana date apple fig > "$1/words.txt"
    printf '%s\n' 10 2 33 4 1 100 7 > "$1/nums.txt"
    printf '%s\n' b:2 a:10 c:1 > "$1/keys.txt"
}
# Every program is a shell function on both sides (also echo, printf, test, true and false, which
# would otherwise be bash's builtins), started with its bare name as argv[0] ("burrow run ... --
# PROGRAM": everything after PROGRAM is the program's, "---debug" included; the "--" only keeps a
# program path that starts with "-" a path).
gnufuncs= toyfuncs=
for p in $PROGS; do
    g=$(PATH=/usr/bin:/bin type -P "$p") || { notrun "coreutils (oracle)" "no GNU $p in /usr/bin or /bin"; exit 0; }
    gnufuncs+="$p() { (exec -a $p $g \"\$@\"); }; "
    toyfuncs+="$p() { \"$BURROW\" run --argv0 $p -- \"$dir/bin/$p\" \"\$@\"; }; "
done
for i in "${!names[@]}"; do
    name=${names[$i]}
    for who in gnu toyos; do
        funcs=$gnufuncs; [ $who = toyos ] && funcs=$toyfuncs
        mkdir -p "$T/$name/$who/cwd"; data "$T/$name/$who/cwd"
        run_in "$T/$name/$who" /dev/null env LC_ALL=C TZ=UTC bash -c "$funcs${cmds[$i]}"
    done
    same "coreutils $name (Burrow vs Debian's coreutils $gnu)" "$T/$name/gnu" "$T/$name/toyos"
done

# coreutils' own tests: the data-driven Perl scripts of tests/ (Coreutils.pm runs each case and
# compares output, errors and status with what the script expects) of the programs built, run as
# `make check` runs them (tests/local.mk: perl -I tests -MCuSkip -MCoreutils -MCuTmpdir, fd 9 for
# skip messages), once with Debian's binaries first on PATH and once with the ToyOS programs (each a
# two-line script starting the ToyOS build under Burrow). getlimits, the suite's helper printing
# the system's limits, is the ToyOS one in both runs. Every case that passes with Debian's binaries
# must pass under Burrow, but those expected-failures.txt lists with a reason.
mkdir -p "$T/wrap" "$T/gl"
for p in $PROGS getlimits; do
    printf '#!/bin/sh\nexec "%s" run --argv0 %s -- "%s" "$@"\n' "$BURROW" "$p" "$dir/bin/$p" > "$T/wrap/$p"
    chmod +x "$T/wrap/$p"
done
cp "$T/wrap/getlimits" "$T/gl/"
src=$dir/src
[ -n "${CU_TESTS:-}" ] || CU_TESTS=$(cat "$here/tests.txt" | grep -vE '^(#|[[:space:]]*$)')
: > "$T/failed.gnu"; : > "$T/failed.toyos"; : > "$PB/coreutils/tests.seconds.new"
ncases=0
for t in $CU_TESTS; do
    start=$(date +%s)
    for who in gnu toyos; do
        pth=$T/gl:/usr/bin:/bin; [ $who = toyos ] && pth=$T/wrap:/usr/bin:/bin
        w=$T/suite/$who; mkdir -p "$w/$(dirname "$t")"
        (cd "$w" && env PATH="$pth" srcdir="$src" abs_top_srcdir="$src" abs_top_builddir="$src" abs_srcdir="$src/tests" \
             built_programs="$PROGS" VERSION=9.1 LC_ALL=C TZ=UTC0 \
             perl -w -I"$src/tests" -MCuSkip -MCoreutils -M"CuTmpdir qw($t)" "$src/$t" > "$w/$(basename "$t").log" 2>&1 9>&2
         echo $? > "$w/$(basename "$t").status")
        # "NAME.pl: test CASE failed: ..." (sort.pl says "sort: test ...")
        sed -n 's/^[^ ]*: test \([^ ]*\) failed.*/\1/p' "$w/$(basename "$t").log" | sort -u | sed "s|^|$(basename "$t") |" >> "$T/failed.$who"
    done
    echo "$t $(( $(date +%s) - start ))" >> "$PB/coreutils/tests.seconds.new"
    n=$(perl -ne '$n++ if /^\s*\[\s*["\x27][^"\x27]+["\x27]\s*,/; END { print $n+0 }' "$src/$t")
    ncases=$((ncases + n))
    st=$(cat "$T/suite/gnu/$(basename "$t").status")
    case $st in 0|1) ;; *) fail "coreutils $t (Debian's binaries)" "exit status $st: $(head -c 300 "$T/suite/gnu/$(basename "$t").log")" ;; esac
    st=$(cat "$T/suite/toyos/$(basename "$t").status")
    case $st in 0|1) ;; *) fail "coreutils $t (Burrow)" "exit status $st: $(head -c 300 "$T/suite/toyos/$(basename "$t").log")" ;; esac
done
mv "$PB/coreutils/tests.seconds.new" "$PB/coreutils/tests.seconds"   # seconds per script, both runs
sort -u -o "$T/failed.gnu" "$T/failed.gnu"; sort -u -o "$T/failed.toyos" "$T/failed.toyos"
grep -vE '^(#|[[:space:]]*$)' "$here/expected-failures.txt" | awk '{ print $1, $2 }' | sort -u > "$T/expected"
extra=$(comm -13 "$T/failed.gnu" "$T/failed.toyos" | comm -23 - "$T/expected" | tr '\n' ',' | sed 's/,$//; s/,/, /g')
stale=$(comm -13 "$T/failed.gnu" "$T/failed.toyos" | comm -13 - "$T/expected" | tr '\n' ',' | sed 's/,$//; s/,/, /g')
nt=$(echo $CU_TESTS | wc -w)
[ -s "$T/failed.gnu" ] && echo "coreutils: cases failing with Debian's binaries too (not counted): $(tr '\n' ' ' < "$T/failed.gnu")"
if [ -n "$stale" ]; then fail "coreutils tests expected failures" "listed in coreutils/expected-failures.txt but passing now: $stale"; fi
if [ -z "$extra" ]; then
    pass "coreutils tests/: $nt Perl scripts, about $ncases cases (Burrow: every case that passes with Debian's binaries$( [ -s "$T/expected" ] && echo ", but the $(wc -l < "$T/expected") listed expected failures"))"
else
    fail "coreutils tests/ (Burrow)" "fail where Debian's binaries pass: $extra"
fi
exit 0
