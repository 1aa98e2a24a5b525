# mysqlrender restore: load the newest valid dump (or RESTORE_FROM) into an empty database, once per data directory.
# Run as `/bin/bash -c "<this text>"` in the MySQL image. Everything comes from the environment (docs/backup-restore.md):
# MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX RESTORE_FROM WAIT_TIMEOUT_SECONDS TMPDIR
set -eu -o pipefail
SCRIPT=restore

# --- common: keep identical in backup.sh and restore.sh (tests/e2e/scripts-e2e.sh compares them) ---
export LC_ALL=C # byte-wise glob order: timestamped names sort oldest first
shopt -s nullglob
umask 027 # dumps: owner and group (fsGroup) only; mktemp files are 0600 anyway
TS_GLOB='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z'
OPTION_FILE=
ERROR_FILE=

log() {
    printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$SCRIPT" "$*"
}

die() {
    log "ERROR: $*" >&2
    exit 1
}

cleanup_common() {
    rm -f -- "$OPTION_FILE" "$ERROR_FILE"
}

require_env() {
    local name
    for name in "$@"; do
        [ -n "${!name:-}" ] || die "environment variable $name is required"
    done
}

require_int() {
    [[ ${!1} =~ ^[0-9]+$ ]] || die "$1 must be a non-negative integer, got '${!1}'"
}

check_common_env() {
    require_env MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX
    WAIT_TIMEOUT_SECONDS=${WAIT_TIMEOUT_SECONDS:-300}
    TMPDIR=${TMPDIR:-/tmp}
    require_int MYSQL_PORT
    require_int WAIT_TIMEOUT_SECONDS
    [[ $BACKUP_PREFIX =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] ||
        die "BACKUP_PREFIX must be a plain name ([A-Za-z0-9._-]), got '$BACKUP_PREFIX'"
    [[ $MYSQL_DATABASE != -* && $MYSQL_DATABASE != *'`'* ]] || die "MYSQL_DATABASE must not start with '-' or contain '\`'"
    [ -d "$BACKUP_DIR" ] || die "BACKUP_DIR $BACKUP_DIR is not a directory (is the backup volume mounted?)"
    [ -r "$MYSQL_PASSWORD_FILE" ] || die "MYSQL_PASSWORD_FILE $MYSQL_PASSWORD_FILE is not readable"
    [ -d "$TMPDIR" ] && [ -w "$TMPDIR" ] || die "TMPDIR $TMPDIR is not a writable directory"
}

first_program() {
    local program
    for program in "$@"; do
        if command -v "$program" >/dev/null 2>&1; then
            printf '%s\n' "$program"
            return 0
        fi
    done
    die "none of these programs is installed: $*"
}

# A double-quoted option-file value: '#' inside quotes is not a comment, surrounding spaces survive, and the
# client un-escapes \\ \" \n \r \t. Byte by byte, because ${var//...} replacement quoting differs between bash versions.
option_value() {
    local in=$1 out= c i
    for ((i = 0; i < ${#in}; i++)); do
        c=${in:i:1}
        case $c in
        \\ | \") out+="\\$c" ;;
        $'\n') out+='\n' ;;
        $'\r') out+='\r' ;;
        $'\t') out+='\t' ;;
        *) out+=$c ;;
        esac
    done
    printf '"%s"' "$out"
}

# Credentials reach the clients only through this 0600 file: never argv, never the log.
write_option_file() {
    local password
    password=$(<"$MYSQL_PASSWORD_FILE") # strips trailing newlines, like the image's entrypoint
    [ -n "$password" ] || die "password file $MYSQL_PASSWORD_FILE is empty"
    OPTION_FILE=$(mktemp "$TMPDIR/mysqlrender-client.XXXXXX")
    ERROR_FILE=$(mktemp "$TMPDIR/mysqlrender-error.XXXXXX")
    printf '[client]\nuser=root\npassword=%s\nhost=%s\nport=%s\nprotocol=tcp\n' \
        "$(option_value "$password")" "$(option_value "$MYSQL_HOST")" "$MYSQL_PORT" >"$OPTION_FILE"
}

# --defaults-extra-file must be the first option.
sql() {
    "$MYSQL_CLIENT" --defaults-extra-file="$OPTION_FILE" --connect-timeout=5 --default-character-set=utf8mb4 \
        --batch --skip-column-names -e "$1"
}

# `mysqladmin ping` succeeds even on "Access denied", so readiness is an authenticated SELECT 1.
wait_for_server() {
    local deadline=$((SECONDS + WAIT_TIMEOUT_SECONDS)) output error last_error=
    while :; do
        if output=$(sql 'SELECT 1' 2>"$ERROR_FILE") && [ "$output" = 1 ]; then
            return 0
        fi
        error=$(<"$ERROR_FILE")
        if [ "$error" != "$last_error" ]; then
            log "waiting for MySQL at $MYSQL_HOST:$MYSQL_PORT: ${error:-unexpected answer '$output'}"
            last_error=$error
        fi
        [ $SECONDS -lt $deadline ] ||
            die "MySQL at $MYSQL_HOST:$MYSQL_PORT did not answer an authenticated SELECT 1 within ${WAIT_TIMEOUT_SECONDS}s; last error: ${error:-none}"
        sleep 2
    done
}

file_size() {
    wc -c <"$1" | tr -d ' '
}

file_sha256() {
    local sum
    sum=$(sha256sum <"$1")
    printf '%s\n' "${sum%% *}"
}

# The last line mysqldump writes (only when it finished) is "-- Dump completed[ on <date>]".
has_dump_trailer() {
    local last
    last=$(gzip -dc -- "$1" | tail -n 1) || return 1
    [[ $last == "-- Dump completed"* ]]
}
# --- end common ---

# The marker lives in the server's own data directory: one row, written the first time this job handles the
# instance (restored, nothing to restore, or refused), so a database emptied later never receives old data.
MARKER_SCHEMA=mysqlrender
MARKER=\`$MARKER_SCHEMA\`.\`restore_marker\`
DUMP=
VERIFY_ERROR=

check_env() {
    check_common_env
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
    trap cleanup_common EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_env
    MYSQL_CLIENT=$(first_program mysql mariadb)
    write_option_file
    quote_database
    wait_for_server
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
