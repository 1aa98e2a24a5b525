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

# ---- i14: backup safety (read-only final backups, pruning rules, free space) -------------------------------------

LOCK_WAIT_SECONDS=${LOCK_WAIT_SECONDS:-60} # our own statements (SET GLOBAL read_only ...) give up on a lock after this
PENDING_UPLOAD_SUFFIX=.pending-upload

# dump_is_pinned FILE: true while FILE still has to be copied off the cluster. The object-storage upload creates
# FILE.pending-upload before the dump gets its final name and removes it once the remote copy is verified; pruning
# never deletes a pinned dump, whatever BACKUP_KEEP says.
dump_is_pinned() {
    [ -e "$1$PENDING_UPLOAD_SUFFIX" ]
}

# dump_is_intact FILE: its .sha256 (written only after gzip -t and the trailer check passed) still matches.
dump_is_intact() {
    local expected=
    [ -f "$1" ] && [ -s "$1.sha256" ] || return 1
    read -r expected _ <"$1.sha256" || true
    [ "$expected" = "$(file_sha256 "$1")" ]
}

# The complete dumps of BACKUP_PREFIX, oldest first (UTC timestamps sort byte-wise under LC_ALL=C).
list_dumps() {
    local file
    for file in "$BACKUP_DIR/$BACKUP_PREFIX"-$TS_GLOB.sql.gz; do
        printf '%s\n' "$file"
    done
}

# Prints the newest dump whose checksum still matches; nothing when there is none.
newest_intact_dump() {
    local dumps i
    mapfile -t dumps < <(list_dumps)
    for ((i = ${#dumps[@]} - 1; i >= 0; i--)); do
        if dump_is_intact "${dumps[i]}"; then
            printf '%s\n' "${dumps[i]}"
            return 0
        fi
    done
}

read_only_marker() {
    printf '%s/%s.read-only\n' "$BACKUP_DIR" "$BACKUP_PREFIX"
}

retired_marker() {
    printf '%s/%s.retired\n' "$BACKUP_DIR" "$BACKUP_PREFIX"
}

# MySQL has super_read_only, which holds for every account including root; MariaDB has only read_only, which
# accounts with the READ ONLY ADMIN privilege (root has it) bypass: application accounts are held, root is not.
read_only_variable() {
    if [ -n "$(sql "SHOW GLOBAL VARIABLES LIKE 'super_read_only'")" ]; then
        printf 'super_read_only\n'
    else
        printf 'read_only\n'
    fi
}

# make_server_read_only REASON: writes BACKUP_DIR/BACKUP_PREFIX.read-only first (the server init turns it into a
# read-only.cnf, so a restarted server stays read-only), then sets the running server read-only. SET GLOBAL waits
# for transactions that are committing; LOCK_WAIT_SECONDS bounds that wait.
make_server_read_only() {
    local marker variable
    marker=$(read_only_marker)
    variable=$(read_only_variable) || return 1
    printf '%s: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" >"$marker.partial" || return 1
    mv -f -- "$marker.partial" "$marker" || return 1
    sql "SET SESSION lock_wait_timeout = $LOCK_WAIT_SECONDS; SET GLOBAL $variable = ON" || return 1
    log "the server is read-only now ($variable = ON; $marker keeps it so across restarts): $1"
}

# mark_instance_live: a completed sync of a non-retired instance (the restore check calls this). Makes the server
# writable again, then removes BACKUP_PREFIX.read-only and BACKUP_PREFIX.retired: the instance lives, and a later
# retirement must take a new final backup.
mark_instance_live() {
    local marker retired
    marker=$(read_only_marker)
    retired=$(retired_marker)
    if [ -e "$marker" ]; then
        sql "SET SESSION lock_wait_timeout = $LOCK_WAIT_SECONDS; SET GLOBAL read_only = OFF" || return 1
        rm -f -- "$marker"
        log "the instance is live again: the server is writable, removed $marker"
    fi
    if [ -e "$retired" ]; then
        rm -f -- "$retired"
        log "the instance is live again: removed $retired (a later retirement takes a new final backup)"
    fi
}
