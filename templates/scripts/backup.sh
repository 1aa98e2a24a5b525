# mysqlrender backup: dump one database to a verified, checksummed, timestamped gzip file, then apply retention.
# Run as `/bin/bash -c "<this text>"` in the MySQL image. Everything comes from the environment (docs/backup-restore.md):
# MYSQL_HOST MYSQL_PORT MYSQL_DATABASE MYSQL_PASSWORD_FILE BACKUP_DIR BACKUP_PREFIX BACKUP_KEEP WAIT_TIMEOUT_SECONDS TMPDIR
set -eu -o pipefail
SCRIPT=backup

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

PARTIAL=
SUM_PARTIAL=
STALE_SECONDS=$((24 * 3600)) # .partial files older than this were left by a killed backup
DUMP_FLAGS=(--single-transaction --quick --routines --events --triggers --hex-blob --no-tablespaces
    --default-character-set=utf8mb4 --skip-add-drop-table --loose-set-gtid-purged=OFF --loose-column-statistics=0)

cleanup() {
    rm -f -- "$PARTIAL" "$SUM_PARTIAL"
    cleanup_common
}

check_env() {
    check_common_env
    require_env BACKUP_KEEP
    require_int BACKUP_KEEP
    [ "$BACKUP_KEEP" -ge 1 ] || die "BACKUP_KEEP must be at least 1"
    [ -w "$BACKUP_DIR" ] || die "BACKUP_DIR $BACKUP_DIR is not writable"
}

# Sets DUMP and creates DUMP.partial exclusively (noclobber), so two jobs never share a file; a name taken
# within the same second is retried a second later.
claim_dump_name() {
    local attempt
    for attempt in 1 2 3 4 5; do
        DUMP=$BACKUP_DIR/$BACKUP_PREFIX-$(date -u +%Y%m%dT%H%M%SZ).sql.gz
        if [ ! -e "$DUMP" ] && (set -C && : >"$DUMP.partial") 2>/dev/null; then
            PARTIAL=$DUMP.partial
            return 0
        fi
        sleep 1
    done
    die "could not create a new dump file in $BACKUP_DIR"
}

dump_database() {
    "$DUMP_PROGRAM" --defaults-extra-file="$OPTION_FILE" "${DUMP_FLAGS[@]}" "$MYSQL_DATABASE" | gzip -c >"$PARTIAL"
}

# Durability before the rename; coreutils older than 8.24 ignore the argument and sync everything.
flush() {
    sync "$1" 2>/dev/null || sync
}

# dump.partial -> gzip -t -> trailer -> dump.sha256 -> atomic rename: a *.sql.gz name always means complete.
finish_dump() {
    local name=${DUMP##*/} sha256
    gzip -t -- "$PARTIAL" || die "$PARTIAL is not a valid gzip file"
    has_dump_trailer "$PARTIAL" || die "$PARTIAL lacks the '-- Dump completed' trailer: the dump is incomplete"
    flush "$PARTIAL"
    sha256=$(file_sha256 "$PARTIAL")
    SUM_PARTIAL=$DUMP.sha256.partial
    printf '%s  %s\n' "$sha256" "$name" >"$SUM_PARTIAL"
    flush "$SUM_PARTIAL"
    mv -f -- "$SUM_PARTIAL" "$DUMP.sha256"
    SUM_PARTIAL=
    mv -f -- "$PARTIAL" "$DUMP"
    PARTIAL=
    flush "$BACKUP_DIR"
    log "wrote $DUMP ($(file_size "$DUMP") bytes, sha256 $sha256)"
}

# Keeps the newest BACKUP_KEEP dumps of this prefix; the glob lists them oldest first.
prune_old_dumps() {
    set -- "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz
    while [ $# -gt "$BACKUP_KEEP" ]; do
        rm -f -- "$1" "$1.sha256"
        log "pruned $1 and its .sha256 (keeping the newest $BACKUP_KEEP)"
        shift
    done
}

# Leftovers of killed backups: .partial files, and checksums whose dump never got its final name.
prune_stale_files() {
    local cutoff file stamp
    cutoff=$(date -u -d "@$(($(date +%s) - STALE_SECONDS))" +%Y%m%dT%H%M%SZ)
    for file in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.partial \
        "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.sha256.partial \
        "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.sha256; do
        [[ $file == *.sha256 && -e ${file%.sha256} ]] && continue
        stamp=${file#"$BACKUP_DIR/$BACKUP_PREFIX"-}
        stamp=${stamp%%.*}
        if [[ $stamp < $cutoff ]]; then
            rm -f -- "$file"
            log "removed stale $file (left by an interrupted backup)"
        fi
    done
}

main() {
    trap cleanup EXIT
    trap 'exit 143' TERM
    trap 'exit 130' INT
    check_env
    MYSQL_CLIENT=$(first_program mysql mariadb)
    DUMP_PROGRAM=$(first_program mysqldump mariadb-dump)
    write_option_file
    wait_for_server
    claim_dump_name
    log "dumping database \`$MYSQL_DATABASE\` from $MYSQL_HOST:$MYSQL_PORT to $PARTIAL"
    dump_database || die "$DUMP_PROGRAM failed; nothing was written (see its message above)"
    finish_dump
    prune_old_dumps
    prune_stale_files
    log "backup complete"
}

main
