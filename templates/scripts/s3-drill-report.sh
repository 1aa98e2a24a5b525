# mysqlrender S3 drill report: the last container of a drill from the bucket, after the fetch (s3-drill-fetch.sh) and
# the drill (verify.sh), which run as init containers. POSIX sh for the rclone image. Uploads the drill's report
# DUMP.verified.json next to the remote dump (NAME.verified.json), where the server pod's fetch reads it: an
# automatic restore from the bucket never takes a dump whose drill failed (s3-fetch.sh). Then fails the Job when the
# verdict is "failed": the drill container exits 0 after writing a failed verdict (DRILL_REPORT_FOLLOWS=true) so that
# this container runs. Environment: see s3-lib.sh (BACKUP_DIR is where the drill fetched the dump).
. "$(dirname -- "$0")/s3-lib.sh"
SCRIPT=s3-drill-report

main() {
    trap remove_work EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_s3_env
    set -- "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.verified.json
    if [ ! -f "$1" ]; then
        log "no drill report in $BACKUP_DIR (the bucket held no complete dump to drill); nothing to upload"
        return 0
    fi
    report=$1
    name=${report##*/}
    name=${name%.verified.json}
    result=$(report_field "$report" result)
    case $result in
    passed | failed) ;;
    *) die "the drill report $report holds no result; nothing was uploaded" ;;
    esac
    configure_rclone "$S3_PREFIX"
    rclone copyto "$report" "$(remote_path "$name.verified.json")" ||
        die "could not upload the drill report of $name to $(describe "$name.verified.json") (rclone's message is above); the drill's verdict was: $result"
    if [ "$result" = failed ]; then
        die "the drill of $name FAILED: $(report_field "$report" reason). Its report is at $(describe "$name.verified.json"): an automatic restore from the bucket never takes this dump (name it in spec.restore.from to restore it anyway)"
    fi
    log "the drill of $name passed; its report is at $(describe "$name.verified.json")"
}

main "$@"
