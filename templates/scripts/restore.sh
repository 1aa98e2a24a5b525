# mysqlrender restore: load the newest valid dump (or RESTORE_FROM) into an empty database, once per data directory.
# Sources lib.sh beside it. Environment (docs/backup-restore.md):
# MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX RESTORE_FROM WAIT_TIMEOUT_SECONDS TMPDIR
# shellcheck source=lib.sh
. "${BASH_SOURCE[0]%/*}/lib.sh"
set -eu -o pipefail
SCRIPT=restore
umask 077

# The marker lives in the server's own data directory: one row, written the first time this job handles the
# instance (restored, nothing to restore, or refused), so a database emptied later never receives old data.
MARKER_SCHEMA=mysqlrender
MARKER=\`$MARKER_SCHEMA\`.\`restore_marker\`
DUMP=
VERIFY_ERROR=

check_env() {
    check_backup_env
    [ "$MYSQL_DATABASE" != "$MARKER_SCHEMA" ] ||
        die "MYSQL_DATABASE must not be '$MARKER_SCHEMA': that schema holds the restore marker"
    if [ -n "${RESTORE_FROM:-}" ]; then
        [[ $RESTORE_FROM =~ ^[A-Za-z0-9][A-Za-z0-9._-]*\.sql\.gz$ ]] ||
            die "RESTORE_FROM must be a file name (no path) ending in .sql.gz, got '$RESTORE_FROM'"
    fi
}

# A string literal immune to quoting and sql_mode: the bytes as a hex literal.
hex_literal() {
    printf "X'%s'" "$(printf '%s' "$1" | od -An -v -tx1 | tr -d ' \n')"
}

DB_IDENT=
DB_LITERAL=

quote_database() {
    DB_IDENT=\`$MYSQL_DATABASE\`
    DB_LITERAL=$(hex_literal "$MYSQL_DATABASE")
}

ensure_marker_table() {
    sql "CREATE DATABASE IF NOT EXISTS \`$MARKER_SCHEMA\`;
        CREATE TABLE IF NOT EXISTS $MARKER (
            id TINYINT UNSIGNED NOT NULL PRIMARY KEY COMMENT 'always 1: one marker per data directory',
            state VARCHAR(32) NOT NULL COMMENT 'restoring, restored, failed, nothing-to-restore or not-empty',
            database_name VARCHAR(64) NOT NULL,
            dump_file VARCHAR(255) NULL,
            dump_sha256 CHAR(64) NULL,
            attempts INT UNSIGNED NOT NULL DEFAULT 1,
            first_handled_at DATETIME NOT NULL COMMENT 'UTC',
            updated_at DATETIME NOT NULL COMMENT 'UTC'
        ) ENGINE=InnoDB COMMENT='mysqlrender restore job: never restore twice into this data directory'"
}

# Sets MARKER_STATE (empty when there is no marker), MARKER_AT, MARKER_DUMP and MARKER_ATTEMPTS.
read_marker() {
    local row
    row=$(sql "SELECT state, first_handled_at, IFNULL(dump_file, 'no dump'), attempts FROM $MARKER WHERE id = 1") ||
        die "could not read the restore marker $MARKER"
    MARKER_STATE= MARKER_AT= MARKER_DUMP= MARKER_ATTEMPTS=0
    [ -z "$row" ] || IFS=$'\t' read -r MARKER_STATE MARKER_AT MARKER_DUMP MARKER_ATTEMPTS <<<"$row"
}

# Sets DB_EXISTS, DB_TABLES (views included), DB_ROUTINES, DB_EVENTS. Names compare as exact bytes.
inspect_database() {
    local row
    row=$(sql "SELECT
        (SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE CAST(SCHEMA_NAME AS BINARY) = $DB_LITERAL),
        (SELECT COUNT(*) FROM information_schema.TABLES WHERE CAST(TABLE_SCHEMA AS BINARY) = $DB_LITERAL),
        (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE CAST(ROUTINE_SCHEMA AS BINARY) = $DB_LITERAL),
        (SELECT COUNT(*) FROM information_schema.EVENTS WHERE CAST(EVENT_SCHEMA AS BINARY) = $DB_LITERAL)")
    IFS=$'\t' read -r DB_EXISTS DB_TABLES DB_ROUTINES DB_EVENTS <<<"$row"
}

database_is_empty() {
    [ "$DB_TABLES" -eq 0 ] && [ "$DB_ROUTINES" -eq 0 ] && [ "$DB_EVENTS" -eq 0 ]
}

describe_contents() {
    printf '%s tables/views, %s routines, %s events' "$DB_TABLES" "$DB_ROUTINES" "$DB_EVENTS"
}

# Records a final outcome when no marker exists yet (a concurrent job's marker wins).
record_outcome() {
    sql "INSERT IGNORE INTO $MARKER (id, state, database_name, first_handled_at, updated_at)
        VALUES (1, '$1', CONVERT($DB_LITERAL USING utf8mb4), UTC_TIMESTAMP(), UTC_TIMESTAMP())"
}

# Atomically takes the marker for this restore: inserts it, or takes over the failed/interrupted attempt that
# read_marker saw (compare-and-swap on attempts). Prints 1 when claimed, 0 when another job got there first.
claim_marker() {
    local file=${DUMP##*/} sha256=$1
    sql "INSERT IGNORE INTO $MARKER (id, state, database_name, dump_file, dump_sha256, first_handled_at, updated_at)
            VALUES (1, 'restoring', CONVERT($DB_LITERAL USING utf8mb4), '$file', '$sha256', UTC_TIMESTAMP(), UTC_TIMESTAMP());
        SET @claimed = ROW_COUNT();
        UPDATE $MARKER SET state = 'restoring', dump_file = '$file', dump_sha256 = '$sha256',
                attempts = attempts + 1, updated_at = UTC_TIMESTAMP()
            WHERE id = 1 AND @claimed = 0 AND state = '$MARKER_STATE' AND attempts = $MARKER_ATTEMPTS;
        SELECT @claimed + ROW_COUNT()"
}

set_marker_state() {
    sql "UPDATE $MARKER SET state = '$1', updated_at = UTC_TIMESTAMP() WHERE id = 1"
}

# Whole-file checks before anything touches the database. Sets VERIFY_ERROR on failure.
verify_dump() {
    local file=$1 expected= actual
    if [ ! -f "$file" ]; then
        VERIFY_ERROR="file not found"
        return 1
    fi
    if [ ! -s "$file.sha256" ]; then
        VERIFY_ERROR="checksum file ${file##*/}.sha256 is missing"
        return 1
    fi
    read -r expected _ <"$file.sha256" || true
    actual=$(file_sha256 "$file")
    if [ "$expected" != "$actual" ]; then
        VERIFY_ERROR="sha256 mismatch (recorded ${expected:-nothing}, file has $actual): corrupt or truncated"
        return 1
    fi
    if ! gzip -t -- "$file" 2>/dev/null; then
        VERIFY_ERROR="not a valid gzip file"
        return 1
    fi
    if ! has_dump_trailer "$file"; then
        VERIFY_ERROR="no '-- Dump completed' trailer: the dump is incomplete"
        return 1
    fi
}

# Sets DUMP to RESTORE_FROM (which must verify) or to the newest dump that verifies; empty when there are none.
choose_dump() {
    local i file
    if [ -n "${RESTORE_FROM:-}" ]; then
        verify_dump "$BACKUP_DIR/$RESTORE_FROM" ||
            die "RESTORE_FROM=$RESTORE_FROM cannot be restored from $BACKUP_DIR: $VERIFY_ERROR"
        DUMP=$BACKUP_DIR/$RESTORE_FROM
        log "using $DUMP (RESTORE_FROM)"
        return 0
    fi
    set -- "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz # oldest first
    for ((i = $#; i >= 1; i--)); do
        file=${!i}
        if verify_dump "$file"; then
            DUMP=$file
            log "using $DUMP, the newest valid dump of $BACKUP_PREFIX"
            return 0
        fi
        log "skipping $file: $VERIFY_ERROR"
    done
    [ $# -eq 0 ] || die "none of the $# dumps of $BACKUP_PREFIX in $BACKUP_DIR is valid; nothing restored"
}

import_dump() {
    gzip -dc -- "$DUMP" |
        "$MYSQL_CLIENT" --defaults-extra-file="$OPTION_FILE" --default-character-set=utf8mb4 \
            --database="$MYSQL_DATABASE"
}

restore() {
    local sha256 size claimed started=$SECONDS
    sha256=$(file_sha256 "$DUMP")
    size=$(file_size "$DUMP")
    claimed=$(claim_marker "$sha256") || die "could not write the restore marker $MARKER"
    if [ "$claimed" != 1 ]; then
        log "another restore job has just handled this instance; nothing done"
        return 0
    fi
    if [ "$DB_EXISTS" -eq 0 ]; then
        sql "CREATE DATABASE IF NOT EXISTS $DB_IDENT"
        log "created the missing database $DB_IDENT"
    fi
    log "restoring $DUMP ($size bytes, sha256 $sha256) into $DB_IDENT"
    if ! import_dump; then
        set_marker_state failed || true
        die "importing $DUMP into $DB_IDENT failed (see the client's message above); the database may hold a partial import"
    fi
    set_marker_state restored || die "restored $DUMP but could not update the restore marker $MARKER"
    inspect_database
    log "restored $DUMP into $DB_IDENT in $((SECONDS - started))s: now $(describe_contents)"
}

main() {
    trap remove_client_files EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_env
    write_option_file "$MYSQL_PASSWORD_FILE" "$MYSQL_HOST" "$MYSQL_PORT"
    quote_database
    wait_for_server "$WAIT_TIMEOUT_SECONDS" || die "nothing restored: MySQL did not answer (see above)"
    ensure_marker_table || die "could not create the restore marker $MARKER"
    read_marker
    case $MARKER_STATE in
    restored | nothing-to-restore | not-empty)
        log "this data directory was already handled on $MARKER_AT UTC ($MARKER_STATE, $MARKER_DUMP); a restore runs only once per data directory: nothing to do"
        return 0
        ;;
    esac
    inspect_database
    if ! database_is_empty; then
        if [ -n "$MARKER_STATE" ]; then
            die "a restore of $MARKER_DUMP started on $MARKER_AT UTC did not complete ($MARKER_STATE) and $DB_IDENT is not empty ($(describe_contents)); inspect it, empty it and DELETE FROM $MARKER to retry"
        fi
        record_outcome not-empty || die "could not write the restore marker $MARKER"
        log "database $DB_IDENT is not empty ($(describe_contents)); not restoring, nothing was changed"
        return 0
    fi
    [ -z "$MARKER_STATE" ] || log "a previous restore of $MARKER_DUMP ($MARKER_STATE) did not complete and $DB_IDENT is empty: trying again"
    choose_dump
    if [ -z "$DUMP" ]; then
        record_outcome nothing-to-restore || die "could not write the restore marker $MARKER"
        log "nothing to restore: no dump of $BACKUP_PREFIX in $BACKUP_DIR; database $DB_IDENT stays empty"
        return 0
    fi
    restore
}

main
