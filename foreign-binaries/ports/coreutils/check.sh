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
# -xattr, -libcap, -libsmack, --without-selinux, -libgmp, -openssl, --disable-nls.
# Only the programs the scenarios use are built (make src/NAME), after gnulib's generated headers
# (BUILT_SOURCES); the full set takes longer and some need what ToyOS lacks (df and stat:
# file-system statistics; ports/README.md).
. "$(dirname "$0")/../lib.sh"
here=$PORTS/coreutils
out=$PB/coreutils
PROGS="basename cat chmod comm cp cksum cut date dd dirname echo env expand expr factor false fmt
fold head join ln ls md5sum mkdir mv nl numfmt od paste pr printenv printf pwd readlink realpath rm
rmdir seq sha1sum sha256sum shuf sleep sort split tac tail tee test touch tr true truncate tsort
uniq unexpand wc yes base64 basenc"
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
          ./configure "${CONFIGURE[@]}" CC="$SDKBIN/toyos-cc" AR="$SDKBIN/toyos-ar" RANLIB="$SDKBIN/toyos-ranlib" CFLAGS=-O2 &&
          bs=$(printf 'print-bs:\n\t@echo $(BUILT_SOURCES)\n' | make -s -f Makefile -f - print-bs) &&
          make -j2 $bs && make -j2 $(printf 'src/%s ' $PROGS)) > "$dir/build.log" 2>&1; then
        why=$(grep -m1 -E "configure: error|error:|undefined symbol" "$dir/build.log" | sed 's/^[^ ]*: //')
        fail "coreutils build (toyos-cc)" "${why:-see $dir/build.log}"
        exit 0
    fi
    for p in $PROGS; do cp "$dir/src/src/$p" "$dir/bin/$p"; done
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
# would otherwise be bash's builtins), started with its bare name as argv[0].
gnufuncs= toyfuncs=
for p in $PROGS; do
    g=$(PATH=/usr/bin:/bin type -P "$p") || { notrun "coreutils (oracle)" "no GNU $p in /usr/bin or /bin"; exit 0; }
    gnufuncs+="$p() { (exec -a $p $g \"\$@\"); }; "
    toyfuncs+="$p() { \"$BURROW\" run --argv0 $p \"$dir/bin/$p\" \"\$@\"; }; "
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
exit 0
