#!/bin/bash
# The container runtime's part of starting one container, run by the kubelet model inside `unshare --mount`:
#   container-launch.sh MOUNT_TABLE -- COMMAND [ARGS...]
# MOUNT_TABLE holds tab-separated lines, applied in order:
#   bind  HOST_PATH  CONTAINER_PATH  ro|rw   a volumeMount (or an image file) bind-mounted at its real path
#   rootfs  ro|rw                            readOnlyRootFilesystem: `/` remounted read-only after the binds
#   user  UID  GID  GROUPS  nnp|-            runAsUser, runAsGroup, fsGroup + supplementalGroups, no_new_privs
#   workdir  PATH                            workingDir (the image's default is /)
# The environment this script receives is already the container's (PATH plus the spec's env); it adds nothing.
# Capabilities: every capability is dropped (the rendered pods drop ALL); seccomp profiles are not modelled.
set -eu -o pipefail
# The runtime's own tools are the node's, not the image's: the container's PATH (an image without these programs,
# such as rclone/rclone's busybox userland, or one in a folder a mount hides) applies to the command only.
container_path=$PATH
PATH=/usr/sbin:/usr/bin:/sbin:/bin
table=$1
shift
[ "${1:-}" = -- ] && shift
root_mode=rw user=() workdir=/
while IFS=$'\t' read -r kind a b c d; do
    case $kind in
    bind)
        [ -e "$a" ] || { printf 'container-launch.sh: mount source %s does not exist\n' "$a" >&2; exit 127; }
        if [ -d "$a" ]; then
            mkdir -p -- "$b" # a mount point, as the runtime creates it in the container's root
        elif [ ! -e "$b" ]; then
            mkdir -p -- "$(dirname -- "$b")"
            : >"$b"
        fi
        mount --bind -- "$a" "$b"
        [ "$c" = ro ] && mount -o remount,bind,ro -- "$b"
        ;;
    rootfs) root_mode=$a ;;
    user) user=(--reuid="$a" --regid="$b" --groups="$c" --inh-caps=-all --bounding-set=-all)
        [ "$d" = nnp ] && user+=(--no-new-privs) ;;
    workdir) workdir=$a ;;
    *) printf 'container-launch.sh: unknown mount table entry %s\n' "$kind" >&2; exit 127 ;;
    esac
done <"$table"
[ "$root_mode" = ro ] && mount -o remount,bind,ro /
cd -- "$workdir"
unset OLDPWD # set by cd; not part of the container's env
setpriv=$(command -v setpriv)
export PATH=$container_path
if [ ${#user[@]} -gt 0 ]; then
    exec "$setpriv" "${user[@]}" -- "$@"
fi
exec "$@"
