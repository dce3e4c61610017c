# The Debian unstable chroot the Windows program is built and tested in (sourced
# by build.sh and the Windows tests; run as root). It is made once and reused:
# SOHOA_WINDOWS_CHROOT names its folder.
chroot_dir="${SOHOA_WINDOWS_CHROOT:-/var/cache/sohoa/windows-chroot}"

# What the chroot holds: the compiler with the standard library's source, the
# MinGW-w64 linker, NSIS, Wine 10, and Mesa's OpenGL and Vulkan for the window
# under Xvfb.
chroot_packages=(
    ca-certificates rustc cargo rust-src gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64
    nsis wine wine64 libgl1 libglx0 libgl1-mesa-dri libglx-mesa0 mesa-vulkan-drivers
    libvulkan1 xvfb xauth x11-apps imagemagick xdotool
)

# Cargo inside the chroot, for Windows: the release profile without line tables
# (the program is stripped), the standard library compiled for the target, the
# MinGW-w64 linker. build.sh and test-core.sh share it, so the tests reuse the
# program's standard library and dependencies where they can.
windows_cargo="cd /src && RUSTC_BOOTSTRAP=1 CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_TARGET_DIR=/src/target/windows-gnu \
    CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
    cargo --locked -Z build-std=std,panic_abort"

apt_in_chroot() {
    # The mirror's Release file may be older than this machine's clock.
    chroot "$1" env DEBIAN_FRONTEND=noninteractive apt-get -o Acquire::Check-Valid-Until=false "${@:2}"
}

debian_mirror() {
    local uri
    uri="$(sed -n 's/^URIs: *\(http[^ ]*debian\/\?\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)"
    echo "${uri:-http://deb.debian.org/debian}"
}

make_chroot() {
    local dir="$1" stamp="$1/.sohoa-packages"
    if [[ ! -x "$dir/usr/bin/apt-get" ]]; then
        command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
        mkdir -p "$dir"
        echo "== making the build chroot in $dir"
        debootstrap --variant=minbase sid "$dir" "$(debian_mirror)" >/dev/null
    fi
    if [[ "$(cat "$stamp" 2>/dev/null)" != "${chroot_packages[*]}" ]]; then
        mount_proc "$dir"
        apt_in_chroot "$dir" update -qq
        apt_in_chroot "$dir" install -y -qq --no-install-recommends "${chroot_packages[@]}" >/dev/null
        echo "${chroot_packages[*]}" > "$stamp"
    fi
    # cargo inside reaches crates.io with this machine's certificates.
    cp "${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}" "$dir/etc/sohoa-ca.pem"
}

mount_proc() {
    mountpoint -q "$1/proc" || mount -t proc proc "$1/proc"
}

# The repository at /src, /dev and the X server's socket (for the window tests).
# Cargo inside keeps its own download cache: one shared with this machine's cargo
# would be written by two cargo versions at once when both build side by side.
mount_chroot() {
    local dir="$1" repo="$2"
    mount_proc "$dir"
    mkdir -p "$dir/src" "$dir/tmp/.X11-unix" /tmp/.X11-unix
    mountpoint -q "$dir/src" || mount --bind "$repo" "$dir/src"
    mountpoint -q "$dir/dev" || mount --bind /dev "$dir/dev"
    mountpoint -q "$dir/tmp/.X11-unix" || mount --bind /tmp/.X11-unix "$dir/tmp/.X11-unix"
}

unmount_chroot() {
    local dir="$1" point
    for point in tmp/.X11-unix dev src proc; do
        mountpoint -q "$dir/$point" && umount -l "$dir/$point" || true
    done
}

in_chroot() {
    chroot "$1" env -i HOME=/root PATH=/usr/local/bin:/usr/bin:/bin \
        SSL_CERT_FILE=/etc/sohoa-ca.pem CARGO_HTTP_CAINFO=/etc/sohoa-ca.pem \
        CARGO_TERM_COLOR=never LANG=C.UTF-8 DISPLAY="${DISPLAY:-}" \
        bash -euo pipefail -c "$2"
}

# Run rather than sourced (packaging/windows/chroot.sh): makes the chroot, or
# brings its packages up to date, and nothing else.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    set -euo pipefail
    make_chroot "$chroot_dir"
fi
