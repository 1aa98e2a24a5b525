# mysqlrender shell library: prepended (by the renderer) to backup.sh, restore.sh and readiness.sh, so each
# container runs `/bin/bash -c "<lib.sh + script>"`. Functions and constants only; values come from env and files.
set -eu -o pipefail
export LC_ALL=C # byte-wise glob order: UTC-timestamped dump names sort oldest first
shopt -s nullglob
TS_GLOB='[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]T[0-9][0-9][0-9][0-9][0-9][0-9]Z'
SCRIPT=${SCRIPT:-mysqlrender}
OPTION_FILE=
ERROR_FILE=

log() {
    printf '%s %s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$SCRIPT" "$*"
}

die() {
    log "ERROR: $*" >&2
    exit 1
}

# Removes the credentials file; every script calls it from its EXIT trap.
remove_client_files() {
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

# A double-quoted option-file value: '#' inside quotes is not a comment, surrounding spaces survive, and both
# MySQL and MariaDB clients un-escape \\ \" \n \r \t. Byte by byte: ${var//...} quoting differs across bash versions.
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

# write_option_file PASSWORD_FILE HOST PORT: the only way credentials reach a client (never argv, never a log).
# The file is created by mktemp (mode 0600) in TMPDIR, an emptyDir, and removed on exit.
write_option_file() {
    local password
    [ -r "$1" ] || die "password file $1 is not readable (is the Secret mounted?)"
    password=$(<"$1") # strips trailing newlines, like the MySQL image's entrypoint
    [ -n "$password" ] || die "password file $1 is empty"
    OPTION_FILE=$(mktemp "${TMPDIR:-/tmp}/mysqlrender-client.XXXXXX")
    ERROR_FILE=$(mktemp "${TMPDIR:-/tmp}/mysqlrender-error.XXXXXX")
    printf '[client]\nuser=root\npassword=%s\nhost=%s\nport=%s\nprotocol=tcp\n' \
        "$(option_value "$password")" "$(option_value "$2")" "$3" >"$OPTION_FILE"
}

# sql STATEMENTS: batch mode, tab-separated, no headers. --defaults-extra-file must be the first option.
sql() {
    "$MYSQL_CLIENT" --defaults-extra-file="$OPTION_FILE" --connect-timeout=5 --default-character-set=utf8mb4 \
        --batch --skip-column-names -e "$1"
}

# wait_for_server SECONDS: `mysqladmin ping` succeeds even on "Access denied", so the test is an authenticated
# SELECT 1, retried every 2 s and bounded in time. Returns 1 (after logging the last error) when time runs out.
wait_for_server() {
    local deadline=$((SECONDS + $1)) output error last_error=
    while :; do
        if output=$(sql 'SELECT 1' 2>"$ERROR_FILE") && [ "$output" = 1 ]; then
            return 0
        fi
        error=$(<"$ERROR_FILE")
        if [ "$error" != "$last_error" ]; then
            log "waiting for MySQL at $MYSQL_HOST:$MYSQL_PORT: ${error:-unexpected answer '$output'}"
            last_error=$error
        fi
        if [ $SECONDS -ge $deadline ]; then
            log "MySQL at $MYSQL_HOST:$MYSQL_PORT did not answer an authenticated SELECT 1 within $1s; last error: ${error:-none}" >&2
            return 1
        fi
        sleep 2
    done
}

# Checks shared by backup and restore; also sets MYSQL_CLIENT, WAIT_TIMEOUT_SECONDS and TMPDIR.
check_backup_env() {
    require_env MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX
    WAIT_TIMEOUT_SECONDS=${WAIT_TIMEOUT_SECONDS:-300}
    TMPDIR=${TMPDIR:-/tmp}
    require_int MYSQL_PORT
    require_int WAIT_TIMEOUT_SECONDS
    [[ $BACKUP_PREFIX =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] ||
        die "BACKUP_PREFIX must be a plain name ([A-Za-z0-9._-]), got '$BACKUP_PREFIX'"
    [[ $MYSQL_DATABASE != -* && $MYSQL_DATABASE != *'`'* ]] || die "MYSQL_DATABASE must not start with '-' or contain '\`'"
    [ -d "$BACKUP_DIR" ] || die "BACKUP_DIR $BACKUP_DIR is not a directory (is the backup volume mounted?)"
    [ -d "$TMPDIR" ] && [ -w "$TMPDIR" ] || die "TMPDIR $TMPDIR is not a writable directory"
    MYSQL_CLIENT=$(first_program mysql mariadb)
}

file_size() {
    wc -c <"$1" | tr -d ' '
}

file_sha256() {
    local sum
    sum=$(sha256sum <"$1")
    printf '%s\n' "${sum%% *}"
}

# The last line mysqldump / mariadb-dump writes, only when it finished, is "-- Dump completed[ on <date>]".
has_dump_trailer() {
    local last
    last=$(gzip -dc -- "$1" | tail -n 1) || return 1
    [[ $last == "-- Dump completed"* ]]
}


# --- i13: restore state -----------------------------------------------------------------------------------------

# require_restore_settled: call after wait_for_server, before dumping or pruning. Dies with what to do unless the
# data directory's restore decision is final: the server init recorded `restored` or `nothing-to-restore` (0.1's
# restore job also `not-empty`, and a DBA who accepts the live data records that). Without a marker, an empty
# volume of dumps is fine (a new instance); with dumps, a database that holds data means a restore was skipped, and
# an empty one that the restore has not run: either way a dump now would rotate the good dumps out.
require_restore_settled() {
    local state= found objects dumps db
    set -- "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz
    dumps=$#
    found=$(sql "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'mysqlrender' AND TABLE_NAME = 'restore_marker'") ||
        die "could not read the restore state (see the client's message above)"
    if [ "$found" = 1 ]; then
        state=$(sql 'SELECT state FROM `mysqlrender`.`restore_marker` WHERE id = 1') || die "could not read the restore marker"
    fi
    case $state in
    restored | nothing-to-restore | not-empty) return 0 ;;
    restoring) die "restore-pending: a restore into this data directory started and never finished (marker 'restoring'); no dump and no pruning until it is resolved. Delete the server pod so its init container restores into a new data directory, see docs/backup-restore.md" ;;
    failed) die "restore-failed: the last restore into this data directory failed (marker 'failed'); no dump and no pruning, so the last good dump is kept. See docs/backup-restore.md, 'A failed restore'" ;;
    '') ;;
    *) die "unknown restore marker state '$state' in \`mysqlrender\`.\`restore_marker\`" ;;
    esac
    [ "$dumps" -gt 0 ] || return 0
    db=$(printf '%s' "$MYSQL_DATABASE" | od -An -v -tx1 | tr -d ' \n')
    objects=$(sql "SELECT (SELECT COUNT(*) FROM information_schema.TABLES WHERE CAST(TABLE_SCHEMA AS BINARY) = X'$db')
        + (SELECT COUNT(*) FROM information_schema.ROUTINES WHERE CAST(ROUTINE_SCHEMA AS BINARY) = X'$db')
        + (SELECT COUNT(*) FROM information_schema.EVENTS WHERE CAST(EVENT_SCHEMA AS BINARY) = X'$db')") ||
        die "could not inspect \`$MYSQL_DATABASE\`"
    if [ "$objects" -gt 0 ]; then
        die "restore-skipped: \`$MYSQL_DATABASE\` holds $objects objects, $dumps dumps of $BACKUP_PREFIX exist in $BACKUP_DIR, and no restore was ever recorded in this data directory; a dump now would rotate the good dumps out. Restore them (docs/backup-restore.md, 'Restoring by hand'), or accept the live data: CREATE DATABASE IF NOT EXISTS mysqlrender, then record state 'not-empty' (docs/backup-restore.md, 'Accepting the live data')"
    fi
    die "restore-pending: $dumps dumps of $BACKUP_PREFIX exist in $BACKUP_DIR, \`$MYSQL_DATABASE\` is empty and no restore was recorded: the server's init container has not restored yet. No dump and no pruning until it has"
}
