# mysqlrender shell library, sourced by the scripts beside it in their ConfigMap (backup.sh, restore.sh, ...):
# containers run `/bin/bash /opt/mysqlrender/scripts/<script>.sh`. Functions and constants only; values come from
# env and files.
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

# ---- i15: off-cluster copies (object storage) ---------------------------------------------------------------------

# pin_for_upload DUMP: when the instance copies its dumps to object storage (BACKUP_PIN_FOR_UPLOAD=true, rendered on
# the dump container when spec.backup.s3 is set), creates DUMP.pending-upload. backup.sh calls it BEFORE the dump
# gets its final name, so no moment exists in which a complete dump is not pinned; the rclone container
# (s3-upload.sh) removes the pin once the remote copy and its .sha256 are verified, and i14's dump_is_pinned keeps a
# pinned dump from being pruned. Without object storage nothing would ever upload a pinned dump, so pins left from
# when spec.backup.s3 was set are removed (else they would keep every old dump and fill the volume).
pin_for_upload() {
    local pin
    if [ "${BACKUP_PIN_FOR_UPLOAD:-false}" = true ]; then
        : >"$1.pending-upload"
        return 0
    fi
    for pin in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz.pending-upload; do
        rm -f -- "$pin"
        log "removed $pin: spec.backup.s3 is no longer set, so nothing will upload that dump"
    done
}
