# scripts/rootfs.sh: sourced by test.sh. PostgreSQL versions other than the
# host's run inside a root file system of the Debian release that packages
# them, made once with debootstrap and kept in ROOTFS_DIR:
#
#   ROOTFS_DIR/pgNN            the root file system, reused while it exists
#   ROOTFS_DIR/pgNN.lock       flock(1) lock: one run builds or uses it at a time
#   ROOTFS_DIR/.pgNN.tmp.PID   a root file system being made (renamed when done)
#
# Mounts (/proc, a private /dev/pts and /dev/shm) live in a mount namespace of
# their own (unshare), so they vanish with the run however it ends; the run
# also unmounts them itself, and first unmounts whatever an older run left.
# /dev is the device nodes debootstrap made, never the host's /dev, so
# removing a root file system cannot remove a host device.

ROOTFS_DIR=${SCHEMAMIG_ROOTFS_DIR:-/var/cache/schemamig/rootfs}

# The Debian release that packages PostgreSQL major $1; none for the others.
rootfs_release() {
    case $1 in
        15) echo bookworm ;;
        17) echo trixie ;;
        18) echo forky ;;
        *) return 1 ;;
    esac
}

# The Debian mirror the host's apt uses, so that debootstrap reaches the same.
rootfs_mirror() {
    local m=
    m=$(awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /^https?:.*\/debian\/?$/) { print $i; exit } }' \
        /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
    [ -n "$m" ] || m=$(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:.*\/debian\/?$/) { print $i; exit } }' \
        /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | head -n 1)
    echo "${SCHEMAMIG_DEBIAN_MIRROR:-${m:-http://deb.debian.org/debian}}"
}

# Unmount everything mounted at or below $1, deepest first (a run that died
# before its mount namespace went away, or a mount made by hand).
rootfs_unmount_stale() {
    local dir m
    dir=$(readlink -f "$1") || return 0
    awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/self/mounts |
        sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
}

# Run a command in root file system $1 with /proc, /dev/pts and /dev/shm
# mounted, in a clean environment; mounts go away when it returns.
rootfs_run() {
    local root=$1
    shift
    rootfs_unmount_stale "$root"
    unshare --mount --propagation private -- bash -c '
        root=$1
        shift
        trap "umount -l \"\$root/dev/shm\" \"\$root/dev/pts\" \"\$root/proc\" 2>/dev/null" EXIT
        mount -t proc proc "$root/proc" &&
            mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$root/dev/pts" &&
            mount -t tmpfs -o mode=1777 shm "$root/dev/shm" || exit 1
        chroot "$root" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
            HOME=/root LANG=C.UTF-8 TERM=dumb CI="${CI:-}" DEBIAN_FRONTEND=noninteractive "$@"
    ' rootfs-run "$root" "$@"
}

# Make the root file system for PostgreSQL $1 unless it exists: debootstrap
# the release into a temporary directory, keep services from starting and
# clusters from being created, install the packages scripts/lib.sh names,
# then rename it into place. Holds the version's lock. Output goes to $2.
rootfs_prepare() {
    local v=$1 log=$2 release root tmp script mirror
    release=$(rootfs_release "$v") || { echo "no Debian release here packages PostgreSQL $v" >"$log"; return 1; }
    root=$ROOTFS_DIR/pg$v
    mkdir -p "$ROOTFS_DIR" || return 1
    (
        flock 9
        [ -d "$root" ] && exit 0
        # leftovers of a run that died while making one
        for tmp in "$ROOTFS_DIR"/.pg"$v".tmp.*; do
            [ -e "$tmp" ] || continue
            rootfs_unmount_stale "$tmp"
            rm -rf --one-file-system "$tmp"
        done
        ensure_packages debootstrap || exit 1
        tmp=$ROOTFS_DIR/.pg$v.tmp.$$
        mirror=$(rootfs_mirror)
        # debootstrap knows a release by a script; one too new for the
        # host's debootstrap (forky on bookworm) works with sid's
        script=/usr/share/debootstrap/scripts/$release
        [ -e "$script" ] || script=/usr/share/debootstrap/scripts/sid
        echo "== making the PostgreSQL $v root file system: debootstrap $release from $mirror"
        timeout 1200 debootstrap --variant=minbase "$release" "$tmp" "$mirror" "$script" || exit 1
        # a testing release's Release file may be past its Valid-Until on a
        # mirror that lags; the signature is still checked
        echo 'Acquire::Check-Valid-Until "false";' >"$tmp/etc/apt/apt.conf.d/99schemamig"
        mkdir -p "$tmp/etc/postgresql-common/createcluster.d"
        echo 'create_main_cluster = false' >"$tmp/etc/postgresql-common/createcluster.d/schemamig.conf"
        printf '#!/bin/sh\n# no services start in this root file system\nexit 101\n' >"$tmp/usr/sbin/policy-rc.d"
        chmod 755 "$tmp/usr/sbin/policy-rc.d"
        ln -sf pts/ptmx "$tmp/dev/ptmx"
        cp scripts/lib.sh "$tmp/tmp/lib.sh"
        echo "== installing PostgreSQL $v and the test tools into it"
        rootfs_run "$tmp" timeout 1200 bash -c 'SCHEMAMIG_PG='"$v"' . /tmp/lib.sh &&
            ensure_packages "${SERVER_PACKAGES[@]}" "${TEST_PACKAGES[@]}" && apt-get clean' || exit 1
        rm -f "$tmp/tmp/lib.sh"
        mv -T "$tmp" "$root"
    ) 9>"$ROOTFS_DIR/pg$v.lock" >"$log" 2>&1
}

# Copy the checkout to /build in the root file system for PostgreSQL $1
# and run the rest of the arguments there. Holds the version's lock, so
# that two runs never share one build.
rootfs_with_checkout() {
    local v=$1 root=$ROOTFS_DIR/pg$1
    shift
    (
        flock 9
        rm -rf --one-file-system "$root/build" &&
            mkdir "$root/build" &&
            tar --exclude=./.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
                --exclude=./results --exclude=./output_iso --exclude=./log \
                --exclude=./tmp_check --exclude=./tmp_check_iso --exclude='./regression.*' \
                --exclude=./client/schemamig --exclude=./bench/node_modules -cf - . |
            tar -xf - -C "$root/build" || exit 1
        rootfs_run "$root" "$@"
    ) 9>"$ROOTFS_DIR/pg$v.lock"
}

# Run "test.sh --in-root" for PostgreSQL $1 in its root file system, its
# cluster on port $2; the summary lands in $3; $4, when given, is passed on
# (--bench).
rootfs_test() {
    local v=$1 port=$2 summary=$3 name=summary.$$ rc
    rootfs_with_checkout "$v" bash /build/scripts/test.sh --in-root "$v" "$port" "/$name" ${4:+"$4"}
    rc=$?
    cp "$ROOTFS_DIR/pg$v/$name" "$summary" 2>/dev/null
    rm -f "$ROOTFS_DIR/pg$v/$name"
    return "$rc"
}

# A TCP port for the cluster of PostgreSQL $1 that nothing on the host
# listens on: 54150 for 15, 54170 for 17, 54180 for 18, or the next free one
# above.
# The root file systems share the host's network.
rootfs_port() {
    local p=$((54000 + 10 * $1)) last
    last=$((p + 9))
    while [ "$p" -le "$last" ]; do
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null &&
            ! (exec 3<>"/dev/tcp/::1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
        p=$((p + 1))
    done
    return 1
}
