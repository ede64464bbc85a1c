#!/usr/bin/env bash
# bzip2 1.0.8 from Debian's bzip2 source package, built three times (ToyOS with toyos-cc, its
# native twin, and the host's cc with glibc) and checked with the package's own tests and data:
#   - upstream's `make test` commands (compress the three sample*.ref files at -1/-2/-3 and
#     decompress the three sample*.bz2, comparing with the shipped results), for each build, the
#     ToyOS one run under Burrow;
#   - scenarios.sh (files, metadata, errors, corrupt input, levels) against Debian's own bzip2.
# Debian's Makefile links bzip2 against its shared libbz2 (ToyOS has no shared libraries): the
# Makefile builds libbz2.a, bzip2.o and bzip2recover; bzip2 is linked with the Makefile's own command
# against libbz2.a. No source file is changed.
. "$(dirname "$0")/../lib.sh"
here=$PORTS/bzip2
out=$PB/bzip2

if ! fetch_source bzip2; then notrun bzip2 "source: $REASON"; exit 0; fi

for target in toyos linux host; do
    dir=$out/$target
    if stale "$dir/src/bzip2" "$0" "$SRC/Makefile"; then
        rm -rf "$dir"; mkdir -p "$dir"
        cp -R "$SRC" "$dir/src"
        case $target in
            toyos) cc=$SDKBIN/toyos-cc; tt=toyos ;;
            linux) cc=$SDKBIN/toyos-cc; tt=linux ;;
            host)  cc=${HOSTCC:-cc}; tt= ;;
        esac
        if ! (cd "$dir/src" && TOYOS_TARGET=$tt make CC="$cc" AR="$SDKBIN/toyos-ar" RANLIB="$SDKBIN/toyos-ranlib" \
                  libbz2.a bzip2.o bzip2recover && \
              TOYOS_TARGET=$tt $cc -Wall -Winline -O2 -g -D_FILE_OFFSET_BITS=64 -o bzip2 bzip2.o -L. -lbz2) > "$dir/build.log" 2>&1; then
            fail "bzip2 build ($target)" "$(grep -m1 -E 'error' "$dir/build.log")"
            rm -f "$dir/src/bzip2"
            continue
        fi
    fi
done

T=$(mktemp -d /tmp/ports-bzip2.XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$T"' EXIT

# Upstream's tests: the ./bzip2 and cmp lines of the Makefile's test recipe, ./bzip2 run by RUNNER.
upstream_tests() {
    sed -n '/^test:/,/^$/p' "$SRC/Makefile" | sed -n 's/^[[:space:]]*\(\.\/bzip2 .*\|cmp .*\)$/\1/p'
}
ntests=$(upstream_tests | wc -l)
for target in toyos linux host; do
    bin=$out/$target/src/bzip2
    [ -x "$bin" ] || continue
    runner=; [ $target = toyos ] && runner="$BURROW run"
    mkdir -p "$T/up-$target"
    cp "$SRC"/sample* "$T/up-$target/"
    bad=0
    while read -r cmd; do
        cmd=${cmd/#.\/bzip2/$runner $bin}
        (cd "$T/up-$target" && eval "$cmd") > "$T/up-$target.log" 2>&1 || { bad=$((bad + 1)); echo "  failed: $cmd"; }
    done < <(upstream_tests)
    if [ "$ntests" -ge 12 ] && [ $bad = 0 ]; then pass "bzip2 make test, $ntests commands ($target)"
    else fail "bzip2 make test ($target)" "$bad of $ntests commands failed"; fi
done

if ! need_oracle bzip2 bzip2; then notrun "bzip2 (oracle)" "$REASON"; exit 0; fi
oracle=$(command -v bzip2)
declare -a names cmds
t() { names+=("$1"); cmds+=("$2"); }
. "$here/scenarios.sh"
for i in "${!names[@]}"; do
    name=${names[$i]}
    for who in oracle toyos linux host; do
        case $who in
            oracle) bz="exec -a bzip2 $oracle" ;;
            toyos)  bz="exec \"$BURROW\" run --argv0 bzip2 \"$out/toyos/src/bzip2\"" ;;
            *)      bz="exec -a bzip2 \"$out/$who/src/bzip2\"" ;;
        esac
        [ $who = oracle ] || [ -x "$out/$who/src/bzip2" ] || continue
        mkdir -p "$T/$name/$who/cwd"
        cp "$SRC"/sample* "$T/$name/$who/cwd/"
        run_in "$T/$name/$who" /dev/null bash -c "bz() { ( $bz \"\$@\" ); }; ${cmds[$i]}"
    done
    for who in host linux toyos; do
        [ -x "$out/$who/src/bzip2" ] || continue
        label=$who; [ $who = toyos ] && label=Burrow; [ $who = linux ] && label=twin
        same "bzip2 $name ($label vs Debian's bzip2)" "$T/$name/oracle" "$T/$name/$who"
    done
done
