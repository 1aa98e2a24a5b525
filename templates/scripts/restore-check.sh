# mysqlrender restore check: the restore Job (restore-NAME-job). The server pod's init container (server-init.sh)
# makes the restore decision before any client can connect and records it in the restore marker; this Job runs
# after the server is Ready, reports that decision in its log and termination message, and fails visibly when the
# instance needs a human (a restore that never finished or failed, dumps that were never restored). A completed,
# non-retired sync means the instance is live: it makes a server that a final backup left read-only writable again.
# Sources lib.sh beside it. Environment (docs/backup-restore.md):
# MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX RESTORE_FROM (optional)
# WAIT_TIMEOUT_SECONDS TMPDIR
# shellcheck source=lib.sh
. "${BASH_SOURCE[0]%/*}/lib.sh"
set -eu -o pipefail
SCRIPT=restore-check
umask 077

# Sets MARKER_STATE, MARKER_DUMP, MARKER_AT; all empty when this data directory has no restore marker.
read_restore_marker() {
    local found row
    MARKER_STATE='' MARKER_DUMP='' MARKER_AT=''
    found=$(sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysqlrender' AND TABLE_NAME = 'restore_marker'") ||
        die "could not read the restore state (see the client's message above)"
    [ "$found" = 1 ] || return 0
    row=$(sql 'SELECT state, IFNULL(dump_file, ""), first_handled_at FROM `mysqlrender`.`restore_marker` WHERE id = 1') ||
        die "could not read the restore marker"
    [ -z "$row" ] || IFS=$'\t' read -r MARKER_STATE MARKER_DUMP MARKER_AT <<<"$row"
}

describe_decision() {
    case $MARKER_STATE in
    restored) printf 'restored %s into `%s` on %s UTC' "$MARKER_DUMP" "$MYSQL_DATABASE" "$MARKER_AT" ;;
    nothing-to-restore) printf 'nothing to restore on %s UTC: no dump existed, `%s` started empty' "$MARKER_AT" "$MYSQL_DATABASE" ;;
    not-empty) printf 'the live data of `%s` was accepted on %s UTC (no restore)' "$MYSQL_DATABASE" "$MARKER_AT" ;;
    '') printf 'no restore was recorded in this data directory' ;;
    *) printf "marker state '%s' (%s)" "$MARKER_STATE" "${MARKER_DUMP:-no dump}" ;;
    esac
}

# spec.restore.from acts only when a new data directory is made; left in Git it changes nothing later. Say so.
note_restore_from() {
    [ -n "${RESTORE_FROM:-}" ] || return 0
    [ "$MARKER_STATE" = restored ] && [ "$MARKER_DUMP" = "$RESTORE_FROM" ] && return 0
    log "note: spec.restore.from ($RESTORE_FROM) only acts when the server makes a new data directory; this one was handled already. Remove it from Git"
}

finish() {
    local rc=$?
    remove_client_files
    if [ "$rc" -eq 0 ]; then
        report_status restore succeeded decision "${MARKER_STATE:-none}" dump "${MARKER_DUMP:-none}" durationSeconds "$SECONDS"
    else
        report_status restore failed decision "${MARKER_STATE:-none}" exitCode "$rc" durationSeconds "$SECONDS"
    fi
}

main() {
    trap finish EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    MARKER_STATE='' MARKER_DUMP=''
    check_backup_env
    write_option_file "$MYSQL_PASSWORD_FILE" "$MYSQL_HOST" "$MYSQL_PORT"
    wait_for_server "$WAIT_TIMEOUT_SECONDS" ||
        die "MySQL did not answer: the server's init container may still be restoring (kubectl logs deploy/$BACKUP_PREFIX -c server-init), or it failed (see that log)"
    read_restore_marker
    log "restore decision: $(describe_decision)"
    require_restore_settled
    note_restore_from
    mark_instance_live || die "could not make the server writable again (see the client's message above)"
}

main
