# scripts/lib.sh: shared by the README's commands (demo.sh, test.sh).
# Installs what is missing from Debian's packages, then builds and installs
# the extension against PostgreSQL 15, the host's (bookworm) version, or the
# version in SCHEMAMIG_PG: test.sh sets it inside a root file system of
# another Debian release (scripts/rootfs.sh).

PGVERSION=${SCHEMAMIG_PG:-15}
PG_CONFIG=/usr/lib/postgresql/$PGVERSION/bin/pg_config
export PG_CONFIG PGVERSION

# root runs apt and make install itself; anyone else goes through sudo
if [ "$(id -u)" -eq 0 ]; then SUDO=; else SUDO=sudo; fi

# Install the Debian packages named, when any is missing.
ensure_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "== installing ${missing[*]}"
    $SUDO apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Build with warnings as errors, then install into the server's directories.
# The client lands in the server's bindir, which Debian keeps off PATH: link
# it from /usr/local/bin so that "schemamig" works by name.
build_and_install() {
    echo "== building schemamig"
    make -s PG_CONFIG="$PG_CONFIG" WERROR=1 >/dev/null &&
        $SUDO make -s PG_CONFIG="$PG_CONFIG" install >/dev/null &&
        $SUDO ln -sf "$("$PG_CONFIG" --bindir)/schemamig" /usr/local/bin/schemamig
}

# libc6-dev: gcc only recommends it, and a minimal root file system lacks it;
# python3: the client's shell tests read its JSON output with it, and the
# benchmark scripts write with it; gnuplot-nox: bench/run.sh draws its plot
SERVER_PACKAGES=(make gcc libc6-dev postgresql-$PGVERSION postgresql-server-dev-$PGVERSION)
TEST_PACKAGES=(postgresql-$PGVERSION-pgtap libtap-parser-sourcehandler-pgtap-perl python3 gnuplot-nox)
