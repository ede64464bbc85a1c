# ports/lib.sh - shared by the ports' check scripts (sourced): where things are, fetching Debian
# source packages through a private apt configuration, building with toyos-cc, comparing runs,
# and recording results.
#
# Sources come from Debian source packages at build time (apt-get source), through a PRIVATE
# sources list and lists directory under build/ports/apt: deb-src lines made from the Debian
# archive this machine already uses (/etc/apt/sources.list{,.d}); the system's apt state is never
# touched. Everything fetched or built is cached under foreign-binaries/build/ports (git-ignored).
set -u
PORTS=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FB=$(cd "$PORTS/.." && pwd)
TOP=$(cd "$FB/.." && pwd)
PB=$FB/build/ports
SDKBIN=$FB/sdk/bin
export TOYOS_LIBDIR=$FB/build/sdk
BURROW=${BURROW:-$TOP/.build/debug/burrow}
RESULTS=${RESULTS:-$PB/results.txt}
export SWIFT_BACKTRACE=enable=no
mkdir -p "$PB"

# ---- results: one line per check in $RESULTS: "pass NAME", "fail NAME: why", "notrun NAME: why"
#      (a source or oracle that could not be had), "skip NAME: why" (a known gap, listed)
pass()   { echo "pass $1" >> "$RESULTS"; [ -z "${VERBOSE:-}" ] || echo "ok      $1"; }
fail()   { echo "fail $1: $2" >> "$RESULTS"; echo "FAIL    $1: $2"; }
notrun() { echo "notrun $1: $2" >> "$RESULTS"; echo "NOT RUN $1: $2"; }
# A check this project knowingly cannot do yet (a libc function still missing): never fatal.
skip()   { echo "skip $1: $2" >> "$RESULTS"; echo "SKIP    $1: $2"; }

# ---- private apt: APT options that point every piece of state at build/ports/apt
APTDIR=$PB/apt
APT=(apt-get -q -o "Dir::Etc::SourceList=$APTDIR/sources.list" -o "Dir::Etc::SourceParts=/dev/null"
     -o "Dir::State::Lists=$APTDIR/lists" -o "Dir::Cache=$APTDIR/cache" -o "Debug::NoLocking=1")

# deb-src lines for the Debian archive(s) configured here: one-line and deb822 sources.
debsrc_lines() {
    grep -hE '^deb\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | sed 's/^deb\s/deb-src /'
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk 'BEGIN { RS = ""; FS = "\n" }
        {
            types = uris = suites = comps = signed = ""
            for (i = 1; i <= NF; i++) {
                if ($i ~ /^#/) continue
                k = $i; sub(/:.*/, "", k); v = $i; sub(/^[^:]*:[ \t]*/, "", v)
                if (k == "Types") types = v; else if (k == "URIs") uris = v; else if (k == "Suites") suites = v
                else if (k == "Components") comps = v; else if (k == "Signed-By") signed = v
            }
            if (types !~ /(^| )deb( |$)/ || uris == "" || suites == "") next
            opt = signed != "" && signed !~ / / ? "[signed-by=" signed "] " : ""
            nu = split(uris, U, " "); ns = split(suites, S, " ")
            for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++) print "deb-src " opt U[a] " " S[b] " " comps
        }' "$f"
    done
}

# Makes the private lists (once a day at most). Sets REASON and fails when it cannot.
apt_ready() {
    [ -n "${APT_READY:-}" ] && return 0
    mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
    debsrc_lines > "$APTDIR/sources.list.new"
    if [ ! -s "$APTDIR/sources.list.new" ]; then REASON="no Debian archive configured in /etc/apt"; return 1; fi
    if ! cmp -s "$APTDIR/sources.list.new" "$APTDIR/sources.list" || [ -z "$(find "$APTDIR/lists" -maxdepth 1 -name '*Sources*' -mtime -1 2>/dev/null)" ]; then
        mv "$APTDIR/sources.list.new" "$APTDIR/sources.list"
        if ! "${APT[@]}" update > "$APTDIR/update.log" 2>&1; then
            REASON="apt-get update (private lists) failed: $(grep -E '^(E|W):' "$APTDIR/update.log" | head -1)"
            return 1
        fi
    fi
    APT_READY=1
}

# fetch_source PKG: SRC= the unpacked Debian source package (cached). Fails with REASON.
fetch_source() {
    local pkg=$1 dir=$PB/src/$1
    if [ -f "$dir/.unpacked" ]; then SRC=$(cat "$dir/.unpacked"); return 0; fi
    if ! command -v dpkg-source > /dev/null; then
        REASON="dpkg-source (Debian's dpkg-dev) is missing: make deps installs it"; return 1
    fi
    apt_ready || return 1
    rm -rf "$dir"; mkdir -p "$dir"
    # The newest version first; an archive (or mirror) that lacks it may still have an older one
    # of the configured suites (e.g. the release's, when a security update's files are missing).
    local v ok=
    for v in "" $("${APT[@]/#apt-get/apt-cache}" showsrc "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -urV); do
        if (cd "$dir" && "${APT[@]}" source "$pkg${v:+=$v}" >> apt.log 2>&1); then ok=1; break; fi
        find "$dir" -mindepth 1 -maxdepth 1 ! -name apt.log -exec rm -rf {} +
    done
    # Last resort: a mirror that has the .dsc and the upstream tarball but not Debian's packaging
    # tarball (seen here: toybox's debian.tar.xz answered 404). The upstream tarball, checked
    # against the .dsc's SHA-256, is unpacked alone; .orig-only in the directory says so.
    if [ -z "$ok" ] && (cd "$dir" && "${APT[@]}" source --download-only "$pkg" >> apt.log 2>&1; true) &&
        orig_only "$dir"; then ok=1; fi
    if [ -z "$ok" ]; then
        REASON="apt-get source $pkg failed: $(grep -E '^E:' "$dir/apt.log" | head -1)"; return 1
    fi
    SRC=$(find "$dir" -mindepth 1 -maxdepth 1 -type d | head -1)
    [ -n "$SRC" ] || { REASON="apt-get source $pkg unpacked nothing"; return 1; }
    echo "$SRC" > "$dir/.unpacked"
}

# orig_only DIR: unpacks DIR/*.orig.tar.* if its SHA-256 is the one DIR/*.dsc lists.
orig_only() {
    local dsc orig sum
    dsc=$(ls "$1"/*.dsc 2>/dev/null | head -1); orig=$(ls "$1"/*.orig.tar.* 2>/dev/null | head -1)
    [ -n "$dsc" ] && [ -n "$orig" ] || return 1
    sum=$(sed -n '/^Checksums-Sha256:/,/^[^ ]/p' "$dsc" | awk -v f="$(basename "$orig")" '$3 == f { print $1 }')
    [ -n "$sum" ] && [ "$(sha256sum "$orig" | cut -d' ' -f1)" = "$sum" ] || return 1
    (cd "$1" && tar xf "$(basename "$orig")") && touch "$1/.orig-only"
}

# need_oracle PKG COMMAND: Debian's own binary, installed with the system's apt when missing.
need_oracle() {
    command -v "$2" > /dev/null && return 0
    local sudo=
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    # (the system's package lists may be missing on a fresh machine: update them once if needed)
    $sudo apt-get install -y -qq "$1" > "$PB/install-$1.log" 2>&1 ||
        { $sudo apt-get update -qq >> "$PB/install-$1.log" 2>&1 && $sudo apt-get install -y -qq "$1" >> "$PB/install-$1.log" 2>&1; }
    command -v "$2" > /dev/null || { REASON="Debian's $1 ($2) is not installed and could not be (see $PB/install-$1.log)"; return 1; }
}

# stale OUTPUT INPUTS...: true when OUTPUT is missing or older than an input (the SDK's libcs count).
stale() {
    local out=$1; shift
    [ -e "$out" ] || return 0
    local f
    for f in "$@" "$TOYOS_LIBDIR/toyos/libc.a" "$TOYOS_LIBDIR/linux/libc.a" "$TOYOS_LIBDIR/libm.a"; do
        [ "$f" -nt "$out" ] && return 0
    done
    return 1
}

# same NAME DIR_A DIR_B: compares out, err and status of two runs; records a pass or a failure.
same() {
    local name=$1 a=$2 b=$3 f bad=
    for f in out err status; do
        if ! cmp -s "$a/$f" "$b/$f"; then
            bad="$bad $f"
            [ -n "${QUIET_DIFF:-}" ] || { echo "--- $name: $f differs ($a vs $b)"; diff "$a/$f" "$b/$f" | head -${VERBOSE:+200}${VERBOSE:-12}; }
        fi
    done
    if [ -z "$bad" ]; then pass "$name"; else fail "$name" "$bad differ"; fi
}

# run_in DIR STDIN COMMAND...: runs COMMAND in DIR/cwd with STDIN; DIR/{out,err,status}.
run_in() {
    local dir=$1 input=$2; shift 2
    mkdir -p "$dir/cwd"
    (cd "$dir/cwd" && "$@" < "$input" > "$dir/out" 2> "$dir/err"; echo $? > "$dir/status") 2> /dev/null
}
