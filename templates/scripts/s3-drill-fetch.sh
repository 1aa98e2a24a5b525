# mysqlrender S3 drill fetch: the restore drill's init container when spec.backup.s3 is set. POSIX sh for the rclone
# image. Copies the newest COMPLETE remote dump of this instance (its .sha256, its .manifest, then the dump itself,
# each through a .partial file) into BACKUP_DIR on the drill's scratch volume, WITHOUT judging it: a corrupt newest
# dump is exactly what the drill must report, so nothing falls back to an older dump here (the restore does that,
# s3-fetch.sh). So the drill pod needs neither the backup volume nor the database's node. Environment: see s3-lib.sh;
# BACKUP_DIR is created. The bucket is only read.
. "$(dirname -- "$0")/s3-lib.sh"
SCRIPT=s3-drill-fetch
PARTIAL=

cleanup() {
    [ -z "$PARTIAL" ] || rm -f -- "$PARTIAL"
    remove_work
}

# download NAME: the object NAME under REMOTE into BACKUP_DIR/NAME, through NAME.partial.
download() {
    PARTIAL=$BACKUP_DIR/$1.partial
    rclone copyto "$(remote_path "$1")" "$PARTIAL" 2>"$WORK/copy.err" || {
        sed 's/^/    /' "$WORK/copy.err" >&2
        die "could not download $(describe "$1") (rclone's message is above); the drill did not run"
    }
    mv -f -- "$PARTIAL" "$BACKUP_DIR/$1"
    PARTIAL=
}

main() {
    trap cleanup EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    require_env BACKUP_DIR
    mkdir -p -- "$BACKUP_DIR" || die "cannot create BACKUP_DIR $BACKUP_DIR (is the scratch volume mounted?)"
    check_s3_env
    configure_rclone "$S3_PREFIX"
    list_remote "$WORK/remote" "the drill did not run"
    newest=$(complete_remote_dumps "$WORK/remote" "$BACKUP_PREFIX" | tail -n 1)
    if [ -z "$newest" ]; then
        log "no complete dump of $BACKUP_PREFIX in $(describe '') yet; the drill has nothing to judge"
        return 0
    fi
    name=${newest#* }
    download "$name.sha256"
    if grep -qxF -- "$name.manifest" "$WORK/remote"; then
        download "$name.manifest"
    else
        warn "$(describe "$name") has no .manifest (uploaded by a release before 0.2): the drill cannot check its row counts"
    fi
    download "$name"
    log "fetched $(describe "$name") for the drill ($(wc -c <"$BACKUP_DIR/$name" | tr -d ' ') bytes, not judged yet)"
}

main "$@"
