# mysqlrender server start: the mysql container's command, before the image's own entrypoint (docker-entrypoint.sh,
# which it then becomes, with the same arguments). A restart of the container alone (mysqld crashed, was OOM-killed,
# failed its liveness probe) runs no init container again, so the server's read-only state is decided here, on every
# start: read-only exactly while BACKUP_DIR/BACKUP_PREFIX.read-only exists (written by a final or pre-delete backup
# before it makes the running server read-only, removed by the restore check when the instance lives again).
# Self-contained (nothing from lib.sh: its umask and locale would reach mysqld).
# Environment: BACKUP_DIR BACKUP_PREFIX (the backup volume, mounted read-only) CONFIG_DIR (the server's conf.d emptyDir)
set -eu -o pipefail

log() {
    printf '%s server-start: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >&2
}

: "${BACKUP_DIR:?} ${BACKUP_PREFIX:?} ${CONFIG_DIR:?}"
if ! [ -d "$BACKUP_DIR" ] || ! ls -A -- "$BACKUP_DIR" >/dev/null; then
    log "ERROR: $BACKUP_DIR cannot be listed, so whether the server must start read-only is unknown; not starting it"
    exit 1
fi
marker=$BACKUP_DIR/$BACKUP_PREFIX.read-only # lib.sh read_only_marker
settings=$CONFIG_DIR/read-only.cnf
if [ -e "$marker" ]; then
    printf '[mysqld]\nread_only = ON\nloose-super_read_only = ON\n' >"$settings.partial"
    mv -f -- "$settings.partial" "$settings"
    log "the server starts read-only: $marker exists (a final backup was taken; the restore check of a live instance lifts it)"
elif [ -e "$settings" ]; then
    rm -f -- "$settings"
    log "the server starts writable: $marker is gone"
fi
[ "$#" -gt 0 ] || set -- mysqld # `command` replaces the image's ENTRYPOINT and, without `args`, its CMD too
exec docker-entrypoint.sh "$@"
